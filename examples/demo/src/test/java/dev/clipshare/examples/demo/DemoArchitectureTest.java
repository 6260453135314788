package dev.clipshare.examples.demo;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The demo is a host app like any other: it uses Clipshare's public API only. */
@AnalyzeClasses(packages = "dev.clipshare.examples.demo", importOptions = ImportOption.DoNotIncludeTests.class)
class DemoArchitectureTest {
    @ArchTest
    static final ArchRule onlyThePublicApi = noClasses().should().dependOnClassesThat()
            .resideInAPackage("dev.clipshare..internal..")
            .because("the demo shows what a host app can do with the public API, nothing more");
}

package dev.clipshare.examples.springboot;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The example embeds Clipshare as any app could: through its public API only. */
class ArchitectureTest {
    private static final JavaClasses APP = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.clipshare.examples.springboot");

    @Test
    void theAppUsesNoInternalPackageOfClipshare() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.clipshare..internal..").check(APP);
    }
}

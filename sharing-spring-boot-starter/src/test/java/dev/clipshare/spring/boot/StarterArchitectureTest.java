package dev.clipshare.spring.boot;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The starter wires Clipshare through its public API, as any host could. */
class StarterArchitectureTest {
    private static final JavaClasses STARTER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.clipshare.spring.boot");

    @Test
    void usesNoInternalPackageOfClipshare() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.clipshare..internal..", "dev.clipshare.core.memory..")
                .check(STARTER);
    }
}

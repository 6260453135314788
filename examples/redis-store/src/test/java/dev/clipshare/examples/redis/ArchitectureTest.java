package dev.clipshare.examples.redis;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The adapter is written as anyone outside the project could write it. */
class ArchitectureTest {
    private static final JavaClasses ADAPTER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.clipshare.examples.redis");

    @Test
    void theAdapterUsesOnlyThePublicApiOfCoreAndLettuce() {
        // "dev.clipshare.core" without ".." is that package alone: not core.internal, not core.memory
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("dev.clipshare.examples.redis", "dev.clipshare.core", "dev.clipshare.core.spi",
                        "io.lettuce.core..", "java..")
                .check(ADAPTER);
    }

    @Test
    void theStoresTakeTimeOnlyFromTheirCallers() {
        noClasses().should().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(java.time.Clock.class, "systemUTC")
                .check(ADAPTER);
    }
}

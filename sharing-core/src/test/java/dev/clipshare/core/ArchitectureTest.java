package dev.clipshare.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Core stays free of servlet, JDBC, JSON and FFmpeg, and takes its time only from an injected clock. */
class ArchitectureTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.clipshare.core");

    @Test
    void coreDependsOnlyOnTheJdkJbcryptBucket4jAndSlf4j() {
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("dev.clipshare.core..", "java..", "javax.crypto..", "org.mindrot.jbcrypt..",
                        "io.github.bucket4j..", "org.slf4j..")
                .check(CORE);
    }

    @Test
    void theSpiDoesNotDependOnInternals() {
        noClasses().that().resideInAPackage("dev.clipshare.core.spi..")
                .should().dependOnClassesThat().resideInAPackage("dev.clipshare.core.internal..")
                .check(CORE);
    }

    @Test
    void nothingReadsTheSystemClockExceptTheBuildersDefault() {
        noClasses().should().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(java.time.LocalDateTime.class, "now")
                .orShould().callMethod(java.time.OffsetDateTime.class, "now")
                .check(CORE);
        noClasses().that().doNotHaveFullyQualifiedName(Sharing.Builder.class.getName())
                .should().callMethod(java.time.Clock.class, "systemUTC")
                .orShould().callMethod(java.time.Clock.class, "systemDefaultZone")
                .check(CORE);
    }
}

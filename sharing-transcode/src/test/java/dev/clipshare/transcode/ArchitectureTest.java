package dev.clipshare.transcode;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * sharing-transcode points only toward core's public API, and otherwise uses the JDK, JavaCV and
 * its FFmpeg/JavaCPP presets, and SLF4J.
 */
class ArchitectureTest {
    private static final JavaClasses TRANSCODE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.clipshare.transcode");

    @Test
    void transcodeDependsOnlyOnCoreTheJdkJavaCvAndSlf4j() {
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("dev.clipshare.transcode..", "dev.clipshare.core", "dev.clipshare.core.spi",
                        "java..", "org.bytedeco.javacv..", "org.bytedeco.javacpp..",
                        "org.bytedeco.ffmpeg..", "org.slf4j..")
                .check(TRANSCODE);
    }

    @Test
    void nothingUsesCoreInternalsOrTheInMemoryStores() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("dev.clipshare.core.internal..", "dev.clipshare.core.memory..")
                .check(TRANSCODE);
    }

    @Test
    void timeComesFromTheInjectedClock() {
        noClasses().should().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(java.time.Clock.class, "systemUTC")
                .check(TRANSCODE);
    }
}

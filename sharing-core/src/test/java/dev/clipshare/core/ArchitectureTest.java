package dev.clipshare.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import dev.clipshare.core.spi.AccessPolicy;
import dev.clipshare.core.spi.ExportJobStore;
import dev.clipshare.core.spi.ExportStore;
import dev.clipshare.core.spi.LibrarySettingsStore;
import dev.clipshare.core.spi.MediaStore;
import dev.clipshare.core.spi.ShareStore;
import dev.clipshare.core.spi.SharingStores;
import dev.clipshare.core.spi.ViewerStore;
import java.util.List;

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
                .and().doNotHaveFullyQualifiedName(dev.clipshare.core.export.ExportRunner.Builder.class.getName())
                .should().callMethod(java.time.Clock.class, "systemUTC")
                .orShould().callMethod(java.time.Clock.class, "systemDefaultZone")
                .check(CORE);
    }

    @Test
    void theFacadeHandsOutNoStoreAndNoClock() {
        List<Class<?>> backDoors = List.of(ShareStore.class, ViewerStore.class, LibrarySettingsStore.class, ExportStore.class,
                ExportJobStore.class, MediaStore.class, SharingStores.class, AccessPolicy.class, java.time.Clock.class);
        for (java.lang.reflect.Method m : Sharing.class.getMethods()) {
            for (Class<?> door : backDoors) {
                assertThat(door.isAssignableFrom(m.getReturnType()))
                        .as("Sharing.%s returns a %s: callers would go around the facade's rules", m.getName(), door.getSimpleName())
                        .isFalse();
            }
        }
    }

    @Test
    void theExportRunnerWorksThroughTheQueueNotTheStores() {
        noClasses().that().resideInAPackage("dev.clipshare.core.export..")
                .should().dependOnClassesThat().belongToAnyOf(ShareStore.class, ViewerStore.class, LibrarySettingsStore.class,
                        ExportStore.class, ExportJobStore.class, MediaStore.class)
                .because("a runner of the host's own, outside this module, has only ExportQueue's operations too")
                .check(CORE);
    }

    @Test
    void everySpiHasAtMostSixMethods() {
        for (JavaClass spi : CORE.that(com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("dev.clipshare.core.spi"))) {
            if (spi.isInterface()) {
                long abstractMethods = spi.getMethods().stream()
                        .filter(m -> m.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.ABSTRACT))
                        .count();
                assertThat(abstractMethods).as("%s has %d methods; an SPI of more than six is two SPIs", spi.getSimpleName(), abstractMethods)
                        .isLessThanOrEqualTo(6);
            }
        }
    }
}

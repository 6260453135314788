package dev.clipshare.redis;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * sharing-redis leans on core's public API only (never its internals or its in-memory
 * implementations), Lettuce and SLF4J; and time comes from the injected clock.
 */
class ArchitectureTest {
    private static final JavaClasses REDIS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.clipshare.redis");

    /** Netty only as far as Lettuce hands it out: the channel its customizer gets, and a handler of Netty's for it. */
    @Test
    void redisDependsOnlyOnCoreLettuceAndSlf4j() {
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("dev.clipshare.redis..", "dev.clipshare.core", "dev.clipshare.core.spi",
                        "java..", "io.lettuce.core..", "org.slf4j..", "io.netty.channel", "io.netty.handler.flush")
                .check(REDIS);
    }

    @Test
    void nothingUsesCoreInternals() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.clipshare.core.internal..", "dev.clipshare.core.memory..")
                .check(REDIS);
    }

    @Test
    void nothingReadsTheSystemClockExceptTheBuildersDefault() {
        noClasses().should().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .check(REDIS);
        noClasses().that().doNotHaveFullyQualifiedName(RedisRateLimiter.Builder.class.getName())
                .should().callMethod(java.time.Clock.class, "systemUTC")
                .orShould().callMethod(java.time.Clock.class, "systemDefaultZone")
                .check(REDIS);
    }
}

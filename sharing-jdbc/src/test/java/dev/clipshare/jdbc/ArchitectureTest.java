package dev.clipshare.jdbc;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

/**
 * sharing-jdbc leans on core's public API only (never its internals), JDBC, HikariCP, Bucket4j
 * and SLF4J; its public types do not leak its internal package; and time comes from a clock.
 */
class ArchitectureTest {
    private static final JavaClasses JDBC = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.clipshare.jdbc");

    @Test
    void jdbcDependsOnlyOnCoreJdbcHikariBucket4jAndSlf4j() {
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("dev.clipshare.jdbc..", "dev.clipshare.core", "dev.clipshare.core.spi",
                        "java..", "javax.sql..", "com.zaxxer.hikari..", "org.slf4j..")
                .check(JDBC);
    }

    @Test
    void nothingUsesCoreInternals() {
        noClasses().should().dependOnClassesThat().resideInAPackage("dev.clipshare.core.internal..").check(JDBC);
    }

    @Test
    void publicSignaturesDoNotExposeTheInternalPackage() {
        codeUnits().that().arePublic().and().areDeclaredInClassesThat().resideInAPackage("dev.clipshare.jdbc")
                .should(new ArchCondition<JavaCodeUnit>("not take or return dev.clipshare.jdbc.internal types") {
                    @Override
                    public void check(JavaCodeUnit unit, ConditionEvents events) {
                        boolean leaks = internal(unit.getRawReturnType())
                                || unit.getRawParameterTypes().stream().anyMatch(ArchitectureTest::internal);
                        if (leaks && unit.getOwner().getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC)) {
                            events.add(SimpleConditionEvent.violated(unit, unit.getFullName() + " exposes an internal type"));
                        }
                    }
                })
                .check(JDBC);
    }

    private static boolean internal(JavaClass type) {
        return type.getPackageName().startsWith("dev.clipshare.jdbc.internal");
    }

    @Test
    void nothingReadsTheSystemClockExceptTheBuildersDefault() {
        noClasses().should().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .check(JDBC);
        noClasses().that().doNotHaveFullyQualifiedName(JdbcStores.Builder.class.getName())
                .should().callMethod(java.time.Clock.class, "systemUTC")
                .orShould().callMethod(java.time.Clock.class, "systemDefaultZone")
                .check(JDBC);
    }
}

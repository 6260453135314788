package dev.clipshare.servlet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The servlet module leans only on core's public API, the Servlet API, its own libraries
 * (Mustache, the hls.js webjar's resources, jackson-core for JSON), SLF4J and the JDK; and its
 * public API shows neither Mustache nor Jackson types.
 */
class ServletArchitectureTest {
    private static final JavaClasses SERVLET = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.clipshare.servlet");

    @Test
    void dependsOnlyOnCoreTheServletApiItsLibrariesSlf4jAndTheJdk() {
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("dev.clipshare.servlet..", "dev.clipshare.core", "dev.clipshare.core.spi..",
                        "jakarta.servlet..", "org.slf4j..", "java..", "javax.crypto..",
                        "com.github.mustachejava..", "tools.jackson.core..")
                .check(SERVLET);
    }

    /**
     * Jackson's streaming API only, and only behind internal.json: jackson-databind needs a
     * jackson-annotations newer than Spring Boot 3.5 manages, so using it again would make every
     * Boot 3.5 host pin one (the pom has jackson-core alone; this says why not to add it back).
     */
    @Test
    void jsonIsJacksonsStreamingApiBehindTheInternalJsonPackageOnly() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("tools.jackson.databind..", "com.fasterxml.jackson..")
                .check(SERVLET);
        noClasses().that().resideOutsideOfPackage("dev.clipshare.servlet.internal.json..")
                .should().dependOnClassesThat().resideInAPackage("tools.jackson..")
                .check(SERVLET);
    }

    @Test
    void neverTouchesCoreInternalsOrTheInMemoryStores() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("dev.clipshare.core.internal..", "dev.clipshare.core.memory..")
                .check(SERVLET);
    }

    @Test
    void publicApiExposesNoMustacheOrJacksonTypes() {
        DescribedPredicate<JavaClass> library = new DescribedPredicate<>("a Mustache or Jackson type") {
            @Override
            public boolean test(JavaClass c) {
                String n = c.getName();
                return n.startsWith("com.github.mustachejava.") || n.startsWith("tools.jackson.") || n.startsWith("com.fasterxml.jackson.");
            }
        };
        ArchCondition<JavaMethod> noLibraryTypes = new ArchCondition<>("not mention " + library.getDescription()) {
            @Override
            public void check(JavaMethod m, ConditionEvents events) {
                List<JavaClass> mentioned = new ArrayList<>(m.getRawParameterTypes());
                mentioned.add(m.getRawReturnType());
                mentioned.addAll(m.getThrowsClause().getTypes());
                for (JavaClass c : mentioned) {
                    if (library.test(c)) {
                        events.add(SimpleConditionEvent.violated(m, m.getFullName() + " mentions " + c.getName()));
                    }
                }
            }
        };
        methods().that().arePublic().and().areDeclaredInClassesThat().resideInAPackage("dev.clipshare.servlet")
                .and().areDeclaredInClassesThat().arePublic()
                .should(noLibraryTypes)
                .check(SERVLET);
        classes().that().resideInAPackage("dev.clipshare.servlet").and().arePublic()
                .should().notBeAssignableTo(library)
                .check(SERVLET);
    }

    @Test
    void theSharedJsonHelpersBelongToNeitherSide() {
        noClasses().that().resideInAPackage("dev.clipshare.servlet.internal.json..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.clipshare.servlet.internal.api..",
                        "dev.clipshare.servlet.internal.viewer..", "jakarta.servlet..")
                .check(SERVLET);
        noClasses().that().resideInAPackage("dev.clipshare.servlet.internal.viewer..")
                .should().dependOnClassesThat().resideInAPackage("dev.clipshare.servlet.internal.api..")
                .check(SERVLET);
    }

    @Test
    void theViewerKeepsToItsOwnInternalPackage() {
        classes().that().resideInAPackage("dev.clipshare.servlet.internal.viewer..")
                .should().onlyBeAccessed().byClassesThat().resideInAnyPackage("dev.clipshare.servlet", "dev.clipshare.servlet.internal.viewer..")
                .check(SERVLET);
    }

    @Test
    void knowsNoSqlAndNoFfmpeg() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "javax.sql..", "org.bytedeco..", "dev.clipshare.jdbc..", "dev.clipshare.transcode..")
                .check(SERVLET);
    }

    @Test
    void reachesNoStoreButThroughTheFacadesOperations() {
        noClasses().should().dependOnClassesThat()
                .belongToAnyOf(dev.clipshare.core.spi.ShareStore.class, dev.clipshare.core.spi.ViewerStore.class,
                        dev.clipshare.core.spi.LibrarySettingsStore.class, dev.clipshare.core.spi.ExportStore.class,
                        dev.clipshare.core.spi.ExportJobStore.class, dev.clipshare.core.spi.MediaStore.class,
                        dev.clipshare.core.spi.SharingStores.class)
                .because("the viewer and the API get their answers from Sharing's operations: one decision, one place")
                .check(SERVLET);
    }
}

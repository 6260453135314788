package dev.clipshare.servlet.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.members;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The servlet module's public face stays free of Jackson (hosts must not inherit our JSON
 * library's version through our signatures), and the management API uses no container's
 * classes (it runs on any Servlet 6 container).
 */
@AnalyzeClasses(packages = "dev.clipshare.servlet", importOptions = ImportOption.DoNotIncludeTests.class)
class ApiArchitectureTest {

    @ArchTest
    static final ArchRule publicSignaturesExposeNoJackson = members()
            .that().areDeclaredInClassesThat().resideInAPackage("dev.clipshare.servlet")
            .and().areDeclaredInClassesThat().arePublic()
            .and().arePublic()
            .should(notMention("tools.jackson", "com.fasterxml.jackson"));

    @ArchTest
    static final ArchRule theApiUsesNoContainerClasses = noClasses()
            .that().resideInAPackage("dev.clipshare.servlet.internal.api..")
            .or().haveFullyQualifiedName("dev.clipshare.servlet.ShareApi")
            .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.jetty..", "org.apache.catalina..",
                    "org.apache.tomcat..", "io.undertow..", "org.springframework..");

    @ArchTest
    static final ArchRule theApiInternalsStayOutOfOtherPackages = noClasses()
            .that().resideOutsideOfPackage("dev.clipshare.servlet.internal.api..")
            .and().doNotHaveFullyQualifiedName("dev.clipshare.servlet.ShareApi")
            .should().dependOnClassesThat().resideInAPackage("dev.clipshare.servlet.internal.api..");

    private static ArchCondition<JavaMember> notMention(String... packages) {
        return new ArchCondition<>("not mention types of " + String.join(", ", packages) + " in their signature") {
            @Override
            public void check(JavaMember member, ConditionEvents events) {
                List<JavaClass> types = new ArrayList<>();
                if (member instanceof JavaField f) {
                    types.addAll(f.getType().getAllInvolvedRawTypes());
                } else if (member instanceof JavaCodeUnit c) {
                    types.addAll(c.getReturnType().getAllInvolvedRawTypes());
                    c.getParameterTypes().forEach(t -> types.addAll(t.getAllInvolvedRawTypes()));
                    c.getThrowsClause().getTypes().forEach(types::add);
                }
                for (JavaClass t : types) {
                    for (String p : packages) {
                        if (t.getPackageName().startsWith(p)) {
                            events.add(SimpleConditionEvent.violated(member, member.getFullName() + " mentions " + t.getName()));
                        }
                    }
                }
            }
        };
    }
}

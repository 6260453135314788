package dev.clipshare.s3;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * sharing-s3 points only toward core's public API, and otherwise uses the JDK, the AWS SDK and
 * SLF4J (core's logging API). Its public types are documented.
 */
class ArchitectureTest {
    private static final JavaClasses S3 = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.clipshare.s3");

    @Test
    void s3DependsOnlyOnCoreTheJdkTheAwsSdkAndSlf4j() {
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("dev.clipshare.s3..", "dev.clipshare.core", "dev.clipshare.core.spi",
                        "java..", "software.amazon.awssdk..", "org.slf4j..")
                .check(S3);
    }

    @Test
    void nothingUsesCoreInternalsTheInMemoryStoresOrOtherModules() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("dev.clipshare.core.internal..", "dev.clipshare.core.memory..",
                        "dev.clipshare.transcode..", "dev.clipshare.servlet..", "dev.clipshare.jdbc..")
                .check(S3);
    }

    @Test
    void timeComesFromTheInjectedClock() {
        noClasses().should().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .check(S3);
    }

    @Test
    void everyPublicTypeHasJavadocAndThePackageHasAPackageInfo() throws IOException {
        Path sources = Path.of("src/main/java/dev/clipshare/s3");
        assertThat(sources.resolve("package-info.java")).as("package-info.java").exists();
        Pattern publicType = Pattern.compile("(?m)^( *)public (?:static )?(?:final )?(?:abstract )?(class|interface|record|enum) (\\w+)");
        List<Path> files;
        try (Stream<Path> list = Files.list(sources)) {
            files = list.filter(p -> p.toString().endsWith(".java")).toList();
        }
        for (Path file : files) {
            String text = Files.readString(file);
            Matcher m = publicType.matcher(text);
            while (m.find()) {
                String before = text.substring(0, m.start()).stripTrailing();
                while (before.endsWith(")") || before.matches("(?s).*\\n\\s*@\\w+$")) {
                    before = before.substring(0, before.lastIndexOf('\n')).stripTrailing();
                }
                assertThat(before).as("Javadoc before public %s %s in %s", m.group(2), m.group(3), file.getFileName()).endsWith("*/");
            }
        }
    }
}

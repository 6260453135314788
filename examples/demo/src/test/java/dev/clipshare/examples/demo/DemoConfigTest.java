package dev.clipshare.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the demo's settings from the environment and a properties file, and refusing bad ones clearly. */
class DemoConfigTest {
    @TempDir
    Path tmp;

    @Test
    void withNothingSetTheDefaultsWork() {
        DemoConfig c = DemoConfig.load(Map.of());
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.bind()).isEqualTo("127.0.0.1");
        assertThat(c.dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(c.embeddedDatabase()).isTrue();
        assertThat(c.jdbcUrl()).startsWith("jdbc:h2:file:" + Path.of("data").toAbsolutePath().resolve("clipshare-demo"));
        assertThat(c.baseUrl(8080)).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(c.bcryptCost()).isEqualTo(12);
        assertThat(c.uploadMaxMb()).isEqualTo(1024);
        assertThat(c.sampleSeconds()).isEqualTo(60);
        assertThat(c.sampleWidth()).isEqualTo(1280);
        assertThat(c.sampleHeight()).isEqualTo(720);
        assertThat(c.exportWorkers()).isEqualTo(1);
    }

    @Test
    void environmentVariablesSetEverySetting() {
        DemoConfig c = DemoConfig.load(Map.ofEntries(
                Map.entry("PORT", "0"),
                Map.entry("CLIPSHARE_BIND", "0.0.0.0"),
                Map.entry("CLIPSHARE_BASE_URL", "https://clips.example.com/"),
                Map.entry("CLIPSHARE_DATA_DIR", tmp.toString()),
                Map.entry("CLIPSHARE_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test"),
                Map.entry("CLIPSHARE_DB_USER", "postgres"),
                Map.entry("CLIPSHARE_DB_PASSWORD", "s3cret"),
                Map.entry("CLIPSHARE_BCRYPT_COST", "10"),
                Map.entry("CLIPSHARE_UPLOAD_MAX_MB", "5"),
                Map.entry("CLIPSHARE_SAMPLE_SECONDS", "0"),
                Map.entry("CLIPSHARE_SAMPLE_SIZE", "640x360"),
                Map.entry("CLIPSHARE_EXPORT_WORKERS", "2")));
        assertThat(c.port()).isZero();
        assertThat(c.bind()).isEqualTo("0.0.0.0");
        assertThat(c.baseUrl(1234)).as("a configured base URL, trailing slash dropped").isEqualTo(URI.create("https://clips.example.com"));
        assertThat(c.dataDir()).isEqualTo(tmp);
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
        assertThat(c.embeddedDatabase()).isFalse();
        assertThat(c.dbUser()).isEqualTo("postgres");
        assertThat(c.dbPassword()).isEqualTo("s3cret");
        assertThat(c.bcryptCost()).isEqualTo(10);
        assertThat(c.uploadMaxMb()).isEqualTo(5);
        assertThat(c.sampleSeconds()).isZero();
        assertThat(c.sampleWidth()).isEqualTo(640);
        assertThat(c.sampleHeight()).isEqualTo(360);
        assertThat(c.exportWorkers()).isEqualTo(2);
    }

    @Test
    void aPropertiesFileSetsWhatTheEnvironmentLeavesOut() throws IOException {
        Path file = tmp.resolve("demo.properties");
        Files.writeString(file, """
                # the demo's settings
                port = 9090
                data-dir = %s
                bcrypt-cost = 11
                db.url = jdbc:mariadb://127.0.0.1:3306/test
                db.user = root
                """.formatted(tmp.resolve("d").toString().replace("\\", "\\\\")));
        DemoConfig c = DemoConfig.load(Map.of(DemoConfig.CONFIG_FILE_ENV, file.toString(), "CLIPSHARE_BCRYPT_COST", "13"));
        assertThat(c.port()).isEqualTo(9090);
        assertThat(c.dataDir()).isEqualTo(tmp.resolve("d"));
        assertThat(c.bcryptCost()).as("the environment wins over the file").isEqualTo(13);
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:mariadb://127.0.0.1:3306/test");
        assertThat(c.dbUser()).isEqualTo("root");
    }

    @Test
    void aTypoInThePropertiesFileIsAnErrorNotIgnored() throws IOException {
        Path file = tmp.resolve("demo.properties");
        Files.writeString(file, "prot=9090\n");
        assertThatThrownBy(() -> DemoConfig.load(Map.of(DemoConfig.CONFIG_FILE_ENV, file.toString())))
                .isInstanceOf(DemoConfig.ConfigException.class)
                .hasMessageContaining("unknown setting 'prot'")
                .hasMessageContaining("port");
    }

    @Test
    void aMissingPropertiesFileIsNamed() {
        Path missing = tmp.resolve("nope.properties");
        assertThatThrownBy(() -> DemoConfig.load(Map.of(DemoConfig.CONFIG_FILE_ENV, missing.toString())))
                .isInstanceOf(DemoConfig.ConfigException.class)
                .hasMessageContaining("CLIPSHARE_CONFIG: cannot read " + missing);
    }

    @Test
    void everyBadValueIsReportedAtOnceWithItsNameAndWhatWasExpected() {
        DemoConfig.ConfigException e = catchThrowableOfType(DemoConfig.ConfigException.class, () -> DemoConfig.load(Map.of(
                "PORT", "80800",
                "CLIPSHARE_BCRYPT_COST", "4",
                "CLIPSHARE_BASE_URL", "example.com/path",
                "CLIPSHARE_DB_URL", "jdbc:oracle:thin:@db",
                "CLIPSHARE_SAMPLE_SIZE", "1280x721",
                "CLIPSHARE_UPLOAD_MAX_MB", "lots",
                "CLIPSHARE_EXPORT_WORKERS", "0")));
        assertThat(e.problems()).containsExactly(
                "PORT must be a whole number 0..65535, was '80800'",
                "CLIPSHARE_BASE_URL must be an http(s) origin such as https://demo.example.com (no path, query or fragment), was 'example.com/path'",
                "CLIPSHARE_DB_URL must start with jdbc:h2:, jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql:, was 'jdbc:oracle:thin:@db'",
                "CLIPSHARE_BCRYPT_COST must be a whole number 10..16, was '4'",
                "CLIPSHARE_UPLOAD_MAX_MB must be a whole number 1..65536, was 'lots'",
                "CLIPSHARE_SAMPLE_SIZE must be WIDTHxHEIGHT, even numbers, 64x64..3840x2160, was '1280x721'",
                "CLIPSHARE_EXPORT_WORKERS must be a whole number 1..8, was '0'");
        assertThat(e.getMessage()).startsWith("bad configuration:\n  PORT must be");
    }

    @Test
    void aBaseUrlWithAPathOrQueryIsRefused() {
        for (String bad : new String[] {"https://x.example.com/app", "https://x.example.com?a=1", "ftp://x.example.com", "https://user:pw@x.example.com"}) {
            assertThatThrownBy(() -> DemoConfig.load(Map.of("CLIPSHARE_BASE_URL", bad)))
                    .as(bad).isInstanceOf(DemoConfig.ConfigException.class).hasMessageContaining("CLIPSHARE_BASE_URL");
        }
        assertThat(DemoConfig.load(Map.of("CLIPSHARE_BASE_URL", "http://192.168.1.5:8080")).publicBaseUrl())
                .isEqualTo(Optional.of(URI.create("http://192.168.1.5:8080")));
    }

    @Test
    void aDataFolderThatIsAFileIsRefused() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertThatThrownBy(() -> DemoConfig.load(Map.of("CLIPSHARE_DATA_DIR", file.toString())))
                .isInstanceOf(DemoConfig.ConfigException.class)
                .hasMessageContaining("CLIPSHARE_DATA_DIR must be a folder, but " + file + " is a file");
    }

    @Test
    void theDatabasePasswordIsNeverPrinted() {
        DemoConfig c = DemoConfig.load(Map.of("CLIPSHARE_DB_URL", "jdbc:postgresql://app:hunter2@db:5432/x?password=hunter2",
                "CLIPSHARE_DB_PASSWORD", "hunter2"));
        assertThat(c.toString()).doesNotContain("hunter2").contains("dbPassword=***");
        assertThat(c.printableDbUrl()).doesNotContain("hunter2");
    }

    @Test
    void theBuilderChecksLikeTheEnvironment() {
        assertThat(DemoConfig.builder().port(0).sampleSeconds(10).sampleSize(640, 360).build().sampleSeconds()).isEqualTo(10);
        assertThatThrownBy(() -> DemoConfig.builder().port(-1).build())
                .isInstanceOf(DemoConfig.ConfigException.class).hasMessageContaining("PORT must be a whole number 0..65535, was '-1'");
    }
}

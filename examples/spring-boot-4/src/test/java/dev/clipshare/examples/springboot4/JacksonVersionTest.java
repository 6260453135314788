package dev.clipshare.examples.springboot4;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;

/**
 * Boot 4 manages Jackson 3 itself (3.1 in Boot 4.0.7), below the jackson-core Clipshare is built
 * and tested with: the app must still run Clipshare's, not a silently lowered one, and Boot's own
 * jackson-databind on the same version (the pom imports Jackson's BOM before Boot's for both).
 */
class JacksonVersionTest {
    /** The parent pom's {@code jackson.version}, passed in by the build. */
    private static final String CLIPSHARES = System.getProperty("clipshare.jackson.version");

    @Test
    void bootFourRunsClipsharesJacksonCoreAndItsOwnDatabindOnTheSameVersion() {
        assertThat(SpringBootVersion.getVersion()).startsWith("4.0.");
        assertThat(CLIPSHARES).isNotBlank();
        assertThat(tools.jackson.core.json.PackageVersion.VERSION.toString()).as("jackson-core").isEqualTo(CLIPSHARES);
        assertThat(tools.jackson.databind.cfg.PackageVersion.VERSION.toString()).as("Boot's jackson-databind").isEqualTo(CLIPSHARES);
    }
}

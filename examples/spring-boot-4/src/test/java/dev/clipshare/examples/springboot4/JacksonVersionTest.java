package dev.clipshare.examples.springboot4;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;

/**
 * Boot 4 manages Jackson 3 itself (3.1 in Boot 4.0.7): the app must still run the Jackson
 * Clipshare is built on, not a silently lowered one.
 */
class JacksonVersionTest {

    @Test
    void bootFourRunsClipsharesJacksonThreeAndItsAnnotations() {
        assertThat(SpringBootVersion.getVersion()).startsWith("4.0.");
        assertThat(tools.jackson.databind.cfg.PackageVersion.VERSION.toString()).isEqualTo("3.2.4");
        assertThat(tools.jackson.core.json.PackageVersion.VERSION.toString()).isEqualTo("3.2.4");
        assertThat(com.fasterxml.jackson.annotation.JsonProperty.class.getPackage().getImplementationVersion())
                .as("jackson-annotations").startsWith("2.22");
    }
}

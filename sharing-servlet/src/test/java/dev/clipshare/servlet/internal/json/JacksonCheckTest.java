package dev.clipshare.servlet.internal.json;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

class JacksonCheckTest {

    @Test
    void theModulesOwnClassPathPasses() {
        assertThatCode(JacksonCheck::requireCompatibleAnnotations).doesNotThrowAnyException();
    }

    @Test
    void aClassPathWithoutRecentJacksonAnnotationsFailsWithAMessageTheHostCanActOn() throws Exception {
        try (URLClassLoader bare = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> JacksonCheck.requireCompatibleAnnotations(bare))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("jackson-annotations 2.20 or newer")
                    .hasMessageContaining("has none")
                    .hasMessageContaining("2.22");
        }
    }
}

package dev.clipshare.containertests.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.servlet.viewer.TestContainer;
import org.junit.jupiter.api.Test;

class ContainerTest {
    @Test
    void theViewerSuiteRunsOnTheUndertowThisModuleNames() {
        assertThat(TestContainer.load().name()).isEqualTo(System.getProperty("clipshare.container.expected"));
    }
}

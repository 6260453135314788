package dev.clipshare.containertests.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.servlet.viewer.TestContainer;
import org.junit.jupiter.api.Test;

class ContainerTest {
    @Test
    void theViewerSuiteRunsOnTheTomcatThisModuleNames() {
        assertThat(TestContainer.load().name()).isEqualTo(System.getProperty("clipshare.container.expected"));
    }
}

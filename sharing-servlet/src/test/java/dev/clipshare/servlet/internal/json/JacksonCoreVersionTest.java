package dev.clipshare.servlet.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.core.Version;
import tools.jackson.core.util.VersionUtil;

/** A host whose dependency management lowers jackson-core hears about it, with the fix. */
class JacksonCoreVersionTest {

    private static Version v(String s) {
        return VersionUtil.parseVersion(s, "tools.jackson.core", "jackson-core");
    }

    @Test
    void theBuildRecordsTheJacksonCoreItIsBuiltAndTestedWith() {
        assertThat(JacksonCoreVersion.builtWith()).hasValue(tools.jackson.core.json.PackageVersion.VERSION);
        assertThat(JacksonCoreVersion.olderWarning(tools.jackson.core.json.PackageVersion.VERSION,
                JacksonCoreVersion.builtWith().orElseThrow())).isEmpty();
    }

    @Test
    void anOlderJacksonCoreIsReportedWithTheImportThatFixesIt() {
        assertThat(JacksonCoreVersion.olderWarning(v("3.1.4"), v("3.2.4"))).hasValue(
                "Clipshare is built and tested with jackson-core 3.2.4, but the class path has 3.1.4: a dependency"
                + " management lowered it (Spring Boot 4.0 manages Jackson 3 at 3.1). Import tools.jackson:jackson-bom:3.2.4"
                + " (type pom, scope import) before Spring Boot's BOM");
        assertThat(JacksonCoreVersion.olderWarning(v("3.2.3"), v("3.2.4"))).isPresent();
    }

    @Test
    void theSameOrANewerJacksonCoreIsNotReported() {
        assertThat(JacksonCoreVersion.olderWarning(v("3.2.4"), v("3.2.4"))).isEmpty();
        assertThat(JacksonCoreVersion.olderWarning(v("3.2.5"), v("3.2.4"))).isEmpty();
        assertThat(JacksonCoreVersion.olderWarning(v("3.10.0"), v("3.2.4"))).isEmpty();
        assertThat(JacksonCoreVersion.olderWarning(Version.unknownVersion(), v("3.2.4"))).isEmpty();
    }
}

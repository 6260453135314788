package dev.clipshare.servlet.internal.json;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.Version;
import tools.jackson.core.util.VersionUtil;

/**
 * Says so, once, when the class path's jackson-core is older than the one Clipshare was built and
 * tested with. A host's dependency management can lower it without a word: Spring Boot 4.0 manages
 * Jackson 3 at 3.1, below Clipshare's. A warning rather than a refusal: Clipshare uses only
 * jackson-core's long-standing streaming API, so an older 3.x most likely works, but nobody tested
 * it, and the fix (import Jackson's BOM before Boot's) is one line.
 */
final class JacksonCoreVersion {
    private static final Logger log = LoggerFactory.getLogger(JacksonCoreVersion.class);
    /** Written by the build from the pom's {@code jackson.version}. */
    static final String RESOURCE = "jackson-core.properties";

    private JacksonCoreVersion() { }

    static void warnIfOlderThanBuiltWith() {
        builtWith().flatMap(b -> olderWarning(tools.jackson.core.json.PackageVersion.VERSION, b)).ifPresent(log::warn);
    }

    static Optional<Version> builtWith() {
        try (InputStream in = JacksonCoreVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return Optional.empty();
            }
            Properties p = new Properties();
            p.load(in);
            Version v = VersionUtil.parseVersion(p.getProperty("built-with"), "tools.jackson.core", "jackson-core");
            return v.isUnknownVersion() ? Optional.empty() : Optional.of(v);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();   // a check that cannot read its note says nothing rather than break the JSON
        }
    }

    /** The warning when {@code running} is older than {@code builtWith}; patch levels count. */
    static Optional<String> olderWarning(Version running, Version builtWith) {
        if (running.isUnknownVersion() || compare(running, builtWith) >= 0) {
            return Optional.empty();
        }
        return Optional.of("Clipshare is built and tested with jackson-core " + builtWith + ", but the class path has "
                + running + ": a dependency management lowered it (Spring Boot 4.0 manages Jackson 3 at 3.1)."
                + " Import tools.jackson:jackson-bom:" + builtWith + " (type pom, scope import) before Spring Boot's BOM");
    }

    private static int compare(Version a, Version b) {
        int c = Integer.compare(a.getMajorVersion(), b.getMajorVersion());
        if (c == 0) {
            c = Integer.compare(a.getMinorVersion(), b.getMinorVersion());
        }
        return c != 0 ? c : Integer.compare(a.getPatchLevel(), b.getPatchLevel());
    }
}

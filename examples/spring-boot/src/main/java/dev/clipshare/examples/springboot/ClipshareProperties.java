package dev.clipshare.examples.springboot;

import dev.clipshare.core.SealingKey;
import dev.clipshare.core.SigningKey;
import java.net.URI;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Clipshare's settings in this app: {@code clipshare.*} in {@code application.properties}, which
 * reads the environment variables {@code CLIPSHARE_PUBLIC_BASE_URL}, {@code CLIPSHARE_SIGNING_KEY}
 * and {@code CLIPSHARE_SEALING_KEY}.
 *
 * @param publicBaseUrl  the address viewers reach this site at; the only source of absolute URLs in link cards
 * @param mediaDirectory where exported clips are kept
 * @param signingKey     base64 of at least 32 random bytes: the HMAC key of grants and signed URLs
 * @param sealingKey     base64 of exactly 32 random bytes: the AES key that seals tokens in the database
 */
@ConfigurationProperties("clipshare")
record ClipshareProperties(URI publicBaseUrl, Path mediaDirectory, String signingKey, String sealingKey) {
    private static final Logger log = LoggerFactory.getLogger(ClipshareProperties.class);

    SigningKey signing() {
        if (signingKey != null && !signingKey.isBlank()) {
            return SigningKey.fromBase64("k1", signingKey);
        }
        warnGenerated("signing-key");
        return SigningKey.generate("k1");
    }

    SealingKey sealing() {
        if (sealingKey != null && !sealingKey.isBlank()) {
            return SealingKey.fromBase64("s1", sealingKey);
        }
        warnGenerated("sealing-key");
        return SealingKey.generate("s1");
    }

    /**
     * Good enough for trying the example with its in-memory database; not for real use: a link's
     * sealed token would no longer open after a restart against a database that outlives it.
     */
    private static void warnGenerated(String name) {
        log.warn("clipshare.{} is not set: using a random key that lives as long as this process. Set it "
                + "(base64 of 32 random bytes, e.g. `openssl rand -base64 32`) before pointing spring.datasource "
                + "at a database that outlives the process.", name);
    }
}

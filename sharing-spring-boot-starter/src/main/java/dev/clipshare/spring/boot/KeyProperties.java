package dev.clipshare.spring.boot;

import dev.clipshare.core.SealingKey;
import dev.clipshare.core.SigningKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@code clipshare.signing.*} and {@code clipshare.sealing.*} into keys, refusing a missing,
 * short or malformed key with a message that names the property (never its value).
 */
final class KeyProperties {
    private static final Logger log = LoggerFactory.getLogger(KeyProperties.class);

    private KeyProperties() { }

    static List<SigningKey> signing(ClipshareProperties p) {
        return parse("clipshare.signing", p.getSigning(), p.isEphemeralKeys(), SigningKey::fromBase64, SigningKey::generate,
                "base64 of at least 32 random bytes");
    }

    static List<SealingKey> sealing(ClipshareProperties p) {
        return parse("clipshare.sealing", p.getSealing(), p.isEphemeralKeys(), SealingKey::fromBase64, SealingKey::generate,
                "base64 of exactly 32 random bytes");
    }

    private static <K> List<K> parse(String prefix, ClipshareProperties.Keys keys, boolean ephemeral,
            BiFunction<String, String, K> fromBase64, Function<String, K> generate, String expected) {
        List<K> list = new ArrayList<>();
        String id = keys.getKeyId();
        if (keys.getKey() == null || keys.getKey().isBlank()) {
            if (!ephemeral) {
                throw new IllegalStateException(prefix + ".key is not set: set it to " + expected
                        + " (e.g. `openssl rand -base64 32`), from an environment variable or a secret store");
            }
            log.warn("{}.key is not set and clipshare.ephemeral-keys=true: using a random key that lives as long as this "
                    + "process; links stop opening after a restart. Never do this in production.", prefix);
            list.add(key(prefix + ".key-id", () -> generate.apply(id)));
        } else {
            list.add(key(prefix + ".key", () -> fromBase64.apply(id, keys.getKey())));
        }
        for (Map.Entry<String, String> previous : keys.getPrevious().entrySet()) {
            String property = prefix + ".previous." + previous.getKey();
            if (previous.getValue() == null || previous.getValue().isBlank()) {
                throw new IllegalStateException(property + " is empty: remove it, or set it to the previous key (" + expected + ")");
            }
            list.add(key(property, () -> fromBase64.apply(previous.getKey(), previous.getValue())));
        }
        return list;
    }

    private static <K> K key(String property, java.util.function.Supplier<K> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            // the core's messages name the key id and its length, never the key
            throw new IllegalStateException(property + " is refused: " + e.getMessage());   // no cause: its message is here, and the root cause should name the property
        }
    }
}

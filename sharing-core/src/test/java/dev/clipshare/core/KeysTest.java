package dev.clipshare.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeysTest {

    @Test
    void printedKeysParseAsSigningAndSealingKeysTheBuilderAccepts() {
        Map<String, String> env = run();

        assertThat(env).containsOnlyKeys("CLIPSHARE_SIGNING_KEY_ID", "CLIPSHARE_SIGNING_KEY",
                "CLIPSHARE_SEALING_KEY_ID", "CLIPSHARE_SEALING_KEY");
        SigningKey signing = SigningKey.fromBase64(env.get("CLIPSHARE_SIGNING_KEY_ID"), env.get("CLIPSHARE_SIGNING_KEY"));
        SealingKey sealing = SealingKey.fromBase64(env.get("CLIPSHARE_SEALING_KEY_ID"), env.get("CLIPSHARE_SEALING_KEY"));
        assertThat(signing.secret()).hasSize(32);
        assertThat(sealing.key()).hasSize(32);
        assertThat(signing.secret()).isNotEqualTo(sealing.key());
        assertThat(signing.id()).startsWith("k").hasSize(9);
        assertThat(sealing.id()).startsWith("s").hasSize(9);
    }

    @Test
    void everyRunPrintsNewKeysAndNewIds() {
        Map<String, String> first = run();
        Map<String, String> second = run();

        first.forEach((name, value) -> assertThat(second.get(name)).as(name).isNotEqualTo(value));
    }

    private static Map<String, String> run() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Keys.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int eq = line.indexOf('=');
                assertThat(eq).as("a NAME=value line: %s", line).isPositive();
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }
}

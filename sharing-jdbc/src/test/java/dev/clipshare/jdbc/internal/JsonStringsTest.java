package dev.clipshare.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Metadata as stored: every string the core accepts comes back exactly, in order; damage is reported. */
class JsonStringsTest {

    @Test
    void everyAcceptedStringRoundTripsInOrder() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("z.last", "first in order");
        map.put("quote", "say \"hi\" \\ back\\slash");
        map.put("lines", "one\ntwo\r\nthree\ttab");
        map.put("unicode", "Zoë 🎬 – ü \u0007bell");
        map.put("empty", "");

        String json = JsonStrings.write(map);

        assertThat(JsonStrings.read(json)).containsExactlyEntriesOf(map);
        assertThat(JsonStrings.write(Map.of())).isEqualTo("{}");
        assertThat(JsonStrings.read(" { } ")).isEmpty();
        assertThat(JsonStrings.read("{\"a\" : \"\\u0041\\/\"}")).containsExactly(Map.entry("a", "A/"));
    }

    @Test
    void aDamagedValueIsReportedNotGuessed() {
        assertThatThrownBy(() -> JsonStrings.read("{\"a\":1}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a JSON object of strings");
        assertThatThrownBy(() -> JsonStrings.read("{\"a\":\"b\"")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonStrings.read("{\"a\":\"b\"} trailing")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonStrings.read("{\"a\":\"\\x\"}")).isInstanceOf(IllegalArgumentException.class);
    }
}

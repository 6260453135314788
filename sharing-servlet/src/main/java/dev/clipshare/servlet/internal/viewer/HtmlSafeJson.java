package dev.clipshare.servlet.internal.viewer;

import java.util.Map;

/**
 * A tiny JSON writer for the few flat objects the viewer side emits (the oEmbed answer, the
 * player's inline configuration, the status and grant answers), without a JSON library. Strings are escaped so the output is also safe
 * inside an HTML {@code <script>} element: {@code < > & ' U+2028 U+2029} become {@code \}{@code uXXXX},
 * so {@code </script>} or {@code <!--} in a title cannot end the element. Thread-safe.
 */
public final class HtmlSafeJson {
    private HtmlSafeJson() { }

    /** An object from an insertion-ordered map of String, Number, Boolean or null values. */
    public static String object(Map<String, ?> fields) {
        StringBuilder sb = new StringBuilder(128).append('{');
        boolean first = true;
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            string(sb, e.getKey());
            sb.append(':');
            Object v = e.getValue();
            if (v == null) {
                sb.append("null");
            } else if (v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else {
                string(sb, v.toString());
            }
        }
        return sb.append('}').toString();
    }

    static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '<', '>', '&', '\'', '\u2028', '\u2029' -> hex(sb, c);
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        hex(sb, c);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static void hex(StringBuilder sb, char c) {
        sb.append("\\u");
        String h = Integer.toHexString(c);
        for (int k = h.length(); k < 4; k++) {
            sb.append('0');
        }
        sb.append(h);
    }
}

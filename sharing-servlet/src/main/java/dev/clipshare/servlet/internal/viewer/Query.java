package dev.clipshare.servlet.internal.viewer;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The query string, parsed leniently by us rather than by the container (whose parser may
 * throw on a bad escape): unknown or malformed parameters are simply absent. Only the first
 * value of a name counts. At most 2 KiB of query is read.
 */
public final class Query {
    private static final int MAX = 2048;
    private static final Pattern SECONDS = Pattern.compile("\\d{1,6}(\\.\\d{1,3})?");

    private final Map<String, String> values;

    private Query(Map<String, String> values) {
        this.values = values;
    }

    public static Query parse(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw != null && !raw.isEmpty() && raw.length() <= MAX) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String k = eq < 0 ? pair : pair.substring(0, eq);
                String v = eq < 0 ? "" : pair.substring(eq + 1);
                try {
                    m.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    // a malformed escape: ignore this parameter
                }
            }
        }
        return new Query(m);
    }

    public static Query of(Map<String, String> fields) {
        return new Query(Map.copyOf(fields));
    }

    public String get(String name) {
        return values.get(name);
    }

    /** {@code layout=minimal}. */
    public boolean minimal() {
        return "minimal".equals(values.get("layout"));
    }

    /**
     * {@code s=SECONDS} (up to 999999, three decimals), normalised, or {@code null}. {@code t=} is
     * an alias, as in the share-links API the project follows; {@code s} wins when both are given.
     */
    public String start() {
        String s = values.containsKey("s") ? values.get("s") : values.get("t");
        if (s == null || !SECONDS.matcher(s).matches()) {
            return null;
        }
        double d = Double.parseDouble(s);
        if (d <= 0) {
            return null;
        }
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /**
     * The page query that survives a round trip (login, unlock): the start (from {@code s} or its
     * alias {@code t}, always written back as {@code s}) and {@code layout}, checked.
     */
    public String pageQuery() {
        StringBuilder sb = new StringBuilder();
        String s = start();
        if (s != null) {
            sb.append("?s=").append(s);
        }
        if (minimal()) {
            sb.append(sb.length() == 0 ? '?' : '&').append("layout=minimal");
        }
        return sb.toString();
    }
}

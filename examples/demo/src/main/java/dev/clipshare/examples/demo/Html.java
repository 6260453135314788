package dev.clipshare.examples.demo;

import java.util.Locale;

/** Escaping for the demo's server-rendered pages. */
final class Html {
    private Html() { }

    /** Escapes text for HTML content and quoted attribute values. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** JSON text made safe to sit inside a {@code <script type="application/json">} element. */
    static String scriptJson(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    /** 61250 ms as {@code 1:01.3}. */
    static String clock(long ms) {
        long tenths = Math.round(ms / 100.0);
        long minutes = tenths / 600;
        double seconds = (tenths % 600) / 10.0;
        return String.format(Locale.ROOT, "%d:%04.1f", minutes, seconds);
    }

    /** 61250 ms as {@code 1:01}. */
    static String duration(long ms) {
        long s = Math.round(ms / 1000.0);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** Bytes as {@code 12.3 MB}. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.0f KB", n / 1024.0);
        }
        if (n < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GB", n / (1024.0 * 1024 * 1024));
    }

    /** {@code OWNER} as {@code Owner}. */
    static String role(Enum<?> role) {
        String n = role.name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }
}

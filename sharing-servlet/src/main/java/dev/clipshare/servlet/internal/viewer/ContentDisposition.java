package dev.clipshare.servlet.internal.viewer;

import java.nio.charset.StandardCharsets;

/**
 * Builds {@code Content-Disposition: attachment} per RFC 6266: a plain ASCII {@code filename}
 * (characters that are unsafe in a quoted string or a file name become {@code _}) for old
 * clients and {@code filename*=UTF-8''...} (RFC 8187 percent-encoding) with the real
 * name. Both are built only from safe characters, so a title holding quotes, semicolons, CR/LF
 * or non-ASCII cannot split or extend the header. Thread-safe.
 */
public final class ContentDisposition {
    private static final int MAX_BASE = 100;

    private ContentDisposition() { }

    /** An attachment header for a file named after {@code title} with {@code extension} (e.g. {@code .mp4}). */
    public static String attachment(String title, String fallbackBase, String extension) {
        String base = clean(title);
        if (base.isEmpty()) {
            base = fallbackBase;
        }
        String full = base + extension;
        StringBuilder ascii = new StringBuilder();
        for (int i = 0; i < base.length(); i++) {
            char c = base.charAt(i);
            ascii.append(c >= 0x20 && c < 0x7f && "\"\\;%<>:|?*".indexOf(c) < 0 ? c : '_');
        }
        return "attachment; filename=\"" + ascii + extension + "\"; filename*=UTF-8''" + encode(full);
    }

    /** Strips controls and path separators, collapses whitespace, and bounds the length. */
    private static String clean(String title) {
        if (title == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        boolean space = false;
        for (int i = 0; i < title.length() && sb.length() < MAX_BASE; ) {
            int cp = title.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isISOControl(cp) || cp == '/' || cp == '\\' || Character.getType(cp) == Character.FORMAT
                    || Character.isWhitespace(cp)) {
                space = sb.length() > 0;
                continue;
            }
            if (space) {
                sb.append(' ');
                space = false;
            }
            sb.appendCodePoint(cp);
        }
        String s = sb.toString();
        int start = 0;
        while (start < s.length() && (s.charAt(start) == '.' || s.charAt(start) == ' ')) {
            start++; // no hidden files, no leading dot segments
        }
        return s.substring(start).strip();
    }

    /** RFC 8187 value-chars: attr-char stays, everything else is %XX of its UTF-8 bytes. */
    static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}

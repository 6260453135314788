package dev.clipshare.servlet.internal.viewer;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites an HLS media playlist for one viewer: every segment URI, and the {@code URI="..."}
 * of {@code #EXT-X-MAP} (fMP4 init sections), gets a query suffix (the stream signature, or the
 * export version). Only plain file names beside the playlist are accepted; a playlist naming
 * anything else (another folder, an absolute URL, a key server) is refused as a whole.
 */
public final class Playlists {
    private static final Pattern FILE = Pattern.compile("[a-z0-9_-][a-z0-9._-]{0,63}");
    private static final Pattern URI_ATTR = Pattern.compile("URI=\"([^\"]*)\"");

    private Playlists() { }

    /** The rewritten playlist, or empty when it refers to anything but plain file names. */
    public static Optional<String> rewrite(String playlist, String suffix) {
        StringBuilder out = new StringBuilder(playlist.length() + 64 * 16);
        for (String line : playlist.split("\r?\n", -1)) {
            String t = line.strip();
            if (t.isEmpty()) {
                out.append(line).append('\n');
                continue;
            }
            if (t.startsWith("#")) {
                if (t.startsWith("#EXT-X-KEY") || t.startsWith("#EXT-X-SESSION-KEY")) {
                    if (t.contains("URI=")) {
                        return Optional.empty();
                    }
                } else if (t.startsWith("#EXT-X-MAP") || t.contains("URI=\"")) {
                    Matcher m = URI_ATTR.matcher(t);
                    StringBuilder sb = new StringBuilder();
                    while (m.find()) {
                        if (!isFile(m.group(1))) {
                            return Optional.empty();
                        }
                        m.appendReplacement(sb, Matcher.quoteReplacement("URI=\"" + m.group(1) + suffix + "\""));
                    }
                    m.appendTail(sb);
                    out.append(sb).append('\n');
                    continue;
                }
                out.append(t).append('\n');
                continue;
            }
            if (!isFile(t)) {
                return Optional.empty();
            }
            out.append(t).append(suffix).append('\n');
        }
        // split with -1 leaves one empty tail for a trailing newline: drop the extra newline
        int len = out.length();
        if (len > 1 && out.charAt(len - 1) == '\n' && out.charAt(len - 2) == '\n' && playlist.endsWith("\n")) {
            out.setLength(len - 1);
        }
        return Optional.of(out.toString());
    }

    private static boolean isFile(String name) {
        return FILE.matcher(name).matches() && !name.contains("..");
    }
}

package dev.clipshare.s3;

import dev.clipshare.core.Target;
import dev.clipshare.core.spi.MediaKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The object key layout: {@code <prefix><sha256(target key)>/<version>/<name>}, the same
 * relative layout as the file media store, so a media folder can be copied into a bucket as is.
 * Target ids are the host's and may hold anything ({@code /}, {@code ..}, non-ASCII): hashing
 * them gives 64 lowercase hex characters that can neither escape the prefix nor collide on a
 * case-insensitive backend. Media names are checked by {@link MediaKey} to be safe already.
 */
final class S3Keys {
    /** S3's "safe characters" for object keys, and at most 256 of them. */
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9!_.*'()/-]{0,256}");

    private final String prefix;

    S3Keys(String prefix) {
        this.prefix = normalizePrefix(prefix);
    }

    static String normalizePrefix(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("prefix must be at most 256 of A-Z a-z 0-9 ! _ . * ' ( ) / -, was '" + prefix + "'");
        }
        if (prefix.isEmpty()) {
            return prefix;
        }
        String p = prefix.endsWith("/") ? prefix : prefix + "/";
        if (p.startsWith("/") || p.contains("//")) {
            throw new IllegalArgumentException("prefix must not start with '/' or hold an empty segment, was '" + prefix + "'");
        }
        for (String segment : p.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("prefix must not hold a dot segment, was '" + prefix + "'");
            }
        }
        return p;
    }

    String prefix() {
        return prefix;
    }

    /** The key prefix of every artifact of one version, ending in {@code /}. */
    String versionPrefix(Target target, long version) {
        return prefix + sha256(target.key()) + "/" + version + "/";
    }

    String objectKey(MediaKey key) {
        return versionPrefix(key.target(), key.version()) + key.name();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}

package dev.clipshare.transcode.internal;

import dev.clipshare.core.spi.TranscodeException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns FFmpeg's error numbers (as JavaCV puts them in its exception messages) into plain
 * reasons, and decides which ones another attempt could fix.
 */
public final class FfmpegErrors {
    private static final Pattern CODE = Pattern.compile("error (-?\\d+)");

    // AVERROR(errno) is -errno on Linux; the FFERRTAG codes are negated four-character tags
    static final int ENOENT = -2;
    static final int EIO = -5;
    static final int EACCES = -13;
    static final int EISDIR = -21;
    static final int ENOSPC = -28;
    static final int ETIMEDOUT = -110;
    static final int ECONNREFUSED = -111;
    static final int ECONNRESET = -104;
    static final int EHOSTUNREACH = -113;
    static final int ENETUNREACH = -101;
    static final int EAGAIN = -11;
    static final int INVALIDDATA = -(('I') | ('N' << 8) | ('D' << 16) | ('A' << 24));
    static final int HTTP_NOT_FOUND = -((0xF8) | ('4' << 8) | ('0' << 16) | ('4' << 24));
    static final int HTTP_FORBIDDEN = -((0xF8) | ('4' << 8) | ('0' << 16) | ('3' << 24));
    static final int HTTP_SERVER_ERROR = -((0xF8) | ('5' << 8) | ('X' << 16) | ('X' << 24));
    static final int EXIT = -(('E') | ('X' << 8) | ('I' << 16) | ('T' << 24));
    static final int EOF = -(('E') | ('O' << 8) | ('F' << 16) | (' ' << 24));

    private FfmpegErrors() { }

    /** The FFmpeg error number in a JavaCV exception message, or 0 when there is none. */
    public static int code(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null) {
                Matcher m = CODE.matcher(c.getMessage());
                if (m.find()) {
                    try {
                        return Integer.parseInt(m.group(1));
                    } catch (NumberFormatException ignored) {
                        return 0;
                    }
                }
            }
        }
        return 0;
    }

    /** A failure to open the source, explained. */
    public static TranscodeException openFailed(String what, Throwable cause) {
        int code = code(cause);
        if (code == ENOENT || code == HTTP_NOT_FOUND) {
            return new TranscodeException("source not found: " + what, false, cause);
        }
        if (code == EACCES || code == HTTP_FORBIDDEN) {
            return new TranscodeException("source cannot be read (permission denied): " + what, false, cause);
        }
        if (code == EISDIR) {
            return new TranscodeException("source is a folder, not a video file: " + what, false, cause);
        }
        if (code == INVALIDDATA || code == EOF) {
            return new TranscodeException("source is not a video FFmpeg can read, or it is damaged: " + what, false, cause);
        }
        if (isTransient(code)) {
            return new TranscodeException("source could not be reached (" + describe(code) + "): " + what, true, cause);
        }
        return new TranscodeException("source cannot be opened as a video (" + describe(code) + "): " + what, false, cause);
    }

    /** Whether the error number is one another attempt could get past (network, I/O, disk space). */
    public static boolean isTransient(int code) {
        return code == EIO || code == ETIMEDOUT || code == ECONNREFUSED || code == ECONNRESET || code == EHOSTUNREACH
                || code == ENETUNREACH || code == EAGAIN || code == ENOSPC || code == HTTP_SERVER_ERROR;
    }

    static String describe(int code) {
        if (code == 0) {
            return "unknown error";
        }
        if (code == ETIMEDOUT) {
            return "timed out";
        }
        if (code == ECONNREFUSED) {
            return "connection refused";
        }
        if (code == ENOSPC) {
            return "no space left on device";
        }
        if (code == EIO) {
            return "input/output error";
        }
        return "FFmpeg error " + code;
    }
}

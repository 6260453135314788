package dev.clipshare.core.spi;

import dev.clipshare.core.SharingException;

/**
 * A transcode failed. {@link #getMessage()} is the reason shown to the host (it ends up as the
 * export's failure reason), so it must say what was wrong with the input in plain words
 * ("source is not a video", "range starts after the end of the source (12.0 s)").
 * {@link #retryable()} says whether another attempt could succeed (a network blip reading a
 * URL) or not (a corrupt file).
 */
public class TranscodeException extends SharingException {
    private final boolean retryable;

    public TranscodeException(String reason, boolean retryable) {
        super(reason);
        this.retryable = retryable;
    }

    public TranscodeException(String reason, boolean retryable, Throwable cause) {
        super(reason, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}

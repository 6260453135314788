package dev.clipshare.core.spi;

import java.nio.file.Path;

/**
 * Turns a time range of a source video into web-ready artifacts: an MP4 (H.264/AAC, moov atom
 * first), a JPEG thumbnail taken from the clip, and optionally HLS.
 *
 * <p>Implementations write only inside {@code workDir} (the caller publishes the files and
 * deletes the folder), report progress as they go, and stop promptly when the calling thread is
 * interrupted (throwing {@link InterruptedException}). Bad input is a
 * {@link TranscodeException} with a plain reason, never a hang. An instance may be called from
 * several worker threads at once.
 */
public interface Transcoder {

    /** Receives progress in percent, 0..100, never decreasing. */
    @FunctionalInterface
    interface Progress {
        Progress NONE = percent -> { };

        void update(int percent);
    }

    TranscodeResult transcode(TranscodeRequest request, Path workDir, Progress progress)
            throws TranscodeException, InterruptedException;
}

package dev.clipshare.transcode.internal;

import dev.clipshare.core.spi.Transcoder;

/**
 * Forwards progress only when it grows, clamped to 0..100, so a caller's listener sees a
 * non-decreasing sequence whatever the steps report. Used by one transcode at a time.
 */
public final class MonotonicProgress {
    private final Transcoder.Progress target;
    private int last = -1;

    public MonotonicProgress(Transcoder.Progress target) {
        this.target = target == null ? Transcoder.Progress.NONE : target;
    }

    public void update(int percent) {
        int p = Math.max(0, Math.min(100, percent));
        if (p > last) {
            last = p;
            target.update(p);
        }
    }

    /** Maps a fraction (0..1) of one step onto the part {@code from..to} of the whole. */
    public void step(int from, int to, double fraction) {
        double f = Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
        update(from + (int) Math.floor((to - from) * f));
    }

    public int last() {
        return Math.max(last, 0);
    }
}

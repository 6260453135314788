package dev.clipshare.transcode.internal;

/**
 * The output picture size: the source's display size (sample aspect ratio applied) scaled down
 * to fit {@code maxWidth x maxHeight}, never up, rounded to even numbers (4:2:0 needs them).
 *
 * @param width  even, at least 2
 * @param height even, at least 2
 */
public record OutputSize(int width, int height) {

    public static OutputSize fit(int sourceWidth, int sourceHeight, double sampleAspectRatio, int maxWidth, int maxHeight) {
        double sar = sampleAspectRatio > 0.01 && sampleAspectRatio < 100 ? sampleAspectRatio : 1.0;
        double w = sourceWidth * sar;
        double h = sourceHeight;
        double scale = Math.min(1.0, Math.min(maxWidth / w, maxHeight / h));
        return new OutputSize(even(w * scale), even(h * scale));
    }

    private static int even(double v) {
        return (int) Math.max(2, 2 * Math.round(v / 2.0));
    }

    /** Whether this size fits the caps as it is. */
    public boolean within(int maxWidth, int maxHeight) {
        return width <= maxWidth && height <= maxHeight;
    }
}

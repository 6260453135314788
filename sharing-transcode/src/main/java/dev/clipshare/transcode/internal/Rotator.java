package dev.clipshare.transcode.internal;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import org.bytedeco.javacv.Frame;

/**
 * Turns packed YUV 4:2:0 pictures by 90, 180 or 270 degrees clockwise, for sources that are
 * stored sideways with a rotation in their metadata (most phone videos). The clip gets upright
 * pixels, like the ffmpeg tool's autorotate, because not every player (and no MPEG-TS segment)
 * honours a rotation matrix. Used by one encode at a time.
 */
final class Rotator {
    private final int degrees;
    private final int width;
    private final int height;
    private final byte[] in;
    private final byte[] out;
    private final Frame rotated;

    /**
     * @param degrees clockwise: 90, 180 or 270
     * @param width   the stored (unrotated) picture width, even
     * @param height  the stored picture height, even
     */
    Rotator(int degrees, int width, int height) {
        this.degrees = degrees;
        this.width = width;
        this.height = height;
        int size = width * height * 3 / 2;
        this.in = new byte[size];
        this.out = new byte[size];
        int ow = degrees == 180 ? width : height;
        int oh = degrees == 180 ? height : width;
        this.rotated = new Frame(ow, oh, Frame.DEPTH_UBYTE, 1, ow);
        this.rotated.image = new Buffer[] {ByteBuffer.allocateDirect(size)};
    }

    /** The degrees a source must turn clockwise to stand upright, from FFmpeg's display rotation (counterclockwise). */
    static int clockwise(double displayRotation) {
        if (Double.isNaN(displayRotation)) {
            return 0;
        }
        long r = Math.round(-displayRotation / 90.0) * 90;
        return (int) (((r % 360) + 360) % 360);
    }

    /** Rotates a packed picture (stride = width) of the stored size. */
    Frame rotate(Frame f) {
        ByteBuffer src = ((ByteBuffer) f.image[0]).duplicate();
        src.position(0).limit(in.length);
        src.get(in);
        int cw = width / 2;
        int ch = height / 2;
        int lumaOut = plane(0, width, height, 0);
        int chromaOut = plane(width * height, cw, ch, lumaOut);
        plane(width * height + cw * ch, cw, ch, lumaOut + chromaOut);
        ByteBuffer dst = (ByteBuffer) rotated.image[0];
        dst.clear();
        dst.put(out);
        dst.flip();
        rotated.timestamp = f.timestamp;
        return rotated;
    }

    /** Rotates one plane of {@code w x h} starting at {@code offset} into {@code out} at {@code at}; returns its size. */
    private int plane(int offset, int w, int h, int at) {
        switch (degrees) {
            case 90 -> {
                // output is h wide: pixel (x, y) goes to (h - 1 - y, x)
                for (int y = 0; y < h; y++) {
                    int row = offset + y * w;
                    int col = at + (h - 1 - y);
                    for (int x = 0; x < w; x++) {
                        out[col + x * h] = in[row + x];
                    }
                }
            }
            case 270 -> {
                // pixel (x, y) goes to (y, w - 1 - x)
                for (int y = 0; y < h; y++) {
                    int row = offset + y * w;
                    for (int x = 0; x < w; x++) {
                        out[at + (w - 1 - x) * h + y] = in[row + x];
                    }
                }
            }
            case 180 -> {
                int n = w * h;
                for (int i = 0; i < n; i++) {
                    out[at + n - 1 - i] = in[offset + i];
                }
            }
            default -> throw new IllegalStateException("not a rotation: " + degrees);
        }
        return w * h;
    }
}

package dev.clipshare.transcode.internal;

import dev.clipshare.core.spi.SourceMedia;
import dev.clipshare.core.spi.TranscodeException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Takes the thumbnail from the finished clip (so it shows what viewers see, not the source's
 * first frame): the first frame at or after the offset, scaled to the width cap, as JPEG.
 */
public final class Thumbnailer {
    private Thumbnailer() { }

    public static void write(Path clip, Duration offset, Duration clipLength, int maxWidth, float quality, Path out,
                             EncodeSettings settings) throws TranscodeException, InterruptedException {
        FFmpegFrameGrabber g = SourceInput.open(SourceMedia.of(clip), -1, false, settings);
        try {
            int w = g.getImageWidth();
            int h = g.getImageHeight();
            if (w > maxWidth) {
                h = Math.max(2, (int) Math.round(h * (double) maxWidth / w));
                w = maxWidth;
            }
            g.setImageWidth(w);
            g.setImageHeight(h);
            long at = Math.max(0, Math.min(offset.toNanos() / 1000, clipLength.toNanos() / 1000 - 1));
            if (at > 0) {
                g.setTimestamp(at);
            }
            Frame picked = null;
            Frame last = null;
            Frame f;
            while ((f = g.grabImage()) != null) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("export interrupted");
                }
                last = f;
                if (f.timestamp >= at) {
                    picked = f;
                    break;
                }
            }
            if (picked == null) {
                picked = last;
            }
            if (picked == null) {
                throw new TranscodeException("the clip has no picture to take a thumbnail from", false);
            }
            BufferedImage image = new Java2DFrameConverter().getBufferedImage(picked);
            writeJpeg(image, quality, out);
        } catch (FFmpegFrameGrabber.Exception e) {
            throw new TranscodeException("cannot read the finished clip for its thumbnail", false, e);
        } catch (IOException e) {
            throw new TranscodeException("cannot write the thumbnail (" + e.getMessage() + ")", true, e);
        } finally {
            SourceInput.closeQuietly(g);
        }
    }

    static void writeJpeg(BufferedImage image, float quality, Path out) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IOException("no JPEG writer in this JDK");
        }
        ImageWriter writer = writers.next();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(Files.newOutputStream(out))) {
            writer.setOutput(stream);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), p);
        } finally {
            writer.dispose();
        }
    }
}

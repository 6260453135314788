package dev.clipshare.transcode.internal;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Runs an encoder on its own thread so that decoding the next frames and encoding the previous
 * ones overlap, as in the ffmpeg tool (which runs demuxing, decoding and each encoder on separate
 * threads). The cut uses one for the video and one for the audio.
 *
 * <p>The decoding thread hands over copies (pictures go through a small pool of buffers, so
 * memory stays bounded); the recorder is touched only by the encoder thread until
 * {@link #finish()} or {@link #close()} has joined it. Used by one cut at a time.
 */
final class EncoderPipe implements AutoCloseable {
    private static final int DEPTH = 4;

    private sealed interface Command permits Picture, Samples, End { }

    private record Picture(ByteBuffer buffer, int fromSlot, int toSlot) implements Command { }

    private record Samples(int rate, int channels, Buffer[] data) implements Command { }

    private record End() implements Command { }

    private final FFmpegFrameRecorder recorder;
    private final int size;
    private final BlockingQueue<Command> commands = new ArrayBlockingQueue<>(DEPTH * 4);
    private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(DEPTH);
    private final Frame frame;
    private final Thread thread;
    private volatile Exception failure;

    /** A pipe for pictures of {@code width x height} and samples; width and height 0 for samples only. */
    EncoderPipe(FFmpegFrameRecorder recorder, int width, int height, String name) {
        this.recorder = recorder;
        this.size = width * height * 3 / 2;
        if (size > 0) {
            for (int i = 0; i < DEPTH; i++) {
                free.add(ByteBuffer.allocateDirect(size));
            }
        }
        this.frame = size > 0 ? new Frame(width, height, Frame.DEPTH_UBYTE, 1, width) : null;
        this.thread = new Thread(this::encode, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues a packed 4:2:0 picture for the output slots {@code fromSlot..toSlot}. */
    void picture(Frame packed, int fromSlot, int toSlot) throws InterruptedException, FFmpegFrameRecorder.Exception {
        ByteBuffer buffer;
        while ((buffer = free.poll(50, TimeUnit.MILLISECONDS)) == null) {
            check();
        }
        ByteBuffer src = ((ByteBuffer) packed.image[0]).duplicate();
        src.position(0).limit(size);
        buffer.clear();
        buffer.put(src);
        buffer.flip();
        send(new Picture(buffer, fromSlot, toSlot));
    }

    /** Queues audio samples (copied: the decoder reuses its buffers). */
    void samples(int rate, int channels, Buffer[] slices) throws InterruptedException, FFmpegFrameRecorder.Exception {
        Buffer[] copies = new Buffer[slices.length];
        for (int i = 0; i < slices.length; i++) {
            if (!(slices[i] instanceof ShortBuffer s)) {
                throw new FFmpegFrameRecorder.Exception("unexpected sample buffer " + slices[i].getClass().getSimpleName());
            }
            ShortBuffer copy = ByteBuffer.allocateDirect(s.remaining() * 2).order(java.nio.ByteOrder.nativeOrder()).asShortBuffer();
            copy.put(s.duplicate());
            copy.flip();
            copies[i] = copy;
        }
        send(new Samples(rate, channels, copies));
    }

    /** Waits until everything queued is encoded; afterwards the caller owns the recorder again. */
    void finish() throws InterruptedException, FFmpegFrameRecorder.Exception {
        send(new End());
        thread.join();
        checkFailure();
    }

    /** Stops the encoder thread without waiting for the queue (on failure or interrupt). */
    @Override
    public void close() {
        thread.interrupt();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(Command c) throws InterruptedException, FFmpegFrameRecorder.Exception {
        while (!commands.offer(c, 50, TimeUnit.MILLISECONDS)) {
            check();
        }
    }

    private void check() throws FFmpegFrameRecorder.Exception {
        checkFailure();
        if (!thread.isAlive()) {
            throw new FFmpegFrameRecorder.Exception("the encoder stopped");
        }
    }

    private void checkFailure() throws FFmpegFrameRecorder.Exception {
        Exception f = failure;
        if (f instanceof FFmpegFrameRecorder.Exception e) {
            throw e;
        }
        if (f != null) {
            throw new FFmpegFrameRecorder.Exception("the encoder failed: " + f, f);
        }
    }

    private void encode() {
        try {
            while (true) {
                Command c = commands.take();
                if (c instanceof End) {
                    return;
                }
                if (c instanceof Picture p) {
                    frame.image = new Buffer[] {p.buffer()};
                    for (int k = p.fromSlot(); k <= p.toSlot(); k++) {
                        recorder.setFrameNumber(k);
                        recorder.record(frame, AV_PIX_FMT_YUV420P);
                    }
                    free.add(p.buffer());
                } else if (c instanceof Samples s) {
                    recorder.recordSamples(s.rate(), s.channels(), s.data());
                }
            }
        } catch (InterruptedException e) {
            // closed: the cut was interrupted or failed
        } catch (Exception | LinkageError e) {
            failure = e instanceof Exception ex ? ex : new IllegalStateException(e);
        }
    }
}

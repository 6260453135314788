package dev.clipshare.transcode;

import dev.clipshare.core.ClipRange;
import dev.clipshare.core.ExportArtifacts;
import dev.clipshare.core.spi.MediaKey;
import dev.clipshare.core.spi.TranscodeException;
import dev.clipshare.core.spi.TranscodeRequest;
import dev.clipshare.core.spi.TranscodeResult;
import dev.clipshare.core.spi.Transcoder;
import dev.clipshare.transcode.internal.AudioCutter;
import dev.clipshare.transcode.internal.ClipCutter;
import dev.clipshare.transcode.internal.EncodeSettings;
import dev.clipshare.transcode.internal.FfmpegSetup;
import dev.clipshare.transcode.internal.HlsSegmenter;
import dev.clipshare.transcode.internal.KeyframeCopier;
import dev.clipshare.transcode.internal.MediaProbe;
import dev.clipshare.transcode.internal.MonotonicProgress;
import dev.clipshare.transcode.internal.SourceInput;
import dev.clipshare.transcode.internal.Thumbnailer;
import dev.clipshare.transcode.internal.Waveform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Transcoder} on FFmpeg (through JavaCV): cuts a time range of a source into a
 * web-ready MP4, takes a JPEG thumbnail from that clip, and splits the clip into an HLS VOD
 * stream.
 *
 * <pre>{@code
 * Transcoder transcoder = JavaCvTranscoder.builder()
 *         .maxHeight(720)                              // default 1080
 *         .thumbnailOffset(Duration.ofSeconds(1))      // default: the clip's first frame
 *         .build();
 * ExportRunner runner = ExportRunner.builder(sharing, transcoder, sources).build().start();
 * }</pre>
 *
 * <p><b>What it writes</b> (only inside the work folder it is given):
 * <ul>
 *   <li>{@code clip.mp4}: H.264 (4:2:0) + AAC, moov atom first, so browsers start playing before
 *       the download ends. The cut is frame-accurate: it starts on the first frame at or after
 *       the range's start and ends before the first frame at or after its end (the source is
 *       re-encoded). The picture is scaled down to fit {@link Builder#maxWidth} x
 *       {@link Builder#maxHeight} (default 1920x1080, never up), aspect kept, dimensions even.
 *       A source stored sideways with a rotation in its metadata (phone videos) is turned
 *       upright. Sources without audio give clips without audio. The output's frame rate is constant:
 *       the source's average (at most 60 fps); a variable-rate source keeps its timing within
 *       a frame.</li>
 *   <li>{@code thumbnail.jpg}: the clip's frame at {@link Builder#thumbnailOffset} (default its
 *       first frame), at most {@link Builder#thumbnailMaxWidth} wide.</li>
 *   <li>{@code hls/index.m3u8} and {@code hls/seg-00000.ts}…: an HLS VOD playlist whose segments
 *       are copied from the MP4's packets (no second encode); on by default.</li>
 * </ul>
 *
 * <p><b>Ranges.</b> A range whose end lies past the end of the source is <em>clamped</em> to the
 * end of the source (the export succeeds with the shorter clip; {@link ExportReport#rangeClamped}
 * tells). A range that starts at or after the end of the source, or holds no video frame, is
 * refused with a {@link TranscodeException} that says so.
 *
 * <p><b>Encoders.</b> H.264 comes from libx264 when the FFmpeg build has it (the GPL build,
 * {@code org.bytedeco:ffmpeg:linux-x86_64-gpl}, an opt-in) and from OpenH264 otherwise (the LGPL
 * build, the default dependency; Constrained Baseline profile). libx264 encodes with
 * {@link Builder#crf} and {@link Builder#x264Preset}; OpenH264 with a bitrate
 * ({@link Builder#videoBitrate}, by default about 0.1 bit per pixel: ~2.8 Mbit/s at 720p30).
 *
 * <p><b>Fast mode.</b> {@link Builder#keyframeCopy(boolean)} copies the source's packets from the
 * keyframe at or before the start instead of re-encoding: ten to a hundred times faster, but the
 * clip starts up to one keyframe interval early. Only web-ready sources (H.264 4:2:0, AAC or no
 * audio, within the size caps) are copied; others are re-encoded as usual.
 *
 * <p><b>Failures.</b> Bad input is a {@link TranscodeException} with a plain reason: a missing or
 * unreadable source, a file that is not a video (or has no video stream), a damaged file, a range
 * outside the video. It is retryable only when another attempt could succeed (a network error
 * reading a URL, a full disk). An interrupt of the calling thread stops FFmpeg between two frames
 * and throws {@link InterruptedException}.
 *
 * <p><b>Thread-safety.</b> Immutable; one instance serves any number of concurrent transcodes
 * (each has its own FFmpeg contexts).
 */
public final class JavaCvTranscoder implements Transcoder {
    private static final Logger log = LoggerFactory.getLogger(JavaCvTranscoder.class);

    /** Progress: the clip takes most of the time, the rest is quick. */
    private static final int CLIP_DONE = 90;
    private static final int THUMBNAIL_DONE = 94;
    private static final int HLS_DONE = 99;

    private final Builder config;
    private final String videoEncoder;

    private JavaCvTranscoder(Builder b) {
        this.config = b.copy();
        this.videoEncoder = b.videoEncoder != null ? b.videoEncoder : FfmpegSetup.defaultH264Encoder();
        if (!FfmpegSetup.hasEncoder(videoEncoder)) {
            throw new IllegalStateException("this FFmpeg build has no encoder named " + videoEncoder);
        }
    }

    /** A transcoder with every default. */
    public static JavaCvTranscoder create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder preset with this transcoder's settings. */
    public Builder toBuilder() {
        return config.copy();
    }

    /** The H.264 encoder this transcoder uses: {@code libx264} (GPL build) or {@code libopenh264} (LGPL build). */
    public String videoEncoder() {
        return videoEncoder;
    }

    @Override
    public TranscodeResult transcode(TranscodeRequest request, Path workDir, Progress progress)
            throws TranscodeException, InterruptedException {
        return export(request, workDir, progress).result();
    }

    /**
     * Does what {@link #transcode} does and also reports how long each step took. For benchmarks
     * and the command line.
     */
    public ExportReport export(TranscodeRequest request, Path workDir, Progress progress)
            throws TranscodeException, InterruptedException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(workDir, "workDir");
        MonotonicProgress p = new MonotonicProgress(progress);
        p.update(0);
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new TranscodeException("cannot create the work folder " + workDir + " (" + e.getMessage() + ")", true, e);
        }
        EncodeSettings settings = settings();
        Path clip = workDir.resolve(MediaKey.CLIP);
        ClipRange range = request.range();

        Optional<ClipCutter.Cut> cut = Optional.empty();
        boolean audioOnly = false;
        boolean copied = false;
        try {
            if (config.keyframeCopy) {
                cut = KeyframeCopier.copy(request.source(), range, clip, settings, p, 0, CLIP_DONE);
                if (cut.isEmpty()) {
                    log.debug("{} v{}: source is not web-ready, re-encoding instead of copying", request.target(), request.version());
                }
                copied = cut.isPresent();
            }
            if (cut.isEmpty()) {
                cut = Optional.of(ClipCutter.cut(request.source(), range, clip, settings, p, 0, CLIP_DONE));
            }
        } catch (TranscodeException e) {
            if (!SourceInput.isNoVideo(e)) {
                throw e;
            }
            // a source without pictures is shared as audio: AAC in MP4, a waveform for a poster
            audioOnly = true;
            cut = Optional.empty();
            AudioCutter.cut(request.source(), range, clip, settings, p, 0, CLIP_DONE);
        }
        p.update(CLIP_DONE);
        long t1 = System.nanoTime();

        MediaProbe facts = probe(clip);
        if (facts.duration().isZero() || (!audioOnly && facts.width() <= 0) || facts.bytes() <= 0) {
            throw new TranscodeException("the encoded clip is empty", false);
        }
        Path thumbnail = workDir.resolve(MediaKey.THUMBNAIL);
        if (audioOnly) {
            Waveform.write(clip, facts.duration(), config.thumbnailQuality, thumbnail, settings);
        } else {
            Thumbnailer.write(clip, config.thumbnailOffset, facts.duration(), config.thumbnailMaxWidth, config.thumbnailQuality,
                    thumbnail, settings);
        }
        p.update(THUMBNAIL_DONE);
        long t2 = System.nanoTime();

        Map<String, Path> files = new LinkedHashMap<>();
        if (config.hls) {
            Path hlsDir = workDir.resolve("hls");
            HlsSegmenter.write(clip, hlsDir, config.hlsSegmentDuration, settings, audioOnly);
            try (Stream<Path> list = Files.list(hlsDir)) {
                for (Path f : list.sorted().toList()) {
                    files.put("hls/" + f.getFileName(), f);
                }
            } catch (IOException e) {
                throw new TranscodeException("cannot list the HLS files (" + e.getMessage() + ")", true, e);
            }
            if (!files.containsKey(MediaKey.HLS_PLAYLIST)) {
                throw new TranscodeException("the HLS playlist was not written", false);
            }
        }
        p.update(HLS_DONE);
        long t3 = System.nanoTime();
        files.put(MediaKey.THUMBNAIL, thumbnail);
        files.put(MediaKey.CLIP, clip);
        ExportArtifacts artifacts = audioOnly
                ? ExportArtifacts.audio(facts.duration(), Waveform.WIDTH, Waveform.HEIGHT, facts.bytes(), facts.audioCodec(), config.hls)
                : new ExportArtifacts(facts.duration(), facts.width(), facts.height(), facts.bytes(),
                        facts.videoCodec(), facts.audioCodec(), config.hls);
        TranscodeResult result = new TranscodeResult(files, artifacts);
        p.update(100);
        return new ExportReport(result, videoEncoder, copied, cut.map(ClipCutter.Cut::clamped).orElse(false), Duration.ofNanos(t1 - t0),
                Duration.ofNanos(t2 - t1), Duration.ofNanos(t3 - t2), Duration.ofNanos(System.nanoTime() - t0));
    }

    private static MediaProbe probe(Path clip) throws TranscodeException {
        try {
            return MediaProbe.of(clip);
        } catch (IOException e) {
            throw new TranscodeException("cannot read back the encoded clip (" + e.getMessage() + ")", false, e);
        }
    }

    private EncodeSettings settings() {
        return new EncodeSettings(videoEncoder, config.maxWidth, config.maxHeight, config.crf, config.x264Preset,
                config.videoBitrate, config.audioBitrate, config.keyframeInterval, config.networkTimeout);
    }

    @Override
    public String toString() {
        return "JavaCvTranscoder[" + videoEncoder + ", max " + config.maxWidth + "x" + config.maxHeight
                + (config.keyframeCopy ? ", keyframe copy" : "") + (config.hls ? ", HLS " + config.hlsSegmentDuration.toSeconds() + " s" : "") + "]";
    }

    /**
     * Settings of a {@link JavaCvTranscoder}. Each setter checks its argument at once. Not
     * thread-safe; the transcoder copies it.
     */
    public static final class Builder {
        private static final List<String> X264_PRESETS = List.of("ultrafast", "superfast", "veryfast", "faster", "fast",
                "medium", "slow", "slower", "veryslow");

        private int maxWidth = 1920;
        private int maxHeight = 1080;
        private int crf = 23;
        private String x264Preset = "veryfast";
        private long videoBitrate;
        private int audioBitrate = 128_000;
        private Duration keyframeInterval = Duration.ofSeconds(2);
        private Duration thumbnailOffset = Duration.ZERO;
        private int thumbnailMaxWidth = 1280;
        private float thumbnailQuality = 0.85f;
        private boolean keyframeCopy;
        private boolean hls = true;
        private Duration hlsSegmentDuration = Duration.ofSeconds(6);
        private String videoEncoder;
        private Duration networkTimeout = Duration.ofSeconds(30);

        private Builder() { }

        private Builder copy() {
            Builder b = new Builder();
            b.maxWidth = maxWidth;
            b.maxHeight = maxHeight;
            b.crf = crf;
            b.x264Preset = x264Preset;
            b.videoBitrate = videoBitrate;
            b.audioBitrate = audioBitrate;
            b.keyframeInterval = keyframeInterval;
            b.thumbnailOffset = thumbnailOffset;
            b.thumbnailMaxWidth = thumbnailMaxWidth;
            b.thumbnailQuality = thumbnailQuality;
            b.keyframeCopy = keyframeCopy;
            b.hls = hls;
            b.hlsSegmentDuration = hlsSegmentDuration;
            b.videoEncoder = videoEncoder;
            b.networkTimeout = networkTimeout;
            return b;
        }

        /** The tallest output, 16..4320; default 1080. Taller sources are scaled down, aspect kept. Odd values are rounded down. */
        public Builder maxHeight(int pixels) {
            this.maxHeight = dimension(pixels, "maxHeight");
            return this;
        }

        /** The widest output, 16..7680; default 1920. */
        public Builder maxWidth(int pixels) {
            this.maxWidth = dimension(pixels, "maxWidth");
            return this;
        }

        private static int dimension(int pixels, String name) {
            if (pixels < 16 || pixels > 7680) {
                throw new IllegalArgumentException(name + " must be 16..7680, was " + pixels);
            }
            return pixels - pixels % 2;
        }

        /** libx264's constant rate factor, 0..51 (lower is better and bigger); default 23. */
        public Builder crf(int crf) {
            if (crf < 0 || crf > 51) {
                throw new IllegalArgumentException("crf must be 0..51, was " + crf);
            }
            this.crf = crf;
            return this;
        }

        /** libx264's speed preset, {@code ultrafast} … {@code veryslow}; default {@code veryfast}. */
        public Builder x264Preset(String preset) {
            Objects.requireNonNull(preset, "x264Preset");
            if (!X264_PRESETS.contains(preset)) {
                throw new IllegalArgumentException("x264Preset must be one of " + X264_PRESETS + ", was " + preset);
            }
            this.x264Preset = preset;
            return this;
        }

        /**
         * The video bitrate for encoders without a quality mode (OpenH264), 100 kbit/s..100 Mbit/s;
         * default 0: about 0.1 bit per pixel per frame, between 0.3 and 12 Mbit/s.
         */
        public Builder videoBitrate(long bitsPerSecond) {
            if (bitsPerSecond != 0 && (bitsPerSecond < 100_000 || bitsPerSecond > 100_000_000)) {
                throw new IllegalArgumentException("videoBitrate must be 0 (automatic) or 100000..100000000, was " + bitsPerSecond);
            }
            this.videoBitrate = bitsPerSecond;
            return this;
        }

        /** The AAC bitrate, 32..512 kbit/s; default 128 kbit/s. */
        public Builder audioBitrate(int bitsPerSecond) {
            if (bitsPerSecond < 32_000 || bitsPerSecond > 512_000) {
                throw new IllegalArgumentException("audioBitrate must be 32000..512000, was " + bitsPerSecond);
            }
            this.audioBitrate = bitsPerSecond;
            return this;
        }

        /** Time between keyframes, 0.5..10 s; default 2 s (HLS segments are cut on keyframes). */
        public Builder keyframeInterval(Duration interval) {
            Objects.requireNonNull(interval, "keyframeInterval");
            if (interval.toMillis() < 500 || interval.toMillis() > 10_000) {
                throw new IllegalArgumentException("keyframeInterval must be 0.5..10 s, was " + interval);
            }
            this.keyframeInterval = interval;
            return this;
        }

        /** Where in the clip the thumbnail is taken, zero or more; default zero (the first frame). Past the clip's end: its last frame. */
        public Builder thumbnailOffset(Duration offset) {
            Objects.requireNonNull(offset, "thumbnailOffset");
            if (offset.isNegative()) {
                throw new IllegalArgumentException("thumbnailOffset must not be negative, was " + offset);
            }
            this.thumbnailOffset = offset;
            return this;
        }

        /** The widest thumbnail, 16..3840; default 1280. */
        public Builder thumbnailMaxWidth(int pixels) {
            if (pixels < 16 || pixels > 3840) {
                throw new IllegalArgumentException("thumbnailMaxWidth must be 16..3840, was " + pixels);
            }
            this.thumbnailMaxWidth = pixels;
            return this;
        }

        /** JPEG quality, 0.1..1.0; default 0.85. */
        public Builder thumbnailQuality(float quality) {
            if (!(quality >= 0.1f && quality <= 1.0f)) {
                throw new IllegalArgumentException("thumbnailQuality must be 0.1..1.0, was " + quality);
            }
            this.thumbnailQuality = quality;
            return this;
        }

        /** Copy web-ready sources from the keyframe before the start instead of re-encoding; default off. */
        public Builder keyframeCopy(boolean on) {
            this.keyframeCopy = on;
            return this;
        }

        /** Whether to write HLS; default on. */
        public Builder hls(boolean on) {
            this.hls = on;
            return this;
        }

        /** The target HLS segment length, 1..60 s; default 6 s. Segments end on keyframes, so they may run longer. */
        public Builder hlsSegmentDuration(Duration duration) {
            Objects.requireNonNull(duration, "hlsSegmentDuration");
            if (duration.toMillis() < 1000 || duration.toMillis() > 60_000) {
                throw new IllegalArgumentException("hlsSegmentDuration must be 1..60 s, was " + duration);
            }
            this.hlsSegmentDuration = duration;
            return this;
        }

        /**
         * Forces an H.264 encoder by FFmpeg name ({@code libx264}, {@code libopenh264}); default: libx264
         * when the FFmpeg build has it, else OpenH264. {@link #build()} fails when the build lacks it.
         */
        public Builder videoEncoder(String name) {
            Objects.requireNonNull(name, "videoEncoder");
            if (!name.equals("libx264") && !name.equals("libopenh264")) {
                throw new IllegalArgumentException("videoEncoder must be libx264 or libopenh264, was " + name);
            }
            this.videoEncoder = name;
            return this;
        }

        /** How long a read from a network source may stall before the export fails (retryably), 1 s..10 min; default 30 s. */
        public Builder networkTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "networkTimeout");
            if (timeout.toMillis() < 1000 || timeout.toMillis() > 600_000) {
                throw new IllegalArgumentException("networkTimeout must be 1 s..10 min, was " + timeout);
            }
            this.networkTimeout = timeout;
            return this;
        }

        /**
         * The transcoder. Loads the FFmpeg natives (about 250 ms the first time).
         *
         * @throws IllegalStateException when the FFmpeg build has no usable H.264 encoder
         */
        public JavaCvTranscoder build() {
            return new JavaCvTranscoder(this);
        }
    }
}

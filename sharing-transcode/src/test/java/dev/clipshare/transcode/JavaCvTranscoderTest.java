package dev.clipshare.transcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.clipshare.core.ClipRange;
import dev.clipshare.core.ExportArtifacts;
import dev.clipshare.core.Target;
import dev.clipshare.core.spi.MediaKey;
import dev.clipshare.core.spi.SourceMedia;
import dev.clipshare.core.spi.TranscodeException;
import dev.clipshare.core.spi.TranscodeRequest;
import dev.clipshare.core.spi.TranscodeResult;
import dev.clipshare.transcode.TestVideos.Spec;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transcoder against real FFmpeg output, checked with ffprobe and by reading the frame numbers drawn into the pictures. */
class JavaCvTranscoderTest {
    private static final Spec SMALL = Spec.of(320, 240, 4);   // frames 0..119, 30 fps, stereo tone
    private static final double FRAME = 1 / 30.0;

    private static final JavaCvTranscoder TRANSCODER = JavaCvTranscoder.builder().hlsSegmentDuration(Duration.ofSeconds(1))
            .keyframeInterval(Duration.ofSeconds(1)).build();

    @TempDir
    Path work;

    private final Target target = Target.segment("video-1", "moment-1");

    private TranscodeResult run(Path source, ClipRange range) throws Exception {
        return TRANSCODER.transcode(new TranscodeRequest(target, 1, SourceMedia.of(source), range), work.resolve("job"), p -> { });
    }

    private ExportReport report(JavaCvTranscoder t, Path source, ClipRange range) throws Exception {
        return t.export(new TranscodeRequest(target, 1, SourceMedia.of(source), range), work.resolve("job"), p -> { });
    }

    private static BufferedImage read(Path jpeg) throws Exception {
        return ImageIO.read(jpeg.toFile());
    }

    @Test
    void aRangeBecomesAFrameAccurateWebReadyMp4WithThumbnailAndHls() throws Exception {
        List<Integer> progress = new CopyOnWriteArrayList<>();
        TranscodeResult result = TRANSCODER.transcode(new TranscodeRequest(target, 1, SourceMedia.of(TestVideos.get(SMALL)),
                ClipRange.ofSeconds(1, 3)), work.resolve("job"), progress::add);

        Path clip = result.files().get(MediaKey.CLIP);
        Probe probe = Probe.of(clip);
        assertThat(probe.stream("video", "codec_name")).isEqualTo("h264");
        assertThat(probe.stream("video", "pix_fmt")).isEqualTo("yuv420p");
        assertThat(probe.stream("audio", "codec_name")).isEqualTo("aac");
        assertThat(probe.duration()).isCloseTo(2.0, within(FRAME));
        assertThat(probe.streamDuration("video")).isCloseTo(2.0, within(FRAME));
        assertThat(probe.streamDuration("audio")).as("audio as long as the video").isCloseTo(2.0, within(FRAME));
        assertThat(Double.parseDouble(probe.stream("audio", "start_time")))
                .as("audio starts with the video").isCloseTo(Double.parseDouble(probe.stream("video", "start_time")), within(0.03));
        assertThat(probe.width()).isEqualTo(320);
        assertThat(probe.height()).isEqualTo(240);
        List<String> boxes = Probe.topLevelBoxes(clip);
        assertThat(boxes).contains("moov", "mdat");
        assertThat(boxes.indexOf("moov")).as("moov before mdat (fast start) in %s", boxes).isLessThan(boxes.indexOf("mdat"));

        int[] frames = TestVideos.frameNumbers(clip);
        assertThat(frames).hasSize(60);
        assertThat(frames[0]).as("first frame of a clip starting at 1.000 s").isEqualTo(30);
        assertThat(frames[59]).as("last frame before 3.000 s").isEqualTo(89);
        assertThat(TestVideos.frameNumber(read(result.files().get(MediaKey.THUMBNAIL)))).isEqualTo(30);

        ExportArtifacts facts = result.artifacts();
        assertThat(facts.width()).isEqualTo(320);
        assertThat(facts.height()).isEqualTo(240);
        assertThat(facts.videoCodec()).isEqualTo("h264");
        assertThat(facts.audioCodec()).isEqualTo("aac");
        assertThat(facts.clipBytes()).isEqualTo(Files.size(clip));
        assertThat(facts.duration().toMillis() / 1000.0).isCloseTo(probe.duration(), within(0.002));
        assertThat(facts.hasHls()).isTrue();

        Path playlist = result.files().get(MediaKey.HLS_PLAYLIST);
        List<String> lines = Probe.lines(playlist);
        assertThat(lines).contains("#EXTM3U", "#EXT-X-PLAYLIST-TYPE:VOD", "#EXT-X-ENDLIST");
        assertThat(Probe.segmentTotal(lines)).isCloseTo(probe.duration(), within(FRAME));
        List<String> segments = lines.stream().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
        assertThat(segments).hasSizeGreaterThanOrEqualTo(2).allMatch(s -> s.matches("seg-\\d{5}\\.ts"));
        for (String s : segments) {
            assertThat(result.files()).containsKey("hls/" + s);
            Probe seg = Probe.of(playlist.resolveSibling(s));
            assertThat(seg.stream("video", "codec_name")).isEqualTo("h264");
            assertThat(seg.stream("audio", "codec_name")).isEqualTo("aac");
        }

        assertThat(progress).first().isEqualTo(0);
        assertThat(progress).last().isEqualTo(100);
        assertThat(progress).isSorted().doesNotHaveDuplicates();
        assertThat(progress).anyMatch(p -> p > 0 && p < 90);
    }

    @Test
    void aStartBetweenTwoFramesBeginsOnTheNextFrame() throws Exception {
        TranscodeResult result = run(TestVideos.get(SMALL), ClipRange.ofMillis(1010, 2000));

        int[] frames = TestVideos.frameNumbers(result.files().get(MediaKey.CLIP));
        assertThat(frames[0]).isEqualTo(31);   // frame 30 is at 1.000 s, frame 31 at 1.033 s
        assertThat(frames[frames.length - 1]).isEqualTo(59);
        assertThat(Probe.of(result.files().get(MediaKey.CLIP)).duration()).isCloseTo(0.99, within(FRAME));
    }

    @Test
    void aRangeRunningPastTheEndIsClampedToTheEndOfTheSource() throws Exception {
        ExportReport report = report(TRANSCODER, TestVideos.get(SMALL), ClipRange.ofSeconds(3, 60));

        assertThat(report.rangeClamped()).isTrue();
        Path clip = report.result().files().get(MediaKey.CLIP);
        assertThat(Probe.of(clip).duration()).isCloseTo(1.0, within(FRAME));
        int[] frames = TestVideos.frameNumbers(clip);
        assertThat(frames[0]).isEqualTo(90);
        assertThat(frames[frames.length - 1]).isEqualTo(119);
    }

    @Test
    void theWholeSourceIsExportedWhenThereIsNoRange() throws Exception {
        TranscodeResult result = run(TestVideos.get(SMALL), null);

        assertThat(Probe.of(result.files().get(MediaKey.CLIP)).duration()).isCloseTo(4.0, within(FRAME));
        assertThat(TestVideos.frameNumbers(result.files().get(MediaKey.CLIP))).hasSize(120).startsWith(0, 1, 2).endsWith(118, 119);
    }

    @Test
    void aRangeStartingAtOrAfterTheEndIsRefused() {
        assertThatThrownBy(() -> run(TestVideos.get(SMALL), ClipRange.ofSeconds(4, 6)))
                .isInstanceOfSatisfying(TranscodeException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessage("range starts at 4.000 s, at or after the end of the source (4.000 s)");
    }

    @Test
    void aRangeThatHoldsNoFrameIsRefusedAsZeroLength() {
        // frames sit at 1.000 s and 1.0333 s: nothing starts within 1.001..1.030
        assertThatThrownBy(() -> run(TestVideos.get(SMALL), ClipRange.ofMillis(1001, 1030)))
                .isInstanceOfSatisfying(TranscodeException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessage("the range 1.001–1.030 s holds no video frame (the source is 4.000 s long)");
    }

    @Test
    void aHugeSourceIsScaledDownToTheCapWithItsAspectKept() throws Exception {
        Path source = TestVideos.get(Spec.of(2560, 1440, 1).noAudio().codec("mpeg4"));

        TranscodeResult result = run(source, null);

        Probe probe = Probe.of(result.files().get(MediaKey.CLIP));
        assertThat(probe.width()).isEqualTo(1920);
        assertThat(probe.height()).isEqualTo(1080);
        BufferedImage thumb = read(result.files().get(MediaKey.THUMBNAIL));
        assertThat(thumb.getWidth()).isEqualTo(1280);
        assertThat(thumb.getHeight()).isEqualTo(720);
        assertThat(TestVideos.frameNumber(thumb)).isZero();
        assertThat(result.artifacts().width()).isEqualTo(1920);
    }

    @Test
    void oddDimensionsBecomeEvenWithTheAspectKept() throws Exception {
        Path source = TestVideos.get(Spec.of(321, 241, 1).codec("mpeg4"));

        TranscodeResult result = run(source, ClipRange.ofSeconds(0.5, 1));

        Probe probe = Probe.of(result.files().get(MediaKey.CLIP));
        assertThat(probe.width() % 2).isZero();
        assertThat(probe.height() % 2).isZero();
        assertThat((double) probe.width() / probe.height()).isCloseTo(321.0 / 241, within(0.01));
        assertThat(TestVideos.frameNumbers(result.files().get(MediaKey.CLIP))).startsWith(15);
    }

    @Test
    void aPortraitSourceStaysPortraitAndIsCappedByItsHeight() throws Exception {
        Path source = TestVideos.get(Spec.of(720, 1280, 1).noAudio().codec("mpeg4"));

        TranscodeResult result = run(source, null);

        Probe probe = Probe.of(result.files().get(MediaKey.CLIP));
        assertThat(probe.height()).isEqualTo(1080);
        assertThat(probe.width()).isEqualTo(608);
        assertThat(TestVideos.frameNumber(read(result.files().get(MediaKey.THUMBNAIL)))).isZero();
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "display rotation {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {90, -90, 180})
    void aSourceStoredSidewaysIsTurnedUprightLikeFfmpegDoes(int rotation) throws Exception {
        Path source = TestVideos.get(Spec.of(640, 360, 1).noAudio().codec("mpeg4").displayRotation(rotation));
        Path reference = work.resolve("reference.png");
        String ffmpeg = org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        Process p = new ProcessBuilder(ffmpeg, "-v", "error", "-y", "-i", source.toString(), "-frames:v", "1", reference.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(new String(p.getInputStream().readAllBytes())).isTrue();
        BufferedImage upright = ImageIO.read(reference.toFile());   // the ffmpeg tool turns it upright on its own

        TranscodeResult result = run(source, null);

        Probe probe = Probe.of(result.files().get(MediaKey.CLIP));
        assertThat(probe.width()).isEqualTo(upright.getWidth());
        assertThat(probe.height()).isEqualTo(upright.getHeight());
        assertThat(result.artifacts().width()).isEqualTo(upright.getWidth());
        BufferedImage thumb = read(result.files().get(MediaKey.THUMBNAIL));
        assertThat(meanDifference(thumb, upright)).as("thumbnail vs ffmpeg's upright frame").isLessThan(12);
    }

    private static double meanDifference(BufferedImage a, BufferedImage b) {
        assertThat(a.getWidth()).isEqualTo(b.getWidth());
        assertThat(a.getHeight()).isEqualTo(b.getHeight());
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }

    @Test
    void aSourceWithoutAudioGivesAClipWithoutAudio() throws Exception {
        TranscodeResult result = run(TestVideos.get(Spec.of(320, 240, 2).noAudio()), ClipRange.ofSeconds(0.5, 1.5));

        Probe probe = Probe.of(result.files().get(MediaKey.CLIP));
        assertThat(probe.has("audio")).isFalse();
        assertThat(probe.duration()).isCloseTo(1.0, within(FRAME));
        assertThat(result.artifacts().audioCodec()).isNull();
        assertThat(Probe.lines(result.files().get(MediaKey.HLS_PLAYLIST))).contains("#EXT-X-ENDLIST");
    }

    @Test
    void aVariableFrameRateSourceKeepsItsTimingAndStartsOnTheRightFrame() throws Exception {
        Path source = TestVideos.get(Spec.of(320, 240, 3).codec("mpeg4").variableFrameRate());

        // frames at 0, 20, 70, 90, 140, 160 ms… (29 fps on average): frame 29 sits at 1.000 s
        TranscodeResult result = run(source, ClipRange.ofSeconds(1, 2));

        Path clip = result.files().get(MediaKey.CLIP);
        Probe probe = Probe.of(clip);
        int[] frames = TestVideos.frameNumbers(clip);
        assertThat(frames[0]).isEqualTo(29);
        assertThat(frames).isSorted();
        // 56 is at 1.960 s; 57 (1.980 s) falls into the same slot of the 29 fps output grid and is dropped
        assertThat(frames[frames.length - 1]).isEqualTo(56);
        assertThat(probe.streamDuration("video")).isCloseTo(1.0, within(1 / 28.0));
        assertThat(probe.stream("audio", "codec_name")).isEqualTo("aac");
    }

    @Test
    void theThumbnailComesFromTheConfiguredOffsetIntoTheClip() throws Exception {
        JavaCvTranscoder t = TRANSCODER.toBuilder().thumbnailOffset(Duration.ofMillis(500)).thumbnailMaxWidth(160).hls(false).build();

        ExportReport report = report(t, TestVideos.get(SMALL), ClipRange.ofSeconds(2, 3));

        BufferedImage thumb = read(report.result().files().get(MediaKey.THUMBNAIL));
        assertThat(TestVideos.frameNumber(thumb)).isEqualTo(75);
        assertThat(thumb.getWidth()).isEqualTo(160);
        assertThat(report.result().files()).doesNotContainKey(MediaKey.HLS_PLAYLIST);
        assertThat(report.result().artifacts().hasHls()).isFalse();
        assertThat(report.hlsTime()).isLessThan(Duration.ofMillis(50));
    }

    @Test
    void keyframeCopyStartsOnTheKeyframeBeforeTheStartWithoutReencoding() throws Exception {
        JavaCvTranscoder fast = TRANSCODER.toBuilder().keyframeCopy(true).build();

        ExportReport report = report(fast, TestVideos.get(SMALL), ClipRange.ofSeconds(1.5, 3));

        assertThat(report.keyframeCopy()).isTrue();
        Path clip = report.result().files().get(MediaKey.CLIP);
        int[] frames = TestVideos.frameNumbers(clip);
        assertThat(frames[0]).as("the source has a keyframe every second").isEqualTo(30);
        assertThat(frames[frames.length - 1]).isEqualTo(89);
        Probe probe = Probe.of(clip);
        assertThat(probe.duration()).isCloseTo(2.0, within(0.05));
        assertThat(probe.stream("audio", "codec_name")).isEqualTo("aac");
        assertThat(Probe.topLevelBoxes(clip).indexOf("moov")).isLessThan(Probe.topLevelBoxes(clip).indexOf("mdat"));
        assertThat(TestVideos.frameNumber(read(report.result().files().get(MediaKey.THUMBNAIL)))).isEqualTo(30);
    }

    @Test
    void keyframeCopyReencodesASourceThatIsNotWebReady() throws Exception {
        JavaCvTranscoder fast = TRANSCODER.toBuilder().keyframeCopy(true).build();

        ExportReport report = report(fast, TestVideos.get(Spec.of(321, 241, 1).codec("mpeg4")), ClipRange.ofSeconds(0.5, 1));

        assertThat(report.keyframeCopy()).isFalse();
        assertThat(Probe.of(report.result().files().get(MediaKey.CLIP)).stream("video", "codec_name")).isEqualTo("h264");
    }

    @Test
    void theEncoderIsLibx264WhenTheBuildHasItAndOpenH264Otherwise() {
        boolean gpl = dev.clipshare.transcode.internal.FfmpegSetup.hasEncoder("libx264");
        assertThat(TRANSCODER.videoEncoder()).isEqualTo(gpl ? "libx264" : "libopenh264");
        assertThat(dev.clipshare.transcode.internal.FfmpegSetup.hasEncoder("libopenh264")).isTrue();
    }

    // ------------------------------------------------------------------ bad input

    private static TranscodeException failure(ThrowingRun r) {
        try {
            r.run();
        } catch (TranscodeException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected a TranscodeException, got " + e, e);
        }
        throw new AssertionError("expected a TranscodeException, the transcode succeeded");
    }

    interface ThrowingRun {
        void run() throws Exception;
    }

    @Test
    void aMissingSourceIsAPermanentFailure() {
        Path missing = work.resolve("gone.mp4");
        TranscodeException e = failure(() -> run(missing, null));
        assertThat(e).hasMessage("source not found: " + missing);
        assertThat(e.retryable()).isFalse();
    }

    @Test
    void aFolderOrAnEmptyFileIsNotAVideo() throws Exception {
        Path folder = Files.createDirectories(work.resolve("folder.mp4"));
        assertThat(failure(() -> run(folder, null))).hasMessageStartingWith("source is a folder");
        Path empty = Files.createFile(work.resolve("empty.mp4"));
        assertThat(failure(() -> run(empty, null))).hasMessageStartingWith("source is an empty file");
    }

    /**
     * A source the host may not read. Not a file with its permissions removed: root (CI) reads
     * every file, so that test only ever skipped there. A server that refuses the read (403)
     * refuses root too, and goes through the same "permission denied" answer.
     */
    @Test
    void anUnreadableSourceIsRefusedAsAPermanentFailure() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(403, -1);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/private/clip.mp4";
            TranscodeException e = failure(() -> TRANSCODER.transcode(new TranscodeRequest(target, 1,
                    SourceMedia.of(URI.create(url)), null), work.resolve("job-403"), p -> { }));
            assertThat(e).hasMessage("source cannot be read (permission denied): " + url);
            assertThat(e.retryable()).as("asking again will not help").isFalse();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aFileThatIsNotAVideoIsRefused() throws Exception {
        TranscodeException e = failure(() -> run(TestVideos.text(work), null));
        assertThat(e).hasMessageStartingWith("source is not a video FFmpeg can read, or it is damaged");
        assertThat(e.retryable()).isFalse();
    }

    @Test
    void anAudioFileIsSharedAsAacInMp4WithHlsAndAWaveformPoster() throws Exception {
        TranscodeResult result = run(TestVideos.audioOnly(work, 6), ClipRange.ofSeconds(1, 4));

        Path clip = result.files().get(MediaKey.CLIP);
        Probe mp4 = Probe.of(clip);
        assertThat(mp4.has("video")).as("no picture track").isFalse();
        assertThat(mp4.stream("audio", "codec_name")).isEqualTo("aac");
        assertThat(mp4.duration()).isCloseTo(3.0, within(0.1));
        assertThat(Probe.topLevelBoxes(clip).indexOf("moov")).as("moov first").isLessThan(Probe.topLevelBoxes(clip).indexOf("mdat"));
        assertThat(result.artifacts().isAudioOnly()).isTrue();
        assertThat(result.artifacts().mimeType()).isEqualTo("audio/mp4");
        assertThat(result.artifacts().audioCodec()).isEqualTo("aac");
        assertThat(result.artifacts().duration().toMillis()).isBetween(2900L, 3100L);

        Probe segment = Probe.of(result.files().get("hls/seg-00000.ts"));
        assertThat(segment.stream("audio", "codec_name")).isEqualTo("aac");
        assertThat(Probe.segmentTotal(Probe.lines(result.files().get(MediaKey.HLS_PLAYLIST)))).isCloseTo(3.0, within(0.2));

        BufferedImage poster = ImageIO.read(result.files().get(MediaKey.THUMBNAIL).toFile());
        assertThat(poster.getWidth()).isEqualTo(result.artifacts().width()).isEqualTo(1280);
        assertThat(poster.getHeight()).isEqualTo(result.artifacts().height()).isEqualTo(720);
        int middle = poster.getHeight() / 2;
        long lit = java.util.stream.IntStream.range(0, poster.getWidth())
                .filter(x -> (poster.getRGB(x, middle) & 0xff) > 0x80).count();
        assertThat(lit).as("the waveform crosses the middle").isGreaterThan(200);
    }

    @Test
    void aTruncatedMp4WithoutItsIndexIsRefusedAsDamaged() throws Exception {
        // JavaCV writes the moov atom last unless asked: cut the file and the index is gone
        Path cut = TestVideos.truncated(TestVideos.get(SMALL), 0.6, work.resolve("truncated.mp4"));
        TranscodeException e = failure(() -> run(cut, null));
        assertThat(e).hasMessageStartingWith("source is not a video FFmpeg can read, or it is damaged");
        assertThat(e.retryable()).isFalse();
    }

    @Test
    void aTruncatedFastStartMp4ServesWhatSurvivesAndRefusesWhatIsGone() throws Exception {
        Path cut = TestVideos.truncated(TestVideos.get(SMALL.fastStart()), 0.5, work.resolve("half.mp4"));

        TranscodeResult early = run(cut, ClipRange.ofSeconds(0, 1));
        assertThat(TestVideos.frameNumbers(early.files().get(MediaKey.CLIP))).startsWith(0).hasSize(30);

        TranscodeException e = failure(() -> run(cut, ClipRange.ofSeconds(3, 4)));
        assertThat(e).hasMessage("the range 3.000–4.000 s holds no video frame (the source is 4.000 s long)");
    }

    @Test
    void anUnreachableUrlIsARetryableFailure() {
        TranscodeException e = failure(() -> TRANSCODER.transcode(new TranscodeRequest(target, 1,
                SourceMedia.of(URI.create("http://127.0.0.1:9/videos/clip.mp4?key=secret")), null), work.resolve("job"), p -> { }));
        assertThat(e).hasMessage("source could not be reached (connection refused): http://127.0.0.1:9/videos/clip.mp4");
        assertThat(e.retryable()).isTrue();
    }

    // ------------------------------------------------------------------ interruption and work folder

    @Test
    void anInterruptStopsFfmpegPromptlyAndWritesNothingOutsideTheWorkFolder() throws Exception {
        Path source = TestVideos.get(Spec.of(640, 360, 20).codec("mpeg4"));
        Path job = work.resolve("job");
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                TRANSCODER.transcode(new TranscodeRequest(target, 1, SourceMedia.of(source), null), job, p -> {
                    if (p >= 2) {
                        started.countDown();
                    }
                });
                outcome.set(new AssertionError("finished although interrupted"));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        worker.start();
        assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();

        long t0 = System.nanoTime();
        worker.interrupt();
        worker.join(10_000);

        assertThat(worker.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
        try (Stream<Path> files = Files.list(work)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("job");
        }
    }

    @Test
    void everyFileIsWrittenInsideTheWorkFolderUnderItsMediaName() throws Exception {
        TranscodeResult result = run(TestVideos.get(SMALL), ClipRange.ofSeconds(0, 2));

        assertThat(result.files()).containsKeys(MediaKey.CLIP, MediaKey.THUMBNAIL, MediaKey.HLS_PLAYLIST);
        result.files().forEach((name, file) -> {
            assertThat(MediaKey.isValidName(name)).isTrue();
            assertThat(file).startsWith(work.resolve("job")).exists();
            assertThat(work.resolve("job").relativize(file).toString()).isEqualTo(name);
        });
        try (Stream<Path> files = Files.list(work)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("job");
        }
    }
}

package dev.clipshare.transcode;

import dev.clipshare.core.export.ExportRunner;
import dev.clipshare.core.media.FileMediaStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.clipshare.core.ClipRange;
import dev.clipshare.core.Export;
import dev.clipshare.core.ExportJob;
import dev.clipshare.core.ExportStatus;
import dev.clipshare.core.SharingEvent;
import dev.clipshare.core.StorageException;
import dev.clipshare.core.Target;
import dev.clipshare.core.spi.MediaKey;
import dev.clipshare.core.spi.SourceMedia;
import dev.clipshare.core.spi.TranscodeException;
import dev.clipshare.transcode.Fixture.FakeTranscoder;
import dev.clipshare.transcode.Fixture.Gate;
import dev.clipshare.transcode.TestVideos.Spec;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The export runner with the real transcoder (and a stand-in where FFmpeg adds nothing), its store and its media store. */
class ExportRunnerTest {
    private static final Spec SMALL = Spec.of(320, 240, 4);
    private static final JavaCvTranscoder TRANSCODER = JavaCvTranscoder.builder().hlsSegmentDuration(Duration.ofSeconds(1))
            .keyframeInterval(Duration.ofSeconds(1)).build();

    @TempDir
    Path tmp;

    private final Target moment = Target.segment("video-1", "goal");
    private final ExecutorService background = Executors.newCachedThreadPool();

    @AfterEach
    void stopBackground() throws InterruptedException {
        background.shutdownNow();
        background.awaitTermination(30, TimeUnit.SECONDS);
    }

    private Fixture fixture() {
        Fixture f = new Fixture(tmp);
        f.sourceFiles.put("video-1", SourceMedia.of(TestVideos.get(SMALL)));
        return f;
    }

    private static byte[] read(FileMediaStore media, MediaKey key) throws Exception {
        long size = media.stat(key).orElseThrow().size();
        try (InputStream in = media.open(key, 0, size)) {
            return in.readAllBytes();
        }
    }

    // ------------------------------------------------------------------ the happy path

    @Test
    void anExportIsTranscodedPublishedAndOnlyThenCompleted() throws Exception {
        Fixture f = fixture();
        Export requested = f.request(moment, ClipRange.ofSeconds(1, 2.5));

        try (ExportRunner runner = f.runner(TRANSCODER).build()) {
            Export done = runner.runOnce().orElseThrow();

            assertThat(done.status()).isEqualTo(ExportStatus.COMPLETED);
            assertThat(done.id()).isEqualTo(requested.id());
            assertThat(done.artifacts().width()).isEqualTo(320);
            assertThat(done.artifacts().duration().toMillis()).isCloseTo(1500, within(34L));
            assertThat(f.served(moment)).contains(done);
            MediaKey clip = MediaKey.clip(moment, 1);
            assertThat(f.media.stat(clip).orElseThrow().size()).isEqualTo(done.artifacts().clipBytes());
            assertThat(f.media.stat(MediaKey.thumbnail(moment, 1))).isPresent();
            String playlist = new String(read(f.media, MediaKey.hlsPlaylist(moment, 1)));
            assertThat(playlist).contains("#EXT-X-ENDLIST");
            for (String segment : playlist.lines().filter(l -> l.endsWith(".ts")).toList()) {
                assertThat(f.media.stat(new MediaKey(moment, 1, "hls/" + segment))).as(segment).isPresent();
            }
            Probe probe = Probe.of(f.media.pathOf(clip));
            assertThat(probe.stream("video", "codec_name")).isEqualTo("h264");
            assertThat(TestVideos.frameNumbers(f.media.pathOf(clip))).startsWith(30);
            assertThat(f.workFolders()).isEmpty();
            assertThat(runner.runOnce()).isEmpty();
        }
    }

    @Test
    void progressIsReportedFromZeroToHundredWithoutGoingBack() throws Exception {
        Fixture f = fixture();
        Export requested = f.request(moment, ClipRange.ofSeconds(0, 3));

        try (ExportRunner runner = f.runner(TRANSCODER).build()) {
            Export done = runner.runOnce().orElseThrow();

            List<Integer> beats = f.exports.heartbeats.get(requested.id());
            assertThat(beats).first().isEqualTo(0);
            assertThat(beats).isSorted();
            assertThat(beats).filteredOn(p -> p > 0 && p < 100).hasSizeGreaterThan(5);
            assertThat(beats).last().isEqualTo(100);
            assertThat(done.progress()).isEqualTo(100);
        }
    }

    // ------------------------------------------------------------------ bad input

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of("unknown source id", (Function<Path, SourceMedia>) dir -> null, null,
                        "source not found: video-1"),
                Arguments.of("missing file", (Function<Path, SourceMedia>) dir -> SourceMedia.of(dir.resolve("gone.mp4")), null,
                        "source not found: "),
                Arguments.of("folder", (Function<Path, SourceMedia>) dir -> SourceMedia.of(dir), null,
                        "source is a folder, not a video file"),
                Arguments.of("text file", (Function<Path, SourceMedia>) dir -> SourceMedia.of(uncheck(() -> TestVideos.text(dir))), null,
                        "source is not a video FFmpeg can read, or it is damaged"),
                Arguments.of("audio file, range after its end", (Function<Path, SourceMedia>) dir -> SourceMedia.of(uncheck(() -> TestVideos.audioOnly(dir))),
                        ClipRange.ofSeconds(3, 5), "the range holds no audio"),
                Arguments.of("truncated mp4", (Function<Path, SourceMedia>) dir -> SourceMedia.of(uncheck(() ->
                        TestVideos.truncated(TestVideos.get(SMALL), 0.5, dir.resolve("cut.mp4")))), null,
                        "source is not a video FFmpeg can read, or it is damaged"),
                Arguments.of("range after the end", (Function<Path, SourceMedia>) dir -> SourceMedia.of(TestVideos.get(SMALL)),
                        ClipRange.ofSeconds(7, 9), "range starts at 7.000 s, at or after the end of the source (4.000 s)"),
                Arguments.of("zero-length range", (Function<Path, SourceMedia>) dir -> SourceMedia.of(TestVideos.get(SMALL)),
                        ClipRange.ofMillis(2001, 2020), "the range 2.001–2.020 s holds no video frame"));
    }

    interface IoSupplier<T> {
        T get() throws Exception;
    }

    static <T> T uncheck(IoSupplier<T> s) {
        try {
            return s.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputFailsTheExportWithAPlainReasonAndFreesTheWorker(String name, Function<Path, SourceMedia> source, ClipRange range,
                                                                 String reason) throws Exception {
        Fixture f = new Fixture(tmp);
        Path inputs = Files.createDirectories(tmp.resolve("inputs"));
        SourceMedia media = source.apply(inputs);
        if (media != null) {
            f.sourceFiles.put("video-1", media);
        }
        f.sourceFiles.put("video-2", SourceMedia.of(TestVideos.get(SMALL)));
        Export bad = f.request(Target.source("video-1"), range);
        Export good = f.request(Target.source("video-2"), ClipRange.ofSeconds(0, 1));

        try (ExportRunner runner = f.runner(TRANSCODER).build()) {
            Export failed = runner.runOnce().orElseThrow();

            assertThat(failed.id()).isEqualTo(bad.id());
            assertThat(failed.status()).isEqualTo(ExportStatus.FAILED);
            assertThat(failed.failureReason()).startsWith(reason);
            assertThat(failed.attempts()).as("not retried: another try cannot help").isEqualTo(1);
            assertThat(f.media.versions(Target.source("video-1"))).isEmpty();
            assertThat(f.events).anyMatch(e -> e instanceof SharingEvent.ExportFailed x && x.exportId().equals(bad.id()));

            assertThat(runner.runOnce().orElseThrow()).matches(e -> e.id().equals(good.id()) && e.isCompleted(), "the next job completes");
            assertThat(f.workFolders()).isEmpty();
        }
    }

    static Stream<Arguments> awkwardSources() {
        return Stream.of(
                Arguments.of("huge resolution", Spec.of(2560, 1440, 1).noAudio().codec("mpeg4"), 1920, 1080),
                Arguments.of("odd dimensions", Spec.of(321, 241, 1).codec("mpeg4"), 322, 242),
                Arguments.of("portrait", Spec.of(720, 1280, 1).noAudio().codec("mpeg4"), 608, 1080),
                Arguments.of("variable frame rate", Spec.of(320, 240, 3).codec("mpeg4").variableFrameRate(), 320, 240),
                Arguments.of("no audio", Spec.of(320, 240, 2).noAudio(), 320, 240));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("awkwardSources")
    void awkwardButValidSourcesExportFine(String name, Spec spec, int width, int height) throws Exception {
        Fixture f = new Fixture(tmp);
        f.sourceFiles.put("video-1", SourceMedia.of(TestVideos.get(spec)));
        f.request(Target.source("video-1"), null);

        try (ExportRunner runner = f.runner(TRANSCODER).build()) {
            Export done = runner.runOnce().orElseThrow();

            assertThat(done.status()).as(done.failureReason()).isEqualTo(ExportStatus.COMPLETED);
            assertThat(done.artifacts().width()).isEqualTo(width);
            assertThat(done.artifacts().height()).isEqualTo(height);
            assertThat(done.artifacts().audioCodec()).isEqualTo(spec.audio() ? "aac" : null);
            Probe probe = Probe.of(f.media.pathOf(MediaKey.clip(Target.source("video-1"), 1)));
            assertThat(probe.duration()).isCloseTo(spec.seconds(), within(0.05));
        }
    }

    @Test
    void anUnreachableSourceIsRetriedUntilTheAttemptsAreUsedUp() {
        Fixture f = new Fixture(tmp);
        f.sourceFiles.put("video-1", SourceMedia.of(URI.create("http://127.0.0.1:9/clip.mp4")));
        Export requested = f.request(Target.source("video-1"), null);

        try (ExportRunner runner = f.runner(TRANSCODER).build()) {
            Export first = runner.runOnce().orElseThrow();
            assertThat(first.status()).isEqualTo(ExportStatus.PENDING);
            assertThat(first.failureReason()).isEqualTo("source could not be reached (connection refused): http://127.0.0.1:9/clip.mp4");
            assertThat(runner.runOnce().orElseThrow().status()).isEqualTo(ExportStatus.PENDING);
            Export last = runner.runOnce().orElseThrow();

            assertThat(last.id()).isEqualTo(requested.id());
            assertThat(last.status()).isEqualTo(ExportStatus.FAILED);
            assertThat(last.attempts()).isEqualTo(3);
            assertThat(last.failureReason()).endsWith("(gave up after 3 attempts)");
            assertThat(runner.runOnce()).isEmpty();
        }
    }

    @Test
    void aTransientFailureIsRetriedAndThenSucceeds() {
        Fixture f = fixture();
        AtomicInteger calls = new AtomicInteger();
        FakeTranscoder flaky = new FakeTranscoder() {
            @Override
            public dev.clipshare.core.spi.TranscodeResult transcode(dev.clipshare.core.spi.TranscodeRequest request, Path workDir,
                                                                  Progress progress) throws TranscodeException, InterruptedException {
                if (calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("disk hiccup");
                }
                return super.transcode(request, workDir, progress);
            }
        };
        f.request(moment, ClipRange.ofSeconds(0, 1));

        try (ExportRunner runner = f.runner(flaky).build()) {
            Export retried = runner.runOnce().orElseThrow();
            assertThat(retried.status()).isEqualTo(ExportStatus.PENDING);
            assertThat(retried.failureReason()).isEqualTo("unexpected error: disk hiccup");

            Export done = runner.runOnce().orElseThrow();
            assertThat(done.status()).isEqualTo(ExportStatus.COMPLETED);
            assertThat(done.attempts()).isEqualTo(2);
        }
    }

    @Test
    void aMediaStoreThatCannotStoreFailsTheExportAndLeavesNoPartialVersion() throws Exception {
        Fixture f = fixture();
        FileMediaStore real = f.media;
        dev.clipshare.core.spi.MediaStore failing = new dev.clipshare.core.spi.MediaStore() {
            @Override
            public Optional<dev.clipshare.core.spi.MediaObject> stat(MediaKey key) {
                return real.stat(key);
            }

            @Override
            public InputStream open(MediaKey key, long offset, long length) {
                return real.open(key, offset, length);
            }

            @Override
            public void publish(MediaKey key, Path file) {
                if (key.name().equals(MediaKey.CLIP)) {
                    throw new StorageException("disk full");
                }
                real.publish(key, file);
            }

            @Override
            public void deleteVersion(Target target, long version) {
                real.deleteVersion(target, version);
            }
        };
        var sharing = f.sharing.newBuilder().mediaStore(failing).build();
        f.request(moment, ClipRange.ofSeconds(0, 1));

        try (ExportRunner runner = ExportRunner.builder(sharing, new FakeTranscoder(), f.sources).workDirectory(f.workDir)
                .retryDelay(Duration.ZERO).build()) {
            runner.runOnce();
            runner.runOnce();
            Export last = runner.runOnce().orElseThrow();

            assertThat(last.status()).isEqualTo(ExportStatus.FAILED);
            assertThat(last.failureReason()).isEqualTo("cannot store the clip: disk full (gave up after 3 attempts)");
            assertThat(real.versions(moment)).isEmpty();
        }
    }

    // ------------------------------------------------------------------ re-export semantics

    @Test
    void aReExportIsServedOnlyOnceCompleteAndTheOldVersionGoesAfterTheGracePeriod() throws Exception {
        Fixture f = fixture();
        f.request(moment, ClipRange.ofSeconds(0, 1));
        Gate gate = new Gate(TRANSCODER, 30);
        try (ExportRunner runner = f.runner(gate).mediaGracePeriod(Duration.ofMinutes(10)).build()) {
            gate.open();
            Export v1 = runner.runOnce().orElseThrow();
            byte[] v1Clip = read(f.media, MediaKey.clip(moment, 1));
            Gate held = new Gate(TRANSCODER, 30);
            try (ExportRunner second = f.runner(held).mediaGracePeriod(Duration.ofMinutes(10)).build()) {
                f.request(moment, ClipRange.ofSeconds(2, 3));
                Future<Optional<Export>> encoding = background.submit(second::runOnce);
                held.awaitReached();

                assertThat(f.served(moment)).contains(v1);
                assertThat(f.exports.latest(moment).orElseThrow().status()).isEqualTo(ExportStatus.PROCESSING);
                assertThat(f.media.stat(MediaKey.clip(moment, 2))).isEmpty();

                held.open();
                Export v2 = encoding.get(60, TimeUnit.SECONDS).orElseThrow();
                assertThat(v2.version()).isEqualTo(2);
                assertThat(f.served(moment)).contains(v2);
                assertThat(TestVideos.frameNumbers(f.media.pathOf(MediaKey.clip(moment, 2)))).startsWith(60);

                // viewers who loaded the old page keep their clip during the grace period
                f.clock.advance(Duration.ofMinutes(9));
                second.collectGarbage();
                assertThat(read(f.media, MediaKey.clip(moment, 1))).isEqualTo(v1Clip);

                f.clock.advance(Duration.ofMinutes(2));
                second.collectGarbage();
                assertThat(f.media.versions(moment)).containsExactly(2L);
                assertThat(f.media.stat(MediaKey.clip(moment, 2))).isPresent();
            }
        }
    }

    @Test
    void aFailedReExportLeavesThePreviousVersionServed() throws Exception {
        Fixture f = fixture();
        f.request(moment, ClipRange.ofSeconds(0, 1));
        try (ExportRunner runner = f.runner(TRANSCODER).mediaGracePeriod(Duration.ZERO).build()) {
            Export v1 = runner.runOnce().orElseThrow();

            f.request(moment, ClipRange.ofSeconds(30, 31)); // the moment was moved past the end of the video
            Export v2 = runner.runOnce().orElseThrow();
            runner.collectGarbage();

            assertThat(v2.status()).isEqualTo(ExportStatus.FAILED);
            assertThat(v2.failureReason()).startsWith("range starts at 30.000 s");
            assertThat(f.served(moment)).contains(v1);
            assertThat(f.media.versions(moment)).containsExactly(1L);
            assertThat(Probe.of(f.media.pathOf(MediaKey.clip(moment, 1))).duration()).isCloseTo(1.0, within(0.034));
        }
    }

    @Test
    void aRangeChangedDuringTheEncodeMakesItsResultStaleAndItsMediaAreDeleted() throws Exception {
        Fixture f = fixture();
        FakeTranscoder fake = new FakeTranscoder();
        f.request(moment, ClipRange.ofSeconds(0, 1));
        try (ExportRunner runner = f.runner(fake).mediaGracePeriod(Duration.ZERO).build()) {
            Export v1 = runner.runOnce().orElseThrow();
            Gate held = new Gate(fake, 50);
            try (ExportRunner slow = f.runner(held).build()) {
                f.request(moment, ClipRange.ofSeconds(1, 2));
                Future<Optional<Export>> encoding = background.submit(slow::runOnce);
                held.awaitReached();

                f.request(moment, ClipRange.ofSeconds(1.5, 2.5)); // the host moved the moment again: version 3
                held.open();
                Export v2 = encoding.get(60, TimeUnit.SECONDS).orElseThrow();

                assertThat(v2.status()).isEqualTo(ExportStatus.FAILED);
                assertThat(v2.failureReason()).startsWith("superseded");
                assertThat(f.served(moment)).contains(v1);
                assertThat(f.media.versions(moment)).containsExactly(1L);
                assertThat(f.events).anyMatch(e -> e instanceof SharingEvent.ExportFailed x && x.version() == 2);
            }
            Export v3 = runner.runOnce().orElseThrow();
            assertThat(v3.version()).isEqualTo(3);
            assertThat(f.served(moment)).contains(v3);
            runner.collectGarbage();
            assertThat(f.media.versions(moment)).containsExactly(3L);
        }
    }

    @Test
    void aRunnerReplacedOnTheSameNodeKeepsTheDeletionScheduleOfTheQueue() {
        Fixture f = fixture();
        FakeTranscoder fake = new FakeTranscoder();
        try (ExportRunner before = f.runner(fake).mediaGracePeriod(Duration.ofMinutes(10)).build()) {
            f.request(moment, ClipRange.ofSeconds(0, 1));
            before.runOnce().orElseThrow();
            f.request(moment, ClipRange.ofSeconds(1, 2));
            before.runOnce().orElseThrow();
        }
        try (ExportRunner after = f.runner(fake).mediaGracePeriod(Duration.ofMinutes(10)).build()) {
            f.clock.advance(Duration.ofMinutes(9));
            after.collectGarbage();
            assertThat(f.media.versions(moment)).as("within the grace period").containsExactly(1L, 2L);
            f.clock.advance(Duration.ofMinutes(2));
            after.collectGarbage();
            assertThat(f.media.versions(moment)).as("the schedule lives in the node's export queue, not in the runner")
                    .containsExactly(2L);
        }
    }

    @Test
    void theDeletionScheduleSurvivesARestartAndKeepsItsTimes() {
        Fixture f = fixture();
        FakeTranscoder fake = new FakeTranscoder();
        try (ExportRunner before = f.runner(fake).mediaGracePeriod(Duration.ofMinutes(10)).build()) {
            f.request(moment, ClipRange.ofSeconds(0, 1));
            before.runOnce().orElseThrow();
            f.request(moment, ClipRange.ofSeconds(1, 2));
            before.runOnce().orElseThrow();
        }
        Fixture restarted = f.restarted(); // a new process: same stores, media and work folder, a new Sharing and queue
        restarted.clock.advance(Duration.ofMinutes(9));
        try (ExportRunner after = restarted.runner(fake).mediaGracePeriod(Duration.ofMinutes(10)).build()) {
            after.collectGarbage();
            assertThat(restarted.media.versions(moment)).as("still within the grace").containsExactly(1L, 2L);
            restarted.clock.advance(Duration.ofMinutes(2));
            after.collectGarbage();
            assertThat(restarted.media.versions(moment)).as("the schedule outlived the first process").containsExactly(2L);
        }
        Fixture third = restarted.restarted();
        third.clock.advance(Duration.ofHours(1));
        try (ExportRunner again = third.runner(fake).build()) {
            assertThat(again.collectGarbage(moment)).as("nothing left to do, nothing rescheduled").isEmpty();
            assertThat(again.collectGarbage(Target.source("never-exported"))).isEmpty();
            assertThat(third.served(moment)).hasValueSatisfying(e -> assertThat(e.version()).isEqualTo(2));
        }
    }

    // ------------------------------------------------------------------ crashes, shutdown, several runners

    @Test
    void aJobLeftInProcessingByACrashedWorkerIsTakenAgainWhenItsLeaseEnds() {
        Fixture f = fixture();
        Export requested = f.request(moment, ClipRange.ofSeconds(0, 1));
        Optional<ExportJob> abandoned = f.sharing.exportQueue().claim("dead-node/worker-0"); // then the node died
        assertThat(abandoned).isPresent();

        try (ExportRunner runner = f.runner(new FakeTranscoder()).build()) {
            assertThat(runner.runOnce()).as("still leased").isEmpty();

            f.clock.advance(Fixture.LEASE.plusSeconds(1));
            Export done = runner.runOnce().orElseThrow();

            assertThat(done.id()).isEqualTo(requested.id());
            assertThat(done.status()).isEqualTo(ExportStatus.COMPLETED);
            assertThat(done.attempts()).isEqualTo(2);
        }
    }

    @Test
    void aWorkerKilledMidEncodeLeavesTheOldVersionServedAndNothingPartialAndItsJobIsTakenAgain() throws Exception {
        Fixture f = fixture();
        f.request(moment, ClipRange.ofSeconds(0, 1));
        try (ExportRunner first = f.runner(TRANSCODER).build()) {
            Export v1 = first.runOnce().orElseThrow();
            f.request(moment, ClipRange.ofSeconds(1, 3));

            // node A starts version 2 and freezes mid-encode: no more heartbeats, as if killed
            Gate frozen = new Gate(TRANSCODER, 20);
            ExportRunner nodeA = f.runner(frozen).nodeId("node-a").heartbeatInterval(Fixture.LEASE.minusSeconds(1)).build();
            Future<Optional<Export>> a = background.submit(nodeA::runOnce);
            frozen.awaitReached();

            assertThat(f.served(moment)).contains(v1);
            assertThat(f.media.versions(moment)).containsExactly(1L);
            assertThat(f.anyPartialFile()).isFalse();
            assertThat(read(f.media, MediaKey.clip(moment, 1))).isNotEmpty();

            // its lease runs out and node B takes the job
            f.clock.advance(Fixture.LEASE.plusSeconds(1));
            try (ExportRunner nodeB = f.runner(TRANSCODER).nodeId("node-b").build()) {
                Export v2 = nodeB.runOnce().orElseThrow();
                assertThat(v2.version()).isEqualTo(2);
                assertThat(v2.status()).isEqualTo(ExportStatus.COMPLETED);
                assertThat(v2.attempts()).isEqualTo(2);
                assertThat(f.exports.claims.get(v2.id())).containsExactly("node-a/caller", "node-b/caller");
            }
            byte[] published = read(f.media, MediaKey.clip(moment, 2));
            var publishedAt = f.media.stat(MediaKey.clip(moment, 2)).orElseThrow().lastModified();

            // node A wakes up: its heartbeat is refused, it stops and publishes nothing
            frozen.open();
            Optional<Export> seenByA = a.get(60, TimeUnit.SECONDS);
            nodeA.close();
            assertThat(seenByA.orElseThrow().status()).isEqualTo(ExportStatus.COMPLETED);
            assertThat(read(f.media, MediaKey.clip(moment, 2))).isEqualTo(published);
            assertThat(f.media.stat(MediaKey.clip(moment, 2)).orElseThrow().lastModified()).as("not published again").isEqualTo(publishedAt);
            assertThat(f.served(moment).orElseThrow().version()).isEqualTo(2);
            assertThat(f.anyPartialFile()).isFalse();
            assertThat(f.workFolders()).isEmpty();
        }
    }

    @Test
    void aKilledExportsWorkFolderIsDeletedAtStartWhateverItsAgeUnlessAnotherRunnerOfThisProcessUsesTheDirectory() throws Exception {
        Fixture f = new Fixture(tmp);
        Path left = Files.createDirectories(f.workDir.resolve("exp-killed-1234abcd")); // a minute old: the process was killed
        Files.writeString(left.resolve("clip.mp4.partial"), "half an encode");

        try (ExportRunner first = f.runner(new FakeTranscoder()).build().start()) {
            assertThat(f.workFolders()).as("nothing of this process works there: all of it is left over").isEmpty();

            Path busy = Files.createDirectories(f.workDir.resolve("exp-running-5678abcd")); // the first runner's job
            try (ExportRunner second = f.runner(new FakeTranscoder()).build().start()) {
                assertThat(f.workFolders()).as("another runner of this process uses the directory").containsExactly(busy);
            }
        }
    }

    @Test
    void aWorkDirectoryThatAnotherProcessUsesKeepsItsRecentFolders() throws Exception {
        Fixture f = new Fixture(tmp);
        Path theirs = Files.createDirectories(f.workDir.resolve("exp-other-process-1234abcd"));
        Path lockFile = f.workDir.resolveSibling(f.workDir.getFileName() + ".lock");
        // the lock the other process's runner holds (taken here, in this JVM, it is just as held)
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(lockFile,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             java.nio.channels.FileLock held = channel.lock();
             ExportRunner runner = f.runner(new FakeTranscoder()).build().start()) {
            assertThat(f.workFolders()).as("another process may be encoding there").containsExactly(theirs);
        }
    }

    @Test
    void closingTheRunnerStopsFfmpegAndHandsTheJobBack() throws Exception {
        Fixture f = new Fixture(tmp);
        f.sourceFiles.put("video-1", SourceMedia.of(TestVideos.get(Spec.of(640, 360, 20).codec("mpeg4"))));
        Export requested = f.request(Target.source("video-1"), null);
        CountDownLatch encoding = f.exports.whenProgressReaches(2);

        ExportRunner runner = f.runner(TRANSCODER).build().start();
        assertThat(encoding.await(60, TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        runner.close();

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        Export after = f.export(requested.id());
        assertThat(after.status()).isEqualTo(ExportStatus.PENDING);
        assertThat(after.attempts()).as("a release is not an attempt").isZero();
        assertThat(after.leaseOwner()).isNull();
        assertThat(f.media.versions(Target.source("video-1"))).isEmpty();
        assertThat(f.workFolders()).isEmpty();
        assertThatThrownBy(runner::runOnce).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void twoRunnersOnOneStoreNeverRunTheSameJob() throws Exception {
        int jobs = 16;
        CountDownLatch completed = new CountDownLatch(jobs);
        Fixture f = new Fixture(tmp, e -> {
            if (e instanceof SharingEvent.ExportCompleted) {
                completed.countDown();
            }
        });
        Set<String> inFlight = ConcurrentHashMap.newKeySet();
        Set<String> overlaps = ConcurrentHashMap.newKeySet();
        FakeTranscoder counting = new FakeTranscoder() {
            @Override
            public dev.clipshare.core.spi.TranscodeResult transcode(dev.clipshare.core.spi.TranscodeRequest request, Path workDir,
                                                                  Progress progress) throws TranscodeException, InterruptedException {
                String key = request.target() + "@" + request.version();
                if (!inFlight.add(key)) {
                    overlaps.add(key);
                }
                try {
                    return super.transcode(request, workDir, progress);
                } finally {
                    inFlight.remove(key);
                }
            }
        };
        for (int i = 0; i < jobs; i++) {
            f.sourceFiles.put("video-" + i, SourceMedia.of(tmp));
        }

        try (ExportRunner a = f.runner(counting).nodeId("node-a").workers(2).build().start();
             ExportRunner b = f.runner(counting).nodeId("node-b").workers(2).build().start()) {
            for (int i = 0; i < jobs; i++) {
                f.request(Target.source("video-" + i), null);
            }
            assertThat(completed.await(60, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(overlaps).isEmpty();
        assertThat(counting.runs).hasSize(jobs).allSatisfy((k, runs) -> assertThat(runs).as(k).isEqualTo(1));
        assertThat(f.exports.claims).hasSize(jobs).allSatisfy((id, workers) -> assertThat(workers).hasSize(1));
        for (int i = 0; i < jobs; i++) {
            assertThat(f.served(Target.source("video-" + i))).isPresent();
        }
    }

    @Test
    void backgroundWorkersStartALocalRequestAtOnceAndStayFreeAfterBadInput() throws Exception {
        CountDownLatch done = new CountDownLatch(2);
        Fixture f = new Fixture(tmp, e -> {
            if (e instanceof SharingEvent.ExportCompleted || e instanceof SharingEvent.ExportFailed) {
                done.countDown();
            }
        });
        f.sourceFiles.put("video-2", SourceMedia.of(TestVideos.get(SMALL)));
        try (ExportRunner runner = f.runner(TRANSCODER).pollInterval(Duration.ofHours(1)).build().start()) {
            Export bad = f.request(Target.source("video-1"), null);     // the host has no such video
            Export good = f.request(Target.source("video-2"), ClipRange.ofSeconds(0, 1));

            assertThat(done.await(60, TimeUnit.SECONDS)).as("woken by the requests, not by polling").isTrue();
            assertThat(f.export(bad.id()).failureReason()).isEqualTo("source not found: video-1");
            assertThat(f.export(good.id()).status()).isEqualTo(ExportStatus.COMPLETED);
        }
    }

    @Test
    void builderRefusesSettingsThatCannotWork() {
        Fixture f = fixture();
        ExportRunner.Builder b = f.runner(new FakeTranscoder());
        assertThatThrownBy(() -> b.workers(0)).hasMessageContaining("workers must be 1..64, was 0");
        assertThatThrownBy(() -> b.heartbeatInterval(Fixture.LEASE)).hasMessageContaining("shorter than the export lease");
        assertThatThrownBy(() -> b.pollInterval(Duration.ZERO)).hasMessageContaining("pollInterval");
        assertThatThrownBy(() -> ExportRunner.builder(f.sharing, null, f.sources)).isInstanceOf(NullPointerException.class);
        try (ExportRunner r = b.build().start()) {
            assertThatThrownBy(r::start).isInstanceOf(IllegalStateException.class);
        }
    }
}

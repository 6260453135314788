package dev.clipshare.transcode;

import dev.clipshare.core.export.ExportRunner;
import dev.clipshare.core.media.FileMediaStore;
import dev.clipshare.core.spi.SharingStores;
import dev.clipshare.core.ClipRange;
import dev.clipshare.core.Export;
import dev.clipshare.core.ExportArtifacts;
import dev.clipshare.core.ExportId;
import dev.clipshare.core.Principal;
import dev.clipshare.core.Role;
import dev.clipshare.core.SealingKey;
import dev.clipshare.core.Sharing;
import dev.clipshare.core.SharingEvent;
import dev.clipshare.core.SigningKey;
import dev.clipshare.core.Target;
import dev.clipshare.core.memory.InMemoryExportStore;
import dev.clipshare.core.memory.InMemoryShareStore;
import dev.clipshare.core.spi.AccessPolicy;
import dev.clipshare.core.spi.CompletionOutcome;
import dev.clipshare.core.spi.ExportJobStore;
import dev.clipshare.core.spi.ExportStore;
import dev.clipshare.core.spi.SourceMedia;
import dev.clipshare.core.spi.SourceResolver;
import dev.clipshare.core.spi.TranscodeException;
import dev.clipshare.core.spi.TranscodeRequest;
import dev.clipshare.core.spi.TranscodeResult;
import dev.clipshare.core.spi.Transcoder;
import dev.clipshare.testkit.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A host for the runner tests: one team, an editor, in-memory stores, a file media store, a hand-moved clock. */
final class Fixture {
    static final Duration LEASE = Duration.ofMinutes(2);

    final MutableClock clock = MutableClock.at("2026-11-23T10:00:00Z");
    final RecordingExportStore exports;
    final FileMediaStore media;
    final Path workDir;
    final Principal editor = new Principal("u-editor", "Edith Editor");
    final Map<String, SourceMedia> sourceFiles = new ConcurrentHashMap<>();
    final SourceResolver sources = id -> Optional.ofNullable(sourceFiles.get(id));
    final List<SharingEvent> events = new CopyOnWriteArrayList<>();
    final Sharing sharing;
    private final Path tmp;

    Fixture(Path tmp) {
        this(tmp, e -> { });
    }

    Fixture(Path tmp, Consumer<SharingEvent> listener) {
        this(tmp, listener, new RecordingExportStore(new InMemoryExportStore()));
    }

    private Fixture(Path tmp, Consumer<SharingEvent> listener, RecordingExportStore exports) {
        this.tmp = tmp;
        this.exports = exports;
        this.media = new FileMediaStore(tmp.resolve("media"));
        this.workDir = tmp.resolve("work");
        AccessPolicy policy = new AccessPolicy() {
            @Override
            public Optional<String> libraryOf(Target target) {
                return Optional.of("team-1");
            }

            @Override
            public Optional<Role> roleOf(Principal principal, String libraryId) {
                return principal.equals(editor) ? Optional.of(Role.EDITOR) : Optional.empty();
            }
        };
        this.sharing = Sharing.builder()
                .clock(clock)
                .accessPolicy(policy)
                .stores(SharingStores.of(new InMemoryShareStore(), exports))
                .mediaStore(media)
                .eventListener(e -> {
                    events.add(e);
                    listener.accept(e);
                })
                .signingKeys(SigningKey.generate("k1"))
                .sealingKeys(SealingKey.generate("s1"))
                .exportRetries(LEASE, 3)
                .publicBaseUrl("https://clips.example.com")
                .build();
    }

    /** The same host after a process restart: the same stores and media folder, a new {@link Sharing} and export queue. */
    Fixture restarted() {
        return new Fixture(tmp, e -> { }, exports);
    }

    ExportRunner.Builder runner(Transcoder transcoder) {
        return ExportRunner.builder(sharing, transcoder, sources).workDirectory(workDir).retryDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50)).progressInterval(Duration.ZERO);
    }

    Export request(Target target, ClipRange range) {
        return sharing.requestExport(editor, target, range);
    }

    Export export(ExportId id) {
        return exports.find(id).orElseThrow();
    }

    Optional<Export> served(Target target) {
        return exports.latestCompleted(target);
    }

    /** Whether the media store shows any temporary (partial) file anywhere. */
    boolean anyPartialFile() throws IOException {
        try (var walk = Files.walk(media.root())) {
            return walk.anyMatch(p -> p.getFileName().toString().startsWith(".tmp-"));
        }
    }

    /** Job folders still in the work directory. */
    List<Path> workFolders() throws IOException {
        if (!Files.isDirectory(workDir)) {
            return List.of();
        }
        try (var list = Files.list(workDir)) {
            return list.filter(Files::isDirectory).toList(); // not the media-deletion schedule's file
        }
    }

    // ------------------------------------------------------------------ test doubles

    /** The in-memory store, recording every heartbeat's progress per job and who claimed what. */
    static final class RecordingExportStore implements ExportStore, ExportJobStore {
        private final InMemoryExportStore delegate;
        final Map<ExportId, List<Integer>> heartbeats = new ConcurrentHashMap<>();
        final Map<ExportId, List<String>> claims = new ConcurrentHashMap<>();
        private volatile CountDownLatch progressSeen = new CountDownLatch(1);
        private volatile int progressAtLeast = Integer.MAX_VALUE;

        RecordingExportStore(InMemoryExportStore delegate) {
            this.delegate = delegate;
        }

        /** A latch released when some job reports at least {@code percent}. */
        CountDownLatch whenProgressReaches(int percent) {
            progressSeen = new CountDownLatch(1);
            progressAtLeast = percent;
            return progressSeen;
        }

        @Override
        public Export enqueue(Target target, ClipRange range, Instant now) {
            return delegate.enqueue(target, range, now);
        }

        @Override
        public Optional<Export> find(ExportId id) {
            return delegate.find(id);
        }

        @Override
        public Optional<Export> findVersion(Target target, long version) {
            return delegate.findVersion(target, version);
        }

        @Override
        public Optional<Export> latest(Target target) {
            return delegate.latest(target);
        }

        @Override
        public Optional<Export> latestCompleted(Target target) {
            return delegate.latestCompleted(target);
        }

        @Override
        public Optional<Export> claim(String workerId, Instant now, Duration lease) {
            Optional<Export> e = delegate.claim(workerId, now, lease);
            e.ifPresent(x -> claims.computeIfAbsent(x.id(), k -> new CopyOnWriteArrayList<>()).add(workerId));
            return e;
        }

        @Override
        public boolean heartbeat(ExportId id, String workerId, int progress, Instant now, Duration lease) {
            boolean owned = delegate.heartbeat(id, workerId, progress, now, lease);
            if (owned) {
                heartbeats.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(progress);
                if (progress >= progressAtLeast) {
                    progressSeen.countDown();
                }
            }
            return owned;
        }

        @Override
        public CompletionOutcome complete(ExportId id, String workerId, ExportArtifacts artifacts, Instant now) {
            return delegate.complete(id, workerId, artifacts, now);
        }

        @Override
        public boolean fail(ExportId id, String workerId, String reason, Instant now, boolean retry) {
            return delegate.fail(id, workerId, reason, now, retry);
        }

        @Override
        public boolean release(ExportId id, String workerId, Instant now) {
            return delegate.release(id, workerId, now);
        }
    }

    /**
     * Wraps a transcoder and holds the first transcode that reaches a progress threshold until
     * {@link #open()} (or until its thread is interrupted, which it then passes on), so a test can
     * act while an encode is under way.
     */
    static final class Gate implements Transcoder {
        private final Transcoder delegate;
        private final int threshold;
        final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch open = new CountDownLatch(1);

        Gate(Transcoder delegate, int threshold) {
            this.delegate = delegate;
            this.threshold = threshold;
        }

        void open() {
            open.countDown();
        }

        void awaitReached() throws InterruptedException {
            if (!reached.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError("the encode never reached " + threshold + " %");
            }
        }

        @Override
        public TranscodeResult transcode(TranscodeRequest request, Path workDir, Progress progress)
                throws TranscodeException, InterruptedException {
            return delegate.transcode(request, workDir, p -> {
                if (p >= threshold && open.getCount() > 0) {
                    reached.countDown();
                    try {
                        open.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt(); // the transcoder sees it at its next frame
                    }
                }
                progress.update(p);
            });
        }
    }

    /** A transcoder that writes small stand-in files: for the runner's own logic, where FFmpeg adds nothing. */
    static class FakeTranscoder implements Transcoder {
        static final ExportArtifacts ARTIFACTS = new ExportArtifacts(Duration.ofSeconds(2), 320, 240, 5, "h264", "aac", true);
        final Map<String, Integer> runs = new ConcurrentHashMap<>();

        @Override
        public TranscodeResult transcode(TranscodeRequest request, Path workDir, Progress progress)
                throws TranscodeException, InterruptedException {
            runs.merge(request.target() + "@" + request.version(), 1, Integer::sum);
            try {
                Files.createDirectories(workDir.resolve("hls"));
                for (int p = 0; p <= 100; p += 25) {
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                    progress.update(p);
                }
                Path clip = Files.writeString(workDir.resolve("clip.mp4"), "clip " + request.version());
                Path thumb = Files.writeString(workDir.resolve("thumbnail.jpg"), "jpeg");
                Path playlist = Files.writeString(workDir.resolve("hls/index.m3u8"), "#EXTM3U\n#EXT-X-ENDLIST\n");
                Path seg = Files.writeString(workDir.resolve("hls/seg-00000.ts"), "ts");
                return new TranscodeResult(Map.of("clip.mp4", clip, "thumbnail.jpg", thumb, "hls/index.m3u8", playlist,
                        "hls/seg-00000.ts", seg), ARTIFACTS);
            } catch (IOException e) {
                throw new TranscodeException("cannot write: " + e.getMessage(), true, e);
            }
        }
    }
}

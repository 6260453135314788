package dev.clipshare.servlet.viewer;

import dev.clipshare.core.spi.SharingStores;
import dev.clipshare.core.CreateShareRequest;
import dev.clipshare.core.ExportArtifacts;
import dev.clipshare.core.ExportJob;
import dev.clipshare.core.RateLimit;
import dev.clipshare.core.ViewerLimits;
import dev.clipshare.core.SealingKey;
import dev.clipshare.core.ShareDetails;
import dev.clipshare.core.Sharing;
import dev.clipshare.core.SharingEvent;
import dev.clipshare.core.SigningKey;
import dev.clipshare.core.Target;
import dev.clipshare.core.memory.InMemoryExportStore;
import dev.clipshare.core.memory.InMemoryShareStore;
import dev.clipshare.core.spi.CompletionOutcome;
import dev.clipshare.core.spi.MediaKey;
import dev.clipshare.core.spi.MediaStore;
import dev.clipshare.core.spi.ShareStore;
import dev.clipshare.servlet.ShareFilter;
import dev.clipshare.testkit.MutableClock;
import dev.clipshare.core.media.FileMediaStore;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One host app on a real servlet container on a random loopback port (Jetty 12 unless the
 * classpath registers another {@link TestContainer}): a {@link Sharing} with
 * in-memory stores, a {@link FileMediaStore} in a temporary folder, a hand-moved clock, the
 * {@link ShareFilter} in front of a host servlet that answers everything else with
 * {@code host:<path>}, and the host's own comments endpoint for share viewers
 * ({@link ShareCommentsServlet} at {@code /comments}). Jetty accepts any URI (see {@link JettyContainer}) so that the
 * filter's own path checks, not Jetty's, are what the tests exercise. Start one per test class.
 */
public final class ViewerHost implements AutoCloseable {
    public final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
    public final InMemoryShareStore shares = new InMemoryShareStore();
    public final InMemoryExportStore exports = new InMemoryExportStore();
    public final FileMediaStore media;
    public final TestPolicy policy;
    public final List<SharingEvent> events = new CopyOnWriteArrayList<>();
    public final Sharing sharing;
    public final ShareFilter filter;
    public final String origin;
    public final int port;
    public final Map<String, String> hostPages = new ConcurrentHashMap<>();
    /** The host's comments per video, served to grant holders by {@link ShareCommentsServlet} at {@code /comments}. */
    public final Map<Target, List<ShareCommentsServlet.Comment>> comments = new ConcurrentHashMap<>();

    /** The container this host runs in. */
    public final TestContainer container;
    private final Path mediaRoot;
    private final AtomicInteger sources = new AtomicInteger();

    /** Settings for a host. */
    public record Options(UnaryOperator<Sharing.Builder> sharing, UnaryOperator<ShareFilter.Builder> filter, String baseUrl,
                          UnaryOperator<SharingStores> shareStore, UnaryOperator<MediaStore> mediaStore, boolean loginPage) {
        public static Options defaults() {
            return new Options(b -> b, b -> b, null, s -> s, m -> m, true);
        }

        public Options sharing(UnaryOperator<Sharing.Builder> s) {
            return new Options(s, filter, baseUrl, shareStore, mediaStore, loginPage);
        }

        public Options filter(UnaryOperator<ShareFilter.Builder> f) {
            return new Options(sharing, f, baseUrl, shareStore, mediaStore, loginPage);
        }

        /** A public base URL other than the server's own (cards must use it, not the Host header). */
        public Options baseUrl(String url) {
            return new Options(sharing, filter, url, shareStore, mediaStore, loginPage);
        }

        /** Wraps the stores the facade uses (e.g. to make them fail). */
        public Options stores(UnaryOperator<SharingStores> shares, UnaryOperator<MediaStore> media) {
            return new Options(sharing, filter, baseUrl, shares, media, loginPage);
        }

        /** A host whose policy offers no login page ({@code loginUrl} empty). */
        public Options withoutLoginPage() {
            return new Options(sharing, filter, baseUrl, shareStore, mediaStore, false);
        }
    }

    public ViewerHost() {
        this(Options.defaults());
    }

    public ViewerHost(Options options) {
        try {
            policy = new TestPolicy(options.loginPage());
            mediaRoot = Files.createTempDirectory("clipshare-viewer-media");
            media = new FileMediaStore(mediaRoot);
            container = TestContainer.load();
            port = container.bind(); // bind now: the public base URL needs the port
            origin = "http://127.0.0.1:" + port;

            Sharing.Builder sb = Sharing.builder()
                    .clock(clock)
                    .accessPolicy(policy)
                    .stores(options.shareStore().apply(SharingStores.of(shares, exports)))
                    .mediaStore(options.mediaStore().apply(media))
                    .eventListener(events::add)
                    .signingKeys(SigningKey.generate("k1"))
                    .sealingKeys(SealingKey.generate("s1"))
                    .bcryptCost(10)
                    .viewerLimits(ViewerLimits.defaults().withPerClient(RateLimit.perMinute(1_000_000))
                            .withProbes(RateLimit.perMinute(1_000_000), RateLimit.perMinute(1_000_000)))
                    .publicBaseUrl(options.baseUrl() != null ? options.baseUrl() : origin);
            sharing = options.sharing().apply(sb).build();
            sharing.setSharingEnabled(TestPolicy.OWNER, TestPolicy.LIBRARY, true);
            filter = options.filter().apply(ShareFilter.builder(sharing, policy)
                    .embedAllowedOrigins("http://localhost:" + port)).build();

            container.start(new TestContainer.App(filter, Map.of(
                    "/*", new HostServlet(hostPages),
                    "/comments", new ShareCommentsServlet(sharing, t -> comments.getOrDefault(t, List.of())))));
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test host", e);
        }
    }

    /** The host app behind the filter: a few pages the tests register, and {@code host:<path>} for the rest. */
    private static final class HostServlet extends HttpServlet {
        private final Map<String, String> pages;

        HostServlet(Map<String, String> pages) {
            this.pages = pages;
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
            String page = pages.get(req.getRequestURI());
            res.setContentType(page != null ? "text/html;charset=utf-8" : "text/plain;charset=utf-8");
            res.getOutputStream().write((page != null ? page : "host:" + req.getRequestURI()).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A fresh source id, so every share has its own target and exports. */
    public Target newTarget() {
        return Target.source("video-" + sources.incrementAndGet());
    }

    /** Creates a share (its export queued, not done). */
    public ShareDetails pendingShare(UnaryOperator<CreateShareRequest.Builder> tweak) {
        return sharing.createShare(TestPolicy.EDITOR, tweak.apply(CreateShareRequest.builder(newTarget())).build());
    }

    /** Creates a share and completes its export with the test clip, thumbnail and HLS files. */
    public ShareDetails readyShare(UnaryOperator<CreateShareRequest.Builder> tweak) {
        ShareDetails d = pendingShare(tweak);
        completeExport(d.target(), job -> publishTestMedia(job.export().target(), job.export().version()));
        return d;
    }

    public ShareDetails readyShare() {
        return readyShare(b -> b);
    }

    /** Creates a share of an audio source and completes its export: an AAC clip, a poster, no HLS. */
    public ShareDetails readyAudioShare(UnaryOperator<CreateShareRequest.Builder> tweak) {
        ShareDetails d = pendingShare(tweak);
        ExportJob job = claim(d.target());
        long version = job.export().version();
        media.publish(MediaKey.clip(d.target(), version), TestMedia.get().audioClip);
        media.publish(MediaKey.thumbnail(d.target(), version), TestMedia.get().thumbnail);
        ExportArtifacts artifacts = ExportArtifacts.audio(Duration.ofSeconds(TestMedia.SECONDS), 1280, 720,
                size(media.pathOf(MediaKey.clip(d.target(), version))), "aac", false);
        if (sharing.exportQueue().complete(job, artifacts) != CompletionOutcome.COMPLETED) {
            throw new IllegalStateException("export did not complete");
        }
        return d;
    }

    /** Claims the target's waiting export, lets {@code publish} put its files in place, and completes it. */
    public ExportJob completeExport(Target target, Consumer<ExportJob> publish) {
        return completeExport(target, publish, TestMedia.WIDTH, TestMedia.HEIGHT);
    }

    /** Like {@link #completeExport(Target, Consumer)}, reporting the given size for the export. */
    public ExportJob completeExport(Target target, Consumer<ExportJob> publish, int width, int height) {
        ExportJob job = claim(target);
        publish.accept(job);
        long size = size(media.pathOf(MediaKey.clip(target, job.export().version())));
        ExportArtifacts artifacts = new ExportArtifacts(Duration.ofSeconds(TestMedia.SECONDS), width,
                height, size, "h264", "aac", Files.exists(media.pathOf(MediaKey.hlsPlaylist(target, job.export().version()))));
        if (sharing.exportQueue().complete(job, artifacts) != CompletionOutcome.COMPLETED) {
            throw new IllegalStateException("export did not complete");
        }
        return job;
    }

    /** Fails the target's waiting export for good. */
    public void failExport(Target target) {
        sharing.exportQueue().fail(claim(target), "encoder crashed", false);
    }

    /** Claims the target's waiting export, handing back any other job claimed on the way. */
    private ExportJob claim(Target target) {
        List<ExportJob> others = new java.util.ArrayList<>();
        try {
            while (true) {
                ExportJob job = sharing.exportQueue().claim("test-worker")
                        .orElseThrow(() -> new IllegalStateException("no export waiting for " + target));
                if (job.export().target().equals(target)) {
                    return job;
                }
                others.add(job);
            }
        } finally {
            others.forEach(sharing.exportQueue()::release);
        }
    }

    public void publishTestMedia(Target target, long version) {
        TestMedia m = TestMedia.get();
        media.publish(MediaKey.clip(target, version), m.clip);
        media.publish(MediaKey.thumbnail(target, version), m.thumbnail);
        for (Path p : m.hlsFiles()) {
            media.publish(new MediaKey(target, version, "hls/" + p.getFileName()), p);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The path of a share page on this server, e.g. {@code /s/<token>}. */
    public static String pagePath(ShareDetails d) {
        return "/s/" + d.token().value();
    }

    public String url(String path) {
        return origin + path;
    }

    public <T extends SharingEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public void close() throws Exception {
        container.stop();
        try (var walk = Files.walk(mediaRoot)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

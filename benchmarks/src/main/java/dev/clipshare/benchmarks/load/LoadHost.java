package dev.clipshare.benchmarks.load;

import com.zaxxer.hikari.HikariDataSource;
import dev.clipshare.benchmarks.report.Figure;
import dev.clipshare.core.ViewerLimits;
import dev.clipshare.core.CreateShareRequest;
import dev.clipshare.core.ExportArtifacts;
import dev.clipshare.core.ExportJob;
import dev.clipshare.core.Principal;
import dev.clipshare.core.RateLimit;
import dev.clipshare.core.Role;
import dev.clipshare.core.SealingKey;
import dev.clipshare.core.ShareDetails;
import dev.clipshare.core.Sharing;
import dev.clipshare.core.SigningKey;
import dev.clipshare.core.Target;
import dev.clipshare.core.spi.CompletionOutcome;
import dev.clipshare.core.spi.MediaKey;
import dev.clipshare.core.spi.MediaStore;
import dev.clipshare.core.spi.RateLimiter;
import dev.clipshare.jdbc.JdbcSchema;
import dev.clipshare.jdbc.JdbcStores;
import dev.clipshare.servlet.HttpAccessPolicy;
import dev.clipshare.servlet.ShareFilter;
import dev.clipshare.core.media.FileMediaStore;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The host app the load benchmarks run against: one embedded Jetty 12 (ee10) on a loopback port,
 * a {@link Sharing} on sharing-jdbc stores (write-behind view counting, the default), a
 * {@link FileMediaStore}, the {@link ShareFilter} on every path, and whatever peer servlets a
 * benchmark adds beside it (a trivial servlet, Jetty's static-file servlet), so the peers run in
 * the same container as Clipshare. Closing it stops Jetty, writes pending views, drops the tables
 * it created (when asked) and closes the pool.
 */
final class LoadHost implements AutoCloseable {
    static final String LIBRARY = "bench-library";
    static final Principal OWNER = Principal.of("bench-owner");
    /** High enough that no throughput run is throttled; the defaults (600/min global) would answer 429 within a second. */
    static final RateLimit UNTHROTTLED = RateLimit.perMinute(1_000_000_000L);

    private static final Pattern CONFIG_MP4 = Pattern.compile("\"mp4\":\"([^\"]+)\"");

    final HikariDataSource pool;
    final JdbcStores stores;
    final MediaStore media;
    final Sharing sharing;
    final String origin;
    final int port;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final Server server;
    private final boolean dropTables;
    private final RateLimiter limiter;

    /** What the host is built on. */
    record Setup(HikariDataSource pool, String tablePrefix, boolean dropTables, boolean databaseRateLimiter,
                 Path mediaRoot, Map<String, ServletHolder> servlets, Options options) {
        Setup(HikariDataSource pool, String tablePrefix, boolean dropTables, boolean databaseRateLimiter,
              Path mediaRoot, Map<String, ServletHolder> servlets) {
            this(pool, tablePrefix, dropTables, databaseRateLimiter, mediaRoot, servlets, Options.DEFAULTS);
        }
    }

    /**
     * What a section may change beyond {@link Setup}: the rate limiter (built on the host's stores;
     * {@code null}: the in-memory one, or the database's with {@link Setup#databaseRateLimiter}; the host
     * closes it when it is {@link AutoCloseable}), the media store ({@code null}: a {@link FileMediaStore} on
     * {@link Setup#mediaRoot}; closed with the host when {@link AutoCloseable}), the filter's trusted proxies,
     * its redirect mode ({@code null}: off), the viewer limits, the public base URL ({@code null}: the host's
     * own origin) and the keys ({@code null}: fresh ones), which the nodes of one cluster share.
     */
    record Options(Function<JdbcStores, RateLimiter> limiter, MediaStore mediaStore, List<String> trustedProxies,
                   Duration mediaRedirects, ViewerLimits limits, String publicBaseUrl, SigningKey signingKey,
                   SealingKey sealingKey) {
        static final Options DEFAULTS = new Options(null, null, List.of(), null, UNTHROTTLED_LIMITS, null, null, null);

        Options limiter(Function<JdbcStores, RateLimiter> f) {
            return new Options(f, mediaStore, trustedProxies, mediaRedirects, limits, publicBaseUrl, signingKey, sealingKey);
        }

        Options mediaStore(MediaStore m) {
            return new Options(limiter, m, trustedProxies, mediaRedirects, limits, publicBaseUrl, signingKey, sealingKey);
        }

        Options trustedProxies(String... proxies) {
            return new Options(limiter, mediaStore, List.of(proxies), mediaRedirects, limits, publicBaseUrl, signingKey, sealingKey);
        }

        Options mediaRedirects(Duration ttl) {
            return new Options(limiter, mediaStore, trustedProxies, ttl, limits, publicBaseUrl, signingKey, sealingKey);
        }

        Options limits(ViewerLimits l) {
            return new Options(limiter, mediaStore, trustedProxies, mediaRedirects, l, publicBaseUrl, signingKey, sealingKey);
        }

        Options cluster(String baseUrl, SigningKey signing, SealingKey sealing) {
            return new Options(limiter, mediaStore, trustedProxies, mediaRedirects, limits, baseUrl, signing, sealing);
        }
    }

    /** Every viewer limit raised out of the way: counted on every request, never refused. */
    static final ViewerLimits UNTHROTTLED_LIMITS = ViewerLimits.defaults().withPerClient(UNTHROTTLED)
            .withProbes(UNTHROTTLED, UNTHROTTLED);

    LoadHost(Setup setup) throws Exception {
        this.pool = setup.pool();
        this.dropTables = setup.dropTables();
        try {
            this.stores = JdbcStores.builder(pool).tablePrefix(setup.tablePrefix()).createSchemaIfMissing(true).build();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        Options o = setup.options();
        this.media = o.mediaStore() != null ? o.mediaStore() : new FileMediaStore(setup.mediaRoot());
        this.limiter = o.limiter() != null ? o.limiter().apply(stores) : setup.databaseRateLimiter() ? stores.rateLimiter() : null;
        this.server = new Server();
        try {
            HttpConfiguration config = new HttpConfiguration();
            config.setSendServerVersion(false);
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config));
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            connector.open(); // bind now: the public base URL needs the port
            this.port = connector.getLocalPort();
            this.origin = "http://127.0.0.1:" + port;

            HttpAccessPolicy policy = new HttpAccessPolicy() {
                @Override
                public Optional<String> libraryOf(Target target) {
                    return Optional.of(LIBRARY);
                }

                @Override
                public Optional<Role> roleOf(Principal principal, String libraryId) {
                    return OWNER.equals(principal) && LIBRARY.equals(libraryId) ? Optional.of(Role.OWNER) : Optional.empty();
                }
            };
            Sharing.Builder b = Sharing.builder()
                    .accessPolicy(policy)
                    .stores(stores)
                    .mediaStore(media)
                    .signingKeys(o.signingKey() != null ? o.signingKey() : SigningKey.generate("bench-k1"))
                    .sealingKeys(o.sealingKey() != null ? o.sealingKey() : SealingKey.generate("bench-s1"))
                    .publicBaseUrl(o.publicBaseUrl() != null ? o.publicBaseUrl() : origin)
                    .viewerLimits(o.limits());
            if (limiter != null) {
                b.rateLimiter(limiter);
            }
            this.sharing = b.build();
            sharing.setSharingEnabled(OWNER, LIBRARY, true);

            ServletContextHandler context = new ServletContextHandler();
            context.setContextPath("/");
            ShareFilter.Builder filter = ShareFilter.builder(sharing, policy).trustedProxies(o.trustedProxies());
            if (o.mediaRedirects() != null) {
                filter.mediaRedirects(o.mediaRedirects());
            }
            context.addFilter(new FilterHolder(filter.build()), "/*",
                    EnumSet.of(DispatcherType.REQUEST));
            setup.servlets().forEach((path, holder) -> context.addServlet(holder, path));
            server.setHandler(context);
            server.start();
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /**
     * Creates a public, password-less share of a fresh target and completes its export: {@code files}
     * puts the artifacts into the version's folder of the media store (by {@link FileMediaStore#publish}
     * or straight into {@link FileMediaStore#pathOf}), then the export completes with the clip's real size.
     */
    ShareDetails readyShare(String sourceId, Consumer<ExportJob> files, int width, int height, Duration duration) {
        Target target = Target.source(sourceId);
        ShareDetails d = sharing.createShare(OWNER, CreateShareRequest.builder(target).title("Load test clip")
                .description("A clip for the load benchmarks").build());
        ExportJob job = sharing.exportQueue().claim("bench-worker")
                .filter(j -> j.export().target().equals(target))
                .orElseThrow(() -> new IllegalStateException("no export queued for " + target));
        files.accept(job);
        long size = media.stat(MediaKey.clip(target, job.export().version()))
                .orElseThrow(() -> new IllegalStateException("no clip published for " + target)).size();
        ExportArtifacts artifacts = new ExportArtifacts(duration, width, height, size, "h264", "aac", false);
        if (sharing.exportQueue().complete(job, artifacts) != CompletionOutcome.COMPLETED) {
            throw new IllegalStateException("export of " + target + " did not complete");
        }
        return d;
    }

    /** The share page's path, e.g. {@code /s/<token>}. */
    static String pagePath(ShareDetails d) {
        return URI.create(d.pageUrl()).getRawPath();
    }

    HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + path)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The clip URL the page hands its player, read from the page as a browser would. */
    static String clipUrlOf(String page) {
        Matcher m = CONFIG_MP4.matcher(page);
        if (!m.find()) {
            throw new IllegalStateException("the share page names no clip");
        }
        return m.group(1).replace("\\u0026", "&").replace("\\u003d", "=");
    }

    /** Answers fixed bytes with fixed headers: the peer of the share page. */
    static final class FixedServlet extends HttpServlet {
        private volatile byte[] body = new byte[0];
        private volatile String contentType = "text/plain";
        private volatile List<Map.Entry<String, String>> headers = List.of();

        void answer(byte[] body, String contentType, List<Map.Entry<String, String>> headers) {
            this.body = body.clone();
            this.contentType = contentType;
            this.headers = List.copyOf(headers);
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            byte[] b = body;
            for (Map.Entry<String, String> h : headers) {
                res.addHeader(h.getKey(), h.getValue());
            }
            res.setStatus(200);
            res.setContentType(contentType);
            res.setContentLength(b.length);
            res.getOutputStream().write(b);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            try {
                closeQuietly(limiter);
                closeQuietly(media);
                stores.close();
            } finally {
                try {
                    if (dropTables) {
                        JdbcSchema.drop(pool, stores.dialect(), stores.tablePrefix());
                    }
                } finally {
                    pool.close();
                }
            }
        }
    }

    private static void closeQuietly(Object o) {
        if (o instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("closing " + o + ": " + e);
            }
        }
    }

    /** Prints figures one per line, for the sections' own mains (RunAll writes the report). */
    static void print(List<Figure> figures) {
        for (Figure f : figures) {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s | %s | %.1f %s", f.section(), f.name(), f.value(), f.unit()));
            if (f.baselineName() != null) {
                sb.append(String.format(Locale.ROOT, " | %s %.1f | ratio %.2f", f.baselineName(), f.baseline(), f.ratio()));
            }
            if (f.target() != null) {
                sb.append(" | ").append(f.target()).append(Boolean.TRUE.equals(f.met()) ? ": met" : ": NOT met");
            }
            if (f.note() != null) {
                sb.append(" | ").append(f.note());
            }
            System.out.println(sb);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

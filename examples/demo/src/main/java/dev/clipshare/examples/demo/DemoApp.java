package dev.clipshare.examples.demo;

import com.zaxxer.hikari.HikariDataSource;
import dev.clipshare.core.Sharing;
import dev.clipshare.core.spi.SourceMedia;
import dev.clipshare.jdbc.JdbcPool;
import dev.clipshare.jdbc.JdbcStores;
import dev.clipshare.jdbc.ViewCounting;
import dev.clipshare.servlet.ShareFilter;
import dev.clipshare.core.export.ExportRunner;
import dev.clipshare.core.media.FileMediaStore;
import dev.clipshare.transcode.JavaCvTranscoder;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.MultipartConfigElement;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ResourceServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Clipshare demo: a small video library on embedded Jetty 12 that embeds every Clipshare
 * module the way a host app would. Started by the README's first command:
 *
 * <pre>{@code
 * ./mvnw -q -pl examples/demo -am package -Dmaven.test.skip && java -jar examples/demo/target/clipshare-demo.jar
 * }</pre>
 *
 * What it wires, in order: the data folder and its keys ({@link DemoKeys}), a HikariCP pool
 * ({@link JdbcPool}) on an H2 file (or the PostgreSQL/MariaDB database configured), Clipshare's
 * JDBC stores with their schema, the demo's own tables ({@link DemoData}), the {@link Sharing}
 * facade with the demo's {@link DemoAccessPolicy}, one {@link ShareFilter} that serves share pages
 * under {@code /s} and the management API under {@code /api}, the demo's pages
 * ({@link DemoServlet}), and, once the server answers, the FFmpeg side in the background: the
 * {@link ExportRunner} with the {@link JavaCvTranscoder}, and the sample video ({@link SampleVideo}).
 *
 * <p>Tests start it in-process with {@link #start(DemoConfig)} on port 0 and close it afterwards.
 */
public final class DemoApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DemoApp.class);
    /** Runs the start-up tasks that go side by side (daemon threads: they never keep the JVM up). */
    private static final Executor STARTER = task -> {
        Thread t = new Thread(task, "clipshare-demo-start");
        t.setDaemon(true);
        t.start();
    };

    private final DemoConfig config;
    private final Server server;
    private final HikariDataSource pool;
    private final JdbcStores stores;
    private final Sharing sharing;
    private final Clock clock;
    private final DemoData data;
    private final URI url;
    private final int port;
    private final Thread mediaStarter;
    private final boolean sampleNeeded;
    private volatile ExportRunner exports;
    private volatile Thread sampleThread;
    private volatile boolean closed;

    private DemoApp(DemoConfig config, Server server, HikariDataSource pool, JdbcStores stores, Sharing sharing, Clock clock,
                    DemoData data, URI url, int port, boolean sampleNeeded) {
        this.config = config;
        this.server = server;
        this.pool = pool;
        this.stores = stores;
        this.sharing = sharing;
        this.clock = clock;
        this.data = data;
        this.url = url;
        this.port = port;
        this.sampleNeeded = sampleNeeded;
        this.mediaStarter = new Thread(this::startMedia, "clipshare-demo-media");
        this.mediaStarter.setDaemon(true);
    }

    /** The port is taken: a message worth showing as it is. */
    public static final class PortInUseException extends IOException {
        private static final long serialVersionUID = 1L;

        PortInUseException(String bind, int port, Throwable cause) {
            super("Port " + port + " on " + bind + " is already in use (is the demo running already?). Stop the other program, "
                    + "or start the demo on another port: PORT=8081 java -jar ..., or PORT=0 for any free port.", cause);
        }
    }

    // ------------------------------------------------------------------ main

    public static void main(String[] args) {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            printHelp(System.out);
            return;
        }
        if (args.length > 0) {
            System.err.println("Clipshare demo: unknown argument " + args[0] + " (settings come from environment variables; see --help)");
            System.exit(2);
        }
        warnAboutUnknownVariables(System.getenv());
        DemoConfig config;
        try {
            config = DemoConfig.load(System.getenv());
        } catch (DemoConfig.ConfigException e) {
            System.err.println("Clipshare demo: " + e.getMessage());
            System.err.println("See --help, or the \"Demo\" section of the README, for every setting.");
            System.exit(2);
            return;
        }
        DemoApp app;
        try {
            app = start(config);
        } catch (PortInUseException e) {
            System.err.println("Clipshare demo: " + e.getMessage());
            System.exit(2);
            return;
        } catch (Exception e) {
            System.err.println("Clipshare demo: cannot start: " + messageOf(e));
            log.debug("start failed", e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "clipshare-demo-shutdown"));
        long startedIn = System.currentTimeMillis() - jvmStart;
        app.printBanner(System.out, startedIn);
    }

    private static String messageOf(Throwable e) {
        StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !b.toString().contains(c.getMessage())) {
                b.append(": ").append(c.getMessage());
            }
        }
        return b.toString();
    }

    private void printBanner(PrintStream out, long startedInMillis) {
        out.println();
        out.println("Clipshare demo is running at " + url + "/");
        out.println("  data folder   " + config.dataDir() + "   (delete it to start over)");
        out.println("  database      " + (config.embeddedDatabase() ? "H2 file " + config.dataDir().resolve("clipshare-demo.mv.db")
                : config.printableDbUrl()));
        out.println(String.format(Locale.ROOT, "  started in    %.1f s (JVM start to the server answering)", startedInMillis / 1000.0));
        if (sampleNeeded) {
            out.println("  sample video  being made in the background (" + config.sampleSeconds() + " s, " + config.sampleWidth() + "x"
                    + config.sampleHeight() + "); the library shows it as preparing until it is ready");
        }
        out.println("Open the URL, pick who you are (owner, editor or viewer) and share a moment. Ctrl+C stops the demo.");
        out.println();
        out.flush();
    }

    static void printHelp(PrintStream out) {
        out.println("Clipshare demo: a small video library that shares clips with Clipshare.");
        out.println();
        out.println("Settings (environment variables; or name a properties file with " + DemoConfig.CONFIG_FILE_ENV
                + "=file, using the keys in brackets):");
        for (DemoConfig.Setting s : DemoConfig.Setting.values()) {
            out.println(String.format(Locale.ROOT, "  %-26s [%s] %s%s", s.env, s.key, s.help,
                    s.defaultValue.isEmpty() ? "" : " (default " + s.defaultValue + ")"));
        }
    }

    private static void warnAboutUnknownVariables(Map<String, String> env) {
        TreeSet<String> known = new TreeSet<>();
        for (DemoConfig.Setting s : DemoConfig.Setting.values()) {
            known.add(s.env);
        }
        known.add(DemoConfig.CONFIG_FILE_ENV);
        for (String name : new TreeSet<>(env.keySet())) {
            if (name.startsWith("CLIPSHARE_") && !known.contains(name)) {
                System.err.println("Clipshare demo: ignoring unknown setting " + name + " (see --help)");
            }
        }
    }

    // ------------------------------------------------------------------ start and stop

    /**
     * Starts the demo: opens the database, starts the server, and starts exports and the sample
     * video in the background. Returns once the server answers.
     *
     * @throws PortInUseException when the port is taken
     * @throws Exception          when the data folder, the database or the server cannot be had (the message says which)
     */
    public static DemoApp start(DemoConfig config) throws Exception {
        Objects.requireNonNull(config, "config");
        Clock clock = Clock.systemUTC();
        Path dataDir = config.dataDir();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new IOException("cannot create the data folder " + dataDir + ": " + e.getMessage(), e);
        }
        if (!Files.isWritable(dataDir)) {
            throw new IOException("the data folder " + dataDir + " is not writable");
        }
        Path videos = Files.createDirectories(dataDir.resolve("videos"));
        Path clips = Files.createDirectories(dataDir.resolve("clips"));
        Path tmp = Files.createDirectories(dataDir.resolve("tmp"));
        DemoKeys keys = DemoKeys.loadOrCreate(dataDir);

        // Two things take most of the start: opening the database (H2, the schema check) and loading
        // the classes of the web side (Jetty, JSON, templates). They do not depend on each other, so
        // the database opens on its own thread while this one binds the port and warms the web side.
        CompletableFuture<Database> database = CompletableFuture.supplyAsync(() -> Database.open(config, clock), STARTER);
        CompletableFuture<Void> warmJson = CompletableFuture.runAsync(DemoServlet::warmUp, STARTER);
        Server server = new Server(threads());
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        Database db = null;
        try {
            connector.setHost(config.bind());
            connector.setPort(config.port());
            server.addConnector(connector);
            try {
                connector.open();   // bind now: with PORT=0 the base URL needs the real port
            } catch (IOException e) {
                if (causedBy(e, BindException.class)) {
                    throw new PortInUseException(config.bind(), config.port(), e);
                }
                throw e;
            }
            int port = connector.getLocalPort();
            URI baseUrl = config.baseUrl(port);
            Assets assets = new Assets();
            warmJson.join();
            db = join(database);
            HikariDataSource pool = db.pool();
            JdbcStores stores = db.stores();
            DemoData data = db.data();

            SignIn signIn = new SignIn(keys.session(), clock, "https".equals(baseUrl.getScheme()));
            DemoAccessPolicy policy = new DemoAccessPolicy(data, signIn);
            Sharing sharing = Sharing.builder()
                    .clock(clock)
                    .accessPolicy(policy)
                    .stores(stores)
                    .mediaStore(new FileMediaStore(clips))
                    .signingKeys(keys.signing())
                    .sealingKeys(keys.sealing())
                    .publicBaseUrl(baseUrl)
                    .bcryptCost(config.bcryptCost())
                    .build();
            ShareFilter clipshare = ShareFilter.builder(sharing, policy)
                    .managementApi("/api")
                    .siteName("Clipshare demo")
                    .build();

            ServletContextHandler context = new ServletContextHandler();
            context.setContextPath("/");
            context.addFilter(new FilterHolder(clipshare), "/*", EnumSet.of(DispatcherType.REQUEST));
            context.addFilter(new FilterHolder(new MediaGuard(data, signIn)), "/media/*", EnumSet.of(DispatcherType.REQUEST));
            ServletHolder media = new ServletHolder("media", ResourceServlet.class);
            media.setInitParameter("baseResource", videos.toUri().toString());
            media.setInitParameter("pathInfoOnly", "true");
            media.setInitParameter("dirAllowed", "false");
            media.setInitParameter("acceptRanges", "true");
            media.setInitParameter("etags", "true");
            context.addServlet(media, "/media/*");
            ServletHolder pages = new ServletHolder("demo",
                    new DemoServlet(data, signIn, sharing, assets, videos, videos, config.uploadMaxMb()));
            long maxBytes = (long) config.uploadMaxMb() * 1024 * 1024;
            pages.getRegistration().setMultipartConfig(
                    new MultipartConfigElement(tmp.toString(), maxBytes, maxBytes + 64 * 1024, 1024 * 1024));
            context.addServlet(pages, "/");
            server.setHandler(context);

            SampleVideo sample = new SampleVideo(data, videos, config.sampleSeconds(), config.sampleWidth(), config.sampleHeight(), clock);
            boolean sampleNeeded = config.sampleSeconds() > 0 && sample.needed();
            server.start();

            DemoApp app = new DemoApp(config, server, pool, stores, sharing, clock, data,
                    URI.create(baseUrl.toString().replaceAll("/$", "")), port, sampleNeeded);
            app.mediaStarter.start();
            return app;
        } catch (Exception | Error e) {
            try {
                server.stop();
                connector.close();   // bound but maybe never started: free the port
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            if (db == null) {
                try {
                    db = database.join();
                } catch (CompletionException | java.util.concurrent.CancellationException notOpened) {
                    // the database did not open (that may be what e is about): nothing to close
                }
            }
            if (db != null) {
                db.close();
            }
            throw e;
        }
    }

    /** The pool, Clipshare's stores and the demo's tables, opened together. */
    private record Database(HikariDataSource pool, JdbcStores stores, DemoData data) {
        static Database open(DemoConfig config, Clock clock) {
            HikariDataSource pool = openPool(config);
            try {
                if (config.embeddedDatabase()) {
                    ownerOnly(config.dataDir()); // H2 created its files with the umask's permissions
                }
                // views go to a durable log in the data folder first: a crash of the demo loses none
                JdbcStores stores = JdbcStores.builder(pool).createSchemaIfMissing(true).clock(clock)
                        .views(ViewCounting.writeBehind(ViewCounting.MAX_INTERVAL, config.dataDir().resolve("view-log"))).build();
                DemoData data = new DemoData(pool, clock);
                data.migrateAndSeed();
                return new Database(pool, stores, data);
            } catch (RuntimeException e) {
                pool.close();
                throw e;
            }
        }

        void close() {
            try {
                stores.close();
            } finally {
                pool.close();
            }
        }
    }

    /** Waits for a start-up task; its failure is thrown as it was. */
    private static <T> T join(CompletableFuture<T> task) throws Exception {
        try {
            return task.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private static QueuedThreadPool threads() {
        QueuedThreadPool threads = new QueuedThreadPool(200, 4);
        threads.setName("clipshare-demo-http");
        return threads;
    }

    /**
     * Makes the embedded database's files (clipshare-demo.mv.db, its trace and lock files) readable
     * and writable by the owner only: they hold the share records and password hashes. Skipped
     * where the file system has no POSIX permissions.
     */
    static void ownerOnly(Path dataDir) {
        try (var files = Files.list(dataDir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("clipshare-demo.")).toList()) {
                Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its own access rules apply
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot restrict the database files in " + dataDir, e);
        }
    }

    private static HikariDataSource openPool(DemoConfig config) {
        JdbcPool.Builder b = JdbcPool.builder(config.jdbcUrl()).poolName("clipshare-demo").maximumPoolSize(10);
        if (!config.dbUser().isEmpty()) {
            b.username(config.dbUser());
        }
        if (!config.dbPassword().isEmpty()) {
            b.password(config.dbPassword());
        }
        if (config.embeddedDatabase()) {
            b.connectionTimeout(Duration.ofSeconds(5));
        }
        try {
            return b.build();
        } catch (RuntimeException e) {
            String why = messageOf(e);
            if (why.contains("already in use") || why.contains("locked by another process")) {
                throw new IllegalStateException("the database in " + config.dataDir() + " is in use by another process"
                        + " (a demo already running on this data folder?). Stop it, or use another folder: CLIPSHARE_DATA_DIR=...", e);
            }
            throw new IllegalStateException("cannot open the database " + config.printableDbUrl() + ": " + why, e);
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The FFmpeg side, off the start-up path (loading the natives takes a moment, more the very
     * first time): the sample video on its own thread, then the export runner. Exports asked
     * for before the runner runs wait in the queue.
     */
    private void startMedia() {
        if (sampleNeeded) {
            SampleVideo sample = new SampleVideo(data, config.dataDir().resolve("videos"), config.sampleSeconds(),
                    config.sampleWidth(), config.sampleHeight(), clock);
            Thread t = new Thread(sample, "clipshare-demo-sample");
            t.setDaemon(true);
            sampleThread = t;
            t.start();
        }
        try {
            Path videos = config.dataDir().resolve("videos");
            ExportRunner runner = ExportRunner.builder(sharing, JavaCvTranscoder.create(), sourceId -> data.video(sourceId)
                            .filter(DemoData.Video::ready)
                            .map(v -> SourceMedia.of(videos.resolve(v.fileName()))))
                    .workers(config.exportWorkers())
                    .workDirectory(config.dataDir().resolve("work"))
                    .progressInterval(Duration.ofMillis(250))
                    .build();
            synchronized (this) {
                if (closed) {
                    runner.close();
                    return;
                }
                exports = runner.start();
            }
        } catch (RuntimeException | LinkageError e) {
            log.error("cannot start the exporter; exports will wait until the demo is restarted", e);
        }
    }

    /** The base URL, e.g. {@code http://localhost:8080} (no trailing slash). */
    public URI url() {
        return url;
    }

    /** The port the server listens on. */
    public int port() {
        return port;
    }

    public DemoConfig config() {
        return config;
    }

    /** The facade, for tests and tools. */
    public Sharing sharing() {
        return sharing;
    }

    /** Whether the export runner is up (it starts in the background). */
    public boolean exportsRunning() {
        return exports != null;
    }

    /** The sample video's state: {@code preparing}, {@code ready} or {@code failed}; empty when there is none. */
    public Optional<String> sampleStatus() {
        return data.video(DemoData.SAMPLE).map(DemoData.Video::status);
    }

    /** Stops everything: the server, running exports (their jobs go back to the queue), the stores and the pool. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        List<Exception> failures = new ArrayList<>();
        try {
            server.stop();
        } catch (Exception e) {
            failures.add(e);
        }
        Thread sample = sampleThread;
        if (sample != null) {
            sample.interrupt();
        }
        ExportRunner runner = exports;
        if (runner != null) {
            runner.close();
        }
        mediaStarter.interrupt();
        try {
            mediaStarter.join(Duration.ofSeconds(10).toMillis());
            if (sample != null) {
                sample.join(Duration.ofSeconds(10).toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            stores.close();
        } catch (RuntimeException e) {
            failures.add(e);
        }
        pool.close();
        for (Exception e : failures) {
            log.warn("while stopping the demo", e);
        }
    }
}

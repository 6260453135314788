package dev.clipshare.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a PostgreSQL and a MariaDB server for the tests, once per JVM, in this order: the local
 * server on loopback (how the project's machines and CI run), a Testcontainers container where a
 * Docker engine answers, and for PostgreSQL an embedded server (zonky) where neither exists.
 * A database that cannot be had is a visible skip (an aborted assumption) on a laptop and a
 * failure when the environment variable {@code CI} is {@code true}.
 *
 * <p>The system property {@code clipshare.test.postgres} ({@code local}, {@code docker},
 * {@code embedded}) and {@code clipshare.test.mariadb} ({@code local}, {@code docker}) pin the
 * source, to try a fallback on a machine that has a local server.
 */
final class DatabaseServers {
    private static final Logger log = LoggerFactory.getLogger(DatabaseServers.class);

    /** How to reach a server as its administrator. */
    record Server(String kind, String host, int port, String adminDatabase, String user, String password, String source) {
    }

    private static Object postgres;
    private static Object mariadb;

    private DatabaseServers() { }

    static synchronized Server postgres() {
        if (postgres == null) {
            postgres = findPostgres();
        }
        return require(postgres);
    }

    static synchronized Server mariadb() {
        if (mariadb == null) {
            mariadb = findMariaDb();
        }
        return require(mariadb);
    }

    private static Server require(Object found) {
        if (found instanceof Server s) {
            return s;
        }
        String reason = (String) found;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail("CI=true and " + reason);
        }
        Assumptions.abort(reason + " (on CI, with CI=true, this fails the build)");
        throw new IllegalStateException("unreachable");
    }

    private static Object findPostgres() {
        String pinned = System.getProperty("clipshare.test.postgres", "").toLowerCase(Locale.ROOT);
        List<String> tried = new ArrayList<>();
        if (pinned.isEmpty() || pinned.equals("local")) {
            Server local = new Server("postgresql", "127.0.0.1", 5432, "test", "postgres", "", "local server");
            if (answers(local, tried)) {
                return local;
            }
        }
        if ((pinned.isEmpty() || pinned.equals("docker")) && dockerAvailable(tried)) {
            try {
                var container = new org.testcontainers.postgresql.PostgreSQLContainer("postgres:16-alpine");
                container.start();
                return new Server("postgresql", container.getHost(), container.getMappedPort(5432), container.getDatabaseName(),
                        container.getUsername(), container.getPassword(), "Testcontainers");
            } catch (RuntimeException e) {
                tried.add("Testcontainers PostgreSQL: " + e.getMessage());
            }
        }
        if (pinned.isEmpty() || pinned.equals("embedded")) {
            try {
                var embedded = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        embedded.close();
                    } catch (java.io.IOException e) {
                        // the JVM is going away anyway
                    }
                }));
                return new Server("postgresql", "localhost", embedded.getPort(), "postgres", "postgres", "", "embedded (zonky)");
            } catch (Exception | LinkageError e) {
                tried.add("embedded PostgreSQL: " + e);
            }
        }
        return "no PostgreSQL to test against; tried " + String.join("; ", tried);
    }

    private static Object findMariaDb() {
        String pinned = System.getProperty("clipshare.test.mariadb", "").toLowerCase(Locale.ROOT);
        List<String> tried = new ArrayList<>();
        if (pinned.isEmpty() || pinned.equals("local")) {
            Server local = new Server("mariadb", "127.0.0.1", 3306, "test", "root", "", "local server");
            if (answers(local, tried)) {
                return local;
            }
        }
        if ((pinned.isEmpty() || pinned.equals("docker")) && dockerAvailable(tried)) {
            try {
                var container = new org.testcontainers.mariadb.MariaDBContainer("mariadb:11.4");
                container.start();
                return new Server("mariadb", container.getHost(), container.getMappedPort(3306), container.getDatabaseName(),
                        "root", container.getPassword(), "Testcontainers");
            } catch (RuntimeException e) {
                tried.add("Testcontainers MariaDB: " + e.getMessage());
            }
        }
        return "no MariaDB to test against; tried " + String.join("; ", tried);
    }

    /** A connection as the administrator to {@code database} on {@code server}, failing fast. */
    static Connection connect(Server server, String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", server.user());
        p.setProperty("password", server.password());
        if (server.kind().equals("postgresql")) {
            p.setProperty("connectTimeout", "2");
            p.setProperty("loginTimeout", "3");
        } else {
            p.setProperty("connectTimeout", "2000");
        }
        return DriverManager.getConnection(url(server, server.host(), server.port(), database, ""), p);
    }

    static String url(Server server, String host, int port, String database, String parameters) {
        String base = "jdbc:" + server.kind() + "://" + host + ":" + port + "/" + database;
        return parameters.isEmpty() ? base : base + "?" + parameters;
    }

    private static boolean answers(Server server, List<String> tried) {
        try (Connection c = connect(server, server.adminDatabase())) {
            return c.isValid(2);
        } catch (SQLException e) {
            tried.add(server.source() + " at " + server.host() + ":" + server.port() + ": " + e.getMessage());
            return false;
        }
    }

    private static boolean dockerAvailable(List<String> tried) {
        try {
            if (org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
                return true;
            }
            tried.add("Testcontainers: no Docker engine");
        } catch (RuntimeException | LinkageError e) {
            tried.add("Testcontainers: " + e.getMessage());
        }
        log.info("no Docker engine for Testcontainers");
        return false;
    }
}

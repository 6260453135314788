package dev.clipshare.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;

/**
 * One test class's own database: a fresh schema with a random name on PostgreSQL, a fresh
 * database on MariaDB, a fresh in-memory database on H2. {@link #close()} closes every pool and
 * stores made here and drops it all, so test runs never see each other's rows.
 */
final class TestDatabase implements AutoCloseable {
    /** Which database. */
    enum Kind { H2, POSTGRESQL, MARIADB }

    static final String PREFIX = "clipshare_";

    private final Kind kind;
    private final DatabaseServers.Server server;
    private final String name;
    private final List<AutoCloseable> opened = new ArrayList<>();

    private TestDatabase(Kind kind, DatabaseServers.Server server, String name) {
        this.kind = kind;
        this.server = server;
        this.name = name;
    }

    /** A fresh, empty database; a skip (or, with CI=true, a failure) when the server cannot be had. */
    static TestDatabase create(Kind kind) {
        String name = "cs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        DatabaseServers.Server server = switch (kind) {
            case H2 -> null;
            case POSTGRESQL -> DatabaseServers.postgres();
            case MARIADB -> DatabaseServers.mariadb();
        };
        TestDatabase db = new TestDatabase(kind, server, name);
        db.admin(switch (kind) {
            case H2 -> "SELECT 1";
            case POSTGRESQL -> "CREATE SCHEMA " + name;
            case MARIADB -> "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
        });
        return db;
    }

    Kind kind() {
        return kind;
    }

    String name() {
        return name;
    }

    JdbcDialect dialect() {
        return kind == Kind.H2 ? JdbcDialect.H2 : kind == Kind.POSTGRESQL ? JdbcDialect.POSTGRESQL : JdbcDialect.MYSQL;
    }

    /** The JDBC URL of this database through {@code host:port} (a proxy in fault tests). */
    String jdbcUrl(String host, int port) {
        return switch (kind) {
            case H2 -> "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
            case POSTGRESQL -> DatabaseServers.url(server, host, port, server.adminDatabase(), "currentSchema=" + name);
            case MARIADB -> DatabaseServers.url(server, host, port, name, "");
        };
    }

    String jdbcUrl() {
        return server == null ? jdbcUrl(null, 0) : jdbcUrl(server.host(), server.port());
    }

    String host() {
        return server.host();
    }

    int port() {
        return server.port();
    }

    /** A request-path pool into this database, closed with it. */
    HikariDataSource pool(String poolName) {
        return pool(poolName, b -> { });
    }

    HikariDataSource pool(String poolName, Consumer<JdbcPool.Builder> tweak) {
        return pool(jdbcUrl(), poolName, tweak);
    }

    HikariDataSource pool(String url, String poolName, Consumer<JdbcPool.Builder> tweak) {
        JdbcPool.Builder b = JdbcPool.builder(url).poolName(poolName).maximumPoolSize(8).minimumIdle(1);
        if (server != null) {
            b.username(server.user()).password(server.password());
        }
        if (kind == Kind.POSTGRESQL) {
            b.property("ApplicationName", poolName); // lets fault tests find this pool's backends
        }
        tweak.accept(b);
        return track(b.build());
    }

    /** Stores over a new pool, synchronous views (the contract reads counts right after adding). */
    JdbcStores stores(String poolName) {
        return stores(pool(poolName), b -> { });
    }

    JdbcStores stores(javax.sql.DataSource pool, Consumer<JdbcStores.Builder> tweak) {
        JdbcStores.Builder b = JdbcStores.builder(pool).tablePrefix(PREFIX).views(ViewCounting.synchronous());
        tweak.accept(b);
        return track(b.build());
    }

    <T extends AutoCloseable> T track(T resource) {
        synchronized (opened) {
            opened.add(resource);
        }
        return resource;
    }

    /** Applies the shipped scripts with Flyway, up to {@code version}. */
    void flyway(int version) {
        flyway(PREFIX, version);
    }

    void flyway(String prefix, int version) {
        HikariDataSource pool = pool("flyway");
        var config = Flyway.configure().dataSource(pool)
                .locations(dialect().schemaLocation())
                .placeholders(Map.of(JdbcSchema.PREFIX_PLACEHOLDER, prefix))
                .table(prefix + "flyway_history")
                .baselineOnMigrate(true).baselineVersion("0") // other tests' tables may be there already
                .target(String.valueOf(version));
        if (kind == Kind.POSTGRESQL) {
            config.schemas(name);
        }
        config.load().migrate();
        pool.close();
    }

    /** Runs statements as the administrator, in this database. */
    void execute(String... sql) {
        try (Connection c = connection(); Statement s = c.createStatement()) {
            for (String each : sql) {
                s.execute(each);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("test setup failed: " + String.join("; ", sql), e);
        }
    }

    /** The first column of the first row of a query, as a long. */
    long queryLong(String sql) {
        try (Connection c = connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("test query failed: " + sql, e);
        }
    }

    /** A connection as the administrator, into this database (the caller closes it). */
    Connection connection() throws SQLException {
        return switch (kind) {
            case H2 -> java.sql.DriverManager.getConnection(jdbcUrl());
            case POSTGRESQL -> {
                Connection c = DatabaseServers.connect(server, server.adminDatabase());
                try (Statement s = c.createStatement()) {
                    s.execute("SET search_path TO " + name);
                }
                yield c;
            }
            case MARIADB -> DatabaseServers.connect(server, name);
        };
    }

    /** Empties the export tables (the export contract's claims see every job of the store). */
    void deleteExports() {
        execute("DELETE FROM " + PREFIX + "exports", "DELETE FROM " + PREFIX + "export_versions");
    }

    /** Whether an index of that name exists on this database's tables. */
    boolean hasIndex(String table, String index) {
        try (Connection c = connection()) {
            String schema = kind == Kind.POSTGRESQL ? name : null;
            String catalog = kind == Kind.MARIADB ? name : null;
            String t = kind == Kind.H2 ? table.toUpperCase(Locale.ROOT) : table;
            try (ResultSet rs = c.getMetaData().getIndexInfo(catalog, schema, t, false, false)) {
                while (rs.next()) {
                    String found = rs.getString("INDEX_NAME");
                    if (found != null && found.equalsIgnoreCase(index)) {
                        return true;
                    }
                }
                return false;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void admin(String sql) {
        if (kind == Kind.H2) {
            execute(sql);
            return;
        }
        try (Connection c = DatabaseServers.connect(server, server.adminDatabase()); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run '" + sql + "' on " + server, e);
        }
    }

    @Override
    public void close() {
        List<AutoCloseable> all;
        synchronized (opened) {
            all = new ArrayList<>(opened);
            opened.clear();
        }
        // stores before pools: closing stores writes pending views through their pool
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                all.get(i).close();
            } catch (Exception e) {
                // keep closing the rest; the database is dropped below anyway
            }
        }
        switch (kind) {
            case H2 -> execute("SHUTDOWN");
            case POSTGRESQL -> admin("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            case MARIADB -> admin("DROP DATABASE IF EXISTS " + name);
        }
    }

    static Duration seconds(double s) {
        return Duration.ofMillis((long) (s * 1000));
    }
}

package dev.clipshare.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A HikariCP pool set up for the request path, for hosts that have no pool of their own: a viewer
 * waits at most about two seconds for a connection (then the page answers 503, not a 30 s hang),
 * connections are validated before use, and the driver's connect and login timeouts (and on
 * PostgreSQL the timeout of the out-of-band cancel a query timeout sends) are bounded too, so a
 * database that went away does not pin the caller or the pool's threads.
 *
 * <pre>{@code
 * HikariDataSource pool = JdbcPool.builder("jdbc:postgresql://db.internal:5432/app")
 *         .username("app").password(System.getenv("DB_PASSWORD"))
 *         .maximumPoolSize(10)
 *         .build();
 * }</pre>
 *
 * <p>Defaults: connection timeout 2 s, validation timeout 1 s, 10 connections at most and 2 kept
 * idle, leak detection off; on MySQL/MariaDB, READ COMMITTED isolation (what the stores ask for).
 * {@link Builder#toHikariConfig()} hands out the configuration for further tuning. The builder
 * is not thread-safe; the pool is.
 */
public final class JdbcPool {
    private JdbcPool() { }

    /** Starts a pool configuration for a JDBC URL ({@code jdbc:postgresql:}, {@code jdbc:mysql:}, {@code jdbc:mariadb:} or {@code jdbc:h2:}). */
    public static Builder builder(String jdbcUrl) {
        return new Builder(jdbcUrl);
    }

    /** Configures a request-path pool. */
    public static final class Builder {
        private final String jdbcUrl;
        private String username;
        private String password;
        private String poolName = "clipshare";
        private int maximumPoolSize = 10;
        private int minimumIdle = 2;
        private Duration connectionTimeout = Duration.ofSeconds(2);
        private Duration validationTimeout = Duration.ofSeconds(1);
        private Duration leakDetectionThreshold = Duration.ZERO;
        private final Map<String, String> properties = new LinkedHashMap<>();

        private Builder(String jdbcUrl) {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            if (!jdbcUrl.startsWith("jdbc:")) {
                throw new IllegalArgumentException("jdbcUrl must start with 'jdbc:', was '" + jdbcUrl + "'");
            }
            this.jdbcUrl = jdbcUrl;
        }

        public Builder username(String username) {
            this.username = Objects.requireNonNull(username, "username");
            return this;
        }

        /** The password (kept only in the pool's configuration, never logged). */
        public Builder password(String password) {
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /** The pool's name in logs, metrics and thread names; default {@code clipshare}. */
        public Builder poolName(String name) {
            Objects.requireNonNull(name, "poolName");
            if (name.isBlank()) {
                throw new IllegalArgumentException("pool name must not be blank");
            }
            this.poolName = name;
            return this;
        }

        /**
         * Most connections open at once (default 10). A few more than the node's cores is
         * plenty: each store call holds a connection for one short transaction.
         */
        public Builder maximumPoolSize(int size) {
            if (size < 1 || size > 1000) {
                throw new IllegalArgumentException("maximum pool size must be 1..1000, was " + size);
            }
            this.maximumPoolSize = size;
            this.minimumIdle = Math.min(minimumIdle, size);
            return this;
        }

        /** Idle connections kept open (default 2, at most the maximum pool size). */
        public Builder minimumIdle(int idle) {
            if (idle < 0 || idle > maximumPoolSize) {
                throw new IllegalArgumentException("minimum idle must be 0.." + maximumPoolSize + ", was " + idle);
            }
            this.minimumIdle = idle;
            return this;
        }

        /** How long a caller waits for a connection before failing (default 2 s; 250 ms to 30 s). */
        public Builder connectionTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "connectionTimeout");
            if (timeout.compareTo(Duration.ofMillis(250)) < 0 || timeout.compareTo(Duration.ofSeconds(30)) > 0) {
                throw new IllegalArgumentException("connection timeout must be 250 ms to 30 s, was " + timeout);
            }
            this.connectionTimeout = timeout;
            if (validationTimeout.compareTo(timeout) >= 0) {
                this.validationTimeout = Duration.ofMillis(Math.max(250, timeout.toMillis() / 2));
            }
            return this;
        }

        /** How long checking that a connection is alive may take (default 1 s; 250 ms up to the connection timeout). */
        public Builder validationTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "validationTimeout");
            if (timeout.compareTo(Duration.ofMillis(250)) < 0 || timeout.compareTo(connectionTimeout) >= 0) {
                throw new IllegalArgumentException("validation timeout must be 250 ms to less than the connection timeout ("
                        + connectionTimeout + "), was " + timeout);
            }
            this.validationTimeout = timeout;
            return this;
        }

        /** Logs a warning for a connection held longer than this; {@link Duration#ZERO} (the default) turns it off. */
        public Builder leakDetectionThreshold(Duration threshold) {
            Objects.requireNonNull(threshold, "leakDetectionThreshold");
            if (!threshold.isZero() && threshold.compareTo(Duration.ofSeconds(2)) < 0) {
                throw new IllegalArgumentException("leak detection threshold must be zero (off) or at least 2 s, was " + threshold);
            }
            this.leakDetectionThreshold = threshold;
            return this;
        }

        /** A driver property, e.g. {@code property("sslmode", "verify-full")}; overrides this builder's defaults. */
        public Builder property(String name, String value) {
            properties.put(Objects.requireNonNull(name, "property name"), Objects.requireNonNull(value, "property value"));
            return this;
        }

        /** The configuration {@link #build()} would start a pool with. */
        public HikariConfig toHikariConfig() {
            HikariConfig c = new HikariConfig();
            c.setJdbcUrl(jdbcUrl);
            if (username != null) {
                c.setUsername(username);
            }
            if (password != null) {
                c.setPassword(password);
            }
            c.setPoolName(poolName);
            c.setMaximumPoolSize(maximumPoolSize);
            c.setMinimumIdle(minimumIdle);
            c.setConnectionTimeout(connectionTimeout.toMillis());
            c.setValidationTimeout(validationTimeout.toMillis());
            c.setLeakDetectionThreshold(leakDetectionThreshold.toMillis());
            long connectSeconds = Math.max(1, (connectionTimeout.toMillis() + 999) / 1000);
            if (jdbcUrl.startsWith("jdbc:postgresql:")) {
                c.addDataSourceProperty("connectTimeout", String.valueOf(connectSeconds));
                c.addDataSourceProperty("loginTimeout", String.valueOf(connectSeconds));
                // a query timeout cancels over a second connection, and the timed-out call waits for
                // that cancel: bound it, or a hung database holds the caller for the driver's 10 s default
                c.addDataSourceProperty("cancelSignalTimeout", String.valueOf(connectSeconds));
                c.addDataSourceProperty("tcpKeepAlive", "true");
            } else if (jdbcUrl.startsWith("jdbc:mysql:") || jdbcUrl.startsWith("jdbc:mariadb:")) {
                c.addDataSourceProperty("connectTimeout", String.valueOf(connectionTimeout.toMillis()));
                c.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
            }
            properties.forEach(c::addDataSourceProperty);
            return c;
        }

        /**
         * Starts the pool.
         *
         * @throws com.zaxxer.hikari.pool.HikariPool.PoolInitializationException when the database cannot be reached at start
         */
        public HikariDataSource build() {
            return new HikariDataSource(toHikariConfig());
        }
    }
}

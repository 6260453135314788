package dev.clipshare.jdbc;

import dev.clipshare.core.StorageException;
import dev.clipshare.jdbc.internal.Db;
import dev.clipshare.jdbc.internal.SchemaRunner;
import dev.clipshare.jdbc.internal.SqlDialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The databases sharing-jdbc speaks. Each has its own schema scripts and the few statements that
 * cannot be portable (upserts, error codes, the schema lock, the rate-limit backend); everything
 * else is the same SQL. {@link JdbcStores.Builder} detects the dialect from the data source unless
 * one is set.
 *
 * <pre>{@code
 * JdbcDialect dialect = JdbcDialect.detect(dataSource);          // or JdbcDialect.POSTGRESQL
 * flyway.locations(dialect.schemaLocation());                    // classpath:dev/clipshare/jdbc/schema/postgresql
 * }</pre>
 *
 * <p>Minimum versions: PostgreSQL 9.5, MySQL 8.0.1, MariaDB 10.6 (all need
 * {@code FOR UPDATE SKIP LOCKED}), H2 2.x.
 */
public enum JdbcDialect {
    /** PostgreSQL. */
    POSTGRESQL(SqlDialect.POSTGRESQL),
    /** MySQL and MariaDB (InnoDB). */
    MYSQL(SqlDialect.MYSQL),
    /** H2, embedded or server. */
    H2(SqlDialect.H2);

    private final SqlDialect sql;

    JdbcDialect(SqlDialect sql) {
        this.sql = sql;
    }

    SqlDialect sql() {
        return sql;
    }

    /**
     * The dialect of the database behind {@code dataSource}, from its JDBC metadata (the product
     * name: PostgreSQL, MySQL, MariaDB or H2).
     *
     * @throws IllegalArgumentException for another database
     * @throws StorageException         when no connection can be had
     */
    public static JdbcDialect detect(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        String product;
        try (Connection c = dataSource.getConnection()) {
            product = c.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw Db.failure("connect to detect the database dialect", e);
        }
        return fromProductName(product);
    }

    /** The dialect for a JDBC product name, e.g. {@code "MariaDB"}. */
    public static JdbcDialect fromProductName(String productName) {
        String p = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        if (p.contains("postgresql")) {
            return POSTGRESQL;
        }
        if (p.contains("mysql") || p.contains("mariadb")) {
            return MYSQL;
        }
        if (p.equals("h2")) {
            return H2;
        }
        throw new IllegalArgumentException("sharing-jdbc supports PostgreSQL, MySQL, MariaDB and H2, not '" + productName
                + "'; implement ShareStore and ExportStore for it and prove them with sharing-testkit");
    }

    /**
     * Where this database's versioned scripts are, as a Flyway location, e.g.
     * {@code classpath:dev/clipshare/jdbc/schema/postgresql}. The scripts use the placeholder
     * {@value JdbcSchema#PREFIX_PLACEHOLDER} for the table prefix.
     */
    public String schemaLocation() {
        return "classpath:" + SchemaRunner.SCHEMA_ROOT + sql.folder();
    }

    /** The classpath resource of the script that drops every Clipshare table, e.g. {@code dev/clipshare/jdbc/drop/h2/drop_clipshare_schema.sql}. */
    public String dropScript() {
        return SchemaRunner.DROP_ROOT + sql.folder() + "/" + SchemaRunner.DROP_SCRIPT;
    }
}

package dev.clipshare.jdbc;

import dev.clipshare.core.StorageException;
import dev.clipshare.jdbc.internal.SchemaRunner;
import dev.clipshare.jdbc.internal.Tables;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Clipshare's tables: the versioned scripts shipped in this jar and a small runner for hosts that
 * do not use a migration tool.
 *
 * <p><b>With Flyway</b> (recommended when the host already uses it), point a dedicated Flyway
 * instance at the dialect's folder, with its own history table and the prefix placeholder:
 * <pre>{@code
 * Flyway.configure().dataSource(dataSource)
 *         .locations(JdbcDialect.POSTGRESQL.schemaLocation())       // V1__… to V5__…
 *         .placeholders(Map.of(JdbcSchema.PREFIX_PLACEHOLDER, "clipshare_"))
 *         .table("clipshare_flyway_history")
 *         .baselineOnMigrate(true).baselineVersion("0")              // the database has other tables: start before V1
 *         .load().migrate();
 * }</pre>
 *
 * <p><b>Without</b>, {@link #migrate} (or {@link JdbcStores.Builder#createSchemaIfMissing})
 * applies the scripts the schema lacks and records them in {@code <prefix>schema_version};
 * running it again, or on several nodes at once, changes nothing. It leaves alone a schema whose
 * tables exist without that table (one Flyway made). Thread-safe.
 */
public final class JdbcSchema {
    /** The Flyway placeholder the scripts use for the table prefix: {@code ${clipshare_prefix}}. */
    public static final String PREFIX_PLACEHOLDER = SchemaRunner.PLACEHOLDER;
    /** The default table prefix. */
    public static final String DEFAULT_PREFIX = "clipshare_";

    private JdbcSchema() { }

    /** The newest script version this jar ships. */
    public static int latestVersion() {
        return SchemaRunner.latestVersion();
    }

    /**
     * Creates the tables, or upgrades them to {@link #latestVersion()}.
     *
     * @return the schema's version afterwards, or -1 when its tables are managed elsewhere
     * @throws IllegalArgumentException for a prefix that is not 1..30 characters of a-z 0-9 _
     * @throws StorageException         when a script fails (on PostgreSQL it leaves nothing behind)
     */
    public static int migrate(DataSource dataSource, JdbcDialect dialect, String tablePrefix) {
        return migrate(dataSource, dialect, tablePrefix, latestVersion());
    }

    /** Like {@link #migrate(DataSource, JdbcDialect, String)}, up to {@code version} only (for staged upgrades). */
    public static int migrate(DataSource dataSource, JdbcDialect dialect, String tablePrefix, int version) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(dialect, "dialect");
        if (version < 1 || version > latestVersion()) {
            throw new IllegalArgumentException("schema version must be 1.." + latestVersion() + ", was " + version);
        }
        return SchemaRunner.migrate(dataSource, dialect.sql(), new Tables(tablePrefix), version);
    }

    /** Drops every Clipshare table with this prefix. Irreversible. */
    public static void drop(DataSource dataSource, JdbcDialect dialect, String tablePrefix) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(dialect, "dialect");
        SchemaRunner.drop(dataSource, dialect.sql(), new Tables(tablePrefix));
    }

    /** A shipped script with the prefix filled in, e.g. to hand to a DBA: {@code script(POSTGRESQL, 1, "acme_")}. */
    public static String script(JdbcDialect dialect, int version, String tablePrefix) {
        Objects.requireNonNull(dialect, "dialect");
        return SchemaRunner.MIGRATIONS.stream().filter(m -> m.version() == version).findFirst()
                .map(m -> SchemaRunner.script(SchemaRunner.SCHEMA_ROOT, dialect.sql(), m.file(), new Tables(tablePrefix)))
                .orElseThrow(() -> new IllegalArgumentException("schema version must be 1.." + latestVersion() + ", was " + version));
    }
}

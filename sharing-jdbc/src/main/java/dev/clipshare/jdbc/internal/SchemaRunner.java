package dev.clipshare.jdbc.internal;

import dev.clipshare.core.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the shipped scripts ({@code V1__…} to {@code V5__…}) that a schema lacks, recording each
 * in {@code <prefix>schema_version}. Several nodes starting at once are serialised by a database
 * lock (an advisory lock on PostgreSQL, {@code GET_LOCK} on MySQL/MariaDB; for H2, which has
 * none, a lock per database URL in this JVM, and scripts written with {@code IF NOT EXISTS}). A schema whose tables exist without that version table was made by
 * someone else (Flyway, a DBA) and is left alone.
 */
public final class SchemaRunner {
    private static final Logger log = LoggerFactory.getLogger(SchemaRunner.class);

    /** The placeholder the scripts use for the table prefix, as Flyway spells it: {@code ${clipshare_prefix}}. */
    public static final String PLACEHOLDER = "clipshare_prefix";
    public static final String SCHEMA_ROOT = "dev/clipshare/jdbc/schema/";
    public static final String DROP_ROOT = "dev/clipshare/jdbc/drop/";
    public static final String DROP_SCRIPT = "drop_clipshare_schema.sql";

    /** One shipped script. */
    public record Migration(int version, String file) { }

    /** Every shipped script, oldest first. */
    public static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "V1__clipshare_schema.sql"),
            new Migration(2, "V2__clipshare_export_claim_index.sql"),
            new Migration(3, "V3__clipshare_rate_limits.sql"),
            new Migration(4, "V4__clipshare_served_export.sql"),
            new Migration(5, "V5__clipshare_served_export_backfill.sql"));

    private SchemaRunner() { }

    public static int latestVersion() {
        return MIGRATIONS.get(MIGRATIONS.size() - 1).version();
    }

    /**
     * Brings the schema up to {@code targetVersion}.
     *
     * @return the version the schema is at afterwards, or -1 when it is managed elsewhere
     */
    public static int migrate(DataSource dataSource, SqlDialect dialect, Tables t, int targetVersion) {
        String lock = "clipshare_schema_" + t.prefix();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            dialect.lockSchema(c, lock);
            try {
                return migrateLocked(c, dialect, t, targetVersion);
            } finally {
                dialect.unlockSchema(c, lock);
            }
        } catch (SQLException e) {
            throw Db.failure("create or upgrade the Clipshare schema (prefix '" + t.prefix() + "')", e);
        }
    }

    private static int migrateLocked(Connection c, SqlDialect dialect, Tables t, int targetVersion) throws SQLException {
        Integer current = currentVersion(c, t);
        if (current == null) {
            if (answers(c, "SELECT 1 FROM " + t.shares() + " WHERE 1 = 0")) {
                log.info("Clipshare tables with prefix '{}' exist without {}: the schema is managed elsewhere"
                        + " (e.g. by Flyway), leaving it as it is", t.prefix(), t.schemaVersion());
                return -1;
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + (dialect == SqlDialect.H2 ? "IF NOT EXISTS " : "") + t.schemaVersion()
                        + " (version INT NOT NULL, script VARCHAR(200) NOT NULL,"
                        + " applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (version))");
            }
            current = 0;
        }
        for (Migration m : MIGRATIONS) {
            if (m.version() <= current || m.version() > targetVersion) {
                continue;
            }
            log.info("applying Clipshare schema script {} (prefix '{}')", m.file(), t.prefix());
            boolean tx = dialect.transactionalDdl();
            if (tx) {
                c.setAutoCommit(false);
            }
            try {
                try (Statement s = c.createStatement()) {
                    for (String sql : statements(script(SCHEMA_ROOT, dialect, m.file(), t))) {
                        s.execute(sql);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t.schemaVersion() + " (version, script) VALUES (?, ?)")) {
                    ps.setInt(1, m.version());
                    ps.setString(2, m.file());
                    ps.executeUpdate();
                } catch (SQLException e) {
                    if (!dialect.isUniqueViolation(e)) {
                        throw e;
                    }
                    // H2: a concurrent runner recorded it first; the script itself is idempotent there
                }
                if (tx) {
                    c.commit();
                }
            } catch (SQLException | RuntimeException e) {
                if (tx) {
                    c.rollback();
                }
                throw e;
            } finally {
                if (tx) {
                    c.setAutoCommit(true);
                }
            }
            current = m.version();
        }
        return current;
    }

    /** The recorded version, 0 when none is recorded, or {@code null} when there is no version table. */
    private static Integer currentVersion(Connection c, Tables t) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM " + t.schemaVersion())) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            return null;
        }
    }

    private static boolean answers(Connection c, String sql) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Drops every Clipshare table with this prefix, including the runner's version table. */
    public static void drop(DataSource dataSource, SqlDialect dialect, Tables t) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            for (String sql : statements(script(DROP_ROOT, dialect, DROP_SCRIPT, t))) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw Db.failure("drop the Clipshare schema (prefix '" + t.prefix() + "')", e);
        }
    }

    /** A shipped script with the prefix filled in. */
    public static String script(String root, SqlDialect dialect, String file, Tables t) {
        String path = root + dialect.folder() + "/" + file;
        try (InputStream in = SchemaRunner.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new StorageException("schema script " + path + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${" + PLACEHOLDER + "}", t.prefix());
        } catch (IOException e) {
            throw new StorageException("could not read schema script " + path, e);
        }
    }

    /** Splits a script into statements at semicolons outside quotes, dropping {@code --} comments. */
    public static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < script.length(); i++) {
            char ch = script.charAt(i);
            if (quoted) {
                current.append(ch);
                if (ch == '\'') {
                    quoted = false; // a doubled quote re-opens at once on the next character
                }
            } else if (ch == '\'') {
                quoted = true;
                current.append(ch);
            } else if (ch == '-' && i + 1 < script.length() && script.charAt(i + 1) == '-') {
                while (i < script.length() && script.charAt(i) != '\n') {
                    i++;
                }
                current.append('\n');
            } else if (ch == ';') {
                add(out, current);
            } else {
                current.append(ch);
            }
        }
        add(out, current);
        return out;
    }

    private static void add(List<String> out, StringBuilder sql) {
        String s = sql.toString().strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
        sql.setLength(0);
    }
}

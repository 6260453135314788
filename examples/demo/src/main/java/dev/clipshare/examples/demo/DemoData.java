package dev.clipshare.examples.demo;

import dev.clipshare.core.Role;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The host app's own data, as any video library has it: users, libraries, who is a member with
 * which role, videos and the moments marked in them. Clipshare never reads these tables; the
 * demo's {@link DemoAccessPolicy} answers its questions from them. Plain JDBC on the same
 * database as Clipshare's tables (portable SQL: H2, PostgreSQL, MariaDB/MySQL), tables prefixed
 * {@code demo_}.
 *
 * <p>Thread-safe: every call borrows a connection for its own duration.
 */
public final class DemoData {
    /** The one library of the demo. */
    public static final String LIBRARY = "studio";
    /** The id of the generated sample video. */
    public static final String SAMPLE = "sample";

    /** A person who can sign in. */
    public record User(String id, String name, String about) { }

    /** A library membership. */
    public record Member(User user, Role role) { }

    /** A video of a library; {@code status} is {@code preparing}, {@code ready} or {@code failed}. */
    public record Video(String id, String libraryId, String title, String fileName, String status, String failure,
                        long durationMs, int width, int height, String videoCodec, long sizeBytes, String uploadedBy,
                        long createdAt) {
        public boolean ready() {
            return "ready".equals(status);
        }

        public String posterName() {
            return id + ".jpg";
        }
    }

    /** A named time range of a video: the host's "moment", shared as a Clipshare segment. */
    public record Moment(String id, String videoId, String name, long startMs, long endMs, String createdBy, long createdAt) { }

    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS demo_users (id VARCHAR(64) NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL,"
                + " about VARCHAR(200) NOT NULL, sort_order INT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS demo_libraries (id VARCHAR(64) NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL)",
        "CREATE TABLE IF NOT EXISTS demo_memberships (library_id VARCHAR(64) NOT NULL, user_id VARCHAR(64) NOT NULL,"
                + " role VARCHAR(16) NOT NULL, PRIMARY KEY (library_id, user_id))",
        "CREATE TABLE IF NOT EXISTS demo_videos (id VARCHAR(64) NOT NULL PRIMARY KEY, library_id VARCHAR(64) NOT NULL,"
                + " title VARCHAR(200) NOT NULL, file_name VARCHAR(200) NOT NULL, status VARCHAR(16) NOT NULL,"
                + " failure VARCHAR(1000), duration_ms BIGINT NOT NULL, width INT NOT NULL, height INT NOT NULL,"
                + " video_codec VARCHAR(64), size_bytes BIGINT NOT NULL, uploaded_by VARCHAR(64), created_at BIGINT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS demo_moments (id VARCHAR(64) NOT NULL PRIMARY KEY, video_id VARCHAR(64) NOT NULL,"
                + " name VARCHAR(200) NOT NULL, start_ms BIGINT NOT NULL, end_ms BIGINT NOT NULL,"
                + " created_by VARCHAR(64) NOT NULL, created_at BIGINT NOT NULL)",
    };

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataSource db;
    private final Clock clock;

    public DemoData(DataSource db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Creates the tables when missing and adds the demo's people and library the first time. */
    public void migrateAndSeed() {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (String ddl : SCHEMA) {
                s.execute(ddl);
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM demo_users")) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return;
                }
            }
            c.setAutoCommit(false);
            try {
                insertUser(c, "olivia", "Olivia Owens", "Owner of the Studio library", 1);
                insertUser(c, "eddie", "Eddie Ellis", "Editor in the Studio library", 2);
                insertUser(c, "vera", "Vera Vance", "Viewer in the Studio library", 3);
                insertUser(c, "nora", "Nora North", "Signed in, but not a member of Studio", 4);
                try (PreparedStatement p = c.prepareStatement("INSERT INTO demo_libraries (id, name) VALUES (?, ?)")) {
                    p.setString(1, LIBRARY);
                    p.setString(2, "Studio");
                    p.executeUpdate();
                }
                insertMember(c, "olivia", Role.OWNER);
                insertMember(c, "eddie", Role.EDITOR);
                insertMember(c, "vera", Role.VIEWER);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set up the demo's tables: " + e.getMessage(), e);
        }
    }

    private static void insertUser(Connection c, String id, String name, String about, int position) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO demo_users (id, name, about, sort_order) VALUES (?, ?, ?, ?)")) {
            p.setString(1, id);
            p.setString(2, name);
            p.setString(3, about);
            p.setInt(4, position);
            p.executeUpdate();
        }
    }

    private static void insertMember(Connection c, String user, Role role) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO demo_memberships (library_id, user_id, role) VALUES (?, ?, ?)")) {
            p.setString(1, LIBRARY);
            p.setString(2, user);
            p.setString(3, role.name());
            p.executeUpdate();
        }
    }

    // ------------------------------------------------------------------ people and libraries

    public List<User> users() {
        return query("SELECT id, name, about FROM demo_users ORDER BY sort_order", List.of(),
                rs -> new User(rs.getString(1), rs.getString(2), rs.getString(3)));
    }

    public Optional<User> user(String id) {
        return query("SELECT id, name, about FROM demo_users WHERE id = ?", List.of(id),
                rs -> new User(rs.getString(1), rs.getString(2), rs.getString(3))).stream().findFirst();
    }

    public Optional<String> libraryName(String libraryId) {
        return query("SELECT name FROM demo_libraries WHERE id = ?", List.of(libraryId), rs -> rs.getString(1)).stream().findFirst();
    }

    public Optional<Role> role(String userId, String libraryId) {
        return query("SELECT role FROM demo_memberships WHERE user_id = ? AND library_id = ?", List.of(userId, libraryId),
                rs -> Role.valueOf(rs.getString(1))).stream().findFirst();
    }

    public List<Member> members(String libraryId) {
        return query("SELECT u.id, u.name, u.about, m.role FROM demo_memberships m JOIN demo_users u ON u.id = m.user_id"
                        + " WHERE m.library_id = ? ORDER BY u.sort_order", List.of(libraryId),
                rs -> new Member(new User(rs.getString(1), rs.getString(2), rs.getString(3)), Role.valueOf(rs.getString(4))));
    }

    // ------------------------------------------------------------------ videos

    private static final String VIDEO_COLUMNS = "id, library_id, title, file_name, status, failure, duration_ms, width, height,"
            + " video_codec, size_bytes, uploaded_by, created_at";

    private static Video video(ResultSet rs) throws SQLException {
        return new Video(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getLong(7), rs.getInt(8), rs.getInt(9), rs.getString(10), rs.getLong(11), rs.getString(12), rs.getLong(13));
    }

    public List<Video> videos(String libraryId) {
        return query("SELECT " + VIDEO_COLUMNS + " FROM demo_videos WHERE library_id = ? ORDER BY created_at DESC, id",
                List.of(libraryId), DemoData::video);
    }

    public Optional<Video> video(String id) {
        return query("SELECT " + VIDEO_COLUMNS + " FROM demo_videos WHERE id = ?", List.of(id), DemoData::video).stream().findFirst();
    }

    /** Records a video that is being made (the sample): {@code preparing}, no facts yet. Replaces an earlier row. */
    public void preparing(String id, String libraryId, String title, String fileName) {
        update("DELETE FROM demo_videos WHERE id = ?", id);
        update("INSERT INTO demo_videos (" + VIDEO_COLUMNS + ") VALUES (?, ?, ?, ?, 'preparing', NULL, 0, 0, 0, NULL, 0, NULL, ?)",
                id, libraryId, title, fileName, clock.millis());
    }

    /** Records a ready video (an upload, or the sample once made). */
    public void ready(String id, String libraryId, String title, String fileName, VideoProbe.Facts facts, String uploadedBy) {
        update("DELETE FROM demo_videos WHERE id = ?", id);
        update("INSERT INTO demo_videos (" + VIDEO_COLUMNS + ") VALUES (?, ?, ?, ?, 'ready', NULL, ?, ?, ?, ?, ?, ?, ?)",
                id, libraryId, title, fileName, facts.durationMs(), facts.width(), facts.height(), facts.videoCodec(),
                facts.bytes(), uploadedBy, clock.millis());
    }

    public void failed(String id, String reason) {
        update("UPDATE demo_videos SET status = 'failed', failure = ? WHERE id = ?",
                reason.length() > 1000 ? reason.substring(0, 1000) : reason, id);
    }

    /** A new id for an uploaded video. */
    public static String newVideoId() {
        return "v-" + randomId();
    }

    // ------------------------------------------------------------------ moments

    private static Moment moment(ResultSet rs) throws SQLException {
        return new Moment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getString(6),
                rs.getLong(7));
    }

    public List<Moment> moments(String videoId) {
        return query("SELECT id, video_id, name, start_ms, end_ms, created_by, created_at FROM demo_moments WHERE video_id = ?"
                + " ORDER BY start_ms, created_at", List.of(videoId), DemoData::moment);
    }

    public Optional<Moment> moment(String videoId, String momentId) {
        return query("SELECT id, video_id, name, start_ms, end_ms, created_by, created_at FROM demo_moments"
                + " WHERE id = ? AND video_id = ?", List.of(momentId, videoId), DemoData::moment).stream().findFirst();
    }

    public Moment addMoment(String videoId, String name, long startMs, long endMs, String createdBy) {
        Moment m = new Moment("m-" + randomId(), videoId, name, startMs, endMs, createdBy, clock.millis());
        update("INSERT INTO demo_moments (id, video_id, name, start_ms, end_ms, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                m.id(), m.videoId(), m.name(), m.startMs(), m.endMs(), m.createdBy(), m.createdAt());
        return m;
    }

    // ------------------------------------------------------------------ plumbing

    private static String randomId() {
        String alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        StringBuilder b = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    @FunctionalInterface
    private interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, List<Object> args, Row<T> row) {
        try (Connection c = db.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            bind(p, args.toArray());
            try (ResultSet rs = p.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row.map(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("demo database query failed: " + e.getMessage(), e);
        }
    }

    private void update(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            bind(p, args);
            p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("demo database update failed: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement p, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                p.setNull(i + 1, Types.VARCHAR);
            } else if (a instanceof Long l) {
                p.setLong(i + 1, l);
            } else if (a instanceof Integer n) {
                p.setInt(i + 1, n);
            } else {
                p.setString(i + 1, a.toString());
            }
        }
    }
}

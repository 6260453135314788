package dev.clipshare.jdbc.internal;

import dev.clipshare.core.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rows of {@link Tables#rateLimits()}: one bucket per key, plain numbers ({@link TokenBucket}).
 * Normally no statement holds a row lock beyond itself and no decision runs a transaction:
 * <ul>
 *   <li><b>PostgreSQL</b> takes a token in one {@code INSERT ... ON CONFLICT DO UPDATE ... RETURNING}:
 *       the database refills the row, takes the token if there is one and answers whether it did,
 *       in one round trip, with the row locked for that statement only;</li>
 *   <li><b>MySQL, MariaDB and H2</b>, which cannot answer from an upsert, read the row and write
 *       it back with a compare-and-set {@code UPDATE ... WHERE units = ? AND refilled_at = ?},
 *       reading again when another node wrote in between (an absent row is inserted, full minus
 *       the token; a duplicate key means another node inserted first, and it reads again). After
 *       {@value #OPTIMISTIC_ATTEMPTS} lost rounds (a hot key) it decides in a short transaction
 *       under the row's lock ({@code SELECT ... FOR UPDATE}) instead, so callers queue rather than
 *       fail. A refusal writes nothing.</li>
 * </ul>
 * Giving a token back is one {@code UPDATE} everywhere (an absent row is a full bucket already).
 * Thread-safe.
 */
public final class RateLimitRows {
    /**
     * Compare-and-set rounds before a decision waits for the row's lock instead (each lost round
     * means another caller decided in between; a hot key would otherwise cost its callers ever
     * more rounds).
     */
    static final int OPTIMISTIC_ATTEMPTS = 4;

    private static final Pattern PARAMETER = Pattern.compile(":([a-z]+)");

    /** The bucket after refilling, {@code :now} etc. being the statement's parameters. */
    private static final String AVAILABLE = "LEAST(:cap, b.units + LEAST(GREATEST(:now - b.refilled_at, 0), :tok) * :rate)";

    private final Db db;
    private final boolean upsertReturning;
    private final Statement take;
    private final Statement give;
    private final String select;
    private final String insert;
    private final String compareAndSet;
    private final String selectForUpdate;

    public RateLimitRows(Db db, Tables t) {
        this.db = db;
        this.upsertReturning = db.dialect() == SqlDialect.POSTGRESQL;
        String rows = t.rateLimits();
        this.take = new Statement("INSERT INTO " + rows + " AS b (id, units, refilled_at, expires_at, granted)"
                + " VALUES (:id, :cap - :tok, :now, :fresh, TRUE) ON CONFLICT (id) DO UPDATE SET"
                + " granted = " + AVAILABLE + " >= :tok,"
                + " units = " + AVAILABLE + " - CASE WHEN " + AVAILABLE + " >= :tok THEN :tok ELSE 0 END,"
                + " refilled_at = GREATEST(b.refilled_at, :now),"
                + " expires_at = GREATEST(b.refilled_at, :now) + (:cap - (" + AVAILABLE + " - CASE WHEN " + AVAILABLE
                + " >= :tok THEN :tok ELSE 0 END) + :rate - 1) / :rate + :keep"
                + " RETURNING granted, units");
        // MySQL evaluates the assignments of an UPDATE left to right, each seeing the ones before:
        // expires_at and units read the old units and refilled_at, so they come first
        String div = db.dialect() == SqlDialect.MYSQL ? " DIV " : " / "; // MySQL's "/" is decimal division
        this.give = new Statement("UPDATE " + rows + " b SET"
                + " expires_at = GREATEST(b.refilled_at, :now) + (:cap - LEAST(:cap, " + AVAILABLE + " + :tok) + :rate - 1)" + div
                + ":rate + :keep,"
                + " units = LEAST(:cap, " + AVAILABLE + " + :tok),"
                + " refilled_at = GREATEST(b.refilled_at, :now)"
                + " WHERE b.id = :id");
        this.select = "SELECT units, refilled_at FROM " + rows + " WHERE id = ?";
        this.insert = "INSERT INTO " + rows + " (id, units, refilled_at, expires_at, granted) VALUES (?, ?, ?, ?, ?)";
        this.compareAndSet = "UPDATE " + rows + " SET units = ?, refilled_at = ?, expires_at = ?, granted = ?"
                + " WHERE id = ? AND units = ? AND refilled_at = ?";
        this.selectForUpdate = select + " FOR UPDATE";
    }

    /**
     * Takes one token from {@code key}'s bucket at {@code now}.
     *
     * @return {@code -1} when a token was taken; otherwise the units the bucket holds (less than one token)
     */
    public long take(String key, TokenBucket b, long now) {
        if (upsertReturning) {
            return db.autocommit("count a rate-limited request", c -> {
                Map<String, Long> values = Map.of("cap", b.capacityUnits(), "tok", b.tokenUnits(), "rate", b.refillPerMs(),
                        "now", now, "keep", b.keepFullFor(), "fresh", b.expiresAt(b.capacityUnits() - b.tokenUnits(), now));
                try (PreparedStatement ps = take.prepare(db, c, key, values); ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new StorageException("counting a rate-limited request returned no row for bucket " + key);
                    }
                    return rs.getBoolean(1) ? -1 : rs.getLong(2);
                }
            });
        }
        Long decided = db.autocommit("count a rate-limited request", c -> {
            for (int attempt = 1; attempt <= OPTIMISTIC_ATTEMPTS; attempt++) {
                Long result = decide(c, key, b, now, false);
                if (result != null) {
                    return result;
                }
            }
            return null;
        });
        if (decided != null) {
            return decided;
        }
        // a key so hot that other nodes kept writing in between: wait for its row lock instead,
        // so a busy bucket makes callers queue, never fail
        return db.transaction("count a rate-limited request", true, c -> {
            Long result = decide(c, key, b, now, true);
            if (result == null) {
                throw new SQLException("rate-limit bucket " + key + " changed while its row was locked");
            }
            return result;
        });
    }

    /**
     * Reads the bucket, refills it and writes it back less a token, with the write conditional on
     * the row being as read. Under the row's lock ({@code locked}, read with {@code FOR UPDATE}) the
     * condition always holds and a missing row is inserted (a duplicate key fails the transaction,
     * which runs again); without it, {@code null} says another writer came first.
     */
    private Long decide(Connection c, String key, TokenBucket b, long now, boolean locked) throws SQLException {
        long units;
        long refilledAt;
        try (PreparedStatement ps = db.prepare(c, locked ? selectForUpdate : select)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    if (locked) {
                        insert(c, key, b, now);
                        return -1L;
                    }
                    return insertFull(c, key, b, now) ? -1L : null;
                }
                units = rs.getLong(1);
                refilledAt = rs.getLong(2);
            }
        }
        long available = b.refill(units, refilledAt, now);
        if (available < b.tokenUnits()) {
            return available; // a refusal changes nothing: the refill is recomputed from the same row next time
        }
        long left = available - b.tokenUnits();
        long at = Math.max(refilledAt, now);
        try (PreparedStatement ps = db.prepare(c, compareAndSet)) {
            ps.setLong(1, left);
            ps.setLong(2, at);
            ps.setLong(3, b.expiresAt(left, at));
            ps.setBoolean(4, true);
            ps.setString(5, key);
            ps.setLong(6, units);
            ps.setLong(7, refilledAt);
            return ps.executeUpdate() == 1 ? -1L : null;
        }
    }

    private void insert(Connection c, String key, TokenBucket b, long now) throws SQLException {
        long left = b.capacityUnits() - b.tokenUnits();
        try (PreparedStatement ps = db.prepare(c, insert)) {
            ps.setString(1, key);
            ps.setLong(2, left);
            ps.setLong(3, now);
            ps.setLong(4, b.expiresAt(left, now));
            ps.setBoolean(5, true);
            ps.executeUpdate();
        }
    }

    private boolean insertFull(Connection c, String key, TokenBucket b, long now) throws SQLException {
        try {
            insert(c, key, b, now);
            return true;
        } catch (SQLException e) {
            if (db.dialect().isUniqueViolation(e)) {
                return false; // another node created the bucket first: read it
            }
            throw e;
        }
    }

    /** Gives one token back to {@code key}'s bucket, never above its capacity. */
    public void give(String key, TokenBucket b, long now) {
        db.autocommit("give back a rate-limit token", c -> {
            Map<String, Long> values = Map.of("cap", b.capacityUnits(), "tok", b.tokenUnits(), "rate", b.refillPerMs(),
                    "now", now, "keep", b.keepFullFor());
            try (PreparedStatement ps = give.prepare(db, c, key, values)) {
                return ps.executeUpdate();
            }
        });
    }

    /** SQL written with {@code :name} parameters, sent with {@code ?} in their place. */
    private static final class Statement {
        private final String sql;
        private final List<String> names = new ArrayList<>();

        Statement(String named) {
            Matcher m = PARAMETER.matcher(named);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                names.add(m.group(1));
                m.appendReplacement(sb, "?");
            }
            m.appendTail(sb);
            this.sql = sb.toString();
        }

        PreparedStatement prepare(Db db, Connection c, String id, Map<String, Long> values) throws SQLException {
            PreparedStatement ps = db.prepare(c, sql);
            try {
                for (int i = 0; i < names.size(); i++) {
                    String name = names.get(i);
                    if (name.equals("id")) {
                        ps.setString(i + 1, id);
                    } else {
                        Long v = values.get(name);
                        if (v == null) {
                            throw new IllegalStateException("no value for :" + name);
                        }
                        ps.setLong(i + 1, v);
                    }
                }
                return ps;
            } catch (SQLException | RuntimeException e) {
                ps.close();
                throw e;
            }
        }
    }
}

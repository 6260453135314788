package dev.clipshare.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The shipped scripts, the runner, Flyway and the contract on an upgraded schema, on PostgreSQL. */
class PostgresSchemaTest extends SchemaTests {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRESQL;
    }

    @Test
    void theRateLimitBucketsSkipTheWriteAheadLogWhoeverMadeTheSchema() {
        db.flyway("unlogged_", 5);

        assertThat(unlogged(TestDatabase.PREFIX + "rate_limits")).as("buckets after the runner's V3").isTrue();
        assertThat(unlogged("unlogged_rate_limits")).as("buckets after Flyway's V3").isTrue();
        assertThat(unlogged(TestDatabase.PREFIX + "shares")).as("shares stay crash-safe").isFalse();
    }

    private boolean unlogged(String table) {
        return db.queryLong("SELECT COUNT(*) FROM pg_class WHERE relname = '" + table + "' AND relpersistence = 'u'"
                + " AND pg_table_is_visible(oid)") == 1;
    }
}

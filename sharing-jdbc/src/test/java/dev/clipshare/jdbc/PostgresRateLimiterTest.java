package dev.clipshare.jdbc;

/** The distributed rate limiter on PostgreSQL (Bucket4j's PostgreSQL backend). */
class PostgresRateLimiterTest extends RateLimiterTests {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRESQL;
    }
}

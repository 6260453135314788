package dev.clipshare.jdbc;

/** The distributed rate limiter on MariaDB (Bucket4j's MySQL backend). */
class MariaDbRateLimiterTest extends RateLimiterTests {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.MARIADB;
    }
}

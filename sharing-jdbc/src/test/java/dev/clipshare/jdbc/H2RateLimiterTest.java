package dev.clipshare.jdbc;

/** The distributed rate limiter on H2 (this module's select-for-update backend). */
class H2RateLimiterTest extends RateLimiterTests {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}

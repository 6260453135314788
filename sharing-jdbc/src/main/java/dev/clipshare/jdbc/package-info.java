/**
 * Clipshare's storage on JDBC: {@link dev.clipshare.jdbc.JdbcStores} builds the
 * {@link dev.clipshare.jdbc.JdbcShareStore share store}, the {@link dev.clipshare.jdbc.JdbcExportStore
 * export store and job queue} and the {@link dev.clipshare.jdbc.JdbcRateLimiter distributed rate
 * limiter} over one data source, for PostgreSQL, MySQL/MariaDB and H2
 * ({@link dev.clipshare.jdbc.JdbcDialect}). {@link dev.clipshare.jdbc.JdbcSchema} ships the
 * versioned table scripts (for Flyway, or applied by a small runner), and
 * {@link dev.clipshare.jdbc.JdbcPool} builds a HikariCP pool with request-path timeouts.
 *
 * <p>Every atomic promise of the storage SPI is kept by the database (unique indexes, row locks,
 * increments, {@code FOR UPDATE SKIP LOCKED}), so any number of application nodes may share one
 * database. Classes in {@code dev.clipshare.jdbc.internal} have no compatibility promise.
 */
package dev.clipshare.jdbc;

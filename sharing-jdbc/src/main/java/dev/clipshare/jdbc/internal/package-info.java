/**
 * The machinery behind {@link dev.clipshare.jdbc.JdbcStores}: SQL per database, row mapping, the
 * transaction helper, the write-behind view buffer, the schema runner. No compatibility promise:
 * hosts use the types of {@code dev.clipshare.jdbc} only.
 */
package dev.clipshare.jdbc.internal;

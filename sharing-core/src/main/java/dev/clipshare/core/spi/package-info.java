/**
 * The interfaces hosts and adapters implement: {@link dev.clipshare.core.spi.AccessPolicy} (every
 * host), {@link dev.clipshare.core.spi.ShareStore} and {@link dev.clipshare.core.spi.ExportStore}
 * (persistence; prove an implementation with sharing-testkit), {@link dev.clipshare.core.spi.MediaStore},
 * {@link dev.clipshare.core.spi.Transcoder}, {@link dev.clipshare.core.spi.SourceResolver},
 * {@link dev.clipshare.core.spi.RateLimiter} and {@link dev.clipshare.core.spi.SharingEventListener}.
 * Each says its thread-safety and atomicity duties.
 */
package dev.clipshare.core.spi;

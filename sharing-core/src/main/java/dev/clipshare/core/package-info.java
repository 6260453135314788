/**
 * The sharing domain: the {@link dev.clipshare.core.Sharing} facade (built with a builder), the
 * value types it speaks (tokens, targets, shares, exports, grants, signed URLs), the viewer's view
 * of a token ({@link dev.clipshare.core.ShareAccess}), and the exceptions, all under
 * {@link dev.clipshare.core.SharingException}.
 *
 * <p>This package knows no servlet, no JDBC, no JSON and no FFmpeg: those live in the
 * sharing-servlet, sharing-jdbc and sharing-transcode modules, which depend on this one.
 */
package dev.clipshare.core;

/**
 * Implementation details of sharing-transcode: the FFmpeg steps (cut, thumbnail, HLS, probe) and
 * their helpers. No compatibility promise; not part of the Javadoc.
 */
package dev.clipshare.transcode.internal;

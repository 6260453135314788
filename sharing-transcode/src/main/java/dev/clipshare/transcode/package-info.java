/**
 * Clip export on FFmpeg: {@link dev.clipshare.transcode.JavaCvTranscoder} turns a time range of a
 * host's video into a web-ready MP4, a thumbnail and an HLS stream, as the
 * {@link dev.clipshare.core.spi.Transcoder} that sharing-core's
 * {@link dev.clipshare.core.export.ExportRunner} drives; {@link dev.clipshare.transcode.ExportCommand}
 * runs one export from the command line. This module is the JavaCV transcoder alone: a host with
 * a transcoder of its own needs only sharing-core for the runner and the file media store.
 *
 * <pre>{@code
 * ExportRunner runner = ExportRunner.builder(sharing, JavaCvTranscoder.create(), sources).build().start();
 * }</pre>
 */
package dev.clipshare.transcode;

/**
 * Clip export on FFmpeg: {@link dev.clipshare.transcode.JavaCvTranscoder} turns a time range of a
 * host's video into a web-ready MP4, a thumbnail and an HLS stream;
 * {@link dev.clipshare.transcode.ExportRunner} drains the export queue of a
 * {@link dev.clipshare.core.Sharing} instance with a bounded worker pool;
 * {@link dev.clipshare.transcode.FileMediaStore} keeps the artifacts on a file system;
 * {@link dev.clipshare.transcode.ExportCommand} runs one export from the command line.
 *
 * <pre>{@code
 * ExportRunner runner = ExportRunner.builder(sharing, JavaCvTranscoder.create(), sources).build().start();
 * }</pre>
 */
package dev.clipshare.transcode;

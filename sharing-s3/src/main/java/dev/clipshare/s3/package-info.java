/**
 * Export artifacts on Amazon S3 or any S3-compatible object store (MinIO, Ceph RGW, Garage,
 * Cloudflare R2, S3Proxy…): {@link dev.clipshare.s3.S3MediaStore}, a
 * {@link dev.clipshare.core.spi.MediaStore} on the AWS SDK for Java v2, shared by every node of a
 * cluster, and {@link dev.clipshare.core.spi.PresignedMedia}, short-lived presigned GET URLs for a
 * redirect mode.
 *
 * <pre>{@code
 * S3MediaStore media = S3MediaStore.builder()
 *         .client(s3Client)                 // or endpoint(...), region(...), credentials(...)
 *         .bucket("clipshare-media")
 *         .prefix("exports/")
 *         .build();
 * Sharing sharing = Sharing.builder().mediaStore(media) ... .build();
 * }</pre>
 */
package dev.clipshare.s3;

package dev.clipshare.s3;

import dev.clipshare.core.spi.PresignedMedia;
import dev.clipshare.core.StorageException;
import dev.clipshare.core.Target;
import dev.clipshare.core.spi.MediaKey;
import dev.clipshare.core.spi.MediaObject;
import dev.clipshare.core.spi.MediaStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * A {@link MediaStore} on Amazon S3 or any S3-compatible object store, through the AWS SDK for
 * Java v2. Every node of a cluster pointed at the same bucket and prefix sees the same media.
 *
 * <pre>{@code
 * // on AWS, with the host's own client (region, credentials, HTTP client are the host's)
 * S3MediaStore media = S3MediaStore.builder().client(s3Client).bucket("clipshare-media").build();
 *
 * // on an S3-compatible server (MinIO, Ceph RGW, Garage, S3Proxy): the store builds its client
 * S3MediaStore media = S3MediaStore.builder()
 *         .endpoint(URI.create("https://minio.internal:9000")).region("us-east-1").pathStyle(true)
 *         .credentials(accessKeyId, secretAccessKey)
 *         .bucket("clipshare").prefix("media/").build();
 * Sharing sharing = Sharing.builder().mediaStore(media) ... .build();
 * }</pre>
 *
 * <p><b>Layout:</b> {@code <prefix><sha256(target key)>/<version>/<name>}, e.g.
 * {@code media/3f2a…/4/hls/seg-00001.ts}, the same relative layout as the file media store. Host
 * ids are hashed, so no id ({@code "a/../b"}, non-ASCII) can escape the prefix.
 *
 * <p><b>Publishing is atomic:</b> a file up to the part size goes up in one PutObject; a larger
 * one as a multipart upload whose parts stay invisible until CompleteMultipartUpload, which S3
 * applies to the key at once. Readers see the previous object or the whole new one, never a
 * partial one; a failed upload is aborted and leaves the previous object in place. Durability
 * is the object store's. Configure a bucket lifecycle rule that aborts incomplete multipart
 * uploads after a day: an upload cut short by a crash or an unreachable store cannot be aborted
 * by this store and would otherwise be billed.
 *
 * <p><b>Reads are ranged and streaming:</b> {@link #open} sends {@code Range: bytes=a-b} (64-bit
 * offsets) and hands the response body to the caller, who must close it; closing early aborts
 * the connection. Memory use does not depend on the object's size.
 *
 * <p><b>Validators:</b> as in the file store, the ETag is {@code "v<version>-<size>"}: bytes
 * under a version never change, so the pair identifies them, and it stays the same when media
 * moves between stores.
 *
 * <p><b>Presigned URLs:</b> with a presigner (built here from the endpoint settings, or passed
 * with {@link Builder#presigner}) this store is also {@link PresignedMedia}; mind the revocation
 * window described there.
 *
 * <p><b>Permissions:</b> {@code s3:GetObject}, {@code s3:PutObject}, {@code s3:DeleteObject},
 * {@code s3:AbortMultipartUpload} on the prefix and {@code s3:ListBucket} on the bucket. Without
 * ListBucket S3 answers 403 instead of 404 for a missing key, which {@link #stat} must report as
 * a {@link StorageException} rather than "nothing published".
 *
 * <p>Thread-safe and immutable. {@link #close()} closes the client and presigner only when this
 * store built them; a host-provided client stays the host's to close.
 */
public final class S3MediaStore implements MediaStore, PresignedMedia, AutoCloseable {
    /** The smallest part S3 accepts (except for the last part): 5 MiB. */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    /** The largest part S3 accepts: 5 GiB. */
    public static final long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;
    /** The default part size, and the size up to which a file goes up in a single request: 16 MiB. */
    public static final long DEFAULT_PART_SIZE = 16L * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(S3MediaStore.class);
    private static final int MAX_PARTS = 10_000;
    private static final int DELETE_BATCH = 1_000;

    private final S3Client s3;
    private final S3Presigner presigner;
    private final boolean ownsClients;
    private final String bucket;
    private final S3Keys keys;
    private final long partSize;

    private S3MediaStore(S3Client s3, S3Presigner presigner, boolean ownsClients, String bucket, S3Keys keys, long partSize) {
        this.s3 = s3;
        this.presigner = presigner;
        this.ownsClients = ownsClients;
        this.bucket = bucket;
        this.keys = keys;
        this.partSize = partSize;
    }

    /** A builder; {@link Builder#bucket} is required, and either a client or endpoint settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** The bucket. */
    public String bucket() {
        return bucket;
    }

    /** The key prefix, empty or ending in {@code /}. */
    public String prefix() {
        return keys.prefix();
    }

    /** The part size of multipart uploads, also the largest file sent in a single request. */
    public long partSize() {
        return partSize;
    }

    /** The object key of an artifact (whether or not it exists). */
    public String objectKey(MediaKey key) {
        return keys.objectKey(key);
    }

    /** The key prefix shared by every artifact of one export version, ending in {@code /}. */
    public String versionPrefix(Target target, long version) {
        return keys.versionPrefix(target, version);
    }

    @Override
    public Optional<MediaObject> stat(MediaKey key) {
        String objectKey = keys.objectKey(key);
        return head(objectKey).map(h -> new MediaObject(h.contentLength(), h.lastModified(),
                etag(key.version(), h.contentLength()), MediaObject.contentTypeOf(key.name())));
    }

    private Optional<HeadObjectResponse> head(String objectKey) {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(bucket).key(objectKey)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("cannot stat", objectKey, e);
        } catch (SdkException e) {
            throw failure("cannot stat", objectKey, e);
        }
    }

    private static String etag(long version, long size) {
        return "\"v" + version + "-" + size + "\"";
    }

    @Override
    public InputStream open(MediaKey key, long offset, long length) {
        if (offset < 0 || length < 0 || offset > Long.MAX_VALUE - length) {
            throw new StorageException("invalid range " + offset + "+" + length);
        }
        String objectKey = keys.objectKey(key);
        if (length == 0) {
            // S3 has no empty range: check existence and bounds with a HEAD instead
            HeadObjectResponse h = head(objectKey).orElseThrow(() -> missing(key, objectKey));
            if (offset > h.contentLength()) {
                throw outside(key, offset, length, h.contentLength());
            }
            return InputStream.nullInputStream();
        }
        ResponseInputStream<GetObjectResponse> body;
        try {
            body = s3.getObject(b -> b.bucket(bucket).key(objectKey).range("bytes=" + offset + "-" + (offset + length - 1)));
        } catch (NoSuchKeyException e) {
            throw missing(key, objectKey);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw missing(key, objectKey);
            }
            if (e.statusCode() == 416) {
                throw new StorageException("range " + offset + "+" + length + " lies outside " + key.name()
                        + " of version " + key.version() + " (" + objectKey + ")", e);
            }
            throw failure("cannot read", objectKey, e);
        } catch (SdkException e) {
            throw failure("cannot read", objectKey, e);
        }
        Long got = body.response().contentLength();
        if (got == null || got != length) {
            // S3 shortens a range that runs past the end instead of refusing it
            body.abort();
            closeQuietly(body);
            throw new StorageException("range " + offset + "+" + length + " lies outside " + key.name()
                    + " of version " + key.version() + " (" + objectKey + ", answered " + got + " bytes)");
        }
        return new RangeStream(body, length);
    }

    @Override
    public void publish(MediaKey key, Path file) {
        Objects.requireNonNull(file, "file");
        String objectKey = keys.objectKey(key);
        long size;
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                throw new StorageException("cannot publish " + objectKey + ": " + file + " is not a regular file");
            }
            size = a.size();
        } catch (NoSuchFileException e) {
            throw new StorageException("cannot publish " + objectKey + ": " + file + " does not exist", e);
        } catch (IOException e) {
            throw new StorageException("cannot publish " + objectKey + ": cannot read " + file, e);
        }
        String contentType = MediaObject.contentTypeOf(key.name());
        if (size <= partSize) {
            try {
                s3.putObject(b -> b.bucket(bucket).key(objectKey).contentType(contentType)
                        .contentLength(size), RequestBody.fromContentProvider(new FilePart(file, 0, size), size, contentType));
            } catch (SdkException | java.io.UncheckedIOException e) {
                throw failure("cannot publish", objectKey, e);
            }
            return;
        }
        publishMultipart(objectKey, file, size, contentType);
    }

    private void publishMultipart(String objectKey, Path file, long size, String contentType) {
        // grow the parts for very large files: S3 takes at most 10,000 of them
        long part = Math.max(partSize, (size + MAX_PARTS - 1) / MAX_PARTS);
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(objectKey).contentType(contentType)).uploadId();
        } catch (SdkException e) {
            throw failure("cannot publish", objectKey, e);
        }
        try {
            List<CompletedPart> done = new ArrayList<>();
            int number = 1;
            for (long offset = 0; offset < size; offset += part, number++) {
                FilePart body = new FilePart(file, offset, Math.min(part, size - offset));
                int partNumber = number;
                UploadPartResponse r = s3.uploadPart(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId)
                        .partNumber(partNumber).contentLength(body.length()),
                        RequestBody.fromContentProvider(body, body.length(), contentType));
                // checksums the SDK computed go back with the part, as the SDK's own multipart code does
                done.add(CompletedPart.builder().partNumber(partNumber).eTag(r.eTag())
                        .checksumCRC32(r.checksumCRC32()).checksumCRC32C(r.checksumCRC32C())
                        .checksumCRC64NVME(r.checksumCRC64NVME()).checksumSHA1(r.checksumSHA1())
                        .checksumSHA256(r.checksumSHA256()).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(done)));
        } catch (SdkException | java.io.UncheckedIOException e) {
            abort(objectKey, uploadId, e);
            throw failure("cannot publish", objectKey, e);
        } catch (RuntimeException | Error e) {
            abort(objectKey, uploadId, e);
            throw e;
        }
    }

    private void abort(String objectKey, String uploadId, Throwable cause) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId));
        } catch (SdkException e) {
            cause.addSuppressed(e);
            log.warn("could not abort the multipart upload of {} (a bucket lifecycle rule should remove it)", objectKey);
        }
    }

    /**
     * Lists the version's prefix and deletes what it finds with DeleteObjects, 1000 keys a call
     * (one DeleteObject per key on a server that answers DeleteObjects with 501). Missing keys
     * and versions are ignored. An artifact published concurrently may survive; the next
     * deletion takes it.
     */
    @Override
    public void deleteVersion(Target target, long version) {
        String versionPrefix = keys.versionPrefix(target, version);
        try {
            List<ObjectIdentifier> batch = new ArrayList<>();
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(versionPrefix)).contents()) {
                batch.add(ObjectIdentifier.builder().key(o.key()).build());
                if (batch.size() == DELETE_BATCH) {
                    deleteBatch(versionPrefix, batch);
                    batch = new ArrayList<>();
                }
            }
            if (!batch.isEmpty()) {
                deleteBatch(versionPrefix, batch);
            }
        } catch (SdkException e) {
            throw failure("cannot delete version " + version + " at", versionPrefix, e);
        }
    }

    private void deleteBatch(String versionPrefix, List<ObjectIdentifier> batch) {
        List<ObjectIdentifier> objects = List.copyOf(batch);
        DeleteObjectsResponse r;
        try {
            r = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(objects).quiet(true)));
        } catch (S3Exception e) {
            if (e.statusCode() != 501) {
                throw e;
            }
            // some S3-compatible servers lack DeleteObjects or refuse its checksum headers
            // (S3Proxy answers 501 to x-amz-checksum-crc32): one request per object then
            log.debug("DeleteObjects not implemented by the store; deleting {} objects one by one", objects.size());
            for (ObjectIdentifier o : objects) {
                s3.deleteObject(b -> b.bucket(bucket).key(o.key()));
            }
            return;
        }
        for (S3Error e : r.errors()) {
            if (!"NoSuchKey".equals(e.code())) {
                throw new StorageException("cannot delete " + e.key() + " under " + versionPrefix + ": " + e.code());
            }
        }
    }

    @Override
    public Optional<URI> presignedGet(MediaKey key, Duration ttl, String contentDisposition) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttl);
        }
        if (contentDisposition != null && contentDisposition.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("contentDisposition must not hold control characters");
        }
        if (presigner == null) {
            return Optional.empty();
        }
        Duration lifetime = ttl.compareTo(MAX_TTL) > 0 ? MAX_TTL : ttl;
        String objectKey = keys.objectKey(key);
        try {
            var url = presigner.presignGetObject(p -> p.signatureDuration(lifetime).getObjectRequest(g -> {
                g.bucket(bucket).key(objectKey).responseContentType(MediaObject.contentTypeOf(key.name()));
                if (contentDisposition != null) {
                    g.responseContentDisposition(contentDisposition);
                }
            })).url();
            return Optional.of(url.toURI());
        } catch (SdkException | URISyntaxException e) {
            throw failure("cannot presign", objectKey, e);
        }
    }

    /** Closes the client and presigner if this store built them; a host's client is left open. */
    @Override
    public void close() {
        if (ownsClients) {
            s3.close();
            if (presigner != null) {
                presigner.close();
            }
        }
    }

    @Override
    public String toString() {
        return "S3MediaStore[bucket=" + bucket + ", prefix=" + keys.prefix() + ", partSize=" + partSize + "]";
    }

    private static StorageException missing(MediaKey key, String objectKey) {
        return new StorageException("no media at " + key.name() + " of version " + key.version() + " (" + objectKey + ")");
    }

    private static StorageException outside(MediaKey key, long offset, long length, long size) {
        return new StorageException("range " + offset + "+" + length + " lies outside " + size + " bytes of " + key.name());
    }

    private StorageException failure(String what, String objectKey, Exception e) {
        // SDK messages name the operation, status and request id; never credentials or signatures
        return new StorageException(what + " s3://" + bucket + "/" + objectKey + ": " + e.getMessage(), e);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the connection is aborted anyway
        }
    }

    /**
     * Builds an {@link S3MediaStore}. Either pass the host's {@link #client} (and optionally a
     * {@link #presigner}), or let the store build both from {@link #endpoint}, {@link #region},
     * {@link #credentials} and {@link #pathStyle} (unset ones come from the SDK's default
     * chains: environment, profile, instance metadata). Each setter checks its argument;
     * {@link #build()} checks the whole. Not thread-safe; the store it builds is.
     */
    public static final class Builder {
        private S3Client client;
        private S3Presigner presigner;
        private URI endpoint;
        private Region region;
        private AwsCredentialsProvider credentials;
        private Boolean pathStyle;
        private String bucket;
        private String prefix = "";
        private long partSize = DEFAULT_PART_SIZE;

        private Builder() { }

        /** The host's client; the store never closes it. Excludes the endpoint settings. */
        public Builder client(S3Client client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** The host's presigner, for {@link PresignedMedia} with a host-provided client. */
        public Builder presigner(S3Presigner presigner) {
            this.presigner = Objects.requireNonNull(presigner, "presigner");
            return this;
        }

        /**
         * The endpoint of an S3-compatible server, e.g. {@code http://127.0.0.1:9000}. With an
         * endpoint the store's client sends checksums only where S3 requires them, and then as
         * {@code Content-MD5}: many S3-compatible servers refuse the SDK's newer CRC checksum
         * headers (S3Proxy answers 501 to DeleteObjects otherwise). A host passing its own client
         * to such a server configures it the same way ({@code LegacyMd5Plugin}).
         */
        public Builder endpoint(URI endpoint) {
            Objects.requireNonNull(endpoint, "endpoint");
            if (endpoint.getScheme() == null || !endpoint.getScheme().matches("https?") || endpoint.getHost() == null) {
                throw new IllegalArgumentException("endpoint must be an http(s) URL with a host, was " + endpoint);
            }
            this.endpoint = endpoint;
            return this;
        }

        /** The region, e.g. {@code eu-west-1}; S3-compatible servers mostly take {@code us-east-1}. */
        public Builder region(String region) {
            Objects.requireNonNull(region, "region");
            if (region.isBlank()) {
                throw new IllegalArgumentException("region must not be blank");
            }
            this.region = Region.of(region);
            return this;
        }

        /** Where credentials come from (default: the SDK's default chain). */
        public Builder credentials(AwsCredentialsProvider credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /** Fixed credentials. */
        public Builder credentials(String accessKeyId, String secretAccessKey) {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey");
            return credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey)));
        }

        /** Path-style URLs ({@code endpoint/bucket/key}), which most S3-compatible servers need. */
        public Builder pathStyle(boolean pathStyle) {
            this.pathStyle = pathStyle;
            return this;
        }

        /** The bucket (required); it must exist. */
        public Builder bucket(String bucket) {
            Objects.requireNonNull(bucket, "bucket");
            if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
                throw new IllegalArgumentException("bucket must be 3-63 of a-z 0-9 . -, was '" + bucket + "'");
            }
            this.bucket = bucket;
            return this;
        }

        /**
         * A key prefix so several applications can share a bucket, e.g. {@code clipshare/media};
         * a missing trailing slash is added. At most 256 of S3's safe characters, no dot segments.
         */
        public Builder prefix(String prefix) {
            this.prefix = S3Keys.normalizePrefix(Objects.requireNonNull(prefix, "prefix"));
            return this;
        }

        /** The multipart part size, 5 MiB to 5 GiB (default 16 MiB); smaller files go up in one request. */
        public Builder partSize(long partSize) {
            if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
                throw new IllegalArgumentException("partSize must be between 5 MiB and 5 GiB, was " + partSize);
            }
            this.partSize = partSize;
            return this;
        }

        /** The store. */
        public S3MediaStore build() {
            if (bucket == null) {
                throw new IllegalStateException("bucket is required");
            }
            S3Keys keys = new S3Keys(prefix);
            if (client != null) {
                if (endpoint != null || region != null || credentials != null || pathStyle != null) {
                    throw new IllegalStateException("pass either a client or endpoint/region/credentials/pathStyle, not both");
                }
                return new S3MediaStore(client, presigner, false, bucket, keys, partSize);
            }
            if (presigner != null) {
                throw new IllegalStateException("a presigner goes with a host-provided client; otherwise the store builds its own");
            }
            Region r = region != null ? region : endpoint != null ? Region.US_EAST_1 : null;
            boolean path = pathStyle != null && pathStyle;
            S3ClientBuilder b = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).forcePathStyle(path);
            S3Presigner.Builder p = S3Presigner.builder()
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(path).build());
            if (endpoint != null) {
                b.endpointOverride(endpoint)
                        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                        // DeleteObjects needs a checksum: Content-MD5 is what S3-compatible servers know
                        .addPlugin(LegacyMd5Plugin.create());
                p.endpointOverride(endpoint);
            }
            if (r != null) {
                b.region(r);
                p.region(r);
            }
            if (credentials != null) {
                b.credentialsProvider(credentials);
                p.credentialsProvider(credentials);
            }
            S3Client s3 = b.build();
            try {
                return new S3MediaStore(s3, p.build(), true, bucket, keys, partSize);
            } catch (RuntimeException e) {
                s3.close();
                throw e;
            }
        }
    }
}

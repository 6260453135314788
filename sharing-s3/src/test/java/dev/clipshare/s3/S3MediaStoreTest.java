package dev.clipshare.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipshare.core.StorageException;
import dev.clipshare.core.Target;
import dev.clipshare.core.spi.MediaKey;
import dev.clipshare.core.spi.MediaObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * What the S3 store adds to the media store contract, against a real S3 server (S3Proxy on
 * loopback): two nodes with their own clients, multipart uploads, key layout, batch deletes.
 */
class S3MediaStoreTest {
    private static final int MIB = 1024 * 1024;
    private static S3ProxyServer server;

    @TempDir
    Path work;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private static String prefix() {
        return "test/" + UUID.randomUUID();
    }

    private Path file(int size, long seed) throws IOException {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        Path f = work.resolve("upload-" + UUID.randomUUID() + ".bin");
        Files.write(f, b);
        return f;
    }

    private static byte[] read(S3MediaStore store, MediaKey key, long offset, long length) throws IOException {
        try (InputStream in = store.open(key, offset, length)) {
            return in.readAllBytes();
        }
    }

    /** Counts the requests of one type a client sends. */
    private static final class Counter implements ExecutionInterceptor {
        private final Class<?> type;
        final AtomicInteger count = new AtomicInteger();

        Counter(Class<?> type) {
            this.type = type;
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (type.isInstance(context.request())) {
                count.incrementAndGet();
            }
        }
    }

    @Test
    void aClipPublishedOnNodeAIsReadAndDeletedOnNodeBWithItsOwnClient() throws IOException {
        String prefix = prefix();
        MediaKey clip = MediaKey.clip(Target.segment("video-7", "goal"), 4);
        Path source = file(300_000, 1);
        byte[] content = Files.readAllBytes(source);
        try (S3MediaStore nodeA = server.storeBuilder().prefix(prefix).build();
             S3MediaStore nodeB = S3MediaStore.builder().client(server.client()).bucket(S3ProxyServer.BUCKET).prefix(prefix).build()) {

            nodeA.publish(clip, source);

            MediaObject seenByB = nodeB.stat(clip).orElseThrow(() -> new AssertionError("node B does not see node A's clip"));
            assertThat(seenByB).as("what node B knows of the clip").isEqualTo(nodeA.stat(clip).orElseThrow());
            assertThat(seenByB.etag()).as("etag, as the file store forms it").isEqualTo("\"v4-300000\"");
            assertThat(read(nodeB, clip, 100_000, 50_000)).as("a range read on node B")
                    .isEqualTo(Arrays.copyOfRange(content, 100_000, 150_000));

            nodeB.deleteVersion(clip.target(), 4);

            assertThat(nodeA.stat(clip)).as("node A's view after node B deleted the version").isEmpty();
        }
    }

    @Test
    void aFileLargerThanOnePartGoesUpInPartsAndReadsBackByteForByte() throws Exception {
        Counter parts = new Counter(UploadPartRequest.class);
        S3Client client = server.client(o -> o.addExecutionInterceptor(parts));
        MediaKey clip = MediaKey.clip(Target.source("long-video"), 1);
        Path source = file(11 * MIB, 2);
        byte[] content = Files.readAllBytes(source);
        S3MediaStore store = S3MediaStore.builder().client(client).bucket(S3ProxyServer.BUCKET).prefix(prefix())
                .partSize(S3MediaStore.MIN_PART_SIZE).build();

        store.publish(clip, source);

        assertThat(parts.count).as("parts uploaded for 11 MiB in 5 MiB parts").hasValue(3);
        assertThat(store.stat(clip)).as("stat of the multipart clip").get().extracting(MediaObject::size).isEqualTo(11L * MIB);
        long boundary = S3MediaStore.MIN_PART_SIZE;
        assertThat(read(store, clip, boundary - 10, 20)).as("bytes across the first part boundary")
                .isEqualTo(Arrays.copyOfRange(content, (int) boundary - 10, (int) boundary + 10));
        assertThat(read(store, clip, 11L * MIB - 7, 7)).as("the last bytes")
                .isEqualTo(Arrays.copyOfRange(content, 11 * MIB - 7, 11 * MIB));
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = store.open(clip, 0, 11L * MIB)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        assertThat(digest.digest()).as("SHA-256 of the whole clip read back")
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(content));
        assertThat(client.listMultipartUploads(b -> b.bucket(S3ProxyServer.BUCKET)).uploads())
                .as("multipart uploads left open").isEmpty();
    }

    @Test
    void keysAreThePrefixAHashOfTheTargetTheVersionAndTheName() throws IOException {
        String prefix = prefix();
        Target hostile = Target.segment("../../escape", "a/../../b");
        try (S3MediaStore store = server.storeBuilder().prefix(prefix).build()) {
            MediaKey segment = new MediaKey(hostile, 12, "hls/seg-00003.ts");

            store.publish(segment, file(10, 3));

            String key = store.objectKey(segment);
            assertThat(key).as("object key of a target whose ids hold '/' and '..'")
                    .matches(prefix + "/[0-9a-f]{64}/12/hls/seg-00003\\.ts");
            assertThat(store.versionPrefix(hostile, 12)).as("version prefix").isEqualTo(key.substring(0, key.length() - "hls/seg-00003.ts".length()));
            List<String> listed = server.client().listObjectsV2(b -> b.bucket(S3ProxyServer.BUCKET).prefix(prefix + "/"))
                    .contents().stream().map(S3Object::key).toList();
            assertThat(listed).as("objects under the prefix").containsExactly(key);
            assertThat(store.objectKey(MediaKey.clip(Target.source("../../escape"), 12)))
                    .as("the whole source of the same id lies elsewhere").doesNotStartWith(store.versionPrefix(hostile, 12));
        }
    }

    @Test
    void deleteVersionDeletesMoreThanOneBatchOfAThousandAndNothingElse() {
        Counter batches = new Counter(DeleteObjectsRequest.class);
        S3Client client = server.client(o -> o.addExecutionInterceptor(batches));
        S3MediaStore store = S3MediaStore.builder().client(client).bucket(S3ProxyServer.BUCKET).prefix(prefix()).build();
        Target t = Target.source("many-segments");
        String v1 = store.versionPrefix(t, 1);
        for (int i = 0; i < 1_003; i++) {
            String key = v1 + "hls/seg-" + String.format("%05d", i) + ".ts";
            client.putObject(b -> b.bucket(S3ProxyServer.BUCKET).key(key), RequestBody.fromBytes(new byte[] {1}));
        }
        MediaKey other = MediaKey.clip(t, 2);
        client.putObject(b -> b.bucket(S3ProxyServer.BUCKET).key(store.objectKey(other)), RequestBody.fromBytes(new byte[] {2}));

        store.deleteVersion(t, 1);

        assertThat(client.listObjectsV2(b -> b.bucket(S3ProxyServer.BUCKET).prefix(v1)).contents())
                .as("objects left under the deleted version").isEmpty();
        assertThat(batches.count).as("DeleteObjects calls for 1003 keys").hasValue(2);
        assertThat(store.stat(other)).as("the other version").isPresent();
    }

    @Test
    void deleteVersionWorksOnAServerThatRefusesDeleteObjects() throws Exception {
        try (S3ProxyServer strict = S3ProxyServer.startStrict();
             S3MediaStore store = strict.storeBuilder().prefix(prefix()).build()) {
            Target t = Target.source("strict");
            store.publish(MediaKey.clip(t, 1), file(10, 4));
            store.publish(MediaKey.hlsPlaylist(t, 1), file(10, 5));
            store.publish(MediaKey.clip(t, 2), file(10, 6));

            store.deleteVersion(t, 1);

            assertThat(store.stat(MediaKey.clip(t, 1))).as("clip of the deleted version").isEmpty();
            assertThat(store.stat(MediaKey.hlsPlaylist(t, 1))).as("playlist of the deleted version").isEmpty();
            assertThat(store.stat(MediaKey.clip(t, 2))).as("the other version").isPresent();
        }
    }

    @Test
    void failuresAreStorageExceptionsNamingTheKeyButNoSecret() {
        try (S3MediaStore store = S3MediaStore.builder().endpoint(server.endpoint()).region("us-east-1").pathStyle(true)
                .credentials(S3ProxyServer.ACCESS_KEY, "wrong-secret-key-value").bucket(S3ProxyServer.BUCKET).prefix(prefix()).build()) {
            MediaKey clip = MediaKey.clip(Target.source("v"), 1);

            assertThatThrownBy(() -> store.stat(clip)).as("stat with a wrong secret")
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining(store.objectKey(clip))
                    .message().doesNotContain("wrong-secret-key-value").doesNotContain(S3ProxyServer.SECRET_KEY);
            assertThatThrownBy(() -> store.open(clip, 0, 10)).as("a read with a wrong secret").isInstanceOf(StorageException.class);
            assertThatThrownBy(() -> store.deleteVersion(clip.target(), 1)).as("a delete with a wrong secret")
                    .isInstanceOf(StorageException.class);
        }
    }

    @Test
    void closingARangeEarlyGivesBackTheConnectionAndLaterReadsWork() throws IOException {
        try (S3MediaStore store = server.storeBuilder().prefix(prefix()).build()) {
            MediaKey clip = MediaKey.clip(Target.source("early-close"), 1);
            Path source = file(2 * MIB, 7);
            store.publish(clip, source);

            for (int i = 0; i < 20; i++) {
                try (InputStream in = store.open(clip, 0, 2L * MIB)) {
                    assertThat(in.readNBytes(100)).as("first bytes of an abandoned read").hasSize(100);
                }
            }

            assertThat(read(store, clip, MIB, 10)).as("a read after twenty abandoned ones")
                    .isEqualTo(Arrays.copyOfRange(Files.readAllBytes(source), MIB, MIB + 10));
        }
    }
}

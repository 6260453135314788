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
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * A publish that fails half-way never shows: the previous clip stays served, whole, and the
 * multipart upload is aborted when the server can still be reached. Each test has its own
 * server, since one of them stops it.
 */
class S3MediaStoreFailureTest {
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path work;
    private S3ProxyServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = S3ProxyServer.start();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    private Path file(int size, long seed) throws IOException {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        Path f = work.resolve("upload-" + UUID.randomUUID() + ".bin");
        Files.write(f, b);
        return f;
    }

    /** Runs an action when the client is about to send the second part of an upload. */
    private static ExecutionInterceptor onSecondPart(Runnable action) {
        return new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (context.request() instanceof UploadPartRequest part && part.partNumber() == 2) {
                    action.run();
                }
            }
        };
    }

    private static S3MediaStore store(S3Client client) {
        return S3MediaStore.builder().client(client).bucket(S3ProxyServer.BUCKET).prefix("failures")
                .partSize(S3MediaStore.MIN_PART_SIZE).build();
    }

    private static byte[] readAll(S3MediaStore store, MediaKey key, long size) throws IOException {
        try (InputStream in = store.open(key, 0, size)) {
            return in.readAllBytes();
        }
    }

    @Test
    void anUploadThatFailsAtItsSecondPartIsAbortedAndThePreviousClipStaysWhole() throws IOException {
        S3Client client = server.client(o -> o.addExecutionInterceptor(onSecondPart(() -> {
            throw SdkClientException.create("connection reset (injected)");
        })));
        S3MediaStore store = store(client);
        MediaKey clip = MediaKey.clip(Target.source("re-exported"), 1);
        Path previous = file(3 * MIB, 1);
        store.publish(clip, previous);
        MediaObject before = store.stat(clip).orElseThrow();

        assertThatThrownBy(() -> store.publish(clip, file(11 * MIB, 2))).as("publishing when the second part fails")
                .isInstanceOf(StorageException.class).hasMessageContaining(store.objectKey(clip));

        assertThat(store.stat(clip)).as("stat after the failed publish").contains(before);
        assertThat(readAll(store, clip, before.size())).as("bytes after the failed publish").isEqualTo(Files.readAllBytes(previous));
        assertThat(client.listMultipartUploads(b -> b.bucket(S3ProxyServer.BUCKET)).uploads())
                .as("multipart uploads left open after the abort").isEmpty();
    }

    @Test
    void aServerStoppedMidUploadLeavesThePreviousClipServedOnceItIsBack() throws Exception {
        S3Client client = server.client(o -> o.addExecutionInterceptor(onSecondPart(() -> {
            try {
                server.stop();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })));
        S3MediaStore store = store(client);
        MediaKey clip = MediaKey.clip(Target.source("server-dies"), 1);
        Path previous = file(2 * MIB, 3);
        store.publish(clip, previous);
        MediaObject before = store.stat(clip).orElseThrow();

        assertThatThrownBy(() -> store.publish(clip, file(11 * MIB, 4))).as("publishing while the server goes away")
                .isInstanceOf(StorageException.class);
        server.restart();

        S3MediaStore otherNode = server.storeBuilder().prefix("failures").build();
        assertThat(otherNode.stat(clip)).as("stat on another node once the server is back").contains(before);
        assertThat(readAll(otherNode, clip, before.size())).as("bytes once the server is back").isEqualTo(Files.readAllBytes(previous));
        otherNode.close();
    }

    @Test
    void aMissingSourceFileFailsBeforeAnythingIsSent() throws IOException {
        S3MediaStore store = store(server.client());
        MediaKey clip = MediaKey.clip(Target.source("no-file"), 1);

        assertThatThrownBy(() -> store.publish(clip, work.resolve("gone.mp4"))).as("publishing a missing file")
                .isInstanceOf(StorageException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> store.publish(clip, work)).as("publishing a folder")
                .isInstanceOf(StorageException.class).hasMessageContaining("not a regular file");
        assertThat(store.stat(clip)).as("stat after both failures").isEmpty();
    }
}

package dev.clipshare.s3;

import dev.clipshare.core.spi.PresignedMedia;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipshare.core.Target;
import dev.clipshare.core.spi.MediaKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Presigned GET URLs work over plain HTTP, carry the asked disposition and never live past 15 minutes. */
class PresignedMediaTest {
    private static S3ProxyServer server;
    private static S3MediaStore store;
    private static final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start();
        store = server.storeBuilder().prefix("presigned-" + UUID.randomUUID()).build();
    }

    @AfterAll
    static void stopServer() throws Exception {
        store.close();
        server.close();
    }

    private byte[] publish(MediaKey key, int size) throws IOException {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        Path f = work.resolve("upload.bin");
        Files.write(f, b);
        store.publish(key, f);
        return b;
    }

    private static HttpResponse<byte[]> get(URI url, String range) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).GET();
        if (range != null) {
            request.header("Range", range);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aPresignedUrlServesTheBytesWithTheAskedContentDisposition() throws Exception {
        MediaKey clip = MediaKey.clip(Target.source("presigned"), 3);
        byte[] content = publish(clip, 200_000);
        String disposition = "attachment; filename=\"goal.mp4\"; filename*=UTF-8''goal%20%E2%9A%BD.mp4";

        URI url = store.presignedGet(clip, Duration.ofMinutes(2), disposition).orElseThrow();
        HttpResponse<byte[]> whole = get(url, null);
        HttpResponse<byte[]> part = get(url, "bytes=1000-1999");

        assertThat(whole.statusCode()).as("status of a GET on the presigned URL").isEqualTo(200);
        assertThat(whole.body()).as("bytes from the presigned URL").isEqualTo(content);
        assertThat(whole.headers().firstValue("Content-Disposition")).as("Content-Disposition").contains(disposition);
        assertThat(part.statusCode()).as("status of a ranged GET").isEqualTo(206);
        assertThat(part.body()).as("bytes of a ranged GET").isEqualTo(Arrays.copyOfRange(content, 1000, 2000));
    }

    @Test
    void withoutADispositionTheUrlServesInline() throws Exception {
        MediaKey thumb = MediaKey.thumbnail(Target.source("presigned-inline"), 1);
        byte[] content = publish(thumb, 5_000);

        HttpResponse<byte[]> r = get(store.presignedGet(thumb, Duration.ofSeconds(30), null).orElseThrow(), null);

        assertThat(r.body()).as("thumbnail bytes").isEqualTo(content);
        assertThat(r.headers().firstValue("Content-Disposition")).as("Content-Disposition when none was asked").isEmpty();
        assertThat(r.headers().firstValue("Content-Type")).as("Content-Type").contains("image/jpeg");
    }

    @Test
    void aLifetimeOverFifteenMinutesIsShortenedToFifteen() {
        MediaKey clip = MediaKey.clip(Target.source("ttl"), 1);

        String longLived = store.presignedGet(clip, Duration.ofHours(6), null).orElseThrow().getQuery();
        String shortLived = store.presignedGet(clip, Duration.ofSeconds(90), null).orElseThrow().getQuery();

        assertThat(longLived).as("expiry of a URL asked for 6 hours").contains("X-Amz-Expires=900");
        assertThat(shortLived).as("expiry of a URL asked for 90 seconds").contains("X-Amz-Expires=90");
    }

    @Test
    void aPresignedUrlStopsWorkingForAKeyThatIsDeleted() throws Exception {
        MediaKey clip = MediaKey.clip(Target.source("deleted"), 1);
        publish(clip, 1_000);
        URI url = store.presignedGet(clip, Duration.ofMinutes(1), null).orElseThrow();

        store.deleteVersion(clip.target(), 1);

        assertThat(get(url, null).statusCode()).as("status of the URL once the version is deleted").isEqualTo(404);
    }

    @Test
    void badArgumentsAreRefusedAndAStoreWithoutPresignerAnswersEmpty() {
        MediaKey clip = MediaKey.clip(Target.source("args"), 1);

        assertThatThrownBy(() -> store.presignedGet(clip, Duration.ZERO, null)).as("a zero lifetime")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.presignedGet(clip, Duration.ofMinutes(1), "attachment\r\nSet-Cookie: x=1"))
                .as("a disposition that would split a header").isInstanceOf(IllegalArgumentException.class);
        S3MediaStore noPresigner = S3MediaStore.builder().client(server.client()).bucket(S3ProxyServer.BUCKET).build();
        assertThat(noPresigner.presignedGet(clip, Duration.ofMinutes(1), null)).as("a host client without a presigner").isEmpty();
    }
}

package dev.clipshare.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.CreateShareRequest;
import dev.clipshare.core.ExportArtifacts;
import dev.clipshare.core.ExportJob;
import dev.clipshare.core.Principal;
import dev.clipshare.core.Role;
import dev.clipshare.core.SealingKey;
import dev.clipshare.core.ShareDetails;
import dev.clipshare.core.Sharing;
import dev.clipshare.core.SigningKey;
import dev.clipshare.core.Target;
import dev.clipshare.core.memory.InMemoryExportStore;
import dev.clipshare.core.memory.InMemoryShareStore;
import dev.clipshare.core.spi.CompletionOutcome;
import dev.clipshare.core.spi.SharingStores;
import dev.clipshare.servlet.HttpAccessPolicy;
import dev.clipshare.servlet.ShareFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Random;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two application nodes over one database (here the in-memory stores both nodes share) and one
 * bucket on a real S3-compatible server: a clip exported on node A is served by node B, streamed
 * through B's filter (ranges) or, in redirect mode, by a 302 to a presigned URL of the bucket.
 */
class TwoNodesOnObjectStorageTest {
    private static final Principal OWNER = Principal.of("olivia");
    private static final Principal EDITOR = Principal.of("eddie");
    private static final byte[] CLIP = new byte[300_000];
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private static S3ProxyServer s3;
    private static S3MediaStore mediaA;
    private static S3MediaStore mediaB;
    private static Sharing nodeA;
    private static Sharing nodeB;
    private static Server serverB;
    private static String originB;

    @TempDir
    static Path tmp;

    /** Everyone's a member of one library; signed out, everyone is a viewer of public links. */
    private static final class Policy implements HttpAccessPolicy {
        @Override
        public Optional<Principal> principal(HttpServletRequest request) {
            return Optional.empty();
        }

        @Override
        public Optional<String> libraryOf(Target target) {
            return Optional.of("studio");
        }

        @Override
        public Optional<Role> roleOf(Principal principal, String libraryId) {
            return principal.equals(OWNER) ? Optional.of(Role.OWNER) : principal.equals(EDITOR) ? Optional.of(Role.EDITOR) : Optional.empty();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        new Random(7).nextBytes(CLIP);
        s3 = S3ProxyServer.start();
        String prefix = "two-nodes/";
        mediaA = S3MediaStore.builder().client(s3.client()).bucket(S3ProxyServer.BUCKET).prefix(prefix).build();
        mediaB = s3.storeBuilder().prefix(prefix).build(); // its own client and presigner
        SharingStores database = SharingStores.of(new InMemoryShareStore(), new InMemoryExportStore());
        SigningKey signing = SigningKey.generate("k1");
        SealingKey sealing = SealingKey.generate("s1");
        serverB = new Server();
        ServerConnector connector = new ServerConnector(serverB);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        serverB.addConnector(connector);
        connector.open();
        originB = "http://127.0.0.1:" + connector.getLocalPort();
        Policy policy = new Policy();
        nodeA = Sharing.builder().accessPolicy(policy).stores(database).mediaStore(mediaA).signingKeys(signing)
                .sealingKeys(sealing).bcryptCost(10).publicBaseUrl(originB).build();
        nodeB = nodeA.newBuilder().mediaStore(mediaB).build();
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addFilter(new FilterHolder(ShareFilter.builder(nodeB, policy).build()), "/s/*", EnumSet.of(DispatcherType.REQUEST));
        // the same node in redirect mode, under /r
        Sharing redirecting = nodeB.newBuilder().pathPrefix("/r").build();
        context.addFilter(new FilterHolder(ShareFilter.builder(redirecting, policy).mediaRedirects(Duration.ofMinutes(2)).build()),
                "/r/*", EnumSet.of(DispatcherType.REQUEST));
        serverB.setHandler(context);
        serverB.start();
        nodeA.setSharingEnabled(OWNER, "studio", true);
    }

    @AfterAll
    static void stop() throws Exception {
        serverB.stop();
        mediaA.close();
        mediaB.close();
        s3.close();
    }

    /** Node A exports: the clip is published to the bucket through A's media store, and the job completed. */
    private static ShareDetails exportedOnNodeA() throws Exception {
        ShareDetails link = nodeA.createShare(EDITOR, CreateShareRequest.builder(Target.source("video-" + System.nanoTime())).build());
        ExportJob job = nodeA.exportQueue().claim("node-a/worker-0").orElseThrow();
        Path clip = Files.write(tmp.resolve(job.export().id().value() + ".mp4"), CLIP);
        nodeA.exportQueue().publish(job, "clip.mp4", clip);
        assertThat(nodeA.exportQueue().complete(job, new ExportArtifacts(Duration.ofSeconds(3), 640, 360, CLIP.length, "h264", "aac", false)))
                .isEqualTo(CompletionOutcome.COMPLETED);
        return link;
    }

    private static HttpResponse<byte[]> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aClipExportedOnNodeAIsStreamedByNodeBInRanges() throws Exception {
        ShareDetails link = exportedOnNodeA();
        String clip = originB + "/s/" + link.token().value() + "/clip.mp4";

        HttpResponse<byte[]> range = get(clip, "Range", "bytes=100000-100099");
        assertThat(range.statusCode()).as("node B answers a range of node A's export").isEqualTo(206);
        assertThat(range.body()).as("the bytes node A published").isEqualTo(Arrays.copyOfRange(CLIP, 100_000, 100_100));
        assertThat(get(clip).body()).as("the whole clip").isEqualTo(CLIP);
    }

    @Test
    void inRedirectModeACheckedRequestIsSentToAShortLivedUrlOfTheBucket() throws Exception {
        ShareDetails link = exportedOnNodeA();
        String clip = originB + "/r/" + link.token().value() + "/clip.mp4?v=1";

        HttpResponse<byte[]> redirect = get(clip, "Range", "bytes=0-9");
        assertThat(redirect.statusCode()).as("a checked media request is redirected").isEqualTo(302);
        assertThat(redirect.headers().firstValue("Cache-Control")).hasValue("private, no-store");
        String presigned = redirect.headers().firstValue("Location").orElseThrow();
        assertThat(presigned).as("to the object store, valid for the configured two minutes").startsWith(s3.endpoint().toString())
                .contains("X-Amz-Expires=120");
        HttpResponse<byte[]> fromBucket = get(presigned, "Range", "bytes=0-9");
        assertThat(fromBucket.statusCode()).isEqualTo(206);
        assertThat(fromBucket.body()).as("the bytes come from the bucket").isEqualTo(Arrays.copyOf(CLIP, 10));

        nodeA.revokeShare(EDITOR, link.id());
        assertThat(get(clip).statusCode()).as("after a revoke no URL is handed out").isEqualTo(404);
        assertThat(get(presigned, "Range", "bytes=0-9").statusCode())
                .as("the documented revocation window: a URL handed out before keeps working until it expires").isEqualTo(206);
        assertThat(get(originB + "/r/not-a-token-at-all-but-long-enough/clip.mp4").statusCode()).isEqualTo(404);
    }
}

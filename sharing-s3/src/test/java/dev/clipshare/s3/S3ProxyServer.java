package dev.clipshare.s3;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server for tests: S3Proxy in-process on a free loopback port, over jclouds' in-memory
 * ("transient") blob store, with AWS signature checks on. It can be stopped and started again on
 * the same port with its objects kept, to cut a node off mid-upload.
 */
final class S3ProxyServer implements AutoCloseable {
    static final String BUCKET = "clipshare-media";
    static final String ACCESS_KEY = "clipshare-test-key";
    static final String SECRET_KEY = "clipshare-test-secret-0123456789";

    private final BlobStoreContext context;
    private final List<S3Client> clients = new ArrayList<>();
    private S3Proxy proxy;
    private int port;

    private final boolean strictHeaders;

    private S3ProxyServer(boolean strictHeaders) {
        this.strictHeaders = strictHeaders;
        context = ContextBuilder.newBuilder("transient").credentials("identity", "credential").build(BlobStoreContext.class);
        context.getBlobStore().createContainerInLocation(null, BUCKET);
    }

    /**
     * Starts a server with an empty {@link #BUCKET}. It ignores request headers it does not know,
     * as S3 does: S3Proxy 2.6.0 would refuse DeleteObjects for the CRC32 checksum header that
     * current AWS SDKs always send with it (gaul/s3proxy#962).
     */
    static S3ProxyServer start() throws Exception {
        return start(false);
    }

    /** Starts a server that answers 501 to a request with a header it does not know. */
    static S3ProxyServer startStrict() throws Exception {
        return start(true);
    }

    private static S3ProxyServer start(boolean strictHeaders) throws Exception {
        S3ProxyServer server = new S3ProxyServer(strictHeaders);
        server.startOn(0);
        return server;
    }

    private void startOn(int wanted) throws Exception {
        proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(URI.create("http://127.0.0.1:" + wanted))
                .ignoreUnknownHeaders(!strictHeaders)
                .build();
        proxy.start();
        if (!"STARTED".equals(proxy.getState())) {
            throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
        }
        port = proxy.getPort();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Stops answering; objects are kept. */
    void stop() throws Exception {
        proxy.stop();
    }

    /** Answers again on the same port, with the same objects. */
    void restart() throws Exception {
        startOn(port);
    }

    /** A store builder that lets the store build its own client for this server. */
    S3MediaStore.Builder storeBuilder() {
        return S3MediaStore.builder().endpoint(endpoint()).region("us-east-1").pathStyle(true)
                .credentials(ACCESS_KEY, SECRET_KEY).bucket(BUCKET);
    }

    /** A separate client for this server (another node's), closed with the server. */
    S3Client client(Consumer<ClientOverrideConfiguration.Builder> override) {
        S3Client c = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .addPlugin(LegacyMd5Plugin.create())
                .overrideConfiguration(o -> {
                    o.retryStrategy(AwsRetryStrategy.doNotRetry());
                    override.accept(o);
                })
                .build();
        clients.add(c);
        return c;
    }

    S3Client client() {
        return client(o -> { });
    }

    @Override
    public void close() throws Exception {
        clients.forEach(S3Client::close);
        try {
            proxy.stop();
        } finally {
            context.close();
        }
    }
}

package dev.clipshare.benchmarks.load;

import dev.clipshare.s3.S3MediaStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * The S3-compatible server of the s3-media and viral sections: S3Proxy 2.6.0 (the server
 * sharing-s3's tests run) over jclouds' filesystem blob store in a folder of the work dir, with
 * AWS signature checks on, on a free loopback port, in a JVM of its own ({@link #start}), so its
 * CPU and heap are not the nodes'.
 */
final class S3Server implements AutoCloseable {
    static final String BUCKET = "clipshare-bench";
    static final String ACCESS_KEY = "clipshare-bench-key";
    static final String SECRET_KEY = "clipshare-bench-secret-0123456789";

    private final ChildJvm jvm;
    final URI endpoint;

    private S3Server(ChildJvm jvm, URI endpoint) {
        this.jvm = jvm;
        this.endpoint = endpoint;
    }

    /** Starts the server in its own JVM, its objects under {@code dir} (emptied first). */
    static S3Server start(Path dir) throws Exception {
        LoadHost.deleteTree(dir);
        Files.createDirectories(dir.resolve("blobs"));
        ChildJvm jvm = ChildJvm.start("s3proxy", dir, List.of("-Xms256m", "-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"),
                S3Server.class, List.of(dir.resolve("blobs").toAbsolutePath().toString()), Duration.ofSeconds(60));
        return new S3Server(jvm, URI.create("http://127.0.0.1:" + Integer.parseInt(jvm.ready())));
    }

    /** A media store on this server's bucket (under {@code prefix}), as a node would build it. */
    static S3MediaStore store(URI endpoint, String prefix) {
        return S3MediaStore.builder().endpoint(endpoint).region("us-east-1").pathStyle(true)
                .credentials(ACCESS_KEY, SECRET_KEY).bucket(BUCKET).prefix(prefix).build();
    }

    long pid() {
        return jvm.pid();
    }

    @Override
    public void close() throws InterruptedException {
        jvm.close();
    }

    /** The child's main: {@code S3Server <blob folder>}; prints {@code READY <port>}, stops when its input ends. */
    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        p.setProperty("jclouds.filesystem.basedir", args[0]);
        BlobStoreContext context = ContextBuilder.newBuilder("filesystem").overrides(p).build(BlobStoreContext.class);
        context.getBlobStore().createContainerInLocation(null, BUCKET);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(URI.create("http://127.0.0.1:0"))
                // S3 ignores headers it does not know; S3Proxy 2.6.0 would refuse the SDK's checksum headers (gaul/s3proxy#962)
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            if ("FAILED".equals(proxy.getState())) {
                throw new IllegalStateException("S3Proxy did not start");
            }
            Thread.sleep(10);
        }
        System.out.println(ChildJvm.READY + proxy.getPort());
        System.out.flush();
        try {
            ChildJvm.awaitParent();
        } finally {
            proxy.stop();
            context.close();
        }
    }
}

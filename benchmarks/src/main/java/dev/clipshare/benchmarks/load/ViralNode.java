package dev.clipshare.benchmarks.load;

import dev.clipshare.core.SealingKey;
import dev.clipshare.core.SigningKey;
import dev.clipshare.core.ViewerLimits;
import dev.clipshare.jdbc.JdbcPool;
import dev.clipshare.redis.RedisRateLimiter;
import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * One node of the viral section's cluster, in a JVM of its own: {@link LoadHost} on the shared
 * PostgreSQL tables (sharing-jdbc), the shared Redis limiter ({@code RedisRateLimiter}), media on
 * the shared S3 server ({@code S3MediaStore}), the cluster's keys and public base URL, the default
 * viewer limits, and only the trusted proxy set ({@code 127.0.0.1}, the load balancer wrk plays).
 * Prints {@code READY <port>}; stops (views written, nothing dropped) when its input ends.
 *
 * <pre>
 * ViralNode &lt;cluster.properties&gt;   # postgres.url, table.prefix, s3.endpoint, s3.prefix, redis.prefix, base.url, signing, sealing
 * </pre>
 */
final class ViralNode {
    private ViralNode() { }

    /** Writes what every node of one cluster shares. */
    static void writeCluster(Path file, Map<String, String> settings) throws IOException {
        Properties p = new Properties();
        p.putAll(settings);
        try (var out = Files.newBufferedWriter(file)) {
            p.store(out, "one viral-section cluster");
        }
    }

    /** The options every node of the cluster described by {@code p} runs with (the exporter too). */
    static LoadHost.Options options(Properties p) {
        return LoadHost.Options.DEFAULTS
                .limiter(stores -> RedisRateLimiter.builder(RedisURI.create(LimiterLoad.REDIS_URI)).keyPrefix(p.getProperty("redis.prefix")).build())
                .mediaStore(S3Server.store(URI.create(p.getProperty("s3.endpoint")), p.getProperty("s3.prefix")))
                .trustedProxies("127.0.0.1")
                .limits(ViewerLimits.defaults())
                .cluster(p.getProperty("base.url"), SigningKey.fromBase64("bench-k1", p.getProperty("signing")),
                        SealingKey.fromBase64("bench-s1", p.getProperty("sealing")));
    }

    static Properties read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return p;
    }

    public static void main(String[] args) throws Exception {
        Properties p = read(Path.of(args[0]));
        LoadHost.Setup setup = new LoadHost.Setup(JdbcPool.builder(p.getProperty("postgres.url")).username("postgres")
                .property("ApplicationName", PageRig.APPLICATION_NAME).build(),
                p.getProperty("table.prefix"), false, false, Path.of(args[0]).getParent().resolve("unused-media"), Map.of(), options(p));
        try (LoadHost host = new LoadHost(setup)) {
            System.out.println(ChildJvm.READY + host.port);
            System.out.flush();
            ChildJvm.awaitParent();
        }
    }
}

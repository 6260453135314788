package dev.clipshare.benchmarks.jmh;

import dev.clipshare.core.ShareId;
import dev.clipshare.core.SigningKey;
import dev.clipshare.core.internal.Signer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cryptographic part of checking a grant or a signed URL (DESIGN.md bar: under 5 µs). The
 * share lookup that follows is a store call and is measured with the page benchmarks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SignatureBenchmark {
    private final Instant now = Instant.parse("2026-11-23T12:00:00Z");
    private final Signer signer = new Signer(List.of(SigningKey.generate("k2"), SigningKey.generate("k1")), Duration.ofSeconds(60));
    private final ShareId share = ShareId.random();
    private final String grant = signer.sign(Signer.Purpose.GRANT, share, 3, 0, now.plus(Duration.ofHours(24)));
    private final String stream = signer.sign(Signer.Purpose.STREAM, share, 3, 7, now.plus(Duration.ofHours(12)));
    private final String tampered = grant.substring(0, grant.length() - 1) + (grant.endsWith("A") ? "B" : "A");

    @Benchmark
    public Object verifyGrant() {
        return signer.verify(grant, now).orElseThrow();
    }

    @Benchmark
    public Object verifySignedStreamUrl() {
        return signer.verify(stream, now).orElseThrow();
    }

    @Benchmark
    public Object refuseTamperedGrant() {
        return signer.verify(tampered, now).isPresent();
    }

    @Benchmark
    public String signStreamUrl() {
        return signer.sign(Signer.Purpose.STREAM, share, 3, 7, now);
    }
}

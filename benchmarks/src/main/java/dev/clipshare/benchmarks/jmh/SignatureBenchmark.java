package dev.clipshare.benchmarks.jmh;

import dev.clipshare.core.ShareId;
import dev.clipshare.core.Sharing;
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
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Checking a grant or a signed URL (DESIGN.md bar: under 5 µs): the HMAC-SHA256 check alone
 * ({@link Signer#verify}, what every media request of a password-protected or private share
 * pays), a tampered grant (refused on the MAC, at the same cost), signing a stream URL (three per
 * page view of such a share), and {@link Sharing#verifyGrant}, the check hosts call on their own
 * endpoints, which adds the share lookup in the (in-memory) store. Two signing keys are live, as
 * during a rotation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// on a loaded machine two 1 s warm-ups left the first measured iterations at 10 µs and 2 µs before
// settling under 1 µs, which alone stretched the CI past 5 µs; four warm-ups, then five measured
// iterations, not three: with one fork the 99.9 % CI's t factor is 8.6 instead of 31.6, and the bar
// is judged on the CI's upper bound
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SignatureBenchmark {
    private final Instant now = Instant.parse("2026-11-23T12:00:00Z");
    private final Signer signer = new Signer(List.of(SigningKey.generate("k2"), SigningKey.generate("k1")), Duration.ofSeconds(60));
    private final ShareId share = ShareId.random();
    private final String grant = signer.sign(Signer.Purpose.GRANT, share, 3, 0, now.plus(Duration.ofHours(24)));
    private final String stream = signer.sign(Signer.Purpose.STREAM, share, 3, 7, now.plus(Duration.ofHours(12)));
    private final String tampered = grant.substring(0, grant.length() - 1) + (grant.endsWith("A") ? "B" : "A");

    /** A facade with a password-protected share and one of its grants; built only for the benchmark that uses it. */
    @State(Scope.Benchmark)
    public static class Host {
        Sharing sharing;
        String grant;

        @Setup
        public void setUp() {
            Fixture f = new Fixture(Fixture.FAST_BCRYPT);
            sharing = f.sharing;
            grant = f.grant;
        }
    }

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

    /** The host-facing check: signature, then the share still live with the same credentials. */
    @Benchmark
    public Object verifyGrantWithShareLookup(Host host) {
        return host.sharing.verifyGrant(host.grant).orElseThrow();
    }

    @Benchmark
    public String signStreamUrl() {
        return signer.sign(Signer.Purpose.STREAM, share, 3, 7, now);
    }
}

package dev.clipshare.benchmarks.jmh;

import dev.clipshare.core.ShareToken;
import dev.clipshare.core.TokenHash;
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
 * Minting a token (192 bits from SecureRandom, base64url), as creating a link does, and hashing
 * one for lookup (SHA-256, hex), as every page and media request does before asking the store.
 * The whole request path around the hash is in {@link MediaAccessBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class TokenBenchmark {
    private final ShareToken token = ShareToken.generate();

    @Benchmark
    public ShareToken generate() {
        return ShareToken.generate();
    }

    @Benchmark
    public TokenHash hashForLookup() {
        return token.hash();
    }
}

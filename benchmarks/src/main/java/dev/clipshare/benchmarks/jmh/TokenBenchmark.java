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

/** Minting a token (192 bits from SecureRandom) and hashing one for lookup: both sit on hot paths. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class TokenBenchmark {
    private final ShareToken token = ShareToken.generate();
    private final String text = token.value();

    @Benchmark
    public ShareToken generate() {
        return ShareToken.generate();
    }

    @Benchmark
    public TokenHash hashForLookup() {
        return token.hash();
    }

    @Benchmark
    public Object parseAndHash() {
        return ShareToken.parse(text).map(ShareToken::hash).orElseThrow();
    }
}

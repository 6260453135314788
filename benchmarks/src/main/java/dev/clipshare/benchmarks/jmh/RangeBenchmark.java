package dev.clipshare.benchmarks.jmh;

import dev.clipshare.servlet.internal.viewer.ByteRanges;
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
 * Parsing an HTTP {@code Range} header and deciding the answer ({@link ByteRanges#decide}), which
 * runs on every media request: the open-ended range a {@code <video>} element starts with, a
 * suffix range (players probing for a trailing {@code moov}), a three-part set answered as
 * {@code multipart/byteranges}, an invalid spec (416) and an overlapping set that is folded into
 * one range. The file is 5 GiB so positions need 64 bits.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class RangeBenchmark {
    // fields, not constants, so the JIT cannot fold the parse away
    private long length = 5L * 1024 * 1024 * 1024;
    private String simple = "bytes=4294967296-";
    private String suffix = "bytes=-1048576";
    private String multi = "bytes=0-1023, 4096-8191, 1048576-2097151";
    private String invalid = "bytes=2048-1024";
    private String overlapping = "bytes=0-4095,1000-2000,3000-";

    @Benchmark
    public ByteRanges.Decision simpleRange() {
        return ByteRanges.decide(simple, length);
    }

    @Benchmark
    public ByteRanges.Decision suffixRange() {
        return ByteRanges.decide(suffix, length);
    }

    @Benchmark
    public ByteRanges.Decision threeRanges() {
        return ByteRanges.decide(multi, length);
    }

    @Benchmark
    public ByteRanges.Decision invalidRange() {
        return ByteRanges.decide(invalid, length);
    }

    @Benchmark
    public ByteRanges.Decision overlappingRanges() {
        return ByteRanges.decide(overlapping, length);
    }
}

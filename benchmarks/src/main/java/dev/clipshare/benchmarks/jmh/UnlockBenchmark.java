package dev.clipshare.benchmarks.jmh;

import dev.clipshare.core.ViewerLimits;
import dev.clipshare.core.spi.SharingStores;
import dev.clipshare.core.CreateShareRequest;
import dev.clipshare.core.ExportArtifacts;
import dev.clipshare.core.Principal;
import dev.clipshare.core.RateLimit;
import dev.clipshare.core.Role;
import dev.clipshare.core.SealingKey;
import dev.clipshare.core.ServiceBusyException;
import dev.clipshare.core.Sharing;
import dev.clipshare.core.SigningKey;
import dev.clipshare.core.Target;
import dev.clipshare.core.UnlockRequest;
import dev.clipshare.core.memory.InMemoryExportStore;
import dev.clipshare.core.memory.InMemoryMediaStore;
import dev.clipshare.core.memory.InMemoryShareStore;
import dev.clipshare.core.spi.AccessPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Control;

/**
 * The unlock path under 20 concurrent attempts at bcrypt cost 12 with the default cap (one check
 * per core, four waiting per core, 2 s wait): how long an attempt takes (the sampled times mix
 * the attempts that got a check, waiting included, and those turned away as busy at once), how
 * many checks a second the machine gets through, and how many attempts a second are refused
 * instead of piling up. A refused client waits the {@code Retry-After} it was given before its
 * next attempt, outside the measured time, as a browser or a well-behaved client would; without
 * that, refused threads would spin and take the CPU from the checks (in a real deployment the
 * rate limits, set out of the way here, stop such a flood long before the cap).
 *
 * <p>Runs twice: in sample-time mode for the distribution of attempt times, and in throughput
 * mode for the counts of checks and refusals (JMH reports {@link AuxCounters} only in the
 * throughput and average-time modes).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 2, time = 4)
@Threads(20)
@Fork(1)
public class UnlockBenchmark {
    private Sharing sharing;
    private String token;

    /** Outcomes per thread, summed by JMH (throughput mode only). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Outcomes {
        public long checked;
        public long busy;
        private long backOffMillis;
        private boolean waitInside;

        /**
         * Where a refused client waits. Sample-time mode: before the next attempt, outside the
         * sampled time, so samples are attempts only. Throughput mode: inside the attempt,
         * because there JMH divides the counts by the time spent in the benchmark method, which
         * must then be the wall-clock time.
         */
        @Setup(Level.Trial)
        public void mode(BenchmarkParams params) {
            waitInside = params.getMode() == Mode.Throughput;
        }

        @Setup(Level.Iteration)
        public void reset() {
            checked = 0;
            busy = 0;
        }

        /** Honours the last refusal's Retry-After. */
        @Setup(Level.Invocation)
        public void backOff() throws InterruptedException {
            if (backOffMillis > 0) {
                Thread.sleep(backOffMillis);
                backOffMillis = 0;
            }
        }
    }

    @Setup
    public void setUp() {
        Principal owner = new Principal("owner", "Owner");
        AccessPolicy policy = new AccessPolicy() {
            @Override
            public Optional<String> libraryOf(Target target) {
                return Optional.of("lib");
            }

            @Override
            public Optional<Role> roleOf(Principal principal, String libraryId) {
                return Optional.of(Role.OWNER);
            }
        };
        Clock clock = Clock.systemUTC();
        sharing = Sharing.builder()
                .accessPolicy(policy)
                .stores(SharingStores.of(new InMemoryShareStore(), new InMemoryExportStore()))
                .mediaStore(new InMemoryMediaStore(clock))
                .signingKeys(SigningKey.generate("k1"))
                .sealingKeys(SealingKey.generate("s1"))
                .publicBaseUrl("https://bench.example")
                .bcryptCost(12)
                .viewerLimits(ViewerLimits.defaults().withPerClient(RateLimit.perMinute(100_000_000))
                        .withProbes(RateLimit.perMinute(100_000_000), RateLimit.perMinute(100_000_000)).withPasswordFailures(RateLimit.perMinute(100_000_000)))
                .passwordLockout(1000, Duration.ofSeconds(1))
                .build();
        sharing.setSharingEnabled(owner, "lib", true);
        token = sharing.createShare(owner, CreateShareRequest.builder(Target.source("v")).password("correct horse battery").build())
                .token().value();
        var job = sharing.exportQueue().claim("bench").orElseThrow();
        sharing.exportQueue().complete(job, new ExportArtifacts(Duration.ofSeconds(10), 1280, 720, 1000, "h264", "aac", false));
    }

    @Benchmark
    public Object unlockWithTheRightPassword(Outcomes outcomes, Control control) throws InterruptedException {
        // JMH keeps the threads busy while it lines them up before and after the measurement;
        // attempts then are not counted (they are not in the time the counts are divided by)
        boolean measured = control.startMeasurement && !control.stopMeasurement;
        try {
            Object grant = sharing.unlock(UnlockRequest.of(token, "correct horse battery"));
            if (measured) {
                outcomes.checked++;
            }
            return grant;
        } catch (ServiceBusyException e) {
            if (measured) {
                outcomes.busy++;
            }
            outcomes.backOffMillis = e.retryAfterSeconds() * 1000;
            if (outcomes.waitInside) {
                outcomes.backOff();
            }
            return e;
        }
    }
}

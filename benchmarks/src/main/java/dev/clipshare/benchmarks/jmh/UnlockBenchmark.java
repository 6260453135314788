package dev.clipshare.benchmarks.jmh;

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

/**
 * The unlock path under 20 concurrent attempts at bcrypt cost 12 with the default cap (one check
 * per core, four waiting per core, 2 s wait): how long a check takes for the attempts that get
 * one, and how many are turned away as busy instead of piling up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 3, time = 5)
@Threads(20)
@Fork(1)
public class UnlockBenchmark {
    private Sharing sharing;
    private String token;

    /** Outcomes per thread, summed by JMH. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Outcomes {
        public long checked;
        public long busy;

        @Setup(Level.Iteration)
        public void reset() {
            checked = 0;
            busy = 0;
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
                .shareStore(new InMemoryShareStore())
                .exportStore(new InMemoryExportStore())
                .mediaStore(new InMemoryMediaStore(clock))
                .signingKeys(SigningKey.generate("k1"))
                .sealingKeys(SealingKey.generate("s1"))
                .publicBaseUrl("https://bench.example")
                .globalRateLimit(RateLimit.perMinute(100_000_000))
                .tokenRateLimit(RateLimit.perMinute(100_000_000))
                .passwordFailureRateLimit(RateLimit.perMinute(100_000_000))
                .passwordLockout(1000, Duration.ofSeconds(1))
                .build();
        sharing.setSharingEnabled(owner, "lib", true);
        token = sharing.createShare(owner, CreateShareRequest.builder(Target.source("v")).password("correct horse battery").build())
                .token().value();
        var job = sharing.exportQueue().claim("bench").orElseThrow();
        sharing.exportQueue().complete(job, new ExportArtifacts(Duration.ofSeconds(10), 1280, 720, 1000, "h264", "aac", false));
    }

    @Benchmark
    public Object unlockWithTheRightPassword(Outcomes outcomes) {
        try {
            Object grant = sharing.unlock(UnlockRequest.of(token, "correct horse battery"));
            outcomes.checked++;
            return grant;
        } catch (ServiceBusyException e) {
            outcomes.busy++;
            return e;
        }
    }
}

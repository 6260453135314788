package dev.clipshare.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the same race many times, so that a race window of a few microseconds is hit in every
 * run rather than now and then. Each round gets fresh state from {@code setUp} on the calling
 * thread; then every racer thread, already running and spinning (not parked), starts its action
 * at the same instant; then {@code check} sees the round's results. A single
 * {@link Concurrently} round starts threads tens of microseconds apart and rarely hits a short
 * window; spinning racers start within a fraction of a microsecond of each other whenever the
 * machine has a core for each.
 *
 * <pre>{@code
 * Races.run(2, 200,
 *         round -> TestShares.randomTarget(),
 *         (target, racer) -> nodes.get(racer).insert(TestShares.share(target).build(), ONE_PER_VISIBILITY),
 *         (round, target, results) -> assertThat(...));
 * }</pre>
 *
 * <p>The racer threads live for one {@link #run} call. Not for use by several threads at once.
 */
public final class Races {
    private Races() { }

    /** Makes the state of one round, on the calling thread. */
    @FunctionalInterface
    public interface SetUp<C> {
        C round(int round) throws Exception;
    }

    /** One racer's action in a round; an exception it throws ends the run with that exception. */
    @FunctionalInterface
    public interface Action<C, T> {
        T run(C state, int racer) throws Exception;
    }

    /** Checks a round; {@code results} holds each racer's answer in racer order. */
    @FunctionalInterface
    public interface Check<C, T> {
        void round(int round, C state, List<T> results) throws Exception;
    }

    /**
     * Runs {@code rounds} rounds of {@code racers} racers. Stops at the first round whose action or
     * check throws, and throws that.
     */
    public static <C, T> void run(int racers, int rounds, SetUp<C> setUp, Action<C, T> action, Check<C, T> check)
            throws Exception {
        if (racers < 1 || rounds < 1) {
            throw new IllegalArgumentException("racers and rounds must be at least 1, were " + racers + " and " + rounds);
        }
        Objects.requireNonNull(setUp, "setUp");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(check, "check");
        Arena<C, T> arena = new Arena<>(racers, action);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            int racer = i;
            Thread t = new Thread(() -> arena.race(racer), "racer-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        try {
            for (int round = 0; round < rounds; round++) {
                C state = setUp.round(round);
                List<T> results = arena.round(round, state);
                check.round(round, state, Collections.unmodifiableList(results));
            }
        } finally {
            arena.stop();
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
        }
    }

    /** The racers' meeting point: a semaphore wakes them, a spin on {@code go} starts them together. */
    private static final class Arena<C, T> {
        private final int racers;
        private final Action<C, T> action;
        private final Semaphore armed = new Semaphore(0);
        private final AtomicInteger ready = new AtomicInteger();
        private volatile int go = -1;
        private volatile boolean stopped;
        private volatile C state;
        private volatile CountDownLatch done;
        private final Object[] results;
        private final Throwable[] failures;

        Arena(int racers, Action<C, T> action) {
            this.racers = racers;
            this.action = action;
            this.results = new Object[racers];
            this.failures = new Throwable[racers];
        }

        void race(int racer) {
            int round = 0;
            while (true) {
                armed.acquireUninterruptibly();
                if (stopped) {
                    return;
                }
                ready.incrementAndGet();
                while (go < round) {
                    Thread.onSpinWait();
                }
                try {
                    results[racer] = action.run(state, racer);
                } catch (Throwable e) {
                    failures[racer] = e;
                }
                done.countDown();
                round++;
            }
        }

        @SuppressWarnings("unchecked")
        List<T> round(int round, C roundState) throws Exception {
            state = roundState;
            done = new CountDownLatch(racers);
            ready.set(0);
            for (int i = 0; i < racers; i++) {
                results[i] = null;
                failures[i] = null;
            }
            armed.release(racers);
            while (ready.get() < racers) {
                Thread.onSpinWait();
            }
            go = round;
            if (!done.await(120, TimeUnit.SECONDS)) {
                throw new AssertionError("a racer did not finish round " + round + " within 120 s");
            }
            for (Throwable f : failures) {
                if (f instanceof Exception e) {
                    throw e;
                } else if (f != null) {
                    throw new AssertionError("a racer failed in round " + round, f);
                }
            }
            List<T> list = new ArrayList<>(racers);
            for (Object r : results) {
                list.add((T) r);
            }
            return list;
        }

        void stop() {
            stopped = true;
            armed.release(racers);
        }
    }
}

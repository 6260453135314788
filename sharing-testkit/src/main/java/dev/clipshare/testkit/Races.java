package dev.clipshare.testkit;

import java.time.Duration;
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
 * thread; then the racer threads are woken, the last one to arrive releases the others, who spin
 * (rather than park) meanwhile, so all start their action within a fraction of a microsecond
 * whenever the machine has a core for each; then {@code check} sees the round's results. A single
 * {@link Concurrently} round starts threads tens of microseconds apart and rarely hits a short
 * window; on a busy machine some rounds start apart too, which is why there are many.
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

    private static final ThreadLocal<Arena<?, ?>> CURRENT = new ThreadLocal<>();

    /**
     * Called from a racer's action: whether every racer of this round has started its action.
     * An action that repeats its call until this is true (and a minimum count is reached) is
     * sure to overlap in time with the other racers, however late the machine ran them.
     */
    public static boolean everyoneStarted() {
        Arena<?, ?> arena = CURRENT.get();
        if (arena == null) {
            throw new IllegalStateException("not called from a racer");
        }
        return arena.started.get() >= arena.racers;
    }

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
        run(racers, rounds, rounds, Duration.ZERO, setUp, action, check);
    }

    /**
     * Runs at least {@code minRounds} rounds, then goes on while less than {@code budget} has
     * passed since the start, up to {@code maxRounds}: a fast store gets many more rounds for the
     * same time, a slow one its minimum. Stops at the first round whose action or check throws,
     * and throws that.
     */
    public static <C, T> void run(int racers, int minRounds, int maxRounds, Duration budget, SetUp<C> setUp,
                                  Action<C, T> action, Check<C, T> check) throws Exception {
        if (racers < 1 || minRounds < 1 || maxRounds < minRounds) {
            throw new IllegalArgumentException("racers and rounds must be at least 1 and maxRounds at least minRounds, were "
                    + racers + ", " + minRounds + " and " + maxRounds);
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
            long deadline = System.nanoTime() + Objects.requireNonNull(budget, "budget").toNanos();
            for (int round = 0; round < maxRounds && (round < minRounds || System.nanoTime() < deadline); round++) {
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

    /** The racers' meeting point: a semaphore wakes them, the last to arrive starts them, the others spin on {@code go}. */
    private static final class Arena<C, T> {
        private static final long MAX_SPIN_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
        private final int racers;
        private final Action<C, T> action;
        private final Semaphore armed = new Semaphore(0);
        private final AtomicInteger ready = new AtomicInteger();
        private final AtomicInteger started = new AtomicInteger();
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
            CURRENT.set(this);
            int round = 0;
            while (true) {
                armed.acquireUninterruptibly();
                if (stopped) {
                    return;
                }
                if (ready.incrementAndGet() == racers) {
                    go = round;                          // the last racer to arrive starts the round
                } else {
                    long spinUntil = System.nanoTime() + MAX_SPIN_NANOS;
                    while (go < round) {
                        if (System.nanoTime() < spinUntil) {
                            Thread.onSpinWait();
                        } else {
                            Thread.yield();              // a busy machine: let the last racer run
                        }
                    }
                }
                started.incrementAndGet();
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
            started.set(0);
            for (int i = 0; i < racers; i++) {
                results[i] = null;
                failures[i] = null;
            }
            armed.release(racers);
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

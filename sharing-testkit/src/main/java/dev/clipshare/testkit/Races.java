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
    private static final ThreadLocal<Integer> RACER = new ThreadLocal<>();

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

    /**
     * Called from a racer's action: waits, spinning, until every racer of this round has called it
     * as many times as this one, so that the calls each racer makes next start together, within a
     * fraction of a microsecond of each other when the machine has a core for each. An action that
     * calls this before each of a fixed number of store calls races every call against the other
     * racers' calls of the same step, not only the first: a race window of a couple of
     * microseconds is hit many times per round instead of now and then. Every racer of a round must
     * call it the same number of times. Gives up, throwing, when another racer failed.
     */
    public static void together() {
        Arena<?, ?> arena = CURRENT.get();
        if (arena == null) {
            throw new IllegalStateException("not called from a racer");
        }
        arena.together(RACER.get());
    }

    /**
     * {@link #together()}, then {@code call}, timed: the run counts a step as raced when every
     * racer's call of that step was under way at one same instant (their start-to-end intervals
     * overlap), and a run given a number of raced steps goes on until it has seen them. On a busy
     * machine the racers are often not running at the same time; counting the steps that really
     * overlapped, rather than rounds, is what makes a short window found in every run.
     */
    public static <T> T together(java.util.concurrent.Callable<T> call) throws Exception {
        together();
        Arena<?, ?> arena = CURRENT.get();
        int racer = RACER.get();
        long start = System.nanoTime();
        try {
            return call.call();
        } finally {
            arena.timed(racer, start, System.nanoTime());
        }
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
        run(racers, minRounds, maxRounds, budget, 0, setUp, action, check);
    }

    /**
     * The most a run goes on past its budget to see the raced steps it was asked for. Not more, and
     * no failure when they were not seen: on a machine busy enough that CPU-bound calls rarely run
     * at once (an embedded database on two loaded cores), a correct store must still pass quickly.
     */
    private static final Duration MAX_EXTRA = Duration.ofSeconds(1);

    /**
     * As {@link #run(int, int, int, Duration, SetUp, Action, Check)}, and then goes on (past the
     * budget and {@code maxRounds}, for at most 1 s more) until {@code racedSteps} steps made with
     * {@link #together(java.util.concurrent.Callable)} overlapped in time on every racer.
     */
    public static <C, T> void run(int racers, int minRounds, int maxRounds, Duration budget, int racedSteps,
                                  SetUp<C> setUp, Action<C, T> action, Check<C, T> check) throws Exception {
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
            long lastChance = deadline + MAX_EXTRA.toNanos();
            int round = 0;
            while (round < minRounds
                    || round < maxRounds && System.nanoTime() < deadline
                    || arena.raced < racedSteps && System.nanoTime() < lastChance) {
                C state = setUp.round(round);
                List<T> results = arena.round(round, state);
                check.round(round, state, Collections.unmodifiableList(results));
                round++;
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
        private static final long STEP_SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
        private final int racers;
        private final Action<C, T> action;
        private final Semaphore armed = new Semaphore(0);
        private final AtomicInteger ready = new AtomicInteger();
        private final AtomicInteger started = new AtomicInteger();
        private final AtomicInteger arrivals = new AtomicInteger();
        private final int[] steps;
        private volatile boolean failed;
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
            this.steps = new int[racers];
            for (int i = 0; i < racers; i++) {
                times.add(new ArrayList<>());
            }
        }

        /** Each racer's [start, end] per timed step of this round; a racer writes only its own list. */
        private final List<List<long[]>> times = new ArrayList<>();
        /** Steps, over the whole run, whose calls overlapped on every racer. */
        private int raced;

        void timed(int racer, long start, long end) {
            times.get(racer).add(new long[] {start, end});
        }

        /** Called after a round, once every racer is done: counts its steps that overlapped. */
        private void countRaced() {
            int steps = times.stream().mapToInt(List::size).min().orElse(0);
            for (int i = 0; i < steps; i++) {
                long latestStart = Long.MIN_VALUE;
                long earliestEnd = Long.MAX_VALUE;
                for (List<long[]> racer : times) {
                    latestStart = Math.max(latestStart, racer.get(i)[0]);
                    earliestEnd = Math.min(earliestEnd, racer.get(i)[1]);
                }
                if (latestStart < earliestEnd) {
                    raced++;
                }
            }
        }

        void together(int racer) {
            int everyone = ++steps[racer] * racers;
            arrivals.incrementAndGet();
            // a short spin: between steps the other racer is a call away, and a longer spin on a
            // loaded machine only keeps it from the core it needs
            long spinUntil = System.nanoTime() + STEP_SPIN_NANOS;
            long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (arrivals.get() < everyone) {
                if (failed) {
                    throw new StoppedByAnother("another racer failed; this one stopped at step " + steps[racer]);
                }
                long now = System.nanoTime();
                if (now < spinUntil) {
                    Thread.onSpinWait();
                } else if (now < giveUpAt) {
                    Thread.yield();              // a busy machine: let the others run
                } else {
                    throw new IllegalStateException("the other racers did not reach step " + steps[racer]
                            + " within 60 s: every racer must call Races.together() as often");
                }
            }
        }

        void race(int racer) {
            CURRENT.set(this);
            RACER.set(racer);
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
                    failed = true;
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
            arrivals.set(0);
            failed = false;
            for (int i = 0; i < racers; i++) {
                results[i] = null;
                failures[i] = null;
                steps[i] = 0;
                times.get(i).clear();
            }
            armed.release(racers);
            if (!done.await(120, TimeUnit.SECONDS)) {
                throw new AssertionError("a racer did not finish round " + round + " within 120 s");
            }
            countRaced();
            for (Throwable f : failures) {
                if (f instanceof StoppedByAnother) {
                    continue;                            // the failure that stopped it is reported instead
                }
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

    /** What {@link #together()} throws in a racer that stopped because another failed. */
    private static final class StoppedByAnother extends IllegalStateException {
        StoppedByAnother(String message) {
            super(message);
        }
    }
}

package dev.clipshare.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs one task on several threads released at the same instant, to provoke races. Tests of
 * atomicity promises use it: twenty threads failing a password at once, twenty concurrent
 * creates under ONE_PER_VISIBILITY, eight threads counting views.
 *
 * <pre>{@code
 * List<Share> made = Concurrently.run(20, i -> store.insert(candidates.get(i), policy));
 * }</pre>
 */
public final class Concurrently {
    private Concurrently() { }

    /** A task given its thread's index, 0..threads-1. */
    @FunctionalInterface
    public interface Indexed<T> {
        T run(int index) throws Exception;
    }

    /**
     * Runs {@code task} on {@code threads} threads that start together and returns their results
     * in index order. A task that throws makes this throw, after every thread has finished.
     */
    public static <T> List<T> run(int threads, Indexed<T> task) throws InterruptedException, ExecutionException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                Callable<T> call = () -> {
                    ready.countDown();
                    go.await();
                    return task.run(index);
                };
                futures.add(pool.submit(call));
            }
            ready.await(30, TimeUnit.SECONDS);
            go.countDown();
            List<T> results = new ArrayList<>();
            ExecutionException failure = null;
            for (Future<T> f : futures) {
                try {
                    results.add(f.get(120, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    failure = failure == null ? e : failure;
                    results.add(null);
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new ExecutionException("a thread did not finish within 120 s", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}

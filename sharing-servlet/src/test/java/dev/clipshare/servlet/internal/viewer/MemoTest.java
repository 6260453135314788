package dev.clipshare.servlet.internal.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The memo behind kept pages and cards: a bound that holds under concurrent misses. */
class MemoTest {
    @Test
    void manyThreadsMissingAtOnceNeverLeaveMoreThanTheCapacity() throws Exception {
        Memo<String, String> memo = new Memo<>(8);
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger computed = new AtomicInteger();
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 20_000; i++) {
                    String key = "page-" + thread + "-" + i; // every call a miss, as under a flood of distinct query strings
                    assertThat(memo.get(key, k -> {
                        computed.incrementAndGet();
                        return k.toUpperCase();
                    })).isEqualTo(key.toUpperCase());
                }
            });
            th.start();
            running.add(th);
        }
        start.countDown();
        for (Thread th : running) {
            th.join();
        }

        assertThat(computed.get()).as("every distinct key computed").isEqualTo(threads * 20_000);
        assertThat(memo.size()).as("kept values after concurrent misses").isLessThanOrEqualTo(8);
    }

    @Test
    void aKeptValueIsComputedOnce() {
        Memo<String, String> memo = new Memo<>(4);
        AtomicInteger computed = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            memo.get("same", k -> "v" + computed.incrementAndGet());
        }
        assertThat(memo.get("same", k -> "other")).isEqualTo("v1");
        assertThat(computed.get()).isEqualTo(1);
    }
}

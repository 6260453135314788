package dev.clipshare.servlet.api;

import static dev.clipshare.servlet.api.TestHost.EDITOR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.LinksPerTarget;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many clients at once against the real container: the store's atomic rules hold over HTTP. */
class ConcurrencyTest extends ApiTestBase {
    private static final int CLIENTS = 20;

    @Override
    TestHost createHost() {
        return new TestHost(LinksPerTarget.ONE_PER_VISIBILITY).enabled();
    }

    @Test
    void twentyConcurrentCreatesUnderOnePerVisibilityGiveExactlyOne201AndNineteen409() throws Exception {
        List<Http.Res> answers = all(i -> http.as(EDITOR).post("/shares", "{\"source_id\": \"video-1\", \"title\": \"take " + i + "\"}"));

        assertThat(answers).filteredOn(r -> r.status() == 201).hasSize(1);
        List<Http.Res> refused = answers.stream().filter(r -> r.status() != 201).toList();
        assertThat(refused).hasSize(CLIENTS - 1);
        refused.forEach(r -> assertProblem(r, 409, "conflict"));
        assertThat(assertJson(http.as(EDITOR).get("/shares?source_id=video-1"), 200).get("data")).hasSize(1);
    }

    @Test
    void twentyConcurrentRetriesWithOneIdempotencyKeyCreateOneShare() throws Exception {
        List<Http.Res> answers = all(i -> http.as(EDITOR).header("Idempotency-Key", "double-click")
                .post("/shares", "{\"source_id\": \"video-2\", \"title\": \"Goal\"}"));

        assertThat(answers).allSatisfy(r -> assertThat(r.status()).as("%s", r).isEqualTo(201));
        assertThat(answers.stream().map(r -> r.json().get("id").stringValue()).distinct()).hasSize(1);
        assertThat(assertJson(http.as(EDITOR).get("/shares?source_id=video-2"), 200).get("data")).hasSize(1);
    }

    interface Request {
        Http.Res send(int i);
    }

    /** Sends {@value #CLIENTS} requests from as many threads, released together. */
    private static List<Http.Res> all(Request request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            CountDownLatch ready = new CountDownLatch(CLIENTS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Http.Res>> futures = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return request.send(n);
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<Http.Res> answers = new ArrayList<>();
            for (Future<Http.Res> f : futures) {
                answers.add(f.get(30, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}

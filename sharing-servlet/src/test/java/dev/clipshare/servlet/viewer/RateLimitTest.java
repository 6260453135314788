package dev.clipshare.servlet.viewer;

import static dev.clipshare.servlet.viewer.Http.get;
import static dev.clipshare.servlet.viewer.Http.text;
import static dev.clipshare.servlet.viewer.ViewerHost.pagePath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.ViewerLimits;
import dev.clipshare.core.RateLimit;
import dev.clipshare.core.ShareDetails;
import dev.clipshare.core.ShareToken;
import dev.clipshare.core.SharingEvent;
import dev.clipshare.testkit.Concurrently;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The three rate limits and the bcrypt cap answer 429 (or 503 when busy) with Retry-After. Each
 * test starts a minute later on the host's clock, so every bucket is full again.
 */
class RateLimitTest {
    private static ViewerHost limited;
    private static ViewerHost busy;

    @BeforeAll
    static void start() {
        limited = new ViewerHost(ViewerHost.Options.defaults().sharing(b -> b
                .viewerLimits(ViewerLimits.defaults().withPerClient(RateLimit.perMinute(6))
                        .withProbes(RateLimit.perMinute(12), RateLimit.perMinute(600)).withPasswordFailures(RateLimit.perMinute(2)))));
        busy = new ViewerHost(ViewerHost.Options.defaults().sharing(b -> b
                .passwordChecks(1, 0, Duration.ofMillis(1))
                .viewerLimits(ViewerLimits.defaults().withPerClient(RateLimit.perMinute(100_000))
                        .withProbes(RateLimit.perMinute(100_000), RateLimit.perMinute(100_000)).withPasswordFailures(RateLimit.perMinute(100_000)))
                .passwordLockout(1000, Duration.ofMinutes(10))));
    }

    @AfterAll
    static void stop() throws Exception {
        limited.close();
        busy.close();
    }

    @BeforeEach
    void refill() {
        limited.clock.advance(Duration.ofMinutes(2));
    }

    private static void assertRateLimited(HttpResponse<byte[]> r) {
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 60L));
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(new HtmlDoc(text(r)).byId("clipshare-rate-limited")).isPresent();
    }

    @Test
    void thePerTokenLimitAnswers429WithRetryAfter() {
        ShareDetails d = limited.readyShare();
        ShareDetails other = limited.readyShare();
        for (int i = 0; i < 6; i++) {
            assertThat(get(limited.url(pagePath(d))).statusCode()).isEqualTo(200);
        }
        assertRateLimited(get(limited.url(pagePath(d))));
        assertThat(get(limited.url(pagePath(other))).statusCode()).as("another token still opens").isEqualTo(200);
        assertThat(get(limited.url(pagePath(d) + "/clip.mp4"), "Range", "bytes=0-9").statusCode())
                .as("media ranges are not page views").isEqualTo(206);
    }

    @Test
    void theServiceWideLimitAnswers429WithRetryAfter() {
        for (int i = 0; i < 12; i++) {
            assertThat(get(limited.url("/s/" + ShareToken.generate().value())).statusCode()).isEqualTo(404);
        }
        assertRateLimited(get(limited.url("/s/" + ShareToken.generate().value())));
    }

    @Test
    void thePasswordAttemptLimitAnswers429BeforeAnyBcrypt() {
        ShareDetails d = limited.readyShare(b -> b.password("blue-heron"));
        Unlocker form = new Unlocker(limited, pagePath(d));
        assertThat(form.post("wrong-1").statusCode()).isEqualTo(403);
        assertThat(form.post("wrong-2").statusCode()).isEqualTo(403);
        assertRateLimited(form.post("wrong-3"));
        assertRateLimited(form.post("blue-heron"));
        assertThat(limited.events(SharingEvent.UnlockFailed.class).stream().filter(e -> e.shareId().equals(d.id()))).hasSize(2);
    }

    @Test
    void passwordChecksBeyondTheCapAreRefusedWith503AndRetryAfter() throws Exception {
        ShareDetails d = busy.readyShare(b -> b.password("blue-heron"));
        Unlocker form = new Unlocker(busy, pagePath(d));
        List<HttpResponse<byte[]>> answers = Concurrently.run(16, i -> form.post("guess-" + i));
        assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isIn(403, 503));
        assertThat(answers).anySatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(new HtmlDoc(text(r)).byId("clipshare-busy")).isPresent();
        });
        long checked = busy.events(SharingEvent.UnlockFailed.class).stream().filter(e -> e.shareId().equals(d.id())).count();
        assertThat(checked).isEqualTo(answers.stream().filter(r -> r.statusCode() == 403).count());
    }
}

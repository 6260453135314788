package dev.clipshare.servlet.viewer;

import static dev.clipshare.servlet.viewer.Http.get;
import static dev.clipshare.servlet.viewer.JsonClient.assertJsonHeaders;
import static dev.clipshare.servlet.viewer.JsonClient.grant;
import static dev.clipshare.servlet.viewer.JsonClient.json;
import static dev.clipshare.servlet.viewer.JsonClient.passwordBody;
import static dev.clipshare.servlet.viewer.JsonClient.status;
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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JSON endpoints keep the pages' limits: the service-wide and per-token rate limits (429 with
 * {@code Retry-After}, shared with the HTML pages), the password-attempt limit, and the cap on
 * concurrent bcrypt checks ({@code busy}, 503). Each test starts two minutes later on the
 * host's clock, so every bucket is full again.
 */
class JsonLimitsTest {
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

    private static void assertRefused(HttpResponse<byte[]> r, int status, String key, String value) {
        assertThat(r.statusCode()).isEqualTo(status);
        long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 60L);
        Map<String, Object> json = json(r);
        assertThat(json).containsEntry(key, value).containsEntry("retry_after", retryAfter);
        assertJsonHeaders(value, r);
    }

    @Test
    void statusChecksShareThePerTokenLimitWithThePage() {
        ShareDetails d = limited.readyShare();
        for (int i = 0; i < 3; i++) {
            assertThat(status(limited, d).statusCode()).isEqualTo(200);
            assertThat(get(limited.url(pagePath(d))).statusCode()).isEqualTo(200);
        }
        HttpResponse<byte[]> r = status(limited, d);
        assertRefused(r, 429, "status", "rate_limited");
        assertThat(json(r)).containsOnlyKeys("status", "retry_after");
        assertThat(get(limited.url(pagePath(d))).statusCode()).as("and the page is limited as well").isEqualTo(429);
        assertThat(status(limited, limited.readyShare()).statusCode()).as("another token still answers").isEqualTo(200);
        assertThat(get(limited.url(pagePath(d) + "/clip.mp4"), "Range", "bytes=0-9").statusCode())
                .as("media ranges are not limited per request").isEqualTo(206);
    }

    @Test
    void statusChecksOfUnknownTokensCountTowardsTheServiceWideLimit() {
        for (int i = 0; i < 12; i++) {
            assertThat(get(limited.url("/s/" + ShareToken.generate().value() + "/status")).statusCode()).isEqualTo(404);
        }
        assertRefused(get(limited.url("/s/" + ShareToken.generate().value() + "/status")), 429, "status", "rate_limited");
    }

    @Test
    void grantRequestsAreLimitedPerToken() {
        ShareDetails d = limited.readyShare();
        for (int i = 0; i < 6; i++) {
            assertThat(grant(limited, d, "{}").statusCode()).isEqualTo(200);
        }
        HttpResponse<byte[]> r = grant(limited, d, "{}");
        assertRefused(r, 429, "reason", "rate_limited");
        assertThat(json(r)).containsOnlyKeys("ok", "reason", "retry_after").containsEntry("ok", false);
    }

    @Test
    void passwordAttemptsAreLimitedBeforeAnyBcrypt() {
        ShareDetails d = limited.readyShare(b -> b.password("blue-heron"));
        assertThat(grant(limited, d, passwordBody("wrong-1")).statusCode()).isEqualTo(403);
        assertThat(grant(limited, d, passwordBody("wrong-2")).statusCode()).isEqualTo(403);
        assertRefused(grant(limited, d, passwordBody("wrong-3")), 429, "reason", "rate_limited");
        assertRefused(grant(limited, d, passwordBody("blue-heron")), 429, "reason", "rate_limited");
        assertThat(limited.events(SharingEvent.UnlockFailed.class).stream().filter(e -> e.shareId().equals(d.id()))).hasSize(2);
    }

    @Test
    void passwordChecksBeyondTheCapAreRefusedAsBusy() throws Exception {
        ShareDetails d = busy.readyShare(b -> b.password("blue-heron"));
        List<HttpResponse<byte[]>> answers = Concurrently.run(16, i -> grant(busy, d, passwordBody("guess-" + i)));
        assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isIn(403, 503));
        assertThat(answers).anySatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(json(r)).containsEntry("ok", false).containsEntry("reason", "busy").containsEntry("retry_after", 1L);
        });
        long checked = busy.events(SharingEvent.UnlockFailed.class).stream().filter(e -> e.shareId().equals(d.id())).count();
        assertThat(checked).isEqualTo(answers.stream().filter(r -> r.statusCode() == 403).count());
    }
}

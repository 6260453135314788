package dev.clipshare.servlet.viewer;

import static dev.clipshare.servlet.viewer.Http.text;
import static dev.clipshare.servlet.viewer.JsonClient.assertIdentical;
import static dev.clipshare.servlet.viewer.JsonClient.assertJsonHeaders;
import static dev.clipshare.servlet.viewer.JsonClient.grant;
import static dev.clipshare.servlet.viewer.JsonClient.grantToken;
import static dev.clipshare.servlet.viewer.JsonClient.json;
import static dev.clipshare.servlet.viewer.JsonClient.passwordBody;
import static dev.clipshare.servlet.viewer.JsonClient.status;
import static dev.clipshare.servlet.viewer.StatusApiTest.ordered;
import static dev.clipshare.servlet.viewer.ViewerHost.pagePath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.ViewerLimits;
import dev.clipshare.core.RateLimit;
import dev.clipshare.core.ShareDetails;
import dev.clipshare.core.ShareToken;
import dev.clipshare.core.SharingEvent;
import dev.clipshare.core.VerifiedGrant;
import dev.clipshare.core.Visibility;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /s/{token}/grant}: the grant flow with and without a password, the lockout, the
 * 72-byte rule, the JSON-only CSRF guard and the 4 KiB body limit, on a real Jetty. The
 * password-failure rate limit is set high here so that only the lockout decides (the limits
 * have {@link JsonLimitsTest}).
 */
class GrantApiTest {
    private static final String PASSWORD = "blue-heron";
    private static ViewerHost host;

    @BeforeAll
    static void start() {
        host = new ViewerHost(ViewerHost.Options.defaults().sharing(b -> b
                .passwordChecks(2, 64, Duration.ofSeconds(60))
                .viewerLimits(ViewerLimits.defaults().withPasswordFailures(RateLimit.perMinute(100_000))
                        .withProbes(RateLimit.perMinute(100_000), RateLimit.perMinute(100_000)))));
    }

    @AfterAll
    static void stop() throws Exception {
        host.close();
    }

    private static ShareDetails protectedShare() {
        return host.readyShare(b -> b.password(PASSWORD).title("Secret"));
    }

    private static long failures(ShareDetails d) {
        return host.events(SharingEvent.UnlockFailed.class).stream().filter(e -> e.shareId().equals(d.id())).count();
    }

    private static HttpResponse<byte[]> post(ShareDetails d, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(host.url(pagePath(d) + "/grant")))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return Http.send(b);
    }

    @Test
    void aLinkWithoutPasswordGrantsAtOnceWithoutACookie() {
        ShareDetails d = host.readyShare();
        for (HttpResponse<byte[]> r : List.of(grant(host, d, "{}"), grant(host, d, ""), grant(host, d, "{\"password\":null}"),
                grant(host, d, passwordBody("anything")))) {
            assertThat(r.statusCode()).isEqualTo(200);
            assertJsonHeaders("grant", r);
            Map<String, Object> json = json(r);
            assertThat(json.keySet()).containsExactly("ok", "grant_token", "expires_at");
            assertThat(json).containsEntry("ok", true)
                    .containsEntry("expires_at", host.clock.instant().plus(Duration.ofHours(24)).toString());
            String grant = (String) json.get("grant_token");
            assertThat(grant).startsWith("g.");
            assertThat(host.sharing.verifyGrant(grant)).map(VerifiedGrant::shareId).hasValue(d.id());
        }
        assertThat(host.sharing.getShare(TestPolicy.EDITOR, d.id()).viewCount()).as("a grant is no view").isZero();
    }

    @Test
    void theRightPasswordGrantsAndTheGrantOpensTheLink() {
        ShareDetails d = protectedShare();
        HttpResponse<byte[]> none = grant(host, d, "{}");
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(json(none)).containsExactlyEntriesOf(ordered("ok", false, "reason", "password_required"));
        HttpResponse<byte[]> wrong = grant(host, d, passwordBody("heron-blue"));
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(json(wrong)).containsExactlyEntriesOf(ordered("ok", false, "reason", "wrong_password"));
        assertJsonHeaders("wrong", wrong);
        assertThat(failures(d)).as("only the wrong password counted").isEqualTo(1);

        HttpResponse<byte[]> right = post(d, "application/json; charset=UTF-8", passwordBody(PASSWORD));
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(text(right)).doesNotContain(PASSWORD);
        assertThat(right.headers().allValues("Set-Cookie")).isEmpty();
        String grant = (String) json(right).get("grant_token");
        assertThat(json(status(host, d, "Authorization", "Bearer " + grant))).containsEntry("status", "ok");
        assertThat(host.sharing.verifyGrant(grant)).isPresent();
    }

    @Test
    void fiveWrongPasswordsLockTheLinkAndEvenTheRightOneIsRefusedUntilTheLockEnds() {
        ShareDetails d = protectedShare();
        for (int i = 0; i < 4; i++) {
            HttpResponse<byte[]> r = grant(host, d, passwordBody("wrong-" + i));
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(json(r)).containsEntry("reason", "wrong_password");
        }
        String until = host.clock.instant().plus(Duration.ofMinutes(10)).toString();
        HttpResponse<byte[]> fifth = grant(host, d, passwordBody("wrong-4"));
        assertThat(fifth.statusCode()).isEqualTo(429);
        assertThat(fifth.headers().firstValue("Retry-After")).hasValue("600");
        assertThat(json(fifth)).containsExactlyEntriesOf(ordered("ok", false, "reason", "locked", "retry_after", 600L, "locked_until", until));

        HttpResponse<byte[]> right = grant(host, d, passwordBody(PASSWORD));
        assertThat(right.statusCode()).isEqualTo(429);
        assertThat(json(right)).containsEntry("reason", "locked").containsEntry("locked_until", until);
        assertThat(json(grant(host, d, "{}"))).as("even asking without a password").containsEntry("reason", "locked");
        assertThat(json(grant(host, d, passwordBody("x".repeat(73))))).as("or with an impossible one").containsEntry("reason", "locked");
        assertThat(json(status(host, d))).containsEntry("status", "locked").containsEntry("retry_after", 600L);
        assertThat(failures(d)).isEqualTo(5);

        host.clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        assertThat(grantToken(host, d, PASSWORD)).startsWith("g.");
    }

    @Test
    void passwordsLongerThan72BytesAreWrongWithoutABcryptCheckOrACount() {
        ShareDetails d = protectedShare();
        assertThat((PASSWORD + "x".repeat(63)).getBytes(StandardCharsets.UTF_8)).hasSize(73);
        HttpResponse<byte[]> r = grant(host, d, passwordBody(PASSWORD + "x".repeat(63)));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(json(r)).containsExactlyEntriesOf(ordered("ok", false, "reason", "wrong_password"));
        assertThat(json(grant(host, d, passwordBody("é".repeat(37))))).as("74 bytes in UTF-8").containsEntry("reason", "wrong_password");
        assertThat(failures(d)).isZero();
        assertThat(json(grant(host, d, passwordBody("é".repeat(36))))).as("72 bytes are checked").containsEntry("reason", "wrong_password");
        assertThat(failures(d)).isEqualTo(1);
    }

    @Test
    void onlyJsonIsAcceptedAndRefusalsCountNothing() {
        ShareDetails d = protectedShare();
        List<HttpResponse<byte[]>> refused = new ArrayList<>();
        refused.add(post(d, null, "{\"password\":\"wrong\"}"));
        refused.add(post(d, "application/x-www-form-urlencoded", "password=wrong"));
        refused.add(post(d, "multipart/form-data; boundary=x", "--x--"));
        refused.add(post(d, "text/plain", "{\"password\":\"wrong\"}"));
        refused.add(post(d, "application/json; charset=iso-8859-1", "{\"password\":\"wrong\"}"));
        refused.add(post(d, "application/jsonx", "{\"password\":\"wrong\"}"));
        for (HttpResponse<byte[]> r : refused) {
            assertThat(r.statusCode()).isEqualTo(415);
            assertThat(r.headers().firstValue("Accept-Post")).hasValue("application/json");
            assertThat(json(r)).containsExactlyEntriesOf(ordered("ok", false, "reason", "unsupported_media_type"));
            assertJsonHeaders("415", r);
        }
        assertThat(failures(d)).isZero();
        assertThat(post(d, "Application/JSON", passwordBody("wrong")).statusCode()).as("media types are case-insensitive").isEqualTo(403);
    }

    @Test
    void bodiesOver4KiBAreRefusedUnread() {
        ShareDetails d = protectedShare();
        String big = "{\"password\":\"wrong\",\"pad\":\"" + "x".repeat(5000) + "\"}";
        HttpResponse<byte[]> declared = grant(host, d, big);
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(json(declared)).containsExactlyEntriesOf(ordered("ok", false, "reason", "body_too_large"));
        HttpResponse<byte[]> chunked = Http.send(HttpRequest.newBuilder(URI.create(host.url(pagePath(d) + "/grant")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)))));
        assertThat(chunked.statusCode()).as("chunked, no Content-Length").isEqualTo(413);
        String padded = passwordBody("wrong") + " ".repeat(4096 - passwordBody("wrong").length());
        assertThat(padded).hasSize(4096);
        assertThat(grant(host, d, padded).statusCode()).as("4096 bytes are read").isEqualTo(403);
        assertThat(failures(d)).isEqualTo(1);
    }

    @Test
    void malformedBodiesAreBadRequestsThatNeverEchoThePassword() {
        ShareDetails d = protectedShare();
        Map<String, String> bodies = Map.of(
                "{\"password\":\"hunter2-secret\"", "body",
                "{\"password\":\"hunter2-secret\",\"password\":\"x\"}", "body",
                "[\"hunter2-secret\"]", "body",
                "{\"password\":\"hunter2-secret\"} {}", "body",
                "{\"pasword\":\"hunter2-secret\"}", "pasword",
                "{\"password\":[\"hunter2-secret\"]}", "password",
                "{\"password\":42}", "password");
        bodies.forEach((body, field) -> {
            HttpResponse<byte[]> r = grant(host, d, body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            Map<String, Object> json = json(r);
            assertThat(json).as(body).containsEntry("ok", false).containsEntry("reason", "bad_request").containsEntry("field", field);
            assertThat((String) json.get("detail")).as(body).isNotBlank();
            assertThat(text(r)).as(body).doesNotContain("hunter2");
        });
        assertThat(failures(d)).isZero();
    }

    @Test
    void everyKindOfMissingLinkGetsTheSameBytesAndHeaders() {
        ShareDetails revoked = protectedShare();
        host.sharing.revokeShare(TestPolicy.EDITOR, revoked.id());
        ShareDetails deleted = protectedShare();
        host.sharing.deleteShare(TestPolicy.EDITOR, deleted.id());
        ShareDetails privateShare = host.readyShare(b -> b.visibility(Visibility.PRIVATE).password(PASSWORD));
        String token = ShareToken.generate().value();
        String body = passwordBody(PASSWORD);

        List<HttpResponse<byte[]>> answers = List.of(
                Http.postJson(host.url("/s/" + token + "/grant"), body),
                grant(host, revoked, body),
                grant(host, deleted, body),
                grant(host, privateShare, body, "Cookie", "test-user=" + TestPolicy.STRANGER.id()),
                grant(host, revoked, "{}"),
                grant(host, revoked, passwordBody("x".repeat(100))),
                Http.postJson(host.url("/s/not-a-token/grant"), body),
                Http.postJson(host.url("/s/" + token.substring(3) + "/grant"), body),
                Http.postJson(host.url("/s/no*token!/grant"), body));
        assertIdentical(answers, 404);
        assertThat(text(answers.get(0))).isEqualTo("{\"ok\":false,\"reason\":\"missing\"}");
        assertJsonHeaders("missing", answers.get(0));
        assertThat(failures(privateShare)).isZero();
    }

    @Test
    void anExpiredLinkGrantsNothing() {
        ShareDetails d = host.readyShare(b -> b.password(PASSWORD).expiresAt(host.clock.instant().plus(Duration.ofMinutes(5))));
        host.clock.advance(Duration.ofMinutes(6));
        HttpResponse<byte[]> r = grant(host, d, passwordBody(PASSWORD));
        assertThat(r.statusCode()).isEqualTo(410);
        assertThat(json(r)).containsExactlyEntriesOf(ordered("ok", false, "reason", "expired"));
    }

    @Test
    void aPrivateLinkGrantsOnlyToSignedInMembers() {
        ShareDetails d = host.readyShare(b -> b.visibility(Visibility.PRIVATE));
        HttpResponse<byte[]> signedOut = grant(host, d, "{}");
        assertThat(signedOut.statusCode()).isEqualTo(403);
        assertThat(json(signedOut)).containsExactlyEntriesOf(ordered("ok", false, "reason", "sign_in_required",
                "login_url", "/login?next=" + URLEncoder.encode(pagePath(d), StandardCharsets.UTF_8)));
        HttpResponse<byte[]> member = grant(host, d, "{}", "Cookie", "test-user=" + TestPolicy.VIEWER.id());
        assertThat(member.statusCode()).isEqualTo(200);
        assertThat(host.sharing.verifyGrant((String) json(member).get("grant_token"))).isPresent();
    }

    @Test
    void onlyPostIsAnswered() {
        ShareDetails d = host.readyShare();
        HttpResponse<byte[]> r = Http.get(host.url(pagePath(d) + "/grant"));
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
        assertThat(json(r)).containsExactlyEntriesOf(ordered("ok", false, "reason", "method_not_allowed"));
        assertThat(Http.send(HttpRequest.newBuilder(URI.create(host.url(pagePath(d) + "/grant")))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()), "Origin", "https://evil.example",
                "Access-Control-Request-Method", "POST").statusCode()).as("no CORS preflight is answered").isEqualTo(405);
    }
}

package dev.clipshare.servlet.viewer;

import static dev.clipshare.servlet.viewer.Http.get;
import static dev.clipshare.servlet.viewer.Http.text;
import static dev.clipshare.servlet.viewer.ViewerHost.pagePath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.ViewerLimits;
import dev.clipshare.core.RateLimit;
import dev.clipshare.core.ShareDetails;
import dev.clipshare.core.SharingEvent;
import dev.clipshare.testkit.Concurrently;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The password flow over HTTP: CSRF, the grant cookie, the lockout, the 72-byte rule, the body
 * limit, and grants that must not open media. The password-failure rate limit is set high here
 * so that only the lockout decides; bcrypt checks may queue, so concurrency is exact.
 */
class UnlockTest {
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

    @Test
    void aTStartSurvivesTheUnlockAsS() {
        ShareDetails d = protectedShare();
        Unlocker form = new Unlocker(host, pagePath(d), "?t=9");
        HttpResponse<byte[]> r = form.postBody("csrf=" + form.csrfField + "&password=" + PASSWORD + "&t=9");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue(pagePath(d) + "?s=9");
    }

    @Test
    void theRightPasswordSetsTheGrantCookieAndLeadsBackToThePage() {
        ShareDetails d = protectedShare();
        Unlocker form = new Unlocker(host, pagePath(d), "?s=5&layout=minimal");
        HttpResponse<byte[]> r = form.postBody("csrf=" + form.csrfField + "&password=" + PASSWORD + "&s=5&layout=minimal");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue(pagePath(d) + "?s=5&layout=minimal");
        String setCookie = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("__Host-clipshare-g-")).findFirst().orElseThrow();
        assertThat(setCookie).matches("__Host-clipshare-g-[A-Za-z0-9_-]{16}=g\\.[^;]+; Path=/; Max-Age=86400; Secure; HttpOnly; SameSite=Lax");

        String grant = Unlocker.grantCookie(r);
        HttpResponse<byte[]> page = get(host.url(pagePath(d)), "Cookie", grant);
        assertThat(page.statusCode()).isEqualTo(200);
        String src = new HtmlDoc(text(page)).byId("clipshare-video").orElseThrow().attr("src");
        assertThat(src).startsWith(pagePath(d) + "/clip.mp4?sig=s.");
        assertThat(get(host.url(src)).statusCode()).isEqualTo(200);
        assertThat(get(host.url(pagePath(d) + "/clip.mp4"), "Cookie", grant).statusCode()).isEqualTo(200);
        assertThat(get(host.url(pagePath(d) + "/clip.mp4")).statusCode()).isEqualTo(404);
    }

    @Test
    void aWrongPasswordShowsTheFormAgainWithOneGenericError() {
        ShareDetails d = protectedShare();
        HttpResponse<byte[]> r = new Unlocker(host, pagePath(d)).post("not-it");
        assertThat(r.statusCode()).isEqualTo(403);
        HtmlDoc doc = new HtmlDoc(text(r));
        assertThat(doc.byId("clipshare-error")).isPresent();
        assertThat(text(r)).contains("That password is not right.");
        assertThat(doc.tags("form")).hasSize(1);
        assertThat(r.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("__Host-clipshare-g-"));
        assertThat(failures(d)).isEqualTo(1);
    }

    @Test
    void fiveWrongPasswordsLockTheLinkAndEvenTheRightOneIsRefusedUntilTheLockEnds() {
        ShareDetails d = protectedShare();
        Unlocker form = new Unlocker(host, pagePath(d));
        for (int i = 0; i < 4; i++) {
            assertThat(form.post("wrong-" + i).statusCode()).isEqualTo(403);
        }
        HttpResponse<byte[]> fifth = form.post("wrong-4");
        assertThat(fifth.statusCode()).isEqualTo(429);
        assertThat(fifth.headers().firstValue("Retry-After")).hasValue("600");
        assertThat(new HtmlDoc(text(fifth)).byId("clipshare-locked")).isPresent();

        HttpResponse<byte[]> right = form.post(PASSWORD);
        assertThat(right.statusCode()).isEqualTo(429);
        assertThat(right.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("__Host-clipshare-g-"));
        assertThat(text(right)).contains("Try again in 10 minutes");
        assertThat(failures(d)).isEqualTo(5);

        host.clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        assertThat(form.post(PASSWORD).statusCode()).isEqualTo(303);
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefusedWithoutCounting() {
        ShareDetails d = protectedShare();
        Unlocker form = new Unlocker(host, pagePath(d));
        String unlock = host.url(pagePath(d) + "/unlock");
        for (int i = 0; i < 8; i++) {
            assertThat(Http.postForm(unlock, "password=wrong").statusCode()).isEqualTo(403);
            assertThat(Http.postForm(unlock, "password=wrong&csrf=" + form.csrfField).statusCode()).as("field without cookie").isEqualTo(403);
            assertThat(Http.postForm(unlock, "password=wrong", "Cookie", form.csrfCookie).statusCode()).as("cookie without field").isEqualTo(403);
        }
        assertThat(form.post("wrong", "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(403);
        assertThat(Http.postForm(unlock, "password=" + PASSWORD + "&csrf=" + form.csrfField).statusCode()).isEqualTo(403);
        HttpResponse<byte[]> refused = Http.postForm(unlock, "password=wrong");
        assertThat(new HtmlDoc(text(refused)).byId("clipshare-form-expired")).isPresent();
        assertThat(failures(d)).isZero();
        assertThat(form.post(PASSWORD).statusCode()).as("the lockout was never approached").isEqualTo(303);
    }

    @Test
    void twentyConcurrentWrongAttemptsCostExactlyFiveBcryptChecks() throws Exception {
        ShareDetails d = protectedShare();
        Unlocker form = new Unlocker(host, pagePath(d));
        long checksBefore = host.sharing.passwordChecks();
        List<Integer> statuses = Concurrently.run(20, i -> form.post("guess-" + i).statusCode());
        assertThat(host.sharing.passwordChecks() - checksBefore).as("bcrypt comparisons run").isEqualTo(5);
        assertThat(statuses).allMatch(s -> s == 403 || s == 429);
        assertThat(statuses).filteredOn(s -> s == 403).hasSize(4);
        assertThat(failures(d)).isEqualTo(5);
        assertThat(host.events(SharingEvent.ShareLocked.class)).filteredOn(e -> e.shareId().equals(d.id())).hasSize(1);
    }

    @Test
    void passwordsLongerThan72BytesAreRefusedWithoutABcryptCheck() {
        ShareDetails d = protectedShare();
        Unlocker form = new Unlocker(host, pagePath(d));
        long checksBefore = host.sharing.passwordChecks();
        HttpResponse<byte[]> r = form.post(PASSWORD + "x".repeat(63));
        assertThat(PASSWORD.length() + 63).isEqualTo(73);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(text(r)).contains("That password is not right.");
        assertThat(form.post("é".repeat(37)).statusCode()).as("74 bytes in UTF-8").isEqualTo(403);
        assertThat(failures(d)).isZero();
        assertThat(host.sharing.passwordChecks() - checksBefore).as("no bcrypt comparison run").isZero();
    }

    @Test
    void anOverlongPasswordGetsTheSameAnswerAsAnyOtherRequestToAPrivateOrExpiredLink() {
        String overlong = "x".repeat(73);
        // private: a member's form, posted by a signed-in stranger, must answer like the stranger's page view
        ShareDetails privateShare = host.readyShare(b -> b.password(PASSWORD).title("Private title").visibility(dev.clipshare.core.Visibility.PRIVATE));
        HttpResponse<byte[]> form = get(host.url(pagePath(privateShare)), "Cookie", "test-user=victor");
        String csrfCookie = csrfCookie(form);
        String csrfField = new HtmlDoc(text(form)).tags("input").stream().filter(t -> "csrf".equals(t.attr("name")))
                .map(t -> t.attr("value")).findFirst().orElseThrow();
        HttpResponse<byte[]> strangerPage = get(host.url(pagePath(privateShare)), "Cookie", "test-user=mallory");
        HttpResponse<byte[]> strangerPost = Http.postForm(host.url(pagePath(privateShare) + "/unlock"),
                "csrf=" + csrfField + "&password=" + overlong, "Cookie", csrfCookie + "; test-user=mallory");
        assertThat(strangerPost.statusCode()).isEqualTo(404);
        assertThat(strangerPost.body()).isEqualTo(strangerPage.body());

        // expired: the answer is the expired notice, never the form with the link's title
        ShareDetails expiring = host.readyShare(b -> b.password(PASSWORD).title("Expired title").expiresInDays(1));
        Unlocker unlocker = new Unlocker(host, pagePath(expiring));
        host.clock.advance(Duration.ofDays(1).plusSeconds(1));
        HttpResponse<byte[]> expired = unlocker.post(overlong);
        assertThat(expired.statusCode()).isEqualTo(410);
        assertThat(text(expired)).doesNotContain("Expired title");
    }

    private static String csrfCookie(HttpResponse<byte[]> r) {
        String c = r.headers().allValues("Set-Cookie").stream().filter(v -> v.startsWith("__Host-clipshare-csrf=")).findFirst().orElseThrow();
        return c.substring(0, c.indexOf(';'));
    }

    @Test
    void bodiesOver4KiBAreRefusedUnread() {
        ShareDetails d = protectedShare();
        Unlocker form = new Unlocker(host, pagePath(d));
        String big = "csrf=" + form.csrfField + "&password=wrong&pad=" + "x".repeat(5000);
        assertThat(form.postBody(big).statusCode()).isEqualTo(413);
        HttpResponse<byte[]> chunked = Http.send(HttpRequest.newBuilder(URI.create(host.url(pagePath(d) + "/unlock")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes()))), "Cookie", form.csrfCookie);
        assertThat(chunked.statusCode()).as("chunked, no Content-Length").isEqualTo(413);
        assertThat(Http.send(HttpRequest.newBuilder(URI.create(host.url(pagePath(d) + "/unlock")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))).statusCode()).isEqualTo(415);
        assertThat(get(host.url(pagePath(d) + "/unlock")).statusCode()).as("back to the page").isEqualTo(303);
        assertThat(failures(d)).isZero();
    }

    @Test
    void tamperedExpiredOrForeignGrantsOpenNoMedia() {
        ShareDetails a = protectedShare();
        ShareDetails b = protectedShare();
        String grantA = Unlocker.grantCookie(new Unlocker(host, pagePath(a)).post(PASSWORD));
        String grantB = Unlocker.grantCookie(new Unlocker(host, pagePath(b)).post(PASSWORD));
        String clipA = host.url(pagePath(a) + "/clip.mp4");
        String clipB = host.url(pagePath(b) + "/clip.mp4");
        assertThat(get(clipA, "Cookie", grantA).statusCode()).isEqualTo(200);

        String nameA = grantA.substring(0, grantA.indexOf('='));
        String valueA = grantA.substring(grantA.indexOf('=') + 1);
        String nameB = grantB.substring(0, grantB.indexOf('='));
        char last = valueA.charAt(valueA.length() - 1);
        String tampered = nameA + "=" + valueA.substring(0, valueA.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThat(get(clipA, "Cookie", tampered).statusCode()).isEqualTo(404);
        assertThat(get(host.url(pagePath(a)), "Cookie", tampered).statusCode()).as("back to the form").isEqualTo(200);
        assertThat(new HtmlDoc(text(get(host.url(pagePath(a)), "Cookie", tampered))).tags("form")).hasSize(1);
        String forged = nameA + "=" + valueA.replaceFirst("^g\\.([^.]+)\\.(\\d+)\\.", "g.$1.9.");
        assertThat(get(clipA, "Cookie", forged).statusCode()).isEqualTo(404);

        assertThat(get(clipB, "Cookie", nameB + "=" + valueA).statusCode()).as("A's grant under B's name").isEqualTo(404);
        assertThat(get(clipB, "Cookie", grantA).statusCode()).as("A's cookie sent to B").isEqualTo(404);

        host.clock.advance(Duration.ofHours(25));
        assertThat(get(clipA, "Cookie", grantA).statusCode()).as("expired").isEqualTo(404);
        assertThat(get(clipB, "Cookie", grantB).statusCode()).isEqualTo(404);
    }

    @Test
    void changingThePasswordEndsTheGrant() {
        ShareDetails d = protectedShare();
        String grant = Unlocker.grantCookie(new Unlocker(host, pagePath(d)).post(PASSWORD));
        String clip = host.url(pagePath(d) + "/clip.mp4");
        assertThat(get(clip, "Cookie", grant).statusCode()).isEqualTo(200);
        host.sharing.updateShare(TestPolicy.EDITOR, d.id(), dev.clipshare.core.ShareUpdate.builder().password("new-one").build());
        assertThat(get(clip, "Cookie", grant).statusCode()).isEqualTo(404);
    }
}

package dev.clipshare.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The demo as its users see it, in real Chromium (three headless browsers with fresh profiles)
 * against the demo running on a random port: the owner turns sharing on; an editor marks a
 * moment with the player, exports it and watches the progress reach 100 %, and creates a
 * password link; a stranger's browser opens the link, gets the password wrong five times and is
 * locked out; the owner clears the lock; the right password plays the clip from {@code ?s=3}
 * (the frame drawn there is the source's second 5, read from the sample's binary clock); the
 * editor revokes the link and the stranger's reload shows the not-found page.
 *
 * <p>Screenshots of every step go to {@code target/screenshots/}. Waits poll the page.
 */
class DemoEndToEndTest {
    private static final String PASSWORD = "blue-heron";
    private static TestDemo demo;
    private static Browser owner;
    private static Browser editor;
    private static Browser stranger;
    private static int step;

    @BeforeAll
    static void start() {
        demo = TestDemo.start().awaitReady();
        owner = new Browser("owner", demo.url());
        editor = new Browser("editor", demo.url());
        stranger = new Browser("stranger", demo.url());
    }

    @AfterAll
    static void stop() {
        for (Browser b : new Browser[] {owner, editor, stranger}) {
            if (b != null) {
                b.close();
            }
        }
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void ownerEnablesSharingEditorSharesAMomentWithAPasswordStrangerIsLockedOutThenWatchesUntilTheEditorRevokes() {
        String link = ownerTurnsSharingOn()
                .editorMarksAMoment()
                .editorExportsIt()
                .editorCreatesAPasswordLink();
        strangerFailsThePasswordFiveTimesAndIsLockedOut(link);
        ownerClearsTheLock();
        strangerUnlocksAndWatchesFromSecondThree(link);
        editorSeesTheViewAndRevokes();
        strangerReloadsAndFindsNothing(link);
    }

    /** Saves the browser's screen as {@code target/screenshots/NN-what.png}, numbered in the order of the story. */
    private static void shot(Browser browser, String what) {
        browser.screenshot(String.format(java.util.Locale.ROOT, "%02d-%s", ++step, what));
    }

    // ------------------------------------------------------------------ the steps

    private DemoEndToEndTest ownerTurnsSharingOn() {
        owner.open("/");
        assertThat(owner.driver().getCurrentUrl()).as("signed out, the app asks who you are").contains("/signin");
        owner.find(By.id("signin-olivia"));
        shot(owner, "signed-out-the-app-asks-who-you-are");
        owner.signInAs("olivia", "/");
        assertThat(owner.text(By.id("who-role"))).isEqualTo("Owner · Studio");
        assertThat(owner.text(By.id("sharing-pill"))).isEqualTo("Sharing off");

        owner.find(By.linkText("Settings")).click();
        WebElement toggle = owner.waitFor(By.id("sharing-switch"));
        owner.waitUntil(d -> toggle.isEnabled());
        assertThat(toggle.isSelected()).isFalse();
        owner.find(By.cssSelector("label.switch")).click();
        owner.waitUntil(ExpectedConditions.textToBe(By.id("sharing-state"), "Sharing is on"));
        shot(owner, "owner-turns-sharing-on");

        owner.open("/settings");
        owner.waitUntil(ExpectedConditions.textToBe(By.id("sharing-state"), "Sharing is on"));
        assertThat(owner.waitFor(By.id("sharing-switch")).isSelected()).as("the switch is stored, not just drawn").isTrue();
        return this;
    }

    private DemoEndToEndTest editorMarksAMoment() {
        editor.signInAs("eddie", "/settings");
        editor.waitUntil(ExpectedConditions.textToBe(By.id("sharing-state"), "Sharing is on"));
        assertThat(editor.waitFor(By.id("sharing-switch")).isEnabled()).as("an editor sees the switch, read-only").isFalse();
        assertThat(editor.text(By.id("sharing-readonly"))).contains("Only the owner or an admin can change this");

        editor.open("/");
        WebElement card = editor.find(By.cssSelector("a.video-card[data-video='sample']"));
        assertThat(card.getDomAttribute("data-status")).isEqualTo("ready");
        assertThat(editor.all(By.id("upload-form"))).as("editors may upload").isNotEmpty();
        shot(editor, "editor-opens-the-library");
        card.click();
        editor.waitUntil(d -> editor.number("return document.getElementById('player').readyState;") >= 1);
        seekPlayer(2.5);
        editor.find(By.id("set-start")).click();
        seekPlayer(8.5);
        editor.find(By.id("set-end")).click();
        assertThat(editor.find(By.id("mark-start")).getDomProperty("value")).isEqualTo("2.5");
        assertThat(editor.find(By.id("mark-end")).getDomProperty("value")).isEqualTo("8.5");
        editor.find(By.id("mark-name")).sendKeys("The reveal");
        shot(editor, "editor-marks-a-moment");
        editor.find(By.id("save-moment")).click();

        WebElement moment = editor.find(By.cssSelector("li.moment"));
        assertThat(moment.findElement(By.className("moment-name")).getText()).isEqualTo("The reveal");
        assertThat(moment.findElement(By.className("moment-range")).getText()).startsWith("0:02.5 – 0:08.5");
        editor.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("li.moment .export-label"), "Not exported yet"));
        return this;
    }

    private void seekPlayer(double seconds) {
        editor.js("var p = document.getElementById('player'); p.pause(); p.currentTime = arguments[0];", seconds);
        editor.waitUntil(d -> Boolean.TRUE.equals(editor.js("var p = document.getElementById('player');"
                + " return !p.seeking && Math.abs(p.currentTime - arguments[0]) < 0.05;", seconds)));
    }

    private DemoEndToEndTest editorExportsIt() {
        WebElement moment = editor.find(By.cssSelector("li.moment"));
        moment.findElement(By.cssSelector("[data-action='export']")).click();
        List<Integer> seen = new ArrayList<>();
        editor.waitUntil(d -> {
            // status first: the page sets both at once, so "completed" read first means the progress read next is final
            boolean completed = "completed".equals(moment.getDomAttribute("data-export-status"));
            String p = moment.getDomAttribute("data-progress");
            if (p != null && (seen.isEmpty() || seen.get(seen.size() - 1) != Integer.parseInt(p))) {
                seen.add(Integer.parseInt(p));
            }
            return completed;
        }, Duration.ofSeconds(60), () -> "the export did not complete: " + moment.getText());
        assertThat(seen).as("the progress the bar showed").isSorted().last().isEqualTo(100);
        assertThat(moment.findElement(By.className("export-label")).getText()).startsWith("Exported · 100 % · version 1 · 640×360 · 6.0 s");
        assertThat(editor.js("return document.querySelector('li.moment .bar-fill').style.width;")).isEqualTo("100%");
        shot(editor, "editor-export-reaches-100");
        return this;
    }

    private String editorCreatesAPasswordLink() {
        editor.find(By.cssSelector("li.moment [data-action='share']")).click();
        editor.find(By.id("share-dialog"));
        assertThat(editor.find(By.id("share-title")).getDomProperty("value")).isEqualTo("The reveal");
        editor.find(By.id("share-password")).sendKeys(PASSWORD);
        editor.find(By.id("share-create")).click();

        WebElement row = editor.find(By.cssSelector("#share-links li.link"));
        String url = row.findElement(By.className("link-url-input")).getDomProperty("value");
        assertThat(url).matches(demo.url() + "/s/[A-Za-z0-9_-]{32}");
        assertThat(row.findElement(By.className("flag-password")).getText()).isEqualTo("Password");
        assertThat(row.findElements(By.className("flag-download"))).isEmpty();
        assertThat(row.findElement(By.className("views")).getText()).isEqualTo("0 views");
        assertThat(row.findElement(By.className("expiry")).getText()).isEqualTo("Never expires");
        assertThat(row.findElement(By.className("pill")).getText()).isEqualTo("Live");
        shot(editor, "editor-creates-a-password-link");
        return url;
    }

    private void strangerFailsThePasswordFiveTimesAndIsLockedOut(String link) {
        stranger.open(link + "?s=3");
        assertThat(stranger.text(By.tagName("h1"))).isEqualTo("This clip is protected");
        for (int attempt = 1; attempt <= 5; attempt++) {
            WebElement button = stranger.find(By.id("clipshare-unlock"));
            stranger.find(By.id("clipshare-password")).sendKeys("wrong-" + attempt);
            button.click();
            stranger.waitUntilGone(button);
            stranger.waitUntil(d -> !d.findElements(By.id("clipshare-error")).isEmpty() || !d.findElements(By.id("clipshare-locked")).isEmpty());
            if (attempt < 5) {
                assertThat(stranger.text(By.id("clipshare-error"))).contains("not right");
            }
            if (attempt == 1) {
                shot(stranger, "stranger-gets-the-password-wrong");
            }
        }
        stranger.open(link + "?s=3");
        stranger.waitFor(By.id("clipshare-locked"));
        assertThat(stranger.text(By.tagName("h1"))).isEqualTo("Too many wrong passwords");
        shot(stranger, "stranger-locked-out-after-five-wrong-passwords");
    }

    private void ownerClearsTheLock() {
        owner.open("/videos/sample");
        owner.find(By.cssSelector("li.moment [data-action='share']")).click();
        WebElement lock = owner.find(By.cssSelector("#share-links li.link .link-lock"));
        assertThat(lock.getText()).contains("Locked after too many wrong passwords");
        assertThat(owner.all(By.id("share-form"))).as("the owner may create links too").isNotEmpty();
        shot(owner, "owner-sees-the-lock");
        lock.findElement(By.cssSelector("[data-action='clear-lockout']")).click();
        owner.waitUntil(d -> d.findElements(By.cssSelector("#share-links li.link .link-lock")).isEmpty());
        assertThat(owner.text(By.cssSelector("#share-links li.link .pill"))).isEqualTo("Live");
        shot(owner, "owner-cleared-the-lock");
    }

    private void strangerUnlocksAndWatchesFromSecondThree(String link) {
        stranger.open(link + "?s=3");
        WebElement button = stranger.find(By.id("clipshare-unlock"));
        stranger.find(By.id("clipshare-password")).sendKeys(PASSWORD);
        button.click();
        stranger.waitFor(By.id("clipshare-video"));
        assertThat(stranger.driver().getCurrentUrl()).isEqualTo(link + "?s=3");
        assertThat(stranger.text(By.tagName("h1"))).isEqualTo("The reveal");

        stranger.waitUntil(d -> Boolean.TRUE.equals(stranger.js("var v = document.getElementById('clipshare-video');"
                + " return v.readyState >= 2 && !v.seeking && v.currentTime > 2.9;")), Duration.ofSeconds(30),
                () -> "the player did not start at 3 s: " + stranger.js("var v = document.getElementById('clipshare-video');"
                        + " return [v.readyState, v.currentTime, v.error && v.error.message];"));
        assertThat(currentTime()).as("playback starts where ?s= says").isBetween(2.9, 3.2);
        assertThat(secondShown()).as("the frame at ?s=3 of a moment starting at 2.5 s is the source's second 5").isEqualTo(5);

        stranger.js("var v = document.getElementById('clipshare-video'); v.muted = true;"
                + " v.play().catch(function (e) { window.__playError = String(e); });");
        stranger.waitUntil(d -> currentTime() > 4.2 && Boolean.FALSE.equals(stranger.js("return document.getElementById('clipshare-video').paused;")),
                Duration.ofSeconds(30), () -> "playback did not advance: currentTime=" + currentTime() + ", error=" + stranger.js("return window.__playError || null;"));
        shot(stranger, "stranger-unlocks-and-watches");
    }

    private double currentTime() {
        return stranger.number("return document.getElementById('clipshare-video').currentTime;");
    }

    /** Reads the sample's binary clock (white square = 1, bit 0 on the right) off the frame the player shows. */
    private int secondShown() {
        List<List<Integer>> boxes = new ArrayList<>();
        for (int bit = 0; bit < SampleVideo.BITS; bit++) {
            int[] b = SampleVideo.bitBox(640, 360, bit);
            boxes.add(List.of(b[0], b[1], b[2], b[3]));
        }
        @SuppressWarnings("unchecked")
        List<Number> brightness = (List<Number>) stranger.js(
                "var v = document.getElementById('clipshare-video');"
                        + " var c = document.createElement('canvas'); c.width = v.videoWidth; c.height = v.videoHeight;"
                        + " var g = c.getContext('2d'); g.drawImage(v, 0, 0, c.width, c.height);"
                        + " return arguments[0].map(function (b) {"
                        + "   var d = g.getImageData(b[0] + b[2] / 4, b[1] + b[3] / 4, b[2] / 2, b[3] / 2).data, sum = 0;"
                        + "   for (var i = 0; i < d.length; i += 4) { sum += (d[i] + d[i + 1] + d[i + 2]) / 3; }"
                        + "   return sum / (d.length / 4); });", boxes);
        int second = 0;
        for (int bit = 0; bit < brightness.size(); bit++) {
            double level = brightness.get(bit).doubleValue();
            assertThat(level < 60 || level > 190).as("square %d is clearly white or black: %s", bit, brightness).isTrue();
            if (level > 128) {
                second |= 1 << bit;
            }
        }
        return second;
    }

    private void editorSeesTheViewAndRevokes() {
        By views = By.cssSelector("#share-links li.link .views");
        editor.waitUntil(ExpectedConditions.textToBe(views, "1 view"), Duration.ofSeconds(30), () -> "the dialog shows no view");
        WebElement revoke = editor.find(By.cssSelector("#share-links li.link .btn-revoke"));
        revoke.click();
        assertThat(revoke.getText()).isEqualTo("Click again to revoke");
        revoke.click();
        editor.waitUntil(ExpectedConditions.textToBe(By.cssSelector("#share-links li.link .pill"), "Revoked"));
        assertThat(editor.all(By.cssSelector("#share-links li.link .link-url-input"))).as("a revoked link has no URL any more").isEmpty();
        shot(editor, "editor-revokes-the-link");
    }

    private void strangerReloadsAndFindsNothing(String link) {
        stranger.driver().navigate().refresh();
        stranger.waitFor(By.id("clipshare-not-found"));
        assertThat(stranger.text(By.tagName("h1"))).isEqualTo("This link does not exist");
        assertThat(stranger.all(By.id("clipshare-video"))).isEmpty();
        assertThat(stranger.driver().getPageSource()).doesNotContain("The reveal");
        shot(stranger, "stranger-reloads-and-finds-nothing");
    }
}

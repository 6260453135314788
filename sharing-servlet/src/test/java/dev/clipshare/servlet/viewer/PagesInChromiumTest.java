package dev.clipshare.servlet.viewer;

import static dev.clipshare.servlet.viewer.ViewerHost.pagePath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.ExportArtifacts;
import dev.clipshare.core.ExportJob;
import dev.clipshare.core.ShareDetails;
import dev.clipshare.core.Target;
import dev.clipshare.core.UnlockRequest;
import dev.clipshare.core.spi.CompletionOutcome;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What a person sees on the share pages, in a real Chromium at phone size (390 px wide) and on a
 * desktop: no serious or critical axe-core violation on any page, no sideways scrolling, a large
 * play button, who shared the clip, a processing page that shows live progress and turns into
 * the player without a reload, and a locked page in the viewer's own time. Screenshots of the
 * share page go to {@code target/screenshots}. Waits poll conditions; nothing sleeps.
 */
class PagesInChromiumTest {
    static final Map<String, int[]> SIZES = Map.of("phone", new int[] {390, 844}, "desktop", new int[] {1280, 800});
    private static ViewerHost host;
    private static ChromeDriver driver;
    private static Path profile;

    @BeforeAll
    static void start() throws Exception {
        host = new ViewerHost();
        profile = Files.createTempDirectory("clipshare-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--autoplay-policy=no-user-gesture-required", "--mute-audio",
                "--hide-scrollbars", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        host.close();
        try (var walk = Files.walk(profile)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @AfterEach
    void desktop() {
        size("desktop");
        driver.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", "")); // "" resets to the machine's zone
    }

    private static void size(String name) {
        int[] s = SIZES.get(name);
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", s[0], "height", s[1],
                "deviceScaleFactor", 1, "mobile", name.equals("phone")));
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(50));
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private static void open(String path) {
        driver.get(host.url(path));
        waiting().until(d -> "complete".equals(js("return document.readyState;")));
    }

    private static void noSidewaysScroll(String what) {
        long scroll = ((Number) js("return document.documentElement.scrollWidth;")).longValue();
        long width = ((Number) js("return document.documentElement.clientWidth;")).longValue();
        assertThat(scroll).as(what + ": page wider than the screen").isLessThanOrEqualTo(width);
    }

    static void screenshot(String name) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    private static ShareDetails lockedShare() {
        ShareDetails d = host.readyShare(b -> b.password("blue-heron"));
        for (int i = 0; i < 5; i++) {
            try {
                host.sharing.unlock(UnlockRequest.of(d.token().value(), "wrong-" + i));
            } catch (RuntimeException expected) {
                // wrong, then locked
            }
        }
        return d;
    }

    @Test
    void everyPageHasNoSeriousAccessibilityViolationAndNoSidewaysScrollOnAPhoneOrADesktop() throws Exception {
        ShareDetails ready = host.readyShare(b -> b.title("Goal of the season").description("From the north stand").allowDownload(true));
        ShareDetails password = host.readyShare(b -> b.password("blue-heron"));
        ShareDetails locked = lockedShare();
        ShareDetails processing = host.pendingShare(b -> b.title("Still coming"));
        ShareDetails failed = host.pendingShare(b -> b);
        host.failExport(failed.target());
        Map<String, String> pages = new java.util.LinkedHashMap<>();
        pages.put("share", pagePath(ready));
        pages.put("embed", pagePath(ready) + "?layout=minimal");
        pages.put("password", pagePath(password));
        pages.put("locked", pagePath(locked));
        pages.put("processing", pagePath(processing));
        pages.put("failed", pagePath(failed));
        pages.put("not-found", "/s/" + dev.clipshare.core.ShareToken.generate().value());

        List<String> problems = new ArrayList<>();
        for (String sizeName : List.of("phone", "desktop")) {
            size(sizeName);
            for (Map.Entry<String, String> page : pages.entrySet()) {
                open(page.getValue());
                String what = page.getKey() + " page, " + sizeName;
                noSidewaysScroll(what);
                Axe.seriousViolations(driver).forEach(v -> problems.add(what + ": " + v));
                if (page.getKey().equals("share")) {
                    screenshot("share-page-" + sizeName);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theSharePageHasALargePlayButtonThatPlaysAndSaysWhoSharedTheClip() {
        ShareDetails d = host.readyShare(b -> b.title("Backflip"));
        for (String sizeName : List.of("phone", "desktop")) {
            size(sizeName);
            open(pagePath(d));
            WebElement play = driver.findElement(By.id("clipshare-play"));
            waiting().until(x -> play.isDisplayed());
            assertThat(play.getSize().getWidth()).as("a large target").isGreaterThanOrEqualTo(64);
            assertThat(play.getAccessibleName()).isEqualTo("Play the clip");
            assertThat(driver.findElement(By.id("clipshare-shared-by")).getText()).isEqualTo("Shared by Edith · Team One");
        }
        js("document.getElementById('clipshare-video').muted = true;");
        driver.findElement(By.id("clipshare-play")).click();
        waiting().until(x -> Boolean.FALSE.equals(js("return document.getElementById('clipshare-video').paused;")));
        waiting().until(x -> !driver.findElement(By.id("clipshare-play")).isDisplayed());
    }

    @Test
    void aStartPastTheClipsEndPlaysFromTheBeginning() {
        ShareDetails d = host.readyShare();
        open(pagePath(d) + "?s=" + (TestMedia.SECONDS + 30));
        waiting().until(x -> ((Number) js("return document.getElementById('clipshare-video').readyState;")).intValue() >= 1);
        js("var v = document.getElementById('clipshare-video'); v.muted = true; v.play();");
        waiting().until(x -> ((Number) js("return document.getElementById('clipshare-video').currentTime;")).doubleValue() > 0.3);
        assertThat(((Number) js("return document.getElementById('clipshare-video').currentTime;")).doubleValue()).isLessThan(TestMedia.SECONDS - 1);
        assertThat(js("return document.getElementById('clipshare-video').ended;")).isEqualTo(false);
    }

    @Test
    void theProcessingPageShowsLiveProgressAndTurnsIntoThePlayerWithoutAReload() {
        ShareDetails d = host.pendingShare(b -> b.title("Fresh off the encoder"));
        open(pagePath(d));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Preparing the clip");
        assertThat(driver.findElement(By.id("clipshare-progress-text")).getText()).isEqualTo("0 % done");
        js("window.__samePage = 'yes';");

        ExportJob job = claim(d.target());
        host.sharing.exportQueue().heartbeat(job, 40);
        waiting().until(x -> "40 % done".equals(driver.findElement(By.id("clipshare-progress-text")).getText()));
        assertThat(driver.findElement(By.cssSelector("#clipshare-progress progress")).getAttribute("value")).isEqualTo("40");

        host.publishTestMedia(d.target(), job.export().version());
        long size = TestMedia.get().clip.toFile().length();
        assertThat(host.sharing.exportQueue().complete(job, new ExportArtifacts(Duration.ofSeconds(TestMedia.SECONDS),
                TestMedia.WIDTH, TestMedia.HEIGHT, size, "h264", "aac", true))).isEqualTo(CompletionOutcome.COMPLETED);
        waiting().until(x -> !x.findElements(By.id("clipshare-video")).isEmpty());
        assertThat(js("return window.__samePage;")).as("no reload").isEqualTo("yes");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Fresh off the encoder");
        js("var v = document.getElementById('clipshare-video'); v.muted = true; v.play();");
        waiting().until(x -> ((Number) js("return document.getElementById('clipshare-video').currentTime;")).doubleValue() > 0.5);
    }

    @Test
    void theLockedPageGivesTheTimeInTheViewersOwnClock() {
        ShareDetails d = lockedShare(); // locked until 12:10 UTC on the test clock
        driver.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", "America/New_York"));
        open(pagePath(d));
        WebElement until = driver.findElement(By.id("clipshare-until"));
        String expected = (String) js("return new Date(arguments[0]).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });",
                until.getAttribute("datetime"));
        assertThat(until.getText()).isEqualTo(expected).doesNotContain("UTC");
        assertThat(expected).startsWith("7:"); // 12:xx UTC is 7:xx in New York in March before DST
        assertThat(new HtmlDoc(Http.text(Http.get(host.url(pagePath(d))))).byId("clipshare-until"))
                .as("without JavaScript the page says UTC").isPresent();
        assertThat(Http.text(Http.get(host.url(pagePath(d))))).containsPattern(">\\d\\d:\\d\\d UTC</time>");
    }

    private static ExportJob claim(Target target) {
        List<ExportJob> others = new ArrayList<>();
        try {
            while (true) {
                ExportJob job = host.sharing.exportQueue().claim("browser-test").orElseThrow();
                if (job.export().target().equals(target)) {
                    return job;
                }
                others.add(job);
            }
        } finally {
            others.forEach(host.sharing.exportQueue()::release);
        }
    }
}

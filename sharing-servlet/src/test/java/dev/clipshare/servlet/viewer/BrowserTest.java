package dev.clipshare.servlet.viewer;

import static dev.clipshare.servlet.viewer.ViewerHost.pagePath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.ShareDetails;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The share pages in a real Chromium (Debian's, headless), on a real Jetty: playback of the MP4
 * and of HLS through hls.js served by the filter, the start time, the password flow, the embed
 * layout inside a frame of another origin while the full page refuses to be framed, and a
 * revoked link. Waits poll conditions; nothing sleeps.
 */
class BrowserTest {
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
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
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

    private static WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(50));
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private static double currentTime() {
        return ((Number) js("return document.getElementById('clipshare-video').currentTime;")).doubleValue();
    }

    /** Starts playback (as a click on play would) and waits until the clip has played past {@code seconds}. */
    private static void playPast(double seconds) {
        waiting().until(d -> js("return !!document.getElementById('clipshare-video');"));
        js("var v = document.getElementById('clipshare-video'); v.muted = true; v.play().catch(function (e) { window.__playError = String(e); });");
        waiting().withMessage(() -> "playback did not pass " + seconds + " s: currentTime=" + currentTime()
                        + ", error=" + js("var v = document.getElementById('clipshare-video'); return (v.error && v.error.message) || window.__playError || null;"))
                .until(d -> currentTime() > seconds
                        && Boolean.FALSE.equals(js("return document.getElementById('clipshare-video').paused;")));
    }

    private static String engine() {
        return (String) js("return document.getElementById('clipshare-video').dataset.engine || null;");
    }

    @Test
    void anAudioSharePlaysInAnAudioPlayerUnderItsPoster() {
        ShareDetails d = host.readyAudioShare(b -> b.title("Podcast moment"));
        driver.get(host.url(pagePath(d)));
        assertThat(js("return document.getElementById('clipshare-video').tagName;")).isEqualTo("AUDIO");
        assertThat(js("return document.querySelector('img.audio-poster').naturalWidth;")).isNotEqualTo(0L);
        playPast(1.0);
        assertThat(engine()).isEqualTo("mp4");
    }

    @Test
    void aPublicSharePlays() {
        ShareDetails d = host.readyShare(b -> b.title("Public clip"));
        driver.get(host.url(pagePath(d)));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Public clip");
        playPast(1.0);
        assertThat(engine()).isEqualTo("mp4");
        List<?> foreign = (List<?>) js("return performance.getEntriesByType('resource').map(function (e) { return e.name; })"
                + ".filter(function (n) { return n.indexOf(location.origin) !== 0; });");
        assertThat(foreign).as("requests to other origins").isEmpty();
    }

    @Test
    void theStartParameterStartsPlaybackThere() {
        ShareDetails d = host.readyShare();
        driver.get(host.url(pagePath(d) + "?s=5"));
        waiting().until(dr -> ((Number) js("return document.getElementById('clipshare-video').readyState;")).intValue() >= 1);
        waiting().until(dr -> currentTime() >= 4.9);
        double before = currentTime();
        assertThat(before).isBetween(4.9, 5.5);
        playPast(5.5);
        assertThat(currentTime()).isLessThan(8.01);
    }

    @Test
    void thePasswordFlowEndsInPlayback() {
        ShareDetails d = host.readyShare(b -> b.password("blue-heron").title("Behind a password"));
        driver.get(host.url(pagePath(d)));
        WebElement password = driver.findElement(By.id("clipshare-password"));
        password.sendKeys("not-it");
        driver.findElement(By.id("clipshare-unlock")).click();
        waiting().until(dr -> !dr.findElements(By.id("clipshare-error")).isEmpty());
        driver.findElement(By.id("clipshare-password")).sendKeys("blue-heron");
        driver.findElement(By.id("clipshare-unlock")).click();
        waiting().until(dr -> !dr.findElements(By.id("clipshare-video")).isEmpty());
        assertThat(driver.getCurrentUrl()).isEqualTo(host.url(pagePath(d)));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Behind a password");
        playPast(1.0);
    }

    @Test
    void theEmbedLayoutPlaysInAFrameOfAnotherOriginWhileTheFullPageRefusesToBeFramed() {
        ShareDetails d = host.readyShare(b -> b.title("Embedded"));
        String embed = host.url(pagePath(d) + "?layout=minimal");
        String full = host.url(pagePath(d));
        host.hostPages.put("/blog/post.html", "<!DOCTYPE html><html><head><title>A blog</title></head><body><h1>A blog post</h1>"
                + "<iframe id=\"embed\" src=\"" + embed + "\" width=\"640\" height=\"360\" allow=\"autoplay; fullscreen\"></iframe>"
                + "<iframe id=\"full\" src=\"" + full + "\" width=\"640\" height=\"360\"></iframe></body></html>");
        String blog = "http://localhost:" + host.port + "/blog/post.html";
        assertThat(blog).doesNotStartWith(host.origin);
        driver.get(blog);

        driver.switchTo().frame("embed");
        playPast(1.0);
        assertThat(driver.findElements(By.tagName("h1"))).isEmpty();

        driver.switchTo().defaultContent();
        driver.switchTo().frame("full");
        waiting().until(dr -> "complete".equals(js("return document.readyState;")));
        assertThat(driver.findElements(By.id("clipshare-video"))).as("the full page must not render in a frame").isEmpty();
        assertThat((String) js("return location.href;")).doesNotStartWith(full);
        driver.switchTo().defaultContent();
    }

    @Test
    void hlsPlaysThroughHlsJsServedByTheFilter() {
        ShareDetails d = host.readyShare();
        driver.get(host.url(pagePath(d) + "?player=hls"));
        waiting().until(dr -> "hls.js".equals(engine()));
        playPast(2.5);
        List<?> loaded = (List<?>) js("return performance.getEntriesByType('resource').map(function (e) { return e.name; });");
        assertThat(loaded).anySatisfy(n -> assertThat((String) n).contains("/s/assets/hls.light.min.js"));
        assertThat(loaded).anySatisfy(n -> assertThat((String) n).contains("/hls/index.m3u8?v=1"));
        assertThat(loaded).anySatisfy(n -> assertThat((String) n).contains("/hls/seg-00001.ts?v=1"));
    }

    @Test
    void afterARevokeAReloadShowsTheNotFoundPage() {
        ShareDetails d = host.readyShare(b -> b.title("Soon gone"));
        driver.get(host.url(pagePath(d)));
        playPast(0.5);
        host.sharing.revokeShare(TestPolicy.EDITOR, d.id());
        driver.navigate().refresh();
        waiting().until(dr -> !dr.findElements(By.id("clipshare-not-found")).isEmpty());
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("This link does not exist");
        assertThat(driver.findElements(By.id("clipshare-video"))).isEmpty();
        assertThat(driver.getPageSource()).doesNotContain("Soon gone");
    }

}

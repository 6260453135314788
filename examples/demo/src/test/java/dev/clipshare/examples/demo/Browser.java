package dev.clipshare.examples.demo;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One person at one computer: Debian's Chromium, headless, with a fresh profile of its own (no
 * cookies shared with the other browsers of a test), driven through Debian's chromedriver.
 * Waits poll the page; nothing sleeps.
 */
final class Browser implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final String name;
    private final String baseUrl;
    private final Path profile;
    private final ChromeDriver driver;

    Browser(String name, String baseUrl) {
        this.name = name;
        this.baseUrl = baseUrl;
        try {
            this.profile = Files.createTempDirectory("clipshare-demo-chromium-" + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--autoplay-policy=no-user-gesture-required", "--mute-audio",
                "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    }

    WebDriver driver() {
        return driver;
    }

    /** Opens a path of the demo ({@code /settings}) or a full URL. */
    void open(String pathOrUrl) {
        driver.get(pathOrUrl.startsWith("http") ? pathOrUrl : baseUrl + pathOrUrl);
    }

    /** Signs in through the sign-in page, as a person would, and lands on {@code next}. */
    void signInAs(String userId, String next) {
        open("/signin?next=" + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8));
        WebElement button = find(By.id("signin-" + userId));
        button.click();
        waitUntilGone(button);
        waitFor(By.id("who"));
    }

    /**
     * Waits until the page that held {@code element} has been replaced (a form posted, a link
     * followed). Selenium's {@code stalenessOf} only counts a stale-element error as "gone"; while
     * the next document is loading, Chromium may instead answer "Node with given id does not belong
     * to the document", which is the same fact and is counted here too.
     */
    void waitUntilGone(WebElement element) {
        waitUntil(d -> {
            try {
                element.isEnabled();
                return false;
            } catch (StaleElementReferenceException e) {
                return true;
            } catch (WebDriverException e) {
                if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                    return true;
                }
                throw e;
            }
        });
    }

    WebElement find(By by) {
        return waitUntil(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Waits for an element to be present (visible or not). */
    WebElement waitFor(By by) {
        return waitUntil(ExpectedConditions.presenceOfElementLocated(by));
    }

    <T> T waitUntil(Function<WebDriver, T> condition) {
        return waitUntil(condition, Duration.ofSeconds(30), null);
    }

    <T> T waitUntil(Function<WebDriver, T> condition, Duration timeout, java.util.function.Supplier<String> message) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(50));
        if (message != null) {
            wait.withMessage(message);
        }
        return wait.until(condition);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    double number(String script, Object... args) {
        return ((Number) js(script, args)).doubleValue();
    }

    String text(By by) {
        return find(by).getText();
    }

    List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    /** Saves {@code target/screenshots/<step>.png} (build output, never committed). */
    void screenshot(String step) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path png = driver.getScreenshotAs(OutputType.FILE).toPath();
            Files.move(png, SCREENSHOTS.resolve(step + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteTree(profile);
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "Browser[" + name + "]";
    }
}

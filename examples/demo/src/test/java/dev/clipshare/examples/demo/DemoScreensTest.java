package dev.clipshare.examples.demo;

import dev.clipshare.servlet.viewer.Axe;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Every screen of the demo at phone size (390 px wide) and on a desktop, in real Chromium: no
 * sideways scrolling, Sign out and the Library/Settings navigation on screen, the Share dialog
 * centred and whole, and no serious or critical axe-core violation. Then the Share dialog's
 * life: it starts afresh after a link is created, and edits a link's title, password, expiry and
 * download switch. Screenshots go to {@code target/screenshots/screen-*.png}. Waits poll the page.
 */
class DemoScreensTest {
    private static final Map<String, int[]> SIZES = new LinkedHashMap<>();
    private static TestDemo demo;
    private static Browser owner;

    static {
        SIZES.put("phone", new int[] {390, 844});
        SIZES.put("desktop", new int[] {1280, 900});
    }

    @BeforeAll
    static void start() {
        demo = TestDemo.start().awaitReady();
        owner = new Browser("screens", demo.url());
        owner.signInAs("olivia", "/settings");
        WebElement toggle = owner.waitFor(By.id("sharing-switch"));
        owner.waitUntil(d -> toggle.isEnabled());
        if (!toggle.isSelected()) {
            owner.find(By.cssSelector("label.switch")).click();
            owner.waitUntil(ExpectedConditions.textToBe(By.id("sharing-state"), "Sharing is on"));
        }
        owner.open("/videos/sample");
        owner.waitUntil(d -> owner.number("return document.getElementById('player').readyState;") >= 1);
        owner.js("document.getElementById('mark-start').value = '1'; document.getElementById('mark-end').value = '4';");
        owner.find(By.id("mark-name")).sendKeys("Opening");
        owner.find(By.id("save-moment")).click();
        owner.waitUntil(d -> !d.findElements(By.cssSelector("li.moment [data-action='share']")).isEmpty(), java.time.Duration.ofSeconds(20),
                () -> "no moment: " + owner.js("return document.querySelector('main').innerText;"));
    }

    @AfterAll
    static void stop() {
        if (owner != null) {
            size("desktop");
            owner.close();
        }
        if (demo != null) {
            demo.close();
        }
    }

    private static void size(String name) {
        int[] s = SIZES.get(name);
        ((ChromeDriver) owner.driver()).executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", s[0], "height", s[1],
                "deviceScaleFactor", 1, "mobile", name.equals("phone")));
    }

    private static void onScreen(String what, By by) {
        WebElement e = owner.find(by);
        assertThat(e.isDisplayed()).as(what + " is displayed").isTrue();
        Object inside = owner.js("var r = arguments[0].getBoundingClientRect();"
                + " return r.width > 0 && r.left >= 0 && r.right <= document.documentElement.clientWidth;", e);
        assertThat(inside).as(what + " lies within the screen's width").isEqualTo(true);
    }

    private static List<String> check(String screen, String sizeName, boolean signedIn) {
        String what = screen + ", " + sizeName;
        long scroll = (long) owner.number("return document.documentElement.scrollWidth;");
        long width = (long) owner.number("return document.documentElement.clientWidth;");
        assertThat(scroll).as(what + ": the page is wider than the screen").isLessThanOrEqualTo(width);
        if (signedIn) {
            onScreen(what + ": Sign out", By.id("sign-out"));
            onScreen(what + ": Library", By.linkText("Library"));
            onScreen(what + ": Settings", By.linkText("Settings"));
        }
        owner.screenshot("screen-" + screen + "-" + sizeName);
        List<String> found = new ArrayList<>();
        Axe.seriousViolations(owner.driver()).forEach(v -> found.add(what + ": " + v));
        return found;
    }

    @Test
    void everyScreenFitsAPhoneAndADesktopWithNoSeriousAccessibilityViolation() {
        List<String> problems = new ArrayList<>();
        for (String sizeName : SIZES.keySet()) {
            size(sizeName);
            owner.open("/");
            owner.find(By.cssSelector("a.video-card"));
            problems.addAll(check("library", sizeName, true));
            owner.open("/settings");
            owner.waitUntil(ExpectedConditions.textToBe(By.id("sharing-state"), "Sharing is on"));
            problems.addAll(check("settings", sizeName, true));
            owner.open("/videos/sample");
            owner.find(By.cssSelector("li.moment"));
            problems.addAll(check("video", sizeName, true));
            owner.find(By.cssSelector("li.moment [data-action='share']")).click();
            WebElement dialog = owner.find(By.id("share-dialog"));
            owner.waitUntil(d -> dialog.isDisplayed());
            @SuppressWarnings("unchecked")
            List<Number> box = (List<Number>) owner.js("var r = arguments[0].getBoundingClientRect();"
                    + " return [r.left, document.documentElement.clientWidth - r.right, r.width];", dialog);
            assertThat(box.get(0).doubleValue()).as("dialog, " + sizeName + ": within the screen").isGreaterThanOrEqualTo(0);
            assertThat(Math.abs(box.get(0).doubleValue() - box.get(1).doubleValue())).as("dialog, " + sizeName + ": centred").isLessThanOrEqualTo(2);
            assertThat((long) owner.number("return arguments[0].scrollWidth - arguments[0].clientWidth;", dialog))
                    .as("dialog, " + sizeName + ": nothing cut off sideways").isLessThanOrEqualTo(0);
            problems.addAll(check("share-dialog", sizeName, false));
            owner.find(By.id("share-close")).click();
            owner.open("/videos/no-such-video");
            problems.addAll(check("not-found", sizeName, true));
        }
        size("desktop");
        try (Browser visitor = new Browser("screens-signed-out", demo.url())) {
            for (String sizeName : SIZES.keySet()) {
                int[] s = SIZES.get(sizeName);
                ((ChromeDriver) visitor.driver()).executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", s[0],
                        "height", s[1], "deviceScaleFactor", 1, "mobile", sizeName.equals("phone")));
                visitor.open("/signin");
                visitor.find(By.id("signin-olivia"));
                assertThat((long) visitor.number("return document.documentElement.scrollWidth - document.documentElement.clientWidth;"))
                        .as("sign-in, " + sizeName + ": the page is wider than the screen").isLessThanOrEqualTo(0);
                visitor.screenshot("screen-signin-" + sizeName);
                Axe.seriousViolations(visitor.driver()).forEach(v -> problems.add("sign-in, " + sizeName + ": " + v));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theShareDialogStartsAfreshAfterALinkAndEditsTitlePasswordExpiryAndDownload() {
        size("desktop");
        owner.open("/videos/sample");
        owner.find(By.cssSelector("li.moment [data-action='share']")).click();
        owner.find(By.id("share-dialog"));
        owner.find(By.id("share-title")).clear();
        owner.find(By.id("share-title")).sendKeys("First cut");
        owner.find(By.id("share-download")).click();
        owner.find(By.id("share-create")).click();
        WebElement created = owner.find(By.cssSelector("#share-links li.link.link-new"));
        assertThat(created.findElement(By.tagName("strong")).getText()).isEqualTo("First cut");

        assertThat(owner.find(By.id("share-title")).getDomProperty("value")).as("the title starts afresh").isEqualTo("Opening");
        assertThat(owner.find(By.id("share-download")).isSelected()).as("download is off again").isFalse();
        assertThat(owner.find(By.id("share-password")).getDomProperty("value")).isEmpty();

        created.findElement(By.cssSelector("[data-action='edit']")).click();
        assertThat(owner.find(By.id("share-title")).getDomProperty("value")).isEqualTo("First cut");
        assertThat(owner.find(By.id("share-download")).isSelected()).isTrue();
        assertThat(owner.find(By.id("share-create")).getText()).isEqualTo("Save changes");
        owner.find(By.id("share-title")).clear();
        owner.find(By.id("share-title")).sendKeys("Final cut");
        owner.find(By.id("share-password")).sendKeys("blue-heron");
        owner.find(By.id("share-download")).click();
        new org.openqa.selenium.support.ui.Select(owner.find(By.id("share-expiry"))).selectByValue("7");
        owner.find(By.id("share-create")).click();

        owner.waitUntil(d -> Boolean.TRUE.equals(owner.js("return Array.prototype.some.call("
                + "document.querySelectorAll('#share-links li.link strong'), function (s) { return s.textContent === 'Final cut'; });")));
        WebElement edited = owner.find(By.cssSelector("#share-links li.link"));
        assertThat(edited.findElement(By.tagName("strong")).getText()).isEqualTo("Final cut");
        assertThat(edited.findElements(By.className("flag-password"))).hasSize(1);
        assertThat(edited.findElements(By.className("flag-download"))).isEmpty();
        assertThat(edited.findElement(By.className("expiry")).getText()).startsWith("Expires ");
        assertThat(owner.find(By.id("share-create")).getText()).as("back to creating").isEqualTo("Create link");
        assertThat(owner.find(By.id("share-title")).getDomProperty("value")).isEqualTo("Opening");
        owner.screenshot("screen-share-dialog-after-edit-desktop");

        // and the password can be taken off again, the expiry removed
        edited.findElement(By.cssSelector("[data-action='edit']")).click();
        owner.find(By.id("share-password-remove")).click();
        new org.openqa.selenium.support.ui.Select(owner.find(By.id("share-expiry"))).selectByValue("");
        owner.find(By.id("share-create")).click();
        owner.waitUntil(d -> Boolean.TRUE.equals(owner.js("return !document.querySelector('#share-links li.link .flag-password');")));
        assertThat(owner.find(By.cssSelector("#share-links li.link .expiry")).getText()).isEqualTo("Never expires");
        String link = owner.find(By.cssSelector("#share-links li.link .link-url-input")).getDomProperty("value");
        owner.find(By.id("share-close")).click();

        // the link's page, as its audience sees it: the processing notice turns into the player by itself
        List<String> problems = new ArrayList<>();
        for (String sizeName : SIZES.keySet()) {
            size(sizeName);
            owner.open(link);
            owner.waitUntil(d -> !d.findElements(By.id("clipshare-video")).isEmpty(), java.time.Duration.ofSeconds(60),
                    () -> "the share page shows no player: " + owner.js("return document.body.innerText;"));
            assertThat(owner.text(By.id("clipshare-shared-by"))).isEqualTo("Shared by Olivia Owens · Studio");
            assertThat((long) owner.number("return document.documentElement.scrollWidth - document.documentElement.clientWidth;"))
                    .as("share page, " + sizeName + ": the page is wider than the screen").isLessThanOrEqualTo(0);
            owner.screenshot("screen-share-page-" + sizeName);
            Axe.seriousViolations(owner.driver()).forEach(v -> problems.add("share page, " + sizeName + ": " + v));
        }
        size("desktop");
        assertThat(problems).isEmpty();
    }
}

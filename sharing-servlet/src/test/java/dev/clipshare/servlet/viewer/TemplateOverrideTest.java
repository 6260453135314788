package dev.clipshare.servlet.viewer;

import static dev.clipshare.servlet.viewer.Http.get;
import static dev.clipshare.servlet.viewer.Http.text;
import static dev.clipshare.servlet.viewer.ViewerHost.pagePath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipshare.core.ShareDetails;
import dev.clipshare.core.ShareToken;
import dev.clipshare.servlet.ShareFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A host replaces templates one file at a time, from a folder or the class path; broken ones fail at start-up. */
class TemplateOverrideTest {
    private static Path folder;
    private static ViewerHost host;

    @BeforeAll
    static void start() throws Exception {
        folder = Files.createTempDirectory("clipshare-templates");
        Files.writeString(folder.resolve("foot.mustache"), "<footer id=\"acme-footer\">Acme Video &middot; {{siteName}}</footer>\n</body>\n</html>\n");
        host = new ViewerHost(ViewerHost.Options.defaults().filter(b -> b.templateDirectory(folder).siteName("Acme Video")));
    }

    @AfterAll
    static void stop() throws Exception {
        host.close();
        try (var walk = Files.walk(folder)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aPartialFromTheHostsFolderReplacesTheBuiltInOneEverywhere() {
        ShareDetails d = host.readyShare(b -> b.title("Overridden"));
        HtmlDoc page = new HtmlDoc(text(get(host.url(pagePath(d)))));
        assertThat(page.byId("acme-footer")).isPresent();
        assertThat(page.byId("clipshare-video")).as("the rest stays built in").isPresent();
        assertThat(page.meta("og:site_name")).hasValue("Acme Video");
        String notFound = text(get(host.url("/s/" + ShareToken.generate().value())));
        assertThat(notFound).contains("id=\"acme-footer\"").contains("This link does not exist");
    }

    @Test
    void templatesFromTheClassPathCompileWhenBuiltAndVariantsKeepTheRest() {
        ShareFilter filter = ShareFilter.builder(host.sharing, host.policy)
                .templateClasspath(getClass().getClassLoader(), "dev/clipshare/servlet/viewer/test-templates")
                .build();
        assertThat(filter.pathPrefix()).isEqualTo("/s");
        ShareFilter variant = filter.newBuilder().siteName("Other").build();
        assertThat(variant).isNotSameAs(filter);
    }

    @Test
    void aBrokenTemplateFailsWhenTheFilterIsBuilt() throws Exception {
        Path broken = Files.createTempDirectory("clipshare-broken");
        Files.writeString(broken.resolve("notice.mustache"), "{{#heading}} never closed");
        assertThatThrownBy(() -> ShareFilter.builder(host.sharing, host.policy).templateDirectory(broken).build())
                .isInstanceOf(RuntimeException.class);
        Files.delete(broken.resolve("notice.mustache"));
        Files.delete(broken);
    }

    @Test
    void builderArgumentsAreCheckedAtOnce() {
        ShareFilter.Builder b = ShareFilter.builder(host.sharing, host.policy);
        assertThatThrownBy(() -> b.embedAllowedOrigins("https://ok.example; script-src *")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.trustedProxies("proxy.internal")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.unlockBodyLimit(100_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.siteName(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.mediaCacheMaxAge(java.time.Duration.ofDays(2))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.templateDirectory(Path.of("/nonexistent/clipshare"))).isInstanceOf(IllegalArgumentException.class);
        b.embedAllowedOrigins("https://*.example.com", "'self'", "https:").trustedProxies("10.0.0.0/8", "::1");
    }
}

package dev.clipshare.servlet.viewer;

import static dev.clipshare.servlet.viewer.Http.get;
import static dev.clipshare.servlet.viewer.Http.text;
import static dev.clipshare.servlet.viewer.ViewerHost.pagePath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.ShareDetails;
import dev.clipshare.core.StorageException;
import dev.clipshare.core.spi.MediaStore;
import dev.clipshare.core.spi.LibrarySettingsStore;
import dev.clipshare.core.spi.ShareStore;
import dev.clipshare.core.spi.SharingStores;
import dev.clipshare.core.spi.ViewerStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A store that fails answers 503 with a plain page: no stack trace, no detail, never a hang. */
class FailureTest {
    private static final AtomicBoolean sharesDown = new AtomicBoolean();
    private static final AtomicBoolean mediaDown = new AtomicBoolean();
    private static final AtomicReference<String> mediaFailsOn = new AtomicReference<>("stat");
    private static ViewerHost host;

    @SuppressWarnings("unchecked")
    private static <T> T failing(Class<T> type, T delegate, AtomicBoolean down, AtomicReference<String> method) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
            if (down.get() && (method == null || m.getName().equals(method.get()))) {
                throw new StorageException("connection refused: db.internal:5432 (SQLState 08001)", new java.io.IOException("boom"));
            }
            try {
                return m.invoke(delegate, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    @BeforeAll
    static void start() {
        host = new ViewerHost(ViewerHost.Options.defaults().stores(
                s -> SharingStores.of(failing(ShareStore.class, s.shares(), sharesDown, null),
                        failing(ViewerStore.class, s.viewers(), sharesDown, null),
                        failing(LibrarySettingsStore.class, s.libraries(), sharesDown, null), s.exports(), s.exportJobs()),
                m -> failing(MediaStore.class, m, mediaDown, mediaFailsOn)));
    }

    @AfterAll
    static void stop() throws Exception {
        host.close();
    }

    @AfterEach
    void repair() {
        sharesDown.set(false);
        mediaDown.set(false);
    }

    private static void assertPlain503(HttpResponse<byte[]> r) {
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(text(r)).contains("Temporarily unavailable").doesNotContain("Exception").doesNotContain("db.internal")
                .doesNotContain("at dev.").doesNotContain("SQLState");
    }

    @Test
    void theJsonApiAnswersUnavailableWithRetryAfterAndNoDetail() {
        ShareDetails d = host.readyShare(b -> b.password("blue-heron"));
        sharesDown.set(true);
        HttpResponse<byte[]> status = JsonClient.status(host, d);
        HttpResponse<byte[]> grant = JsonClient.grant(host, d, JsonClient.passwordBody("blue-heron"));

        for (HttpResponse<byte[]> r : java.util.List.of(status, grant)) {
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(text(r)).doesNotContain("db.internal").doesNotContain("Exception").doesNotContain("SQLState");
        }
        assertThat(JsonClient.json(status)).containsEntry("status", "unavailable").containsEntry("retry_after", 5L);
        assertThat(JsonClient.json(grant)).containsEntry("ok", false).containsEntry("reason", "unavailable");
        sharesDown.set(false);
        assertThat(JsonClient.json(JsonClient.status(host, d))).containsEntry("status", "requires_password");
    }

    @Test
    void aFailingShareStoreAnswers503OnEveryKindOfRequest() {
        ShareDetails d = host.readyShare(b -> b.password("blue-heron"));
        Unlocker form = new Unlocker(host, pagePath(d));
        sharesDown.set(true);
        assertPlain503(get(host.url(pagePath(d))));
        assertPlain503(get(host.url(pagePath(d) + "/clip.mp4"), "Range", "bytes=0-1"));
        assertPlain503(get(host.url(pagePath(d) + "/hls/index.m3u8")));
        assertPlain503(form.post("blue-heron"));
        sharesDown.set(false);
        assertThat(get(host.url(pagePath(d))).statusCode()).isEqualTo(200);
    }

    @Test
    void aFailingMediaStoreAnswers503() {
        ShareDetails d = host.readyShare();
        mediaDown.set(true);
        mediaFailsOn.set("stat");
        assertPlain503(get(host.url(pagePath(d) + "/clip.mp4")));
        mediaFailsOn.set("open");
        assertPlain503(get(host.url(pagePath(d) + "/clip.mp4"), "Range", "bytes=0-99"));
        assertPlain503(get(host.url(pagePath(d) + "/hls/index.m3u8")));
        assertThat(get(host.url(pagePath(d))).statusCode()).as("the page itself needs no media").isEqualTo(200);
    }
}

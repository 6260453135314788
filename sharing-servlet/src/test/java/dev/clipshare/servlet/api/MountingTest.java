package dev.clipshare.servlet.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipshare.servlet.ShareApi;
import dev.clipshare.servlet.ShareFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@link ShareApi} registered on its own as a servlet filter, the way most hosts mount it. */
class MountingTest {
    private Server server;

    private Http start(ShareApi api) throws Exception {
        return start(api, api.basePath());
    }

    private Http start(jakarta.servlet.Filter filter, String apiBase) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.setContentType("text/plain");
                resp.getWriter().write("host:" + req.getRequestURI());
            }
        }), "/*");
        server.setHandler(context);
        server.start();
        return new Http(URI.create("http://127.0.0.1:" + connector.getLocalPort()), apiBase);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aFilterUnderItsOwnBasePathAnswersThereAndPassesEverythingElseOn() throws Exception {
        TestHost host = new TestHost().enabled();
        ShareApi api = host.api.newBuilder().basePath("/sharing/v1").build();
        Http http = start(api);

        Http.Res created = http.as(TestHost.EDITOR).post("/shares", "{\"source_id\": \"video-1\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).startsWith("/sharing/v1/shares/");
        JsonNode doc = http.anonymous().get("/openapi.json").json();
        assertThat(doc.get("servers").get(0).get("url").stringValue()).isEqualTo("/sharing/v1");
        assertThat(http.anonymous().get("//api/shares").body()).isEqualTo("host:/api/shares");
        assertThat(http.anonymous().get("//sharing/v10/shares").body()).isEqualTo("host:/sharing/v10/shares");
        assertThat(http.anonymous().get("//").body()).isEqualTo("host:/");
        assertThat(http.anonymous().get("/nope").status()).isEqualTo(404);
        assertThat(api.basePath()).isEqualTo("/sharing/v1");
        assertThat(api.toString()).isEqualTo("ShareApi[/sharing/v1]");
    }

    @Test
    void theDefaultBasePathIsApiAndTheChallengeCanNameTheHostsScheme() throws Exception {
        TestHost host = new TestHost();
        ShareApi api = host.api.newBuilder().authenticationChallenge("Cookie realm=\"video-app\"").build();
        Http http = start(api);

        Http.Res res = http.anonymous().get("/libraries/team-1/sharing");

        assertThat(api.basePath()).isEqualTo(ShareApi.DEFAULT_BASE_PATH).isEqualTo("/api");
        assertThat(res.status()).isEqualTo(401);
        assertThat(res.header("WWW-Authenticate")).isEqualTo("Cookie realm=\"video-app\"");
    }

    @Test
    void oneShareFilterServesTheSharePagesAndTheApi() throws Exception {
        TestHost host = new TestHost().enabled();
        ShareFilter filter = ShareFilter.builder(host.sharing, host).managementApi("/api").build();
        Http http = start(filter, "/api");

        Http.Res created = http.as(TestHost.EDITOR).post("/shares", "{\"source_id\": \"video-1\"}");
        String shareUrl = created.json().get("share_url").stringValue();
        Http.Res page = http.anonymous().get("//s/" + shareUrl.substring(shareUrl.lastIndexOf('/') + 1));

        assertThat(created.status()).isEqualTo(201);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("processing");
        assertThat(http.anonymous().get("//s/" + "A".repeat(32)).status()).isEqualTo(404);
        assertThat(http.anonymous().get("//elsewhere").body()).isEqualTo("host:/elsewhere");
        assertThatThrownBy(() -> ShareFilter.builder(host.sharing, host).managementApi("/s").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("overlaps");
    }

    @Test
    void theBuilderRefusesWhatCannotWork() {
        TestHost host = new TestHost();
        ShareApi.Builder b = ShareApi.builder(host.sharing, host);
        for (String bad : new String[] {null, "", "/", "api", "/api/", "/a b", "/api//v1", "/api?x"}) {
            assertThatThrownBy(() -> b.basePath(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> b.authenticationChallenge("Bearer\r\nX-Injected: 1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.authenticationChallenge(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShareApi.builder(null, host)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ShareApi.builder(host.sharing, null)).isInstanceOf(NullPointerException.class);
        assertThat(b.basePath("/x.y_z~1-2").build().basePath()).isEqualTo("/x.y_z~1-2");
    }
}

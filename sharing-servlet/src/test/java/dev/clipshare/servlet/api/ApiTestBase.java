package dev.clipshare.servlet.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.servlet.ShareApi;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;

/**
 * Runs the API in a real Jetty 12 (ee10) on a random port, in a servlet context {@code /app}
 * beside a host servlet. One server per test class; every test gets a fresh {@link TestHost}
 * (stores, clock, facade, API), reached through a host filter that delegates with
 * {@link ShareApi#handle} and passes everything else on, as a host's own filter would.
 */
abstract class ApiTestBase {
    static {
        System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
    }

    static final String CONTEXT = "/app";
    static final String HOST_PAGE = "host app page";

    private static final AtomicReference<ShareApi> CURRENT = new AtomicReference<>();
    private static Server server;
    static URI origin;

    TestHost host;
    Http http;

    @BeforeAll
    static void startServer() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(CONTEXT);
        Filter delegating = (request, response, chain) -> {
            ShareApi api = CURRENT.get();
            if (api != null && api.handle((HttpServletRequest) request, (HttpServletResponse) response)) {
                return;
            }
            chain.doFilter(request, response);
        };
        context.addFilter(new FilterHolder(delegating), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.setContentType("text/plain");
                resp.getWriter().write(HOST_PAGE);
            }
        }), "/*");
        server.setHandler(context);
        server.start();
        origin = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @AfterAll
    static void stopServer() throws Exception {
        CURRENT.set(null);
        server.stop();
    }

    @BeforeEach
    void newHost() {
        host = createHost();
        CURRENT.set(host.api);
        http = new Http(origin, CONTEXT + "/api");
    }

    /** Serves {@code other}'s API from now on (for a test that needs other settings). */
    void use(TestHost other) {
        host = other;
        CURRENT.set(other.api);
    }

    /** Serves {@code api} (built on this test's host) from now on. */
    void use(ShareApi api) {
        CURRENT.set(api);
    }

    /** The host for each test; sharing is on in the team library unless a test class says otherwise. */
    TestHost createHost() {
        return new TestHost().enabled();
    }

    // ------------------------------------------------------------------ assertions shared by the tests

    /** Asserts an RFC 9457 problem of the given status and type slug, and returns its body. */
    static JsonNode assertProblem(Http.Res res, int status, String type) {
        assertThat(res.status()).as("status of %s", res).isEqualTo(status);
        assertThat(res.contentType()).as("content type of %s", res).startsWith("application/problem+json");
        JsonNode body = res.json();
        assertThat(body.get("type").stringValue()).as("type of %s", res).isEqualTo("https://clipshare.dev/problems/" + type);
        assertThat(body.get("status").intValue()).isEqualTo(status);
        assertThat(body.get("title").stringValue()).isNotBlank();
        assertThat(body.get("detail").stringValue()).isNotBlank();
        assertThat(res.header("Cache-Control")).isEqualTo("no-store");
        return body;
    }

    /** A validation problem naming {@code field}. */
    static JsonNode assertInvalid(Http.Res res, String field) {
        JsonNode body = assertProblem(res, 400, "validation");
        assertThat(body.path("field").stringValue()).as("field of %s", res).isEqualTo(field);
        return body;
    }

    static JsonNode assertJson(Http.Res res, int status) {
        assertThat(res.status()).as("status of %s", res).isEqualTo(status);
        assertThat(res.contentType()).startsWith("application/json");
        assertThat(res.header("Cache-Control")).isEqualTo("no-store");
        return res.json();
    }

    /** Creates a share through the API as the editor and returns its JSON. */
    JsonNode createShare(String json) {
        return assertJson(http.as(TestHost.EDITOR).post("/shares", json), 201);
    }
}

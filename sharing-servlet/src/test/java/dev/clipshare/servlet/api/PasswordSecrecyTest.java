package dev.clipshare.servlet.api;

import static dev.clipshare.servlet.api.TestHost.EDITOR;
import static dev.clipshare.servlet.api.TestHost.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A password goes in and never comes out: not in a response body, not in a header, not in a
 * problem detail, not in the server's log, whatever the path the request takes.
 */
class PasswordSecrecyTest extends ApiTestBase {
    private static final String FIRST = "Tr0ub4dor&3-first";
    private static final String SECOND = "correct-horse-battery-second";
    private static final String THIRD = "never-used-third-secret";
    private static final String TOO_LONG = "way-too-long-" + "z".repeat(70);

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private PrintStream originalErr;
    private PrintStream originalOut;

    @BeforeEach
    void captureTheLog() {
        originalErr = System.err;
        originalOut = System.out;
        System.setErr(new PrintStream(tee(originalErr), true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(tee(originalOut), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreTheLog() {
        System.setErr(originalErr);
        System.setOut(originalOut);
    }

    @Test
    void aPasswordIsNeverEchoedInAnyResponseHeaderOrLogLine() {
        // created, read, listed, replayed, changed
        String body = "{\"source_id\": \"video-1\", \"title\": \"Goal\", \"password\": \"" + FIRST + "\", \"allow_download\": true}";
        Http.Res created = http.as(EDITOR).header("Idempotency-Key", "k-1").post("/shares", body);
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").stringValue();
        assertThat(created.json().get("has_password").booleanValue()).isTrue();
        host.exportEverything();
        assertThat(http.as(EDITOR).header("Idempotency-Key", "k-1").post("/shares", body).status()).isEqualTo(201);
        assertThat(http.as(VIEWER).get("/shares/" + id).status()).isEqualTo(200);
        assertThat(http.as(VIEWER).get("/shares?source_id=video-1&include_revoked=true").status()).isEqualTo(200);
        assertThat(http.as(EDITOR).patch("/shares/" + id, "{\"password\": \"" + SECOND + "\"}").status()).isEqualTo(200);

        // refused in every way a body can be refused, with the password inside
        assertInvalid(http.as(EDITOR).post("/shares", "{\"source_id\": \"video-1\", \"password\": \"" + TOO_LONG + "\"}"), "password");
        assertInvalid(http.as(EDITOR).patch("/shares/" + id, "{\"password\": \"" + TOO_LONG + "\"}"), "password");
        assertInvalid(http.as(EDITOR).post("/shares", "{\"source_id\": \"video-1\", \"password\": " + FIRST + "}"), "body");
        assertInvalid(http.as(EDITOR).post("/shares", "{\"source_id\": \"video-1\", \"password\": \"" + FIRST + "\""), "body");
        assertInvalid(http.as(EDITOR).post("/shares", "{\"source_id\": \"video-1\", \"password\": [\"" + FIRST + "\"]}"), "password");
        assertInvalid(http.as(EDITOR).post("/shares", "{\"source_id\": \"video-1\", \"password\": \"" + FIRST + "\", \"title\": 1}"), "title");
        assertInvalid(http.as(EDITOR).post("/shares", "{\"source_id\": \"video-1\", \"password\": \"" + FIRST + "\", \"password\": \"x\"}"), "body");
        assertProblem(http.as(EDITOR).header("Idempotency-Key", "k-1").post("/shares", body.replace(FIRST, THIRD)), 409, "conflict");
        assertProblem(http.as(VIEWER).post("/shares", body), 403, "forbidden");
        assertProblem(http.anonymous().post("/shares", body), 401, "unauthorized");
        assertProblem(http.as(EDITOR).contentType("text/plain").post("/shares", body), 415, "unsupported-media-type");
        assertProblem(http.as(EDITOR).header("X-Test-Explode", "1").post("/shares", body), 500, "internal");
        host.storesFail.set(true);
        assertProblem(http.as(EDITOR).post("/shares", body), 503, "storage-unavailable");
        assertProblem(http.as(EDITOR).patch("/shares/" + id, "{\"password\": \"" + SECOND + "\"}"), 503, "storage-unavailable");
        host.storesFail.set(false);

        List<Http.Res> all = http.received();
        assertThat(all).hasSizeGreaterThanOrEqualTo(19);
        for (Http.Res res : all) {
            for (String secret : List.of(FIRST, SECOND, THIRD, TOO_LONG)) {
                assertThat(res.body()).as("body of %s %s", res.method(), res.path()).doesNotContain(secret);
                for (Map.Entry<String, List<String>> header : res.headers().map().entrySet()) {
                    assertThat(header.getKey() + ": " + header.getValue()).doesNotContain(secret);
                }
            }
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        assertThat(logged).as("the log was captured").contains("storage failed").contains("unexpected failure");
        assertThat(logged).doesNotContain(FIRST).doesNotContain(SECOND).doesNotContain(THIRD).doesNotContain(TOO_LONG);
    }

    /** Writes to the original stream and to {@link #log}. */
    private OutputStream tee(PrintStream original) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (log) {
                    log.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (log) {
                    log.write(b, off, len);
                }
            }
        };
    }
}

package dev.clipshare.servlet.internal.api;

import dev.clipshare.core.Principal;
import dev.clipshare.core.ValidationException;
import dev.clipshare.servlet.internal.json.Json;
import dev.clipshare.servlet.internal.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** One routed request: its path parameters, query, caller and body. */
final class Call {
    private final HttpServletRequest request;
    private final Map<String, String> pathParams;
    private final QueryParams query;
    private final Principal principal;
    private final String mount;
    private final int maxBodyBytes;

    Call(HttpServletRequest request, Map<String, String> pathParams, QueryParams query, Principal principal,
         String mount, int maxBodyBytes) {
        this.request = request;
        this.pathParams = pathParams;
        this.query = query;
        this.principal = principal;
        this.mount = mount;
        this.maxBodyBytes = maxBodyBytes;
    }

    HttpServletRequest request() {
        return request;
    }

    String path(String name) {
        return pathParams.get(name);
    }

    QueryParams query() {
        return query;
    }

    Principal principal() {
        return principal;
    }

    /** An absolute path on this site for a resource under the API, e.g. for {@code Location}. */
    String link(String relative) {
        return mount + relative;
    }

    /**
     * The body as a JSON object; an empty body is refused when {@code required}, else read as
     * {@code {}}. The size limit is enforced while reading, whatever {@code Content-Length} says
     * (it may be absent, with a chunked body).
     */
    JsonObject body(boolean required) throws IOException {
        JsonObject node = Json.parseObject(read());
        if (node == null) {
            if (required) {
                throw new ValidationException("body", "a JSON object is required");
            }
            return Json.object();
        }
        return node;
    }

    private byte[] read() throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBodyBytes) {
            throw tooLarge();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 512);
        byte[] buffer = new byte[8192];
        long total = 0;
        InputStream in = request.getInputStream();
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total > maxBodyBytes) {
                throw tooLarge();
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private ApiProblem tooLarge() {
        return new ApiProblem(ProblemType.PAYLOAD_TOO_LARGE, "request bodies may be at most " + maxBodyBytes + " bytes");
    }
}

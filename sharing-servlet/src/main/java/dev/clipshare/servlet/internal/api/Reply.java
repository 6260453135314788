package dev.clipshare.servlet.internal.api;

import dev.clipshare.servlet.internal.json.Json;
import dev.clipshare.servlet.internal.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/** A complete answer, written in one go once the operation is over (nothing half-sent on an error). */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
    static final String JSON = "application/json";
    static final String PROBLEM_JSON = "application/problem+json";

    static Reply json(int status, JsonObject body) {
        return new Reply(status, JSON, Json.bytes(body), new LinkedHashMap<>());
    }

    static Reply empty(int status) {
        return new Reply(status, null, new byte[0], new LinkedHashMap<>());
    }

    Reply header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}

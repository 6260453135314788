/**
 * JSON shared by the management API ({@code internal.api}) and the viewer side
 * ({@code internal.viewer}): a small ordered tree ({@link dev.clipshare.servlet.internal.json.JsonObject},
 * {@link dev.clipshare.servlet.internal.json.JsonArray}), the strict parse of request bodies and
 * the writing of answers on Jackson's streaming API (jackson-core only), and typed access to
 * fields. Depends on neither side. No compatibility promise.
 */
package dev.clipshare.servlet.internal.json;

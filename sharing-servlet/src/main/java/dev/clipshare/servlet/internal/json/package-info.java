/**
 * JSON helpers shared by the management API ({@code internal.api}) and the viewer side
 * ({@code internal.viewer}): the one Jackson mapper, the strict parse of request bodies and typed
 * access to their fields. Depends on neither side. No compatibility promise.
 */
package dev.clipshare.servlet.internal.json;

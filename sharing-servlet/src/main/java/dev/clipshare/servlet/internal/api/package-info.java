/**
 * The machinery behind {@link dev.clipshare.servlet.ShareApi}: routing, request parsing, JSON
 * representations and RFC 9457 problem responses. No compatibility promise: hosts use
 * {@code ShareApi} and the documented HTTP contract (the OpenAPI document), never these classes.
 */
package dev.clipshare.servlet.internal.api;

package dev.clipshare.core;

import java.util.Objects;
import java.util.Optional;

/**
 * The rate limits on viewers, each aimed at an abuser rather than an audience: a link that opens
 * is never refused by a service-wide or per-link cap unless the host sets one.
 *
 * <table>
 *   <caption>What each limit counts</caption>
 *   <tr><th>limit</th><th>default</th><th>counts</th><th>why</th></tr>
 *   <tr><td>{@link #perClient}</td><td>120/min</td><td>page and status calls (and unlocks) of one
 *       client for one link</td><td>a client reloading in a loop; an audience is many clients</td></tr>
 *   <tr><td>{@link #probesPerClient}</td><td>60/min</td><td>one client's requests that opened nothing
 *       (unknown, revoked, deleted, malformed tokens; any purpose) and failed unlocks</td><td>token
 *       probing: once refused, the client is refused before any store lookup until its Retry-After</td></tr>
 *   <tr><td>{@link #probes}</td><td>600/min</td><td>the same, for the whole service</td><td>probing
 *       from many addresses</td></tr>
 *   <tr><td>{@link #passwordFailures}</td><td>10/min</td><td>wrong passwords per link</td><td>brute
 *       force on one link, with the lockout (5 wrong, 10 minutes)</td></tr>
 *   <tr><td>{@link #global}</td><td>none</td><td>page and status calls of the whole service</td><td>a
 *       host that wants a hard cap</td></tr>
 *   <tr><td>{@link #perLink}</td><td>none</td><td>page and status calls of one link</td><td>a host that
 *       wants a hard cap per link</td></tr>
 * </table>
 *
 * <p>The client is the address the servlet filter resolves through the trusted-proxy setting
 * ({@link ViewRequest#client()}); requests without one count only against the service-wide
 * probe budget. Counted by the {@link dev.clipshare.core.spi.RateLimiter} the facade is given, so
 * the limits hold for a cluster when the limiter is shared (JDBC, Redis).
 *
 * <pre>{@code
 * Sharing.builder().viewerLimits(ViewerLimits.defaults().withPerClient(RateLimit.perMinute(300)))
 * }</pre>
 *
 * @param perClient        page and status calls per client per link
 * @param probesPerClient  requests that opened nothing and failed unlocks, per client
 * @param probes           the same, for the whole service
 * @param passwordFailures wrong passwords per link
 * @param global           an optional cap on all page and status calls, or {@code null}
 * @param perLink          an optional cap on the page and status calls of one link, or {@code null}
 */
public record ViewerLimits(RateLimit perClient, RateLimit probesPerClient, RateLimit probes, RateLimit passwordFailures,
                           RateLimit global, RateLimit perLink) {
    public ViewerLimits {
        Objects.requireNonNull(perClient, "perClient");
        Objects.requireNonNull(probesPerClient, "probesPerClient");
        Objects.requireNonNull(probes, "probes");
        Objects.requireNonNull(passwordFailures, "passwordFailures");
    }

    /** 120 calls per client per link, 60 probes per client and 600 for the service, 10 wrong passwords per link, no caps. */
    public static ViewerLimits defaults() {
        return new ViewerLimits(RateLimit.perMinute(120), RateLimit.perMinute(60), RateLimit.perMinute(600),
                RateLimit.perMinute(10), null, null);
    }

    public ViewerLimits withPerClient(RateLimit limit) {
        return new ViewerLimits(limit, probesPerClient, probes, passwordFailures, global, perLink);
    }

    public ViewerLimits withProbes(RateLimit perClientLimit, RateLimit serviceLimit) {
        return new ViewerLimits(perClient, perClientLimit, serviceLimit, passwordFailures, global, perLink);
    }

    public ViewerLimits withPasswordFailures(RateLimit limit) {
        return new ViewerLimits(perClient, probesPerClient, probes, limit, global, perLink);
    }

    /** A cap on every page and status call of the service; {@code null} for none. */
    public ViewerLimits withGlobal(RateLimit limit) {
        return new ViewerLimits(perClient, probesPerClient, probes, passwordFailures, limit, perLink);
    }

    /** A cap on the page and status calls of each link; {@code null} for none. */
    public ViewerLimits withPerLink(RateLimit limit) {
        return new ViewerLimits(perClient, probesPerClient, probes, passwordFailures, global, limit);
    }

    /** {@link #global}, when set. */
    public Optional<RateLimit> globalCap() {
        return Optional.ofNullable(global);
    }

    /** {@link #perLink}, when set. */
    public Optional<RateLimit> perLinkCap() {
        return Optional.ofNullable(perLink);
    }
}

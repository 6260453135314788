package dev.clipshare.core;

/**
 * A viewer's attempt to obtain a grant, for {@link Sharing#unlock(UnlockRequest)}.
 *
 * @param token    the token text from the URL, unchecked
 * @param password the password typed, or {@code null} for a share without one
 * @param viewer   the signed-in principal, or {@code null}
 * @param client   the client's address (through the host's trusted proxies), or {@code null}: the
 *                 key of the per-client limits, as in {@link ViewRequest#client()}
 */
public record UnlockRequest(String token, String password, Principal viewer, String client) {

    /** An attempt from a client whose address is not known. */
    public UnlockRequest(String token, String password, Principal viewer) {
        this(token, password, viewer, null);
    }

    public static UnlockRequest of(String token, String password) {
        return new UnlockRequest(token, password, null, null);
    }

    /** This attempt, from the client at {@code address}. */
    public UnlockRequest withClient(String address) {
        return new UnlockRequest(token, password, viewer, address);
    }

    @Override
    public String toString() {
        return "UnlockRequest[password=" + (password == null ? "-" : "redacted") + ", viewer=" + (viewer == null ? "-" : viewer.id()) + "]";
    }
}

package dev.clipshare.core;

/**
 * A viewer's attempt to obtain a grant, for {@link Sharing#unlock(UnlockRequest)}.
 *
 * @param token    the token text from the URL, unchecked
 * @param password the password typed, or {@code null} for a share without one
 * @param viewer   the signed-in principal, or {@code null}
 */
public record UnlockRequest(String token, String password, Principal viewer) {
    public static UnlockRequest of(String token, String password) {
        return new UnlockRequest(token, password, null);
    }

    @Override
    public String toString() {
        return "UnlockRequest[password=" + (password == null ? "-" : "redacted") + ", viewer=" + (viewer == null ? "-" : viewer.id()) + "]";
    }
}

package dev.clipshare.core;

/** The share is private and the viewer is not signed in to the host. */
public class SignInRequiredException extends SharingException {
    public SignInRequiredException() {
        super("sign-in required");
    }
}

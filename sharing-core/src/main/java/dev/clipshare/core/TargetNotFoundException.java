package dev.clipshare.core;

/** The host's {@code AccessPolicy} does not know the target, or the caller is not a member of its library. */
public class TargetNotFoundException extends NotFoundException {
    public TargetNotFoundException(Target target) {
        super("target not found: " + target);
    }
}

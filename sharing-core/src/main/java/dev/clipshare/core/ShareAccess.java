package dev.clipshare.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a viewer holding a token may see right now, as decided by
 * {@link Sharing#resolve(ViewRequest)}. One of:
 * <ul>
 *   <li>{@link Missing}: never issued, revoked, deleted, or private and the viewer is not a
 *       member. One answer for all four; it carries nothing, so it cannot tell them apart;</li>
 *   <li>{@link SignInRequired}: private and the viewer is signed out (send them to the login);</li>
 *   <li>{@link Expired};</li>
 *   <li>{@link PasswordRequired};</li>
 *   <li>{@link Locked}: too many wrong passwords, with the time to retry;</li>
 *   <li>{@link Processing}: nothing exported yet;</li>
 *   <li>{@link Failed}: the only export attempted failed;</li>
 *   <li>{@link Ready}: the clip can be shown.</li>
 * </ul>
 * For Java 17 {@code switch} statements, {@link #state()} names the case.
 */
public sealed interface ShareAccess {

    /** The case, for switching on. */
    enum State { MISSING, SIGN_IN_REQUIRED, EXPIRED, PASSWORD_REQUIRED, LOCKED, PROCESSING, FAILED, READY }

    State state();

    /** The single answer for every token that does not open anything for this viewer. */
    Missing MISSING = new Missing();

    /** See {@link ShareAccess}. */
    final class Missing implements ShareAccess {
        private Missing() { }

        @Override
        public State state() {
            return State.MISSING;
        }

        @Override
        public String toString() {
            return "Missing";
        }
    }

    /** The share is private; the viewer must sign in to the host first. */
    record SignInRequired() implements ShareAccess {
        @Override
        public State state() {
            return State.SIGN_IN_REQUIRED;
        }
    }

    /** The share's expiry has passed. */
    record Expired() implements ShareAccess {
        @Override
        public State state() {
            return State.EXPIRED;
        }
    }

    /** The share has a password and the viewer holds no valid grant. */
    record PasswordRequired(Share share) implements ShareAccess {
        public PasswordRequired {
            Objects.requireNonNull(share, "share");
        }

        @Override
        public State state() {
            return State.PASSWORD_REQUIRED;
        }
    }

    /** Too many wrong passwords; try again after {@code retryAfter}. */
    record Locked(Share share, Instant until, Duration retryAfter) implements ShareAccess {
        @Override
        public State state() {
            return State.LOCKED;
        }
    }

    /** No export of the target has completed yet; {@code latest} is the newest job, if any. */
    record Processing(Share share, Export latest) implements ShareAccess {
        @Override
        public State state() {
            return State.PROCESSING;
        }
    }

    /** No export of the target has completed and the newest one failed. */
    record Failed(Share share, Export latest) implements ShareAccess {
        @Override
        public State state() {
            return State.FAILED;
        }
    }

    /**
     * The clip can be shown.
     *
     * @param share          the live share
     * @param export         the completed export to serve: the latest, the version a signed URL
     *                       names, or an older one a media URL pinned within the re-export grace
     * @param grantExpiresAt when the viewer's grant ends (signed URLs issued for this viewer must not
     *                       outlive it), or {@code null} when the viewer needed none
     * @param playback       the media URLs of {@code export}, built and signed by the one rule every
     *                       surface uses
     */
    record Ready(Share share, Export export, Instant grantExpiresAt, Playback playback) implements ShareAccess {
        public Ready {
            Objects.requireNonNull(share, "share");
            Objects.requireNonNull(export, "export");
            Objects.requireNonNull(playback, "playback");
            if (!export.isCompleted()) {
                throw new IllegalArgumentException("a ready share serves a completed export");
            }
            if (playback.version() != export.version()) {
                throw new IllegalArgumentException("the playback serves version " + playback.version()
                        + ", the export is version " + export.version());
            }
        }

        @Override
        public State state() {
            return State.READY;
        }

        public ExportArtifacts artifacts() {
            return export.artifacts();
        }
    }
}

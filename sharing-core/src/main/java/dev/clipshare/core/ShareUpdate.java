package dev.clipshare.core;

import dev.clipshare.core.internal.Checks;
import dev.clipshare.core.internal.PasswordChecker;
import dev.clipshare.core.spi.Change;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Changes to a share's settings, for {@link Sharing#updateShare}. Fields not mentioned keep their
 * value. Visibility is not here: it never changes.
 *
 * <pre>{@code
 * sharing.updateShare(editor, shareId, ShareUpdate.builder()
 *         .expiresInDays(30)
 *         .removePassword()          // ends every grant issued under the old password
 *         .allowDownload(false)
 *         .build());
 * }</pre>
 *
 * {@link #toString()} never prints a password.
 */
public final class ShareUpdate {
    private final Change<String> title;
    private final Change<String> description;
    private final Change<Map<String, String>> metadata;
    private final Change<String> password;
    private final Change<Boolean> allowDownload;
    private final Change<Instant> expiresAt;
    private final Integer expiresInDays;

    private ShareUpdate(Builder b) {
        title = b.title;
        description = b.description;
        metadata = b.metadata;
        password = b.password;
        allowDownload = b.allowDownload;
        expiresAt = b.expiresAt;
        expiresInDays = b.expiresInDays;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Change<String> title() {
        return title;
    }

    public Change<String> description() {
        return description;
    }

    public Change<Map<String, String>> metadata() {
        return metadata;
    }

    /** The new password (set), its removal (clear), or keep. */
    public Change<String> password() {
        return password;
    }

    public Change<Boolean> allowDownload() {
        return allowDownload;
    }

    /** An absolute expiry (set), its removal (clear), or keep; see also {@link #expiresInDays()}. */
    public Change<Instant> expiresAt() {
        return expiresAt;
    }

    /** A relative expiry, counted from the moment of the update, or {@code null}. */
    public Integer expiresInDays() {
        return expiresInDays;
    }

    /** Wire names of the fields this update touches. */
    public Set<String> fields() {
        Set<String> f = new LinkedHashSet<>();
        if (!title.isKeep()) f.add("title");
        if (!description.isKeep()) f.add("description");
        if (!metadata.isKeep()) f.add("metadata");
        if (!password.isKeep()) f.add("password");
        if (!allowDownload.isKeep()) f.add("allow_download");
        if (!expiresAt.isKeep() || expiresInDays != null) f.add("expires_at");
        return f;
    }

    @Override
    public String toString() {
        return "ShareUpdate" + fields();
    }

    /** Builds a {@link ShareUpdate}; not thread-safe. */
    public static final class Builder {
        private Change<String> title = Change.keep();
        private Change<String> description = Change.keep();
        private Change<Map<String, String>> metadata = Change.keep();
        private Change<String> password = Change.keep();
        private Change<Boolean> allowDownload = Change.keep();
        private Change<Instant> expiresAt = Change.keep();
        private Integer expiresInDays;

        private Builder() { }

        /** A new title; {@code null} or blank removes it. */
        public Builder title(String value) {
            String v = CreateShareRequest.normalize(Checks.text("title", value, Share.MAX_TITLE, false));
            title = v == null ? Change.clear() : Change.set(v);
            return this;
        }

        /** A new description; {@code null} or blank removes it. */
        public Builder description(String value) {
            String v = CreateShareRequest.normalize(Checks.text("description", value, Share.MAX_DESCRIPTION, true));
            description = v == null ? Change.clear() : Change.set(v);
            return this;
        }

        /** Replaces the metadata; {@code null} empties it. */
        public Builder metadata(Map<String, String> value) {
            metadata = Change.set(Metadata.copyOf(value));
            return this;
        }

        /** Sets or changes the password (1..72 UTF-8 bytes); ends every grant issued so far. */
        public Builder password(String value) {
            PasswordChecker.validate("password", value);
            password = Change.set(value);
            return this;
        }

        /** Removes the password; ends every grant issued so far. */
        public Builder removePassword() {
            password = Change.clear();
            return this;
        }

        public Builder allowDownload(boolean value) {
            allowDownload = Change.set(value);
            return this;
        }

        /** A new absolute expiry, which must lie in the future. */
        public Builder expiresAt(Instant value) {
            if (value == null) {
                throw new ValidationException("expires_at", "use removeExpiry() to remove the expiry");
            }
            expiresAt = Change.set(value);
            expiresInDays = null;
            return this;
        }

        /** A new expiry this many days (1..3650) after the update. */
        public Builder expiresInDays(int days) {
            if (days < 1 || days > CreateShareRequest.MAX_EXPIRES_IN_DAYS) {
                throw new ValidationException("expires_in_days", "must be 1.." + CreateShareRequest.MAX_EXPIRES_IN_DAYS + ", was " + days);
            }
            expiresInDays = days;
            expiresAt = Change.keep();
            return this;
        }

        /** The link never expires (the JSON API's {@code "expires_in_days": null} or {@code "expires_at": null}). */
        public Builder removeExpiry() {
            expiresAt = Change.clear();
            expiresInDays = null;
            return this;
        }

        public ShareUpdate build() {
            return new ShareUpdate(this);
        }
    }
}

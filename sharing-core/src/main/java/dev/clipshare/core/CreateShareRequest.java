package dev.clipshare.core;

import dev.clipshare.core.internal.Checks;
import dev.clipshare.core.internal.PasswordChecker;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to create with {@link Sharing#createShare}. Validated when built: every refusal is a
 * {@link ValidationException} naming the field.
 *
 * <pre>{@code
 * CreateShareRequest request = CreateShareRequest.builder(Target.segment("video-42", "goal"))
 *         .range(ClipRange.ofSeconds(722, 741))
 *         .title("The winning goal")
 *         .password("blue-heron")
 *         .expiresInDays(7)
 *         .build();
 * }</pre>
 *
 * {@link #toString()} never prints the password.
 */
public final class CreateShareRequest {
    /** Most days an {@code expiresInDays} may say. */
    public static final int MAX_EXPIRES_IN_DAYS = 3650;

    private final Target target;
    private final ClipRange range;
    private final Visibility visibility;
    private final String title;
    private final String description;
    private final Map<String, String> metadata;
    private final Instant expiresAt;
    private final Integer expiresInDays;
    private final String password;
    private final boolean allowDownload;
    private final String idempotencyKey;

    private CreateShareRequest(Builder b) {
        this.target = b.target;
        this.range = b.range;
        this.visibility = b.visibility;
        this.title = b.title;
        this.description = b.description;
        this.metadata = b.metadata;
        this.expiresAt = b.expiresAt;
        this.expiresInDays = b.expiresInDays;
        this.password = b.password;
        this.allowDownload = b.allowDownload;
        this.idempotencyKey = b.idempotencyKey;
    }

    public static Builder builder(Target target) {
        return new Builder(target);
    }

    public Target target() {
        return target;
    }

    /** The segment's time range, used to queue an export when the target has none. */
    public Optional<ClipRange> range() {
        return Optional.ofNullable(range);
    }

    public Visibility visibility() {
        return visibility;
    }

    public Optional<String> title() {
        return Optional.ofNullable(title);
    }

    public Optional<String> description() {
        return Optional.ofNullable(description);
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    public Optional<Integer> expiresInDays() {
        return Optional.ofNullable(expiresInDays);
    }

    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    public boolean allowDownload() {
        return allowDownload;
    }

    public Optional<String> idempotencyKey() {
        return Optional.ofNullable(idempotencyKey);
    }

    @Override
    public String toString() {
        return "CreateShareRequest[target=" + target + ", visibility=" + visibility.wireName()
                + ", password=" + (password == null ? "none" : "redacted") + ", allowDownload=" + allowDownload + "]";
    }

    /** Builds a {@link CreateShareRequest}; not thread-safe. */
    public static final class Builder {
        private final Target target;
        private ClipRange range;
        private Visibility visibility = Visibility.PUBLIC;
        private String title;
        private String description;
        private Map<String, String> metadata = Map.of();
        private Instant expiresAt;
        private Integer expiresInDays;
        private String password;
        private boolean allowDownload;
        private String idempotencyKey;

        private Builder(Target target) {
            this.target = Objects.requireNonNull(target, "target");
        }

        public Builder range(ClipRange range) {
            this.range = range;
            return this;
        }

        public Builder visibility(Visibility visibility) {
            this.visibility = Objects.requireNonNull(visibility, "visibility");
            return this;
        }

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder metadata(Map<String, String> metadata) {
            this.metadata = metadata == null ? Map.of() : metadata;
            return this;
        }

        /** An absolute expiry; must lie in the future when the share is created. */
        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        /** An expiry relative to creation, 1..3650 days. */
        public Builder expiresInDays(Integer days) {
            this.expiresInDays = days;
            return this;
        }

        /** A password of 1..72 UTF-8 bytes; {@code null} for none. */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        public Builder allowDownload(boolean allowDownload) {
            this.allowDownload = allowDownload;
            return this;
        }

        /** A client-chosen key: repeating a create with the same key returns the first share. */
        public Builder idempotencyKey(String key) {
            this.idempotencyKey = key;
            return this;
        }

        public CreateShareRequest build() {
            title = normalize(Checks.text("title", title, Share.MAX_TITLE, false));
            description = normalize(Checks.text("description", description, Share.MAX_DESCRIPTION, true));
            metadata = Metadata.copyOf(metadata);
            if (expiresAt != null && expiresInDays != null) {
                throw new ValidationException("expires_at", "give expires_at or expires_in_days, not both");
            }
            if (expiresInDays != null && (expiresInDays < 1 || expiresInDays > MAX_EXPIRES_IN_DAYS)) {
                throw new ValidationException("expires_in_days", "must be 1.." + MAX_EXPIRES_IN_DAYS + ", was " + expiresInDays);
            }
            if (password != null) {
                PasswordChecker.validate("password", password);
            }
            if (idempotencyKey != null) {
                Checks.identifier("idempotency_key", idempotencyKey, Share.MAX_IDEMPOTENCY_KEY);
            }
            return new CreateShareRequest(this);
        }
    }

    static String normalize(String text) {
        if (text == null) {
            return null;
        }
        String stripped = text.strip();
        return stripped.isEmpty() ? null : stripped;
    }
}

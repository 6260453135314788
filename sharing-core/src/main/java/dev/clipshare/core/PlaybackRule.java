package dev.clipshare.core;

import dev.clipshare.core.internal.Signer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The one rule that builds and signs media URLs ({@link Playback}), for the viewer's answers
 * and the managers' {@link ShareDetails} alike. Thread-safe.
 */
final class PlaybackRule {
    private final Context c;

    PlaybackRule(Context c) {
        this.c = c;
    }

    /** Private and password-protected shares' media need more than the link: a signature. */
    static boolean needsSignature(Share share) {
        return share.visibility() == Visibility.PRIVATE || share.hasPassword();
    }

    /**
     * The playback of {@code export} for a viewer whose grant (or signed URL) ends at
     * {@code grantExpiresAt} ({@code null}: none needed), signed afresh when the share needs it.
     */
    Playback of(Share share, Export export, ShareToken token, Instant grantExpiresAt) {
        long version = export.version();
        String page = c.links.page(token);
        boolean hls = export.artifacts().hasHls();
        if (!needsSignature(share)) {
            return new Playback(page, version, "?v=" + version, null, hls, share.allowDownload(), false);
        }
        Signature sig = streamSignature(share, version, grantExpiresAt);
        return new Playback(page, version, "?" + ShareLinks.SIGNATURE_PARAM + "=" + sig.value(), sig.expiresAt(),
                hls, share.allowDownload(), false);
    }

    /** The playback a signed URL names: its own signature on every media URL, its version, its expiry. */
    Playback ofSignedUrl(Share share, Export export, ShareToken token, String signature, Instant expiresAt) {
        return new Playback(c.links.page(token), export.version(), "?" + ShareLinks.SIGNATURE_PARAM + "=" + signature,
                expiresAt, export.artifacts().hasHls(), share.allowDownload(), true);
    }

    SignedUrl signStream(ShareAccess.Ready ready, String url) {
        Signature sig = streamSignature(ready.share(), ready.export().version(), ready.grantExpiresAt());
        return new SignedUrl(ShareLinks.withSignature(url, sig.value()), sig.expiresAt());
    }

    /** A short-lived signed download URL of a ready share that allows downloads. */
    Optional<SignedUrl> downloadUrl(ShareAccess.Ready ready) {
        return downloadUrl(ready.share(), ready.playback());
    }

    /** A short-lived signed download URL of the version a playback serves, when the share allows downloads. */
    Optional<SignedUrl> downloadUrl(Share share, Playback playback) {
        if (!share.allowDownload()) {
            return Optional.empty();
        }
        Instant expiresAt = earliest(c.now().plus(c.settings.downloadUrlLifetime()), share.expiresAt(), null);
        Signature sig = sign(Signer.Purpose.DOWNLOAD, share, playback.version(), expiresAt);
        String url = playback.pageUrl() + "/download";
        return Optional.of(new SignedUrl(ShareLinks.withSignature(url, sig.value()), sig.expiresAt()));
    }

    private Signature streamSignature(Share share, long version, Instant grantExpiresAt) {
        Instant expiresAt = earliest(c.now().plus(c.settings.streamUrlLifetime()), grantExpiresAt, share.expiresAt());
        return sign(Signer.Purpose.STREAM, share, version, expiresAt);
    }

    private Signature sign(Signer.Purpose purpose, Share share, long exportVersion, Instant expiresAt) {
        Instant exp = expiresAt.truncatedTo(ChronoUnit.SECONDS);
        return new Signature(c.signer.sign(purpose, share.id(), share.credentialVersion(), exportVersion, exp), exp);
    }

    private static Instant earliest(Instant a, Instant b, Instant d) {
        Instant min = a;
        if (b != null && b.isBefore(min)) {
            min = b;
        }
        if (d != null && d.isBefore(min)) {
            min = d;
        }
        return min;
    }

    private record Signature(String value, Instant expiresAt) { }
}

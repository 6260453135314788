package dev.clipshare.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SignedUrlTest {
    private final Host host = new Host();
    private final Sharing sharing = host.enabled();
    private final ShareDetails privateLink = host.readyShare(sharing, b -> b.visibility(Visibility.PRIVATE).allowDownload(true));
    private final String token = privateLink.token().value();

    private ShareAccess.Ready readyForMember() {
        return (ShareAccess.Ready) sharing.resolve(ViewRequest.page(token).withViewer(host.viewer));
    }

    private static String sig(String url) {
        return url.substring(url.indexOf("sig=") + 4);
    }

    private ShareAccess media(String signature) {
        return sharing.resolve(ViewRequest.of(token, ViewRequest.Purpose.MEDIA).withSignature(signature));
    }

    private ShareAccess download(String signature) {
        return sharing.resolve(ViewRequest.of(token, ViewRequest.Purpose.DOWNLOAD).withSignature(signature));
    }

    @Test
    void aSignedStreamUrlOpensPrivateMediaWithoutSigningInForTwelveHours() {
        SignedUrl url = sharing.signStream(readyForMember(), sharing.links().hlsPlaylist(privateLink.token()));

        assertThat(url.url()).startsWith("https://clips.example.com/s/" + token + "/hls/index.m3u8?sig=");
        assertThat(url.expiresAt()).isEqualTo(host.clock.instant().plus(Duration.ofHours(12)));
        assertThat(media(sig(url.url()))).isInstanceOf(ShareAccess.Ready.class);
        assertThat(media(null)).isInstanceOf(ShareAccess.SignInRequired.class);
        assertThat(sharing.getShare(host.viewer, privateLink.id()).streamUrl()).startsWith(privateLink.pageUrl() + "/hls/index.m3u8?sig=");
    }

    @Test
    void anExpiredSignatureIsRefusedAfterTheAllowedClockSkew() {
        String s = sig(sharing.signStream(readyForMember(), "u").url());

        host.clock.advance(Duration.ofHours(12).plusSeconds(60));
        assertThat(media(s)).isInstanceOf(ShareAccess.Ready.class);
        host.clock.advance(Duration.ofSeconds(1));
        assertThat(media(s)).isInstanceOf(ShareAccess.SignInRequired.class);
    }

    @Test
    void anyChangeToASignatureIsRefused() {
        String s = sig(sharing.signStream(readyForMember(), "u").url());
        String[] p = s.split("\\.");

        assertThat(media(String.join(".", "d", p[1], p[2], p[3], p[4], p[5], p[6]))).isInstanceOf(ShareAccess.SignInRequired.class);
        assertThat(media(String.join(".", p[0], ShareId.random().value(), p[2], p[3], p[4], p[5], p[6])))
                .isInstanceOf(ShareAccess.SignInRequired.class);
        assertThat(media(String.join(".", p[0], p[1], "7", p[3], p[4], p[5], p[6]))).isInstanceOf(ShareAccess.SignInRequired.class);
        assertThat(media(String.join(".", p[0], p[1], p[2], p[3], String.valueOf(Long.parseLong(p[4]) + 3600), p[5], p[6])))
                .isInstanceOf(ShareAccess.SignInRequired.class);
        int mid = s.length() - 20;
        assertThat(media(s.substring(0, mid) + (s.charAt(mid) == 'A' ? 'B' : 'A') + s.substring(mid + 1)))
                .isInstanceOf(ShareAccess.SignInRequired.class);
        // the last character's spare bits: a decoder ignores them, the check must not
        char last = s.charAt(s.length() - 1);
        char sameBits = "AEIMQUYcgkosw048".indexOf(last) >= 0 ? (char) (last + 1) : (char) (last - 1);
        assertThat(media(s.substring(0, s.length() - 1) + sameBits)).isInstanceOf(ShareAccess.SignInRequired.class);
        assertThat(media(s + ".x")).isInstanceOf(ShareAccess.SignInRequired.class);
        assertThat(media("x".repeat(5000))).isInstanceOf(ShareAccess.SignInRequired.class);
    }

    @Test
    void onlyTheCanonicalSpellingOfTheMacIsAccepted() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int attempt = 0; attempt < 8; attempt++) {
            String s = sig(sharing.signStream(readyForMember(), "u").url());
            assertThat(media(s)).isInstanceOf(ShareAccess.Ready.class);
            int last = alphabet.indexOf(s.charAt(s.length() - 1));
            // 32 MAC bytes in 43 characters: the last one carries 4 bits and 2 bits a decoder ignores
            for (int low = 0; low < 4; low++) {
                int other = (last & ~3) | low;
                if (other != last) {
                    String variant = s.substring(0, s.length() - 1) + alphabet.charAt(other);
                    assertThat(media(variant)).as(variant).isInstanceOf(ShareAccess.SignInRequired.class);
                }
            }
            host.clock.advance(Duration.ofSeconds(1)); // another expiry, another MAC
        }
    }

    @Test
    void aStreamSignatureDoesNotDownloadAndADownloadSignatureDoesNotStream() {
        ShareAccess.Ready ready = readyForMember();
        String stream = sig(sharing.signStream(ready, "u").url());
        String down = sig(sharing.downloadUrl(ready).orElseThrow().url());

        assertThat(download(stream)).isSameAs(ShareAccess.MISSING);
        assertThat(download(down)).isInstanceOf(ShareAccess.Ready.class);
        assertThat(media(down)).isInstanceOf(ShareAccess.SignInRequired.class);
    }

    @Test
    void aDownloadUrlLivesFiveMinutesAndOnlyWhileDownloadsAreAllowed() {
        SignedUrl down = sharing.downloadUrl(readyForMember()).orElseThrow();
        assertThat(down.url()).startsWith("https://clips.example.com/s/" + token + "/download?sig=");
        assertThat(down.expiresAt()).isEqualTo(host.clock.instant().plus(Duration.ofMinutes(5)));

        sharing.updateShare(host.editor, privateLink.id(), ShareUpdate.builder().allowDownload(false).build());
        assertThat(download(sig(down.url()))).isSameAs(ShareAccess.MISSING);
        assertThat(sharing.downloadUrl(readyForMember())).isEmpty();
        assertThat(sharing.getShare(host.editor, privateLink.id()).downloadUrl()).isNull();
    }

    @Test
    void aSignatureForAnotherShareOpensNothingHere() {
        ShareDetails other = host.readyShare(sharing, b -> b.visibility(Visibility.PRIVATE));
        ShareAccess.Ready otherReady = (ShareAccess.Ready) sharing.resolve(ViewRequest.page(other.token().value()).withViewer(host.viewer));

        assertThat(media(sig(sharing.signStream(otherReady, "u").url()))).isInstanceOf(ShareAccess.SignInRequired.class);
    }

    @Test
    void revokingOrChangingThePasswordKillsOutstandingSignatures() {
        String s = sig(sharing.signStream(readyForMember(), "u").url());

        sharing.updateShare(host.editor, privateLink.id(), ShareUpdate.builder().password("now protected").build());
        assertThat(media(s)).isInstanceOf(ShareAccess.SignInRequired.class);

        ShareDetails other = host.readyShare(sharing, b -> b.visibility(Visibility.PRIVATE));
        ShareAccess.Ready otherReady = (ShareAccess.Ready) sharing.resolve(ViewRequest.page(other.token().value()).withViewer(host.viewer));
        String otherSig = sig(sharing.signStream(otherReady, "u").url());
        sharing.revokeShare(host.editor, other.id());
        assertThat(sharing.resolve(ViewRequest.of(other.token().value(), ViewRequest.Purpose.MEDIA).withSignature(otherSig)))
                .isSameAs(ShareAccess.MISSING);
    }

    @Test
    void signaturesFollowKeyRotationAndUnknownKeyIdsAreRefused() {
        String signedByK1 = sig(sharing.signStream(readyForMember(), "u").url());
        SigningKey k2 = SigningKey.generate("k2");
        Sharing rotating = host.builder().signingKeys(k2, host.signingKey).build();
        Sharing retired = host.builder().signingKeys(k2).build();
        Sharing sameIdOtherSecret = host.builder().signingKeys(SigningKey.generate("k1")).build();

        ShareAccess viaRotation = rotating.resolve(ViewRequest.of(token, ViewRequest.Purpose.MEDIA).withSignature(signedByK1));
        ShareAccess viaRetired = retired.resolve(ViewRequest.of(token, ViewRequest.Purpose.MEDIA).withSignature(signedByK1));
        ShareAccess viaForged = sameIdOtherSecret.resolve(ViewRequest.of(token, ViewRequest.Purpose.MEDIA).withSignature(signedByK1));
        String signedByK2 = sig(rotating.signStream(readyForMember(), "u").url());

        assertThat(viaRotation).isInstanceOf(ShareAccess.Ready.class);
        assertThat(viaRetired).isInstanceOf(ShareAccess.SignInRequired.class);
        assertThat(viaForged).isInstanceOf(ShareAccess.SignInRequired.class);
        assertThat(signedByK2).contains(".k2.");
        assertThat(media(signedByK2)).isInstanceOf(ShareAccess.SignInRequired.class); // k1-only node does not know k2
    }

    @Test
    void aSignedUrlNeverOutlivesTheViewersGrantOrTheShare() {
        ShareDetails guarded = host.readyShare(sharing, b -> b.password("pw").expiresInDays(1));
        String t = guarded.token().value();
        host.clock.advance(Duration.ofHours(20));
        Grant grant = sharing.unlock(UnlockRequest.of(t, "pw"));
        ShareAccess.Ready ready = (ShareAccess.Ready) sharing.resolve(ViewRequest.page(t).withGrant(grant.value()));

        SignedUrl url = sharing.signStream(ready, "u");

        assertThat(url.expiresAt()).isEqualTo(guarded.expiresAt());
        assertThat(url.expiresAt()).isBefore(grant.expiresAt());
    }

    @Test
    void aSignatureIsBoundToItsExportVersion() {
        String s = sig(sharing.signStream(readyForMember(), "u").url());
        sharing.requestExport(host.editor, host.video, ClipRange.ofSeconds(0, 3));
        host.exportEverything(sharing);

        assertThat(media(s)).isInstanceOfSatisfying(ShareAccess.Ready.class, r -> assertThat(r.export().version()).isEqualTo(1));
        assertThat(readyForMember().export().version()).isEqualTo(2);
    }
}

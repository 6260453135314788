package dev.clipshare.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.internal.TokenSealer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tokens, passwords, grants and keys never show up where they should not. */
class SecretsTest {

    @Test
    void aTokenIs32Base64UrlCharactersOf192RandomBits() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String t = ShareToken.generate().value();
            assertThat(t).hasSize(32).matches("[A-Za-z0-9_-]{32}");
            seen.add(t);
        }
        assertThat(seen).hasSize(10_000);
        assertThat(java.util.Base64.getUrlDecoder().decode(ShareToken.generate().value())).hasSize(24);
    }

    @Test
    void theLookupHashIsTheSha256OfTheToken() throws Exception {
        ShareToken token = new ShareToken("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        byte[] expected = java.security.MessageDigest.getInstance("SHA-256").digest(token.value().getBytes());

        assertThat(token.hash().hex()).isEqualTo(java.util.HexFormat.of().formatHex(expected));
    }

    @Test
    void secretsAreRedactedInToString() {
        ShareToken token = ShareToken.generate();
        Grant grant = new Grant("g.secret-grant-value", ShareId.random(), java.time.Instant.EPOCH, java.time.Instant.EPOCH);
        SigningKey signing = SigningKey.generate("k1");
        SealingKey sealing = SealingKey.generate("s1");
        CreateShareRequest request = CreateShareRequest.builder(Target.source("v")).password("hunter2!").build();

        assertThat(token.toString()).doesNotContain(token.value());
        assertThat(grant.toString()).doesNotContain("secret-grant-value");
        assertThat(signing.toString()).doesNotContain(signing.toBase64());
        assertThat(sealing.toString()).doesNotContain(sealing.toBase64());
        assertThat(request.toString()).doesNotContain("hunter2!");
        assertThat(UnlockRequest.of(token.value(), "hunter2!").toString()).doesNotContain("hunter2!").doesNotContain(token.value());
        assertThat(ShareUpdate.builder().password("hunter2!").build().toString()).doesNotContain("hunter2!");
        assertThat(TestHash.SAMPLE.toString()).doesNotContain(TestHash.SAMPLE.value());
        assertThat(ViewRequest.page(token.value()).withGrant("grant-secret").toString()).doesNotContain("grant-secret");
        assertThat(new SignedUrl("https://x/s/t/clip.mp4?sig=abc.def", java.time.Instant.EPOCH).toString()).doesNotContain("abc.def");
    }

    @Test
    void shareDetailsDoNotPrintTheLinkOrItsSignedUrls() {
        Host host = new Host();
        Sharing sharing = host.enabled();
        ShareDetails link = host.readyShare(sharing, b -> b.visibility(Visibility.PRIVATE).allowDownload(true));
        ShareDetails fresh = sharing.getShare(host.owner, link.id());

        assertThat(fresh.toString()).doesNotContain(link.token().value()).doesNotContain("sig=").contains(link.id().value());
    }

    @Test
    void aMalformedTokenIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> new ShareToken("almost-a-real-token-but-33-chars!"))
                .isInstanceOf(ValidationException.class)
                .hasMessageNotContaining("almost-a-real-token");
    }

    @Test
    void aSealedTokenOpensOnlyForItsOwnShareAndKey() {
        TokenSealer sealer = new TokenSealer(List.of(SealingKey.generate("s1")));
        ShareToken token = ShareToken.generate();
        ShareId id = ShareId.random();
        String sealed = sealer.seal(token, id);

        assertThat(sealed).startsWith("s1.").doesNotContain(token.value());
        assertThat(sealer.unseal(sealed, id)).isEqualTo(token);
        assertThatThrownBy(() -> sealer.unseal(sealed, ShareId.random())).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> new TokenSealer(List.of(SealingKey.generate("s1"))).unseal(sealed, id))
                .isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> sealer.unseal("s9." + sealed.substring(3), id))
                .isInstanceOf(StorageException.class).hasMessageContaining("not configured");
    }

    @Test
    void sealingKeysRotate() {
        SealingKey old = SealingKey.generate("s1");
        SealingKey current = SealingKey.generate("s2");
        ShareToken token = ShareToken.generate();
        ShareId id = ShareId.random();
        String sealedWithOld = new TokenSealer(List.of(old)).seal(token, id);

        TokenSealer rotated = new TokenSealer(List.of(current, old));

        assertThat(rotated.unseal(sealedWithOld, id)).isEqualTo(token);
        assertThat(rotated.seal(token, id)).startsWith("s2.");
    }

    @Test
    void aCopyOfTheStoresAloneOpensNoLink() {
        Host host = new Host();
        Sharing sharing = host.enabled();
        ShareDetails link = host.readyShare(sharing, b -> b);
        Share stored = host.shares.findById(link.id()).orElseThrow();

        // a node built with other keys over the same stored data cannot recover the token
        Sharing thief = host.builder().sealingKeys(SealingKey.generate("s1")).signingKeys(SigningKey.generate("k1")).build();

        assertThatThrownBy(() -> thief.tokenOf(stored)).isInstanceOf(StorageException.class);
        assertThat(stored.toString()).doesNotContain(link.token().value());
    }

    /** A bcrypt-shaped hash for the redaction check. */
    static final class TestHash {
        static final PasswordHash SAMPLE = new PasswordHash("$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy");
    }
}

package dev.clipshare.servlet.viewer;

import dev.clipshare.core.spi.SharingStores;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.clipshare.core.CreateShareRequest;
import dev.clipshare.core.ExportArtifacts;
import dev.clipshare.core.ExportJob;
import dev.clipshare.core.Principal;
import dev.clipshare.core.Role;
import dev.clipshare.core.SealingKey;
import dev.clipshare.core.ShareAccess;
import dev.clipshare.core.ShareDetails;
import dev.clipshare.core.Sharing;
import dev.clipshare.core.SigningKey;
import dev.clipshare.core.Target;
import dev.clipshare.core.ViewRequest;
import dev.clipshare.core.Visibility;
import dev.clipshare.core.memory.InMemoryExportStore;
import dev.clipshare.core.memory.InMemoryMediaStore;
import dev.clipshare.core.memory.InMemoryShareStore;
import dev.clipshare.core.spi.AccessPolicy;
import dev.clipshare.testkit.MutableClock;
import java.time.Duration;
import java.util.Optional;

/**
 * Fuzzes the signed-URL and grant verifier (core's internal signer) through the public path the
 * filter uses: {@code sharing.resolve(... withSignature(input))} for a private share and
 * {@code withGrant(input)} for a password-protected one. Regression mode over
 * {@code SignatureFuzzTestInputs/} under plain {@code mvn test}. Invariant: no exception, and no
 * input other than a value the facade itself issued opens the media.
 */
class SignatureFuzzTest {
    private static final String KEY = "s5Ue0lJ2mh7dP3r4kZq8yWb1xVnC6tFoGaHiJjKlMmN";
    private static final Fixture FIXTURE = new Fixture();

    private static final class Fixture implements AccessPolicy {
        final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
        final Sharing sharing;
        final ShareDetails privateShare;
        final ShareDetails protectedShare;

        Fixture() {
            sharing = Sharing.builder().clock(clock).accessPolicy(this)
                    .stores(SharingStores.of(new InMemoryShareStore(), new InMemoryExportStore()))
                    .mediaStore(new InMemoryMediaStore(clock))
                    .signingKeys(SigningKey.fromBase64("k1", KEY)).sealingKeys(SealingKey.generate("s1"))
                    .bcryptCost(10).publicBaseUrl("https://clips.example.com").build();
            Principal owner = Principal.of("owner");
            sharing.setSharingEnabled(owner, "lib", true);
            privateShare = sharing.createShare(owner, CreateShareRequest.builder(Target.source("a")).visibility(Visibility.PRIVATE).build());
            protectedShare = sharing.createShare(owner, CreateShareRequest.builder(Target.source("b")).password("blue-heron").build());
            Optional<ExportJob> job;
            while ((job = sharing.exportQueue().claim("w")).isPresent()) {
                sharing.exportQueue().complete(job.get(), new ExportArtifacts(Duration.ofSeconds(8), 640, 360, 1000, "h264", "aac", true));
            }
        }

        @Override
        public Optional<String> libraryOf(Target target) {
            return Optional.of("lib");
        }

        @Override
        public Optional<Role> roleOf(Principal user, String libraryId) {
            return user.id().equals("owner") ? Optional.of(Role.OWNER) : Optional.empty();
        }
    }

    @FuzzTest(maxDuration = "30s")
    void fuzzSignedUrlVerifier(FuzzedDataProvider data) {
        String input = data.consumeRemainingAsString();
        Sharing sharing = FIXTURE.sharing;
        ShareAccess media = sharing.resolve(ViewRequest.of(FIXTURE.privateShare.token().value(), ViewRequest.Purpose.MEDIA).withSignature(input));
        assertThat(media.state()).isEqualTo(ShareAccess.State.SIGN_IN_REQUIRED);
        ShareAccess download = sharing.resolve(ViewRequest.of(FIXTURE.privateShare.token().value(), ViewRequest.Purpose.DOWNLOAD).withSignature(input));
        assertThat(download.state()).isEqualTo(ShareAccess.State.MISSING);
        ShareAccess granted = sharing.resolve(ViewRequest.of(FIXTURE.protectedShare.token().value(), ViewRequest.Purpose.MEDIA).withGrant(input));
        assertThat(granted.state()).isEqualTo(ShareAccess.State.PASSWORD_REQUIRED);
        assertThat(sharing.verifyGrant(input)).isEmpty();
    }
}

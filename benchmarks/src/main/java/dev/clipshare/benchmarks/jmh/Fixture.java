package dev.clipshare.benchmarks.jmh;

import dev.clipshare.core.ViewerLimits;
import dev.clipshare.core.spi.SharingStores;
import dev.clipshare.core.CreateShareRequest;
import dev.clipshare.core.ExportArtifacts;
import dev.clipshare.core.Principal;
import dev.clipshare.core.RateLimit;
import dev.clipshare.core.Role;
import dev.clipshare.core.SealingKey;
import dev.clipshare.core.Sharing;
import dev.clipshare.core.SigningKey;
import dev.clipshare.core.Target;
import dev.clipshare.core.UnlockRequest;
import dev.clipshare.core.ViewRequest;
import dev.clipshare.core.ShareAccess;
import dev.clipshare.core.Visibility;
import dev.clipshare.core.memory.InMemoryExportStore;
import dev.clipshare.core.memory.InMemoryMediaStore;
import dev.clipshare.core.memory.InMemoryShareStore;
import dev.clipshare.core.spi.MediaKey;
import dev.clipshare.servlet.HttpAccessPolicy;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * One {@link Sharing} on the in-memory stores of sharing-core, with one completed export (a
 * 1280x720 clip of 8 MiB whose bytes sit in the in-memory media store) and three shares of it:
 * public, password-protected (with a grant already issued) and private. Rate limits are set so
 * high they never refuse: the benchmarks pay for checking them, not for being refused.
 */
final class Fixture {
    static final String PASSWORD = "correct horse battery";
    static final int CLIP_BYTES = 8 * 1024 * 1024;
    /** The lowest cost allowed, for benchmarks that check grants, not passwords: shorter set-up, same results. */
    static final int FAST_BCRYPT = 10;

    final Sharing sharing;
    final HttpAccessPolicy policy;
    final Target target = Target.source("video-1");
    final String publicToken;
    final String passwordToken;
    final String privateToken;
    /** A grant of the password-protected share, as the password form or the JSON grant endpoint hands out. */
    final String grant;
    /** A stream signature ({@code sig}) of the private share, as its page puts on the MP4 URL. */
    final String privateStreamSignature;
    final long version;

    Fixture(int bcryptCost) {
        policy = new HttpAccessPolicy() {
            @Override
            public Optional<Principal> principal(HttpServletRequest request) {
                return Optional.empty(); // an anonymous viewer, like most people opening a link
            }

            @Override
            public Optional<String> libraryOf(Target t) {
                return Optional.of("lib");
            }

            @Override
            public Optional<Role> roleOf(Principal principal, String libraryId) {
                return principal.id().equals("owner") ? Optional.of(Role.OWNER) : Optional.empty();
            }
        };
        Clock clock = Clock.systemUTC();
        InMemoryMediaStore media = new InMemoryMediaStore(clock);
        sharing = Sharing.builder()
                .clock(clock)
                .accessPolicy(policy)
                .stores(SharingStores.of(new InMemoryShareStore(), new InMemoryExportStore()))
                .mediaStore(media)
                .signingKeys(SigningKey.generate("k2"), SigningKey.generate("k1"))
                .sealingKeys(SealingKey.generate("s1"))
                .publicBaseUrl("https://video.example.com")
                .bcryptCost(bcryptCost)
                .viewerLimits(ViewerLimits.defaults().withPerClient(RateLimit.perMinute(1_000_000_000))
                        .withProbes(RateLimit.perMinute(1_000_000_000), RateLimit.perMinute(1_000_000_000)).withPasswordFailures(RateLimit.perMinute(1_000_000_000)))
                .passwordLockout(1000, Duration.ofSeconds(1))
                .build();
        Principal owner = new Principal("owner", "Owner");
        sharing.setSharingEnabled(owner, "lib", true);
        publicToken = sharing.createShare(owner, CreateShareRequest.builder(target)
                .title("Goal in the 89th minute")
                .description("The winning goal, from the stands. <b>Sound on!</b>")
                .build()).token().value();
        passwordToken = sharing.createShare(owner, CreateShareRequest.builder(target)
                .title("Rough cut").password(PASSWORD).build()).token().value();
        privateToken = sharing.createShare(owner, CreateShareRequest.builder(target)
                .title("Team only").visibility(Visibility.PRIVATE).build()).token().value();
        var job = sharing.exportQueue().claim("bench").orElseThrow();
        sharing.exportQueue().complete(job, new ExportArtifacts(Duration.ofSeconds(42), 1280, 720, CLIP_BYTES, "h264", "aac", false));
        version = sharing.latestExport(owner, target).orElseThrow().version();
        media.put(MediaKey.clip(target, version), new byte[CLIP_BYTES]);
        media.put(MediaKey.thumbnail(target, version), new byte[30_000]);

        grant = sharing.unlock(UnlockRequest.of(passwordToken, PASSWORD)).value();
        ShareAccess privateAccess = sharing.resolve(
                new ViewRequest(privateToken, owner, null, null, null, ViewRequest.Purpose.STATUS));
        String url = sharing.signStream((ShareAccess.Ready) privateAccess, "/s/" + privateToken + "/clip.mp4").url();
        privateStreamSignature = url.substring(url.indexOf("sig=") + 4);
    }
}

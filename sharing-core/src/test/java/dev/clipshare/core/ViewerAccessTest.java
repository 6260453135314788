package dev.clipshare.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.spi.CompletionOutcome;
import dev.clipshare.core.spi.ViewerStore;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ViewerAccessTest {
    private final Host host = new Host();
    private final Sharing sharing = host.enabled();

    private ShareAccess open(ShareDetails link) {
        return sharing.resolve(ViewRequest.page(link.token().value()));
    }

    @Test
    void neverIssuedRevokedDeletedAndPrivateToANonMemberAllGetTheSameMissingAnswer() {
        ShareDetails revoked = host.readyShare(sharing, b -> b);
        ShareDetails deleted = host.readyShare(sharing, b -> b);
        ShareDetails privateLink = host.readyShare(sharing, b -> b.visibility(Visibility.PRIVATE));
        sharing.revokeShare(host.editor, revoked.id());
        sharing.deleteShare(host.editor, deleted.id());

        ShareAccess neverIssued = sharing.resolve(ViewRequest.page(ShareToken.generate().value()));
        ShareAccess afterRevoke = open(revoked);
        ShareAccess afterDelete = open(deleted);
        ShareAccess nonMember = sharing.resolve(ViewRequest.page(privateLink.token().value()).withViewer(host.outsider));

        assertThat(neverIssued).isSameAs(ShareAccess.MISSING);
        assertThat(afterRevoke).isSameAs(ShareAccess.MISSING);
        assertThat(afterDelete).isSameAs(ShareAccess.MISSING);
        assertThat(nonMember).isSameAs(ShareAccess.MISSING);
    }

    @Test
    void aMalformedTokenIsMissingWithoutAnyStoreLookup() {
        AtomicInteger lookups = new AtomicInteger();
        ViewerStore counting = (ViewerStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ViewerStore.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("find")) {
                        lookups.incrementAndGet();
                    }
                    return method.invoke(host.shares, args);
                });
        Sharing watched = host.builder().viewerStore(counting).build();

        for (String bad : new String[] {"", "short", "x".repeat(31), "x".repeat(33), "a".repeat(31) + "=", "../../etc/passwd/aaaaaaaaaaaaaaa",
                "a".repeat(31) + "\u00e9", null}) {
            assertThat(watched.resolve(ViewRequest.page(bad))).isSameAs(ShareAccess.MISSING);
        }
        assertThat(lookups).hasValue(0);
    }

    @Test
    void aPrivateLinkSendsASignedOutViewerToSignInAndOpensForMembersOnly() {
        ShareDetails link = host.readyShare(sharing, b -> b.visibility(Visibility.PRIVATE));
        String token = link.token().value();

        assertThat(sharing.resolve(ViewRequest.page(token))).isInstanceOf(ShareAccess.SignInRequired.class);
        assertThat(sharing.resolve(ViewRequest.page(token).withViewer(host.viewer))).isInstanceOf(ShareAccess.Ready.class);
        assertThat(sharing.resolve(ViewRequest.page(token).withViewer(host.outsider))).isSameAs(ShareAccess.MISSING);
    }

    @Test
    void anExpiredLinkSaysSoAndWorksAgainWhenTheExpiryIsRemoved() {
        ShareDetails link = host.readyShare(sharing, b -> b.expiresInDays(1));
        host.clock.advance(Duration.ofDays(1).minusMillis(1));
        assertThat(open(link)).isInstanceOf(ShareAccess.Ready.class);

        host.clock.advance(Duration.ofMillis(1));
        assertThat(open(link)).isInstanceOf(ShareAccess.Expired.class);
        assertThat(sharing.getShare(host.editor, link.id()).expired()).isTrue();

        sharing.updateShare(host.editor, link.id(), ShareUpdate.builder().removeExpiry().build());
        assertThat(open(link)).isInstanceOf(ShareAccess.Ready.class);
    }

    @Test
    void aLinkSaysProcessingUntilItsFirstExportCompletesThenServesIt() {
        ShareDetails link = sharing.createShare(host.editor, CreateShareRequest.builder(host.video).build());

        ShareAccess before = open(link);
        host.exportEverything(sharing);
        ShareAccess after = open(link);

        assertThat(before).isInstanceOf(ShareAccess.Processing.class);
        assertThat(((ShareAccess.Processing) before).latest().status()).isEqualTo(ExportStatus.PENDING);
        assertThat(after).isInstanceOfSatisfying(ShareAccess.Ready.class, r -> {
            assertThat(r.export().version()).isEqualTo(1);
            assertThat(r.artifacts().width()).isEqualTo(1280);
            assertThat(r.artifacts().height()).isEqualTo(720);
        });
    }

    @Test
    void aLinkWhoseOnlyExportFailedSaysFailed() {
        ShareDetails link = sharing.createShare(host.editor, CreateShareRequest.builder(host.video).build());
        ExportJob job = sharing.exportQueue().claim("w").orElseThrow();
        sharing.exportQueue().fail(job, "source is not a video", false);

        assertThat(open(link)).isInstanceOfSatisfying(ShareAccess.Failed.class,
                f -> assertThat(f.latest().failureReason()).isEqualTo("source is not a video"));
    }

    @Test
    void aReexportReplacesTheServedClipOnlyOnceItCompletes() {
        ShareDetails link = host.readyShare(sharing, b -> b);
        sharing.requestExport(host.editor, host.video, ClipRange.ofSeconds(1, 5));

        assertThat(((ShareAccess.Ready) open(link)).export().version()).isEqualTo(1);
        host.exportEverything(sharing);
        assertThat(((ShareAccess.Ready) open(link)).export().version()).isEqualTo(2);
    }

    @Test
    void aFailedReexportLeavesThePreviousClipServed() {
        ShareDetails link = host.readyShare(sharing, b -> b);
        sharing.requestExport(host.editor, host.video, ClipRange.ofSeconds(1, 5));
        ExportJob job = sharing.exportQueue().claim("w").orElseThrow();
        sharing.exportQueue().fail(job, "corrupt input", false);

        assertThat(open(link)).isInstanceOfSatisfying(ShareAccess.Ready.class, r -> assertThat(r.export().version()).isEqualTo(1));
        assertThat(sharing.getShare(host.editor, link.id()).exportStatus()).isEqualTo(ExportStatus.COMPLETED);
    }

    @Test
    void anEncodeOfARangeThatChangedMeanwhileIsStaleAndNeverServed() {
        ShareDetails link = host.readyShare(sharing, b -> b);
        sharing.requestExport(host.editor, host.video, ClipRange.ofSeconds(0, 4));
        ExportJob slow = sharing.exportQueue().claim("slow").orElseThrow();
        sharing.requestExport(host.editor, host.video, ClipRange.ofSeconds(2, 6)); // the moment moved

        CompletionOutcome outcome = sharing.exportQueue().complete(slow, Host.ARTIFACTS);

        assertThat(outcome).isEqualTo(CompletionOutcome.SUPERSEDED);
        assertThat(((ShareAccess.Ready) open(link)).export().version()).isEqualTo(1);
        host.exportEverything(sharing);
        assertThat(((ShareAccess.Ready) open(link)).export().range()).isEqualTo(ClipRange.ofSeconds(2, 6));
    }

    @Test
    void theReexportGraceIsConfigurableAndEndsPinnedAndSignedUrlsToTheOldVersionAlike() {
        Sharing lenient = host.builder().reexportGrace(Duration.ofMinutes(10)).build();
        ShareDetails link = host.readyShare(lenient, b -> b);
        String token = link.token().value();
        String url = lenient.signStream((ShareAccess.Ready) lenient.resolve(ViewRequest.page(token)), "u").url();
        String sig = url.substring(url.indexOf("sig=") + 4);
        lenient.requestExport(host.editor, host.video, ClipRange.ofSeconds(1, 5));
        host.exportEverything(lenient);
        ViewRequest pinned = ViewRequest.of(token, ViewRequest.Purpose.MEDIA).withVersion(1);

        ViewRequest signed = ViewRequest.of(token, ViewRequest.Purpose.MEDIA).withSignature(sig);
        host.clock.advance(Duration.ofMinutes(10));
        assertThat(((ShareAccess.Ready) lenient.resolve(pinned)).export().version()).isEqualTo(1);
        assertThat(((ShareAccess.Ready) lenient.resolve(signed)).export().version()).isEqualTo(1);

        host.clock.advance(Duration.ofSeconds(1));
        assertThat(((ShareAccess.Ready) lenient.resolve(pinned)).export().version()).as("?v=1 falls back").isEqualTo(2);
        assertThat(lenient.resolve(signed)).as("a signature naming v1 is no longer honoured").isEqualTo(ShareAccess.MISSING);
    }
}

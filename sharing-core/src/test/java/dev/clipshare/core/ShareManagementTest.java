package dev.clipshare.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShareManagementTest {
    private final Host host = new Host();
    private final Sharing sharing = host.enabled();

    @Test
    void createGivesAPageUrlOnTheConfiguredBaseUrlAndQueuesAnExport() {
        ShareDetails link = sharing.createShare(host.editor, CreateShareRequest.builder(host.video).title("Goal").build());

        assertThat(link.pageUrl()).isEqualTo("https://clips.example.com/s/" + link.token().value());
        assertThat(link.visibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(link.createdBy()).isEqualTo(host.editor);
        assertThat(link.exportStatus()).isEqualTo(ExportStatus.PENDING);
        assertThat(link.streamUrl()).isNull();
        assertThat(host.exports.latest(host.video)).get().extracting(Export::version).isEqualTo(1L);
        assertThat(host.events(SharingEvent.ShareCreated.class)).singleElement()
                .satisfies(e -> assertThat(e.shareId()).isEqualTo(link.id()));
    }

    @Test
    void aSecondLinkForTheSameTargetDoesNotQueueAnotherExport() {
        sharing.createShare(host.editor, CreateShareRequest.builder(host.video).build());
        sharing.createShare(host.editor, CreateShareRequest.builder(host.video).visibility(Visibility.PRIVATE).build());

        assertThat(host.exports.latest(host.video)).get().extracting(Export::version).isEqualTo(1L);
    }

    @Test
    void aSegmentLinkWithoutAnExportNeedsTheSegmentsRange() {
        assertThatThrownBy(() -> sharing.createShare(host.editor, CreateShareRequest.builder(host.moment).build()))
                .isInstanceOf(ExportRequiredException.class)
                .hasMessageContaining("moment-1");
        assertThat(host.shares.list(ShareQuery.of(host.moment))).isEmpty();

        sharing.createShare(host.editor, CreateShareRequest.builder(host.moment).range(ClipRange.ofSeconds(12, 19.5)).build());

        assertThat(host.exports.latest(host.moment)).get().extracting(Export::range).isEqualTo(ClipRange.ofMillis(12_000, 19_500));
    }

    @Test
    void anUnknownTargetIsNotFound() {
        assertThatThrownBy(() -> sharing.createShare(host.editor, CreateShareRequest.builder(Target.source("nope")).build()))
                .isInstanceOf(TargetNotFoundException.class);
    }

    @Test
    void theListShowsCreatorViewsFlagsExpiryAndAUrlRederivedFromTheSealedToken() {
        ShareDetails protectedLink = host.readyShare(sharing, b -> b.password("open sesame").allowDownload(true).expiresInDays(7));
        sharing.resolve(ViewRequest.page(protectedLink.token().value())); // password page: not a view
        host.clock.advance(Duration.ofSeconds(1));
        ShareDetails open = sharing.createShare(host.editor, CreateShareRequest.builder(host.video).build());
        sharing.resolve(ViewRequest.page(open.token().value()));
        sharing.resolve(ViewRequest.page(open.token().value()));

        Page<ShareDetails> page = sharing.listShares(host.viewer, ShareQuery.of(host.video));

        assertThat(page.items()).extracting(ShareDetails::id).containsExactly(open.id(), protectedLink.id());
        ShareDetails first = page.items().get(0);
        ShareDetails second = page.items().get(1);
        assertThat(first.viewCount()).isEqualTo(2);
        assertThat(first.hasPassword()).isFalse();
        assertThat(first.createdBy().name()).isEqualTo("Edith Editor");
        assertThat(first.pageUrl()).isEqualTo(open.pageUrl());
        assertThat(second.viewCount()).isZero();
        assertThat(second.hasPassword()).isTrue();
        assertThat(second.allowDownload()).isTrue();
        assertThat(second.expiresAt()).isEqualTo(protectedLink.createdAt().plus(Duration.ofDays(7)));
        assertThat(second.expired()).isFalse();
        assertThat(second.downloadUrl()).startsWith(protectedLink.pageUrl() + "/download?sig=");
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void downloadsAreOffUnlessTheCreatorTurnsThemOn() {
        ShareDetails link = host.readyShare(sharing, b -> b);

        assertThat(link.allowDownload()).isFalse();
        assertThat(link.downloadUrl()).isNull();
        assertThat(sharing.getShare(host.editor, link.id()).downloadUrl()).isNull();
        assertThat(sharing.resolve(ViewRequest.of(link.token().value(), ViewRequest.Purpose.DOWNLOAD)))
                .as("a download asked for anyway").isSameAs(ShareAccess.MISSING);
    }

    @Test
    void theListPagesNewestFirstWithACursor() {
        for (int i = 0; i < 5; i++) {
            sharing.createShare(host.editor, CreateShareRequest.builder(host.video).title("link " + i).build());
            host.clock.advance(Duration.ofSeconds(1));
        }

        Page<ShareDetails> p1 = sharing.listShares(host.editor, ShareQuery.of(host.video).withLimit(2));
        Page<ShareDetails> p2 = sharing.listShares(host.editor, ShareQuery.of(host.video).withLimit(2)
                .withAfter(ShareCursor.decode(p1.nextCursor())));
        Page<ShareDetails> p3 = sharing.listShares(host.editor, ShareQuery.of(host.video).withLimit(2)
                .withAfter(ShareCursor.decode(p2.nextCursor())));

        assertThat(p1.items()).extracting(ShareDetails::title).containsExactly("link 4", "link 3");
        assertThat(p2.items()).extracting(ShareDetails::title).containsExactly("link 2", "link 1");
        assertThat(p3.items()).extracting(ShareDetails::title).containsExactly("link 0");
        assertThat(p3.nextCursor()).isNull();
        assertThatThrownBy(() -> sharing.listShares(host.editor, ShareQuery.of(host.video).withLimit(201)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("201");
        assertThatThrownBy(() -> ShareCursor.decode("not-a-cursor"))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("cursor");
    }

    @Test
    void revokeKeepsTheRecordForAuditAndTheListHidesItUnlessAsked() {
        ShareDetails link = host.readyShare(sharing, b -> b);

        ShareDetails revoked = sharing.revokeShare(host.editor, link.id());
        sharing.revokeShare(host.editor, link.id());

        assertThat(revoked.isRevoked()).isTrue();
        assertThat(revoked.pageUrl()).isNull();
        assertThat(sharing.getShare(host.viewer, link.id()).revokedAt()).isEqualTo(host.clock.instant());
        assertThat(sharing.listShares(host.viewer, ShareQuery.of(host.video)).items()).isEmpty();
        assertThat(sharing.listShares(host.viewer, ShareQuery.of(host.video).withRevoked(true)).items()).hasSize(1);
        assertThat(host.events(SharingEvent.ShareRevoked.class)).hasSize(1);
        assertThat(sharing.resolve(ViewRequest.page(link.token().value()))).isSameAs(ShareAccess.MISSING);
    }

    @Test
    void deleteRemovesTheRecord() {
        ShareDetails link = host.readyShare(sharing, b -> b);

        sharing.deleteShare(host.editor, link.id());

        assertThatThrownBy(() -> sharing.getShare(host.owner, link.id())).isInstanceOf(ShareNotFoundException.class);
        assertThatThrownBy(() -> sharing.deleteShare(host.owner, link.id())).isInstanceOf(ShareNotFoundException.class);
        assertThat(sharing.listShares(host.owner, ShareQuery.of(host.video).withRevoked(true)).items()).isEmpty();
        assertThat(host.events(SharingEvent.ShareDeleted.class)).hasSize(1);
    }

    @Test
    void updateChangesOnlyTheFieldsGivenAndCanRemoveTheExpiry() {
        ShareDetails link = sharing.createShare(host.editor, CreateShareRequest.builder(host.video)
                .title("Old").description("Keep").expiresInDays(1).metadata(Map.of("k", "v")).build());
        host.clock.advance(Duration.ofMinutes(1));

        ShareDetails updated = sharing.updateShare(host.editor, link.id(), ShareUpdate.builder()
                .title("New").allowDownload(true).removeExpiry().build());

        assertThat(updated.title()).isEqualTo("New");
        assertThat(updated.description()).isEqualTo("Keep");
        assertThat(updated.metadata()).containsEntry("k", "v");
        assertThat(updated.allowDownload()).isTrue();
        assertThat(updated.expiresAt()).isNull();
        assertThat(updated.updatedAt()).isEqualTo(host.clock.instant());
        assertThat(updated.visibility()).isEqualTo(link.visibility());
        assertThat(host.events(SharingEvent.ShareUpdated.class)).singleElement()
                .satisfies(e -> assertThat(e.fields()).containsExactlyInAnyOrder("title", "allow_download", "expires_at"));
    }

    @Test
    void anExpiryMustLieInTheFutureAndComesEitherAbsoluteOrInDays() {
        Instant past = host.clock.instant().minusSeconds(1);
        assertThatThrownBy(() -> sharing.createShare(host.editor, CreateShareRequest.builder(host.video).expiresAt(past).build()))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("expires_at");
        assertThatThrownBy(() -> CreateShareRequest.builder(host.video).expiresAt(past).expiresInDays(2).build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> CreateShareRequest.builder(host.video).expiresInDays(0).build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("expires_in_days").hasMessageContaining("was 0");
        ShareDetails link = sharing.createShare(host.editor, CreateShareRequest.builder(host.video).build());
        assertThatThrownBy(() -> sharing.updateShare(host.editor, link.id(), ShareUpdate.builder().expiresAt(past).build()))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("expires_at");
    }

    @Test
    void aRevokedLinkCannotBeChanged() {
        ShareDetails link = sharing.createShare(host.editor, CreateShareRequest.builder(host.video).build());
        sharing.revokeShare(host.editor, link.id());

        assertThatThrownBy(() -> sharing.updateShare(host.editor, link.id(), ShareUpdate.builder().title("x").build()))
                .isInstanceOf(ShareConflictException.class).hasMessageContaining("revoked");
    }

    @Test
    void visibilityCannotBeChangedAfterCreation() {
        List<String> builderMethods = Arrays.stream(ShareUpdate.Builder.class.getMethods()).map(Method::getName).toList();

        assertThat(builderMethods).noneMatch(name -> name.toLowerCase().contains("visib"));
    }

    @Test
    void badTextIsRefusedWithTheFieldNamed() {
        assertThatThrownBy(() -> CreateShareRequest.builder(host.video).title("x".repeat(201)).build())
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("title");
        assertThatThrownBy(() -> CreateShareRequest.builder(host.video).title("bell\u0007").build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("U+0007");
        assertThatThrownBy(() -> CreateShareRequest.builder(host.video).metadata(Map.of("bad key", "v")).build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("bad key");
        Map<String, String> tooMany = new HashMap<>();
        for (int i = 0; i < 33; i++) {
            tooMany.put("k" + i, "v");
        }
        assertThatThrownBy(() -> CreateShareRequest.builder(host.video).metadata(tooMany).build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("33 entries");
    }

    @Test
    void textThatNoStoreCouldKeepExactlyIsRefused() {
        assertThatThrownBy(() -> CreateShareRequest.builder(host.video).title("half \uD83C a clapper").build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> CreateShareRequest.builder(host.video).description("\uDFAC").build())
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("description");
        assertThat(CreateShareRequest.builder(host.video).title("🎬 whole").build().title()).contains("🎬 whole");
    }

    @Test
    void anExpiryIsKeptToTheMillisecondSoItReadsBackAsWritten() {
        Instant fine = host.clock.instant().plus(Duration.ofDays(2)).plusNanos(123_456_789);
        CreateShareRequest request = CreateShareRequest.builder(host.video).expiresAt(fine).idempotencyKey("fine-expiry").build();

        ShareDetails created = sharing.createShare(host.editor, request);
        ShareDetails retried = sharing.createShare(host.editor, request);
        ShareDetails updated = sharing.updateShare(host.editor, created.id(), ShareUpdate.builder().expiresAt(fine.plusNanos(1)).build());

        assertThat(created.expiresAt()).isEqualTo(fine.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(retried.id()).isEqualTo(created.id());
        assertThat(updated.expiresAt()).isEqualTo(created.expiresAt());
    }

    @Test
    void anIdempotencyKeyReturnsTheFirstLinkInsteadOfASecond() {
        CreateShareRequest request = CreateShareRequest.builder(host.video).idempotencyKey("click-1").build();

        ShareDetails first = sharing.createShare(host.editor, request);
        ShareDetails retry = sharing.createShare(host.editor, request);

        assertThat(retry.id()).isEqualTo(first.id());
        assertThat(retry.pageUrl()).isEqualTo(first.pageUrl());
        assertThat(sharing.listShares(host.editor, ShareQuery.of(host.video)).items()).hasSize(1);
        assertThat(host.events(SharingEvent.ShareCreated.class)).hasSize(1);
        assertThatThrownBy(() -> sharing.createShare(host.editor, CreateShareRequest.builder(host.video)
                .visibility(Visibility.PRIVATE).idempotencyKey("click-1").build()))
                .isInstanceOf(ShareConflictException.class).hasMessageContaining("idempotency key");
    }

    @Test
    void anIdempotentRetryOfTheSameSettingsReturnsTheFirstLinkEvenDaysLater() {
        CreateShareRequest request = CreateShareRequest.builder(host.video).idempotencyKey("click-2").title("Goal")
                .description("Second half").metadata(Map.of("match", "42")).password("blue-heron")
                .allowDownload(true).expiresInDays(7).build();

        ShareDetails first = sharing.createShare(host.editor, request);
        host.clock.advance(Duration.ofDays(2));
        ShareDetails retry = sharing.createShare(host.editor, request);

        assertThat(retry.id()).isEqualTo(first.id());
        assertThat(retry.expiresAt()).isEqualTo(first.expiresAt());
        assertThat(host.events(SharingEvent.ShareCreated.class)).hasSize(1);
    }

    @Test
    void anIdempotencyKeyReusedWithOtherSettingsIsAConflictNamingWhatDiffers() {
        sharing.createShare(host.editor, CreateShareRequest.builder(host.video).idempotencyKey("click-3")
                .title("Goal").password("blue-heron").expiresInDays(7).build());

        assertThatThrownBy(() -> sharing.createShare(host.editor, CreateShareRequest.builder(host.video)
                .idempotencyKey("click-3").title("Other").password("blue-heron").expiresInDays(7).build()))
                .isInstanceOf(ShareConflictException.class).hasMessageContaining("idempotency key").hasMessageContaining("title");
        assertThatThrownBy(() -> sharing.createShare(host.editor, CreateShareRequest.builder(host.video)
                .idempotencyKey("click-3").title("Goal").password("red-heron").expiresInDays(7).build()))
                .isInstanceOf(ShareConflictException.class).hasMessageContaining("password")
                .hasMessageNotContaining("red-heron").hasMessageNotContaining("blue-heron");
        assertThatThrownBy(() -> sharing.createShare(host.editor, CreateShareRequest.builder(host.video)
                .idempotencyKey("click-3").title("Goal").expiresInDays(7).build()))
                .isInstanceOf(ShareConflictException.class).hasMessageContaining("password");
        assertThatThrownBy(() -> sharing.createShare(host.editor, CreateShareRequest.builder(host.video)
                .idempotencyKey("click-3").title("Goal").password("blue-heron").expiresInDays(8).allowDownload(true).build()))
                .isInstanceOf(ShareConflictException.class).hasMessageContaining("expires_at").hasMessageContaining("allow_download");
        assertThat(sharing.listShares(host.editor, ShareQuery.of(host.video)).items()).hasSize(1);
    }

    @Test
    void onePerVisibilityNamesTheLinkInTheWayAndAnExpiredLinkGivesWay() {
        Sharing strict = host.builder().linksPerTarget(LinksPerTarget.ONE_PER_VISIBILITY).build();
        ShareDetails first = strict.createShare(host.editor, CreateShareRequest.builder(host.video).expiresInDays(1).build());

        assertThatThrownBy(() -> strict.createShare(host.editor, CreateShareRequest.builder(host.video).build()))
                .isInstanceOfSatisfying(ShareConflictException.class, e -> {
                    assertThat(e.existingShareId()).contains(first.id());
                    assertThat(e.existingShareUrl()).contains(first.pageUrl());
                });
        host.clock.advance(Duration.ofDays(1));
        ShareDetails second = strict.createShare(host.editor, CreateShareRequest.builder(host.video).build());

        assertThat(strict.getShare(host.editor, first.id()).isRevoked()).as("replaced, so it cannot be revived").isTrue();
        assertThatThrownBy(() -> strict.updateShare(host.editor, first.id(), ShareUpdate.builder().removeExpiry().build()))
                .isInstanceOf(ShareConflictException.class);
        assertThat(strict.listShares(host.editor, ShareQuery.of(host.video)).items()).extracting(ShareDetails::id)
                .containsExactly(second.id());
    }

    @Test
    void onePerVisibilityRefusesASecondActiveLinkOfTheSameVisibility() throws Exception {
        Sharing strict = host.builder().linksPerTarget(LinksPerTarget.ONE_PER_VISIBILITY).build();
        ShareDetails first = strict.createShare(host.editor, CreateShareRequest.builder(host.video).build());

        assertThatThrownBy(() -> strict.createShare(host.editor, CreateShareRequest.builder(host.video).build()))
                .isInstanceOf(ShareConflictException.class);
        strict.createShare(host.editor, CreateShareRequest.builder(host.video).visibility(Visibility.PRIVATE).build());
        strict.revokeShare(host.editor, first.id());
        strict.createShare(host.editor, CreateShareRequest.builder(host.video).build());

        assertThat(strict.listShares(host.editor, ShareQuery.of(host.video)).items()).hasSize(2);
    }

    @Test
    void aRefusedLinkQueuesNoExport() {
        Sharing strict = host.builder().linksPerTarget(LinksPerTarget.ONE_PER_VISIBILITY).build();
        strict.createShare(host.editor, CreateShareRequest.builder(host.video).idempotencyKey("k-1").title("Goal").build());
        ExportJob job = strict.exportQueue().claim("w").orElseThrow();
        strict.exportQueue().fail(job, "encoder crashed", false); // nothing completed, nothing under way: a new link would queue one

        assertThatThrownBy(() -> strict.createShare(host.editor, CreateShareRequest.builder(host.video).build()))
                .as("one link per visibility").isInstanceOf(ShareConflictException.class);
        assertThatThrownBy(() -> strict.createShare(host.editor, CreateShareRequest.builder(host.video).idempotencyKey("k-1")
                .title("Other").build()))
                .as("a reused idempotency key").isInstanceOf(ShareConflictException.class);

        assertThat(strict.latestExport(host.editor, host.video)).as("the failed export is still the newest: nothing was queued")
                .hasValueSatisfying(e -> assertThat(e.version()).isEqualTo(1));
        assertThat(host.events(SharingEvent.ExportRequested.class)).hasSize(1);
    }

    @Test
    void twentyConcurrentCreatesUnderOnePerVisibilityMakeExactlyOneLink() throws Exception {
        Sharing strict = host.builder().linksPerTarget(LinksPerTarget.ONE_PER_VISIBILITY).build();

        List<Object> outcomes = Threads.run(20, i -> {
            try {
                return strict.createShare(host.editor, CreateShareRequest.builder(host.video).build());
            } catch (ShareConflictException e) {
                return e;
            }
        });

        assertThat(outcomes).filteredOn(ShareDetails.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(ShareConflictException.class::isInstance).hasSize(19);
        assertThat(strict.listShares(host.editor, ShareQuery.of(host.video)).items()).hasSize(1);
    }

    @Test
    void theTokenIsStoredOnlyAsItsHashAndASealedCopy() {
        ShareDetails link = sharing.createShare(host.editor, CreateShareRequest.builder(host.video).build());
        Share stored = host.shares.findById(link.id()).orElseThrow();
        String token = link.token().value();

        assertThat(stored.tokenHash()).isEqualTo(TokenHash.of(link.token()));
        assertThat(stored.sealedToken()).doesNotContain(token).startsWith("s1.");
        assertThat(stored.toString()).doesNotContain(token);
        assertThat(sharing.tokenOf(stored)).isEqualTo(link.token());
        assertThat(host.shares.findByTokenHash(link.token().hash())).contains(stored);
    }
}

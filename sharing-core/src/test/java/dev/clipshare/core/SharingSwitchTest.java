package dev.clipshare.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SharingSwitchTest {
    private final Host host = new Host();

    @Test
    void sharingIsOffByDefaultAndNobodyCanCreateALink() {
        Sharing sharing = host.sharing();

        assertThat(sharing.isSharingEnabled(host.viewer, Host.LIBRARY)).isFalse();
        assertThatThrownBy(() -> sharing.createShare(host.owner, CreateShareRequest.builder(host.video).build()))
                .isInstanceOf(SharingDisabledException.class)
                .hasMessageContaining(Host.LIBRARY);
        assertThat(host.shares.list(ShareQuery.of(host.video))).isEmpty();
        assertThat(host.exports.latest(host.video)).isEmpty();
    }

    @Test
    void turningSharingOffStopsNewLinksButExistingLinksKeepWorking() {
        Sharing sharing = host.enabled();
        ShareDetails link = host.readyShare(sharing, b -> b);

        sharing.setSharingEnabled(host.admin, Host.LIBRARY, false);

        assertThat(sharing.resolve(ViewRequest.page(link.token().value()))).isInstanceOf(ShareAccess.Ready.class);
        assertThat(sharing.getShare(host.editor, link.id()).isRevoked()).isFalse();
        assertThatThrownBy(() -> sharing.createShare(host.editor, CreateShareRequest.builder(host.video).build()))
                .isInstanceOf(SharingDisabledException.class);
        // managing existing links still works while sharing is off
        sharing.updateShare(host.editor, link.id(), ShareUpdate.builder().title("Still here").build());
        sharing.revokeShare(host.editor, link.id());
        assertThat(sharing.resolve(ViewRequest.page(link.token().value()))).isSameAs(ShareAccess.MISSING);
    }

    @Test
    void theSwitchIsPerLibraryAndEachChangeIsAnEvent() {
        Sharing sharing = host.enabled();

        assertThat(sharing.isSharingEnabled(host.outsider, Host.OTHER_LIBRARY)).isFalse();
        assertThatThrownBy(() -> sharing.createShare(host.outsider, CreateShareRequest.builder(host.otherTeamVideo).build()))
                .isInstanceOf(SharingDisabledException.class);
        sharing.setSharingEnabled(host.owner, Host.LIBRARY, false);
        sharing.setSharingEnabled(host.owner, Host.LIBRARY, true);

        assertThat(host.events(SharingEvent.SharingToggled.class))
                .extracting(SharingEvent.SharingToggled::enabled).containsExactly(true, false, true);
        assertThat(host.events(SharingEvent.SharingToggled.class)).allSatisfy(e -> assertThat(e.libraryId()).isEqualTo(Host.LIBRARY));
    }
}

package dev.clipshare.core;

import dev.clipshare.core.spi.SharingStores;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SharingBuilderTest {
    private final Host host = new Host();

    @Test
    void buildNamesEveryMissingPart() {
        assertThatThrownBy(() -> Sharing.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("accessPolicy").hasMessageContaining("shareStore").hasMessageContaining("exportStore")
                .hasMessageContaining("mediaStore").hasMessageContaining("signingKeys").hasMessageContaining("sealingKeys")
                .hasMessageContaining("publicBaseUrl");
    }

    @Test
    void theDefaultsAreThoseOfTheDesign() {
        SharingSettings s = host.sharing().settings();

        assertThat(s.linksPerTarget()).isEqualTo(LinksPerTarget.MULTIPLE);
        assertThat(s.lockoutFailures()).isEqualTo(5);
        assertThat(s.lockoutDuration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.viewerLimits().perClient()).as("page and status calls per client per link").isEqualTo(RateLimit.perMinute(120));
        assertThat(s.viewerLimits().probesPerClient()).isEqualTo(RateLimit.perMinute(60));
        assertThat(s.viewerLimits().probes()).as("the service-wide probe budget").isEqualTo(RateLimit.perMinute(600));
        assertThat(s.viewerLimits().passwordFailures()).isEqualTo(RateLimit.perMinute(10));
        assertThat(s.viewerLimits().globalCap()).as("no cap on an audience").isEmpty();
        assertThat(s.viewerLimits().perLinkCap()).as("no cap on an audience").isEmpty();
        assertThat(s.grantLifetime()).isEqualTo(Duration.ofHours(24));
        assertThat(s.streamUrlLifetime()).isEqualTo(Duration.ofHours(12));
        assertThat(s.reexportGrace()).as("short: a re-export that cut something out really replaces it").isEqualTo(Duration.ofMinutes(2));
        assertThat(s.downloadUrlLifetime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.clockSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.pathPrefix()).isEqualTo("/s");
        assertThat(Sharing.builder().accessPolicy(host).stores(SharingStores.of(host.shares, host.exports))
                .mediaStore(host.media).signingKeys(host.signingKey).sealingKeys(host.sealingKey)
                .publicBaseUrl("https://x.example").build().settings().bcryptCost()).isEqualTo(12);
    }

    @Test
    void badValuesAreRefusedAtOnceWithTheValueInTheMessage() {
        Sharing.Builder b = Sharing.builder();
        assertThatThrownBy(() -> b.bcryptCost(9)).hasMessageContaining("was 9");
        assertThatThrownBy(() -> b.pathPrefix("s")).hasMessageContaining("'s'");
        assertThatThrownBy(() -> b.pathPrefix("/s/")).hasMessageContaining("'/s/'");
        assertThatThrownBy(() -> b.publicBaseUrl("https://x.example/?q=1")).hasMessageContaining("?q=1");
        assertThatThrownBy(() -> b.publicBaseUrl("ftp://x.example")).hasMessageContaining("ftp://x.example");
        assertThatThrownBy(() -> b.grantLifetime(Duration.ofHours(25))).hasMessageContaining("PT25H");
        assertThatThrownBy(() -> b.streamUrlLifetime(Duration.ofHours(13))).hasMessageContaining("PT13H");
        assertThatThrownBy(() -> b.reexportGrace(Duration.ofHours(13))).hasMessageContaining("PT13H");
        assertThatThrownBy(() -> b.reexportGrace(Duration.ofSeconds(-1))).hasMessageContaining("re-export grace");
        assertThatThrownBy(() -> b.passwordLockout(0, Duration.ofMinutes(1))).hasMessageContaining("was 0");
        assertThatThrownBy(() -> b.signingKeys(SigningKey.generate("a"), SigningKey.generate("a"))).hasMessageContaining("distinct");
        assertThatThrownBy(() -> new SigningKey("k", new byte[16])).hasMessageContaining("16 bytes");
        assertThatThrownBy(() -> new SealingKey("s", new byte[31])).hasMessageContaining("31 bytes");
        assertThatThrownBy(() -> new SigningKey("bad id!", new byte[32])).hasMessageContaining("bad id!");
        assertThatThrownBy(() -> b.clock(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("clock");
    }

    @Test
    void aTrailingSlashOnTheBaseUrlIsDroppedAndThePrefixIsUsedInLinks() {
        Sharing sharing = host.builder().publicBaseUrl("https://video.example.com/app/").pathPrefix("/share").build();
        ShareToken token = ShareToken.generate();

        assertThat(sharing.links().page(token)).isEqualTo("https://video.example.com/app/share/" + token.value());
        assertThat(sharing.links().oembed()).isEqualTo("https://video.example.com/app/share/oembed");
    }

    @Test
    void newBuilderMakesAVariantWithoutChangingTheOriginal() {
        Sharing original = host.builder().bcryptCost(11).build();

        Sharing variant = original.newBuilder().linksPerTarget(LinksPerTarget.ONE_PER_VISIBILITY).build();

        assertThat(variant.settings().bcryptCost()).isEqualTo(11);
        assertThat(variant.settings().linksPerTarget()).isEqualTo(LinksPerTarget.ONE_PER_VISIBILITY);
        assertThat(original.settings().linksPerTarget()).isEqualTo(LinksPerTarget.MULTIPLE);
    }

    @Test
    void aFailingEventListenerDoesNotBreakTheOperation() {
        Sharing sharing = host.builder().eventListener(e -> {
            throw new IllegalStateException("audit log down");
        }).build();

        sharing.setSharingEnabled(host.owner, Host.LIBRARY, true);

        assertThat(sharing.isSharingEnabled(host.owner, Host.LIBRARY)).isTrue();
    }
}

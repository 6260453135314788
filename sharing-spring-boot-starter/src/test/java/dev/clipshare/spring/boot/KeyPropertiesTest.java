package dev.clipshare.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.Principal;
import dev.clipshare.core.Role;
import dev.clipshare.core.Sharing;
import dev.clipshare.core.Target;
import dev.clipshare.core.memory.InMemoryExportStore;
import dev.clipshare.core.memory.InMemoryShareStore;
import dev.clipshare.core.spi.SharingStores;
import dev.clipshare.servlet.HttpAccessPolicy;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Keys from properties: a missing or weak key stops the app with a message naming the property, never the key. */
class KeyPropertiesTest {
    private static final String KEY_32 = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final String KEY_16 = "MDEyMzQ1Njc4OWFiY2RlZg==";

    private final ApplicationContextRunner app = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ClipshareAutoConfiguration.class))
            .withUserConfiguration(Host.class)
            .withPropertyValues("clipshare.public-base-url=https://video.example.test",
                    "clipshare.media.directory=target/keys-media");

    @Test
    void bothKeysSetThenTheFacadeStartsWithPreviousKeysForRotation() {
        app.withPropertyValues("clipshare.signing.key-id=k2", "clipshare.signing.key=" + KEY_32,
                        "clipshare.signing.previous.k1=" + KEY_32.replace("MDEy", "MTEy"), "clipshare.sealing.key=" + KEY_32)
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Sharing.class));
    }

    @Test
    void missingSigningKeyThenStartFailsNamingTheProperty() {
        app.withPropertyValues("clipshare.sealing.key=" + KEY_32).run(context -> assertThat(context).getFailure()
                .rootCause().hasMessageContaining("clipshare.signing.key is not set").hasMessageContaining("openssl rand -base64 32"));
    }

    @Test
    void shortSigningKeyThenStartFailsNamingThePropertyAndTheLengthButNotTheKey() {
        app.withPropertyValues("clipshare.signing.key=" + KEY_16, "clipshare.sealing.key=" + KEY_32).run(context -> {
            assertThat(context).getFailure().rootCause().hasMessageContaining("clipshare.signing.key is refused");
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("16 bytes")
                    .hasMessageNotContaining(KEY_16);
        });
    }

    @Test
    void sealingKeyThatIsNotBase64ThenStartFailsNamingTheProperty() {
        app.withPropertyValues("clipshare.signing.key=" + KEY_32, "clipshare.sealing.key=not*base64!").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("clipshare.sealing.key is refused")
                        .hasMessageContaining("not valid base64"));
    }

    @Test
    void weakPreviousKeyThenStartFailsNamingItsProperty() {
        app.withPropertyValues("clipshare.signing.key=" + KEY_32, "clipshare.sealing.key=" + KEY_32,
                        "clipshare.sealing.previous.s0=" + KEY_16)
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("clipshare.sealing.previous.s0 is refused"));
    }

    @Test
    void missingPublicBaseUrlThenStartFailsNamingTheProperty() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ClipshareAutoConfiguration.class))
                .withUserConfiguration(Host.class)
                .withPropertyValues("clipshare.signing.key=" + KEY_32, "clipshare.sealing.key=" + KEY_32)
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("clipshare.public-base-url is not set"));
    }

    @Test
    void ephemeralKeysThenTheAppStartsWithoutKeys() {
        app.withPropertyValues("clipshare.ephemeral-keys=true").run(context -> assertThat(context).hasNotFailed()
                .hasSingleBean(Sharing.class));
    }

    @Test
    void noPolicyThenStartFailsSayingWhatIsMissing() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ClipshareAutoConfiguration.class))
                .withBean(SharingStores.class, () -> SharingStores.of(new InMemoryShareStore(), new InMemoryExportStore()))
                .withPropertyValues("clipshare.public-base-url=https://video.example.test", "clipshare.ephemeral-keys=true",
                        "clipshare.media.directory=target/keys-media")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("HttpAccessPolicy bean"));
    }

    @Configuration(proxyBeanMethods = false)
    static class Host {
        @Bean
        SharingStores stores() {
            return SharingStores.of(new InMemoryShareStore(), new InMemoryExportStore());
        }

        @Bean
        HttpAccessPolicy policy() {
            return new HttpAccessPolicy() {
                public Optional<String> libraryOf(Target target) {
                    return Optional.of("team");
                }

                public Optional<Role> roleOf(Principal user, String libraryId) {
                    return Optional.of(Role.OWNER);
                }
            };
        }
    }
}

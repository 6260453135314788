package dev.clipshare.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ViewCountTest {
    private final Host host = new Host();
    private final Sharing sharing = host.enabled();
    private final ShareDetails link = host.readyShare(sharing, b -> b);
    private final String token = link.token().value();

    private long views() {
        return sharing.getShare(host.editor, link.id()).viewCount();
    }

    @Test
    void eachPageViewCountsOnceAndMediaAndStatusRequestsDoNot() {
        String browser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";
        sharing.resolve(ViewRequest.page(token).withUserAgent(browser));
        sharing.resolve(ViewRequest.page(token).withUserAgent(browser));
        for (int i = 0; i < 30; i++) {
            sharing.resolve(ViewRequest.of(token, ViewRequest.Purpose.MEDIA).withUserAgent(browser));
        }
        sharing.resolve(ViewRequest.of(token, ViewRequest.Purpose.STATUS));

        assertThat(views()).isEqualTo(2);
        assertThat(host.events(SharingEvent.ShareViewed.class)).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
            "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
            "Twitterbot/1.0",
            "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0",
            "WhatsApp/2.23.20.0 A",
            "TelegramBot (like TwitterBot)",
            "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)"})
    void linkPreviewCrawlersAreNotCounted(String crawler) {
        sharing.resolve(ViewRequest.page(token).withUserAgent(crawler));

        assertThat(views()).isZero();
        assertThat(sharing.isLinkPreviewCrawler(crawler)).isTrue();
    }

    @Test
    void aPasswordPageIsNotAViewUntilTheClipIsShown() {
        ShareDetails guarded = host.readyShare(sharing, b -> b.password("pw"));
        String t = guarded.token().value();

        sharing.resolve(ViewRequest.page(t));
        Grant grant = sharing.unlock(UnlockRequest.of(t, "pw"));
        sharing.resolve(ViewRequest.page(t).withGrant(grant.value()));

        assertThat(sharing.getShare(host.editor, guarded.id()).viewCount()).isEqualTo(1);
    }

    @Test
    void concurrentViewsAreAllCounted() throws Exception {
        Sharing unlimited = host.builder().build(); // no caps on a link that opens

        List<Object> done = Threads.run(8, i -> {
            for (int v = 0; v < 250; v++) {
                unlimited.resolve(ViewRequest.page(token));
            }
            return null;
        });

        assertThat(done).hasSize(8);
        assertThat(views()).isEqualTo(2000);
    }

    @Test
    void extraCrawlerFragmentsCanBeConfigured() {
        Sharing custom = host.builder().linkPreviewCrawlers(List.of("InternalPreviewer")).build();

        custom.resolve(ViewRequest.page(token).withUserAgent("internalpreviewer/3.1"));

        assertThat(views()).isZero();
    }
}

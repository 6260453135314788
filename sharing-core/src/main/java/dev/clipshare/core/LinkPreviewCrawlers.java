package dev.clipshare.core;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Recognises the bots that chat apps and social sites send to build link cards (Slackbot,
 * Discordbot, Twitterbot, facebookexternalhit, WhatsApp, TelegramBot, LinkedInBot, Applebot,
 * iMessage's preview fetcher…) so their fetches are not counted as views. Matching is by
 * case-insensitive substring of the {@code User-Agent}. Immutable and thread-safe.
 */
public final class LinkPreviewCrawlers {
    /** The user-agent fragments recognised by default. */
    public static final List<String> DEFAULT_FRAGMENTS = List.of(
            "slackbot", "slack-imgproxy", "discordbot", "twitterbot", "facebookexternalhit", "facebot",
            "whatsapp/", "telegrambot", "linkedinbot", "applebot", "skypeuripreview", "redditbot",
            "embedly", "pinterestbot", "iframely", "mastodon/", "cardyb", "vkshare", "google-pagerenderer",
            "googlebot", "bingbot", "bingpreview", "yandexbot", "duckduckbot", "microsoftpreview");

    private final List<String> fragments;

    private LinkPreviewCrawlers(List<String> fragments) {
        this.fragments = fragments;
    }

    /** The default list. */
    public static LinkPreviewCrawlers defaults() {
        return new LinkPreviewCrawlers(DEFAULT_FRAGMENTS);
    }

    /** The default list plus more fragments. */
    public LinkPreviewCrawlers plus(List<String> more) {
        List<String> all = new java.util.ArrayList<>(fragments);
        for (String f : more) {
            Objects.requireNonNull(f, "fragment");
            if (f.isBlank()) {
                throw new IllegalArgumentException("crawler fragment must not be blank");
            }
            all.add(f.toLowerCase(Locale.ROOT));
        }
        return new LinkPreviewCrawlers(List.copyOf(all));
    }

    /** Whether the user agent belongs to a known link-preview crawler. A missing user agent is not one. */
    public boolean matches(String userAgent) {
        if (userAgent == null || userAgent.isEmpty()) {
            return false;
        }
        String ua = userAgent.toLowerCase(Locale.ROOT);
        for (String f : fragments) {
            if (ua.contains(f)) {
                return true;
            }
        }
        return false;
    }

    public List<String> fragments() {
        return fragments;
    }
}

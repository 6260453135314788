package dev.clipshare.servlet.internal.viewer;

import dev.clipshare.core.ExportArtifacts;
import dev.clipshare.core.Share;
import dev.clipshare.core.ShareAccess;
import dev.clipshare.core.ShareLinks;
import dev.clipshare.core.ShareToken;
import dev.clipshare.core.TokenHash;
import dev.clipshare.core.Sharing;
import dev.clipshare.core.Visibility;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The link card of a page (Open Graph, X, oEmbed discovery) as a template model. Public,
 * password-less shares show their title, description and, once ready, the video (real size) and
 * the X player; others get a neutral card: the site's name and a neutral image, nothing of the
 * share. Without a share (after the core refused a password, when the share is known to be
 * protected, or a private link asked of a link-preview crawler) the card is the neutral one.
 * Immutable and thread-safe.
 */
final class LinkCards {
    private final Sharing sharing;
    private final ViewerSettings settings;
    private final String neutralImage;
    private final Memo<Key, Map<String, Object>> cards = new Memo<>(CARDS_KEPT);

    /** Cards a node keeps: one per link being viewed (a card is a few hundred bytes). */
    static final int CARDS_KEPT = 1024;

    /** Every input of a card: the request's token, what the card shows of the share, the clip's artifacts. */
    private record Key(String requestToken, TokenHash tokenHash, Visibility visibility, boolean hasPassword, String title,
                       String description, ExportArtifacts artifacts, boolean ready) {
        static Key of(String requestToken, Share share, ShareAccess.Ready ready) {
            return share == null
                    ? new Key(requestToken, null, null, false, null, null, null, ready != null)
                    : new Key(requestToken, share.tokenHash(), share.visibility(), share.hasPassword(), share.title(),
                            share.description(), ready == null ? null : ready.artifacts(), ready != null);
        }
    }

    LinkCards(Sharing sharing, ViewerSettings settings, String neutralImage) {
        this.sharing = sharing;
        this.settings = settings;
        this.neutralImage = neutralImage;
    }

    /**
     * The card of a page; the same inputs give the same (unmodifiable) card, built once per node
     * while it is viewed.
     */
    Map<String, Object> card(String requestToken, Share share, ShareAccess.Ready ready) {
        return cards.get(Key.of(requestToken, share, ready), k -> new Frozen(build(requestToken, share, ready)));
    }

    /**
     * An unmodifiable card whose hash is computed once: a kept card is a value of every page model
     * that shows it, and a page model is the key of the kept page ({@link Templates#renderShared}).
     */
    static final class Frozen extends AbstractMap<String, Object> {
        private final Map<String, Object> map;
        private final int hash;

        Frozen(Map<String, Object> card) {
            this.map = Collections.unmodifiableMap(new HashMap<>(card));
            this.hash = map.hashCode();
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return map.entrySet();
        }

        @Override
        public Object get(Object key) {
            return map.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return map.containsKey(key);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o == this || (o instanceof Frozen f ? f.hash == hash && map.equals(f.map) : map.equals(o));
        }
    }

    private Map<String, Object> build(String requestToken, Share share, ShareAccess.Ready ready) {
        ShareLinks links = sharing.links();
        // the request's own token opened this share (it was looked up by the token's hash): no
        // need to unseal the stored copy, an AES-GCM decryption per page view
        ShareToken token = ShareToken.parse(requestToken).filter(t -> share == null || t.hash().equals(share.tokenHash()))
                .orElseGet(() -> sharing.tokenOf(share));
        Map<String, Object> c = new HashMap<>();
        c.put("url", links.page(token));
        c.put("siteName", settings.siteName());
        if (settings.twitterSite() != null) {
            c.put("twitterSite", settings.twitterSite());
        }
        boolean open = share != null && share.visibility() == Visibility.PUBLIC && !share.hasPassword();
        if (!open) {
            c.put("ogType", "website");
            c.put("cardTitle", settings.siteName());
            c.put("image", neutralImage);
            c.put("twitterCard", "summary");
            return c;
        }
        c.put("cardTitle", share.title() != null ? share.title() : settings.siteName());
        c.put("cardDescription", share.description());
        if (ready == null) {
            c.put("ogType", "website");
            c.put("twitterCard", "summary");
            return c;
        }
        ExportArtifacts art = ready.artifacts();
        String clip = links.clip(token);
        c.put("ogType", art.isAudioOnly() ? "website" : "video.other");
        c.put("image", links.thumbnail(token));
        c.put(art.isAudioOnly() ? "audio" : "video", art.isAudioOnly() ? Map.of("audioUrl", clip, "audioType", art.mimeType(),
                "secureUrl", clip.startsWith("https://") ? clip : false) : Map.of(
                "videoUrl", clip,
                "secureUrl", clip.startsWith("https://") ? clip : false,
                "videoType", art.mimeType(),
                "videoWidth", art.width(),
                "videoHeight", art.height()));
        c.put("twitterCard", "player");
        Map<String, Object> player = new LinkedHashMap<>();
        player.put("playerUrl", links.embed(token));
        player.put("playerWidth", art.width());
        player.put("playerHeight", art.height());
        player.put("stream", clip);
        player.put("streamType", art.mimeType());
        c.put("player", player);
        c.put("oembed", links.oembed() + "?format=json&url=" + URLEncoder.encode(links.page(token), StandardCharsets.UTF_8));
        return c;
    }
}

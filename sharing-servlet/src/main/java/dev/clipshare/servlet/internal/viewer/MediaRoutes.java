package dev.clipshare.servlet.internal.viewer;

import dev.clipshare.core.Playback;
import dev.clipshare.core.Principal;
import dev.clipshare.core.ServedMedia;
import dev.clipshare.core.ShareAccess;
import dev.clipshare.core.ShareLinks;
import dev.clipshare.core.Sharing;
import dev.clipshare.core.SignedUrl;
import dev.clipshare.core.ViewRequest;
import dev.clipshare.core.spi.MediaKey;
import dev.clipshare.servlet.HttpAccessPolicy;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media routes under a share: the MP4, the thumbnail and the HLS files ({@link #media}) and
 * the download ({@link #download}). Each request asks the core afresh ({@link Sharing#resolve}),
 * so a revoke counts on the next range; the bytes come from {@link Sharing#media}, streamed by
 * {@link MediaResponder} or, in redirect mode, from the media store by a presigned URL.
 * Immutable and thread-safe.
 */
final class MediaRoutes {
    /** Logged under the viewer's name: one logger for everything the share prefix answers. */
    private static final Logger log = LoggerFactory.getLogger(Viewer.class);
    private static final Pattern DIGITS = Pattern.compile("[1-9][0-9]{0,17}");
    private static final String PLAYLIST = "index.m3u8";
    private static final int MAX_PLAYLIST = 1024 * 1024;

    private final Sharing sharing;
    private final HttpAccessPolicy policy;
    private final ViewerSettings settings;
    private final Responses out;

    MediaRoutes(Sharing sharing, HttpAccessPolicy policy, ViewerSettings settings, Responses out) {
        this.sharing = sharing;
        this.policy = policy;
        this.settings = settings;
        this.out = out;
    }

    private String clientAddress(HttpServletRequest req) {
        return settings.clientAddresses().resolve(req);
    }

    void media(Exchange x, String name) throws IOException {
        if (!x.getOrHead()) {
            out.methodNotAllowed(x, "GET, HEAD");
            return;
        }
        Query q = x.query();
        String sig = q.get(ShareLinks.SIGNATURE_PARAM);
        Principal viewer = sig == null ? policy.principal(x.req()).orElse(null) : null;
        String grant = sig == null ? Grants.of(x.req(), q, x.token()) : null;
        String v = q.get("v");
        long version = v != null && DIGITS.matcher(v).matches() ? Long.parseLong(v) : 0;
        ShareAccess access = sharing.resolve(new ViewRequest(x.token(), viewer, grant, sig, x.userAgent(),
                ViewRequest.Purpose.MEDIA, version, clientAddress(x.req())));
        if (!(access instanceof ShareAccess.Ready r)) {
            out.mediaNotFound(x);
            return;
        }
        if (name.equals("hls/" + PLAYLIST)) {
            playlist(x, r);
            return;
        }
        Optional<ServedMedia> media = sharing.media(r, name);
        if (media.isEmpty()) {
            out.mediaNotFound(x);
            return;
        }
        if (redirected(x, media.get(), null)) {
            return;
        }
        Responses.mediaHeaders(x);
        MediaResponder.serve(x.req(), x.res(), media.get(),
                new MediaResponder.Headers(mediaCacheControl(r.playback()), null));
    }

    /** Redirect mode: a 302 to a presigned URL of the store, when configured and the store can sign one. */
    private boolean redirected(Exchange x, ServedMedia media, String disposition) {
        if (settings.mediaRedirectTtl() == null) {
            return false;
        }
        Optional<java.net.URI> url = media.presignedUrl(settings.mediaRedirectTtl(), disposition);
        url.ifPresent(u -> out.found(x, u.toString()));
        return url.isPresent();
    }

    private String mediaCacheControl(Playback playback) {
        if (playback.signed()) {
            return "private, no-cache";
        }
        long maxAge = settings.mediaCacheMaxAge().toSeconds();
        return maxAge > 0 ? "public, max-age=" + maxAge : "no-cache";
    }

    /**
     * The HLS playlist with its segment (and init-section) URIs rewritten to carry a stream
     * signature for private and password-protected shares (the request's own, or a fresh one when
     * the playlist was opened with a grant or a session), or the export version for public,
     * password-less shares. A player that fetched the playlist with a bearer header or a
     * {@code ?grant=} parameter so keeps working segment after segment without either: players do
     * not reliably repeat headers or query parameters on segment requests, and the grant itself
     * (24 h, and good for the host's own resources too) is never copied into URLs we write. Anything
     * but plain file names in the playlist is refused, so a playlist cannot point the player elsewhere.
     */
    private void playlist(Exchange x, ShareAccess.Ready r) throws IOException {
        Optional<ServedMedia> playlist = sharing.media(r, MediaKey.HLS_PLAYLIST);
        if (playlist.isEmpty() || playlist.get().object().size() > MAX_PLAYLIST) {
            out.mediaNotFound(x);
            return;
        }
        long version = playlist.get().key().version();
        String text;
        try (InputStream in = playlist.get().open(0, playlist.get().object().size())) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // segments carry what every media URL of this playback carries: the version, or a signature
        // (the request's own, or one made for this viewer), never the viewer's grant
        if (r.playback().version() != version && r.playback().signed()) {
            out.mediaNotFound(x); // a pinned version's playlist is gone and the signature names no other
            return;
        }
        String suffix = r.playback().version() == version ? r.playback().query() : "?v=" + version;
        Optional<String> rewritten = Playlists.rewrite(text, suffix);
        if (rewritten.isEmpty()) {
            log.error("HLS playlist of export version {} holds URIs other than plain file names; not served", version);
            out.unavailable(x);
            return;
        }
        byte[] body = rewritten.get().getBytes(StandardCharsets.UTF_8);
        Responses.mediaHeaders(x);
        HttpServletResponse res = x.res();
        res.setStatus(200);
        res.setContentType("application/vnd.apple.mpegurl");
        res.setHeader("Cache-Control", "private, no-cache");
        res.setContentLength(body.length);
        if (!x.head()) {
            res.getOutputStream().write(body);
        }
    }

    void download(Exchange x) throws IOException {
        if (!x.getOrHead()) {
            out.methodNotAllowed(x, "GET, HEAD");
            return;
        }
        String sig = x.query().get(ShareLinks.SIGNATURE_PARAM);
        if (sig == null) {
            // the page's link: check the viewer as for media, then hand out a fresh 5-minute URL
            Principal viewer = policy.principal(x.req()).orElse(null);
            String grant = Grants.of(x.req(), x.query(), x.token());
            ShareAccess access = sharing.resolve(new ViewRequest(x.token(), viewer, grant, null, x.userAgent(), ViewRequest.Purpose.MEDIA)
                    .withClient(clientAddress(x.req())));
            Optional<SignedUrl> url = access instanceof ShareAccess.Ready r ? sharing.downloadUrl(r) : Optional.empty();
            if (url.isEmpty()) {
                out.mediaNotFound(x);
                return;
            }
            out.redirect(x, url.get().url());
            return;
        }
        ShareAccess access = sharing.resolve(new ViewRequest(x.token(), null, null, sig, x.userAgent(), ViewRequest.Purpose.DOWNLOAD)
                .withClient(clientAddress(x.req())));
        if (!(access instanceof ShareAccess.Ready r)) {
            out.mediaNotFound(x);
            return;
        }
        Optional<ServedMedia> clip = sharing.media(r, MediaKey.CLIP);
        if (clip.isEmpty()) {
            out.mediaNotFound(x);
            return;
        }
        Responses.mediaHeaders(x);
        String disposition = ContentDisposition.attachment(r.share().title(), "clip", r.artifacts().isAudioOnly() ? ".m4a" : ".mp4");
        if (redirected(x, clip.get(), disposition)) {
            return;
        }
        MediaResponder.serve(x.req(), x.res(), clip.get(), new MediaResponder.Headers("private, no-store", disposition));
    }
}

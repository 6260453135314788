package dev.clipshare.examples.demo;

import dev.clipshare.core.Principal;
import dev.clipshare.core.Sharing;
import dev.clipshare.core.SharingException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The host app's own pages and endpoints, everything that is not Clipshare's (the
 * {@code ShareFilter} in front of this servlet answers {@code /s/...} and {@code /api/...}):
 *
 * <pre>
 * GET  /                          the library: videos, upload form (editors)
 * GET  /signin?next=…             pick who you are;  POST /signin, POST /signout
 * GET  /settings                  the sharing switch (owner/admin), members
 * GET  /videos/{id}               player, mark a moment, moments with export and Share dialog
 * POST /videos                    upload (multipart, size-limited, checked with ffprobe)
 * GET  /app/videos/{id}           a video's state (JSON; the pages poll it while the sample is made)
 * GET  /app/videos/{id}/moments   its moments;  POST adds one (editors; JSON)
 * GET  /assets/…                  style sheet, script, icon
 * </pre>
 *
 * Source videos and posters are served under {@code /media/} by Jetty's resource servlet behind
 * {@link MediaGuard}. Pages are HTML with a strict Content-Security-Policy; JSON errors use the
 * same problem shape as Clipshare's API.
 */
final class DemoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(DemoServlet.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern VIDEO = Pattern.compile("/videos/([A-Za-z0-9-]{1,64})");
    private static final Pattern APP_VIDEO = Pattern.compile("/app/videos/([A-Za-z0-9-]{1,64})(/moments)?");
    private static final String CSP = "default-src 'self'; img-src 'self' data:; media-src 'self' blob:; style-src 'self';"
            + " script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final List<String> KEEP_EXTENSIONS = List.of("mp4", "m4v", "mov", "webm", "mkv", "avi", "ogv", "mpg", "mpeg", "ts",
            "m4a", "mp3", "wav", "ogg", "oga", "opus", "flac", "aac");

    private final transient DemoData data;
    private final transient SignIn signIn;
    private final transient Sharing sharing;
    private final transient Assets assets;
    private final transient Pages pages;
    private final transient Path videos;
    private final transient Path uploads;
    private final int uploadMaxMb;

    DemoServlet(DemoData data, SignIn signIn, Sharing sharing, Assets assets, Path videos, Path uploads, int uploadMaxMb) {
        this.data = data;
        this.signIn = signIn;
        this.sharing = sharing;
        this.assets = assets;
        this.pages = new Pages(assets, data.libraryName(DemoData.LIBRARY).orElse(DemoData.LIBRARY));
        this.videos = videos;
        this.uploads = uploads;
        this.uploadMaxMb = uploadMaxMb;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws ServletException, IOException {
        try {
            super.service(req, res);
        } catch (SharingException e) {
            log.warn("request failed: {} {}: {}", req.getMethod(), req.getRequestURI(), e.getMessage());
            if (!res.isCommitted()) {
                res.reset();
                html(res, 503, pages.error(null, "Something went wrong", "Please try again in a moment."));
            }
        }
    }

    /** Loads the JSON and page classes ahead of the first request; the demo calls it while the database opens. */
    static void warmUp() {
        JSON.readTree(JSON.writeValueAsBytes(Map.of("warm", List.of(1, "up"))));
        Pages.warmUp();
    }

    private String path(HttpServletRequest req) {
        String p = req.getRequestURI().substring(req.getContextPath().length());
        return p.isEmpty() ? "/" : p;
    }

    // ------------------------------------------------------------------ GET

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String path = path(req);
        if (path.startsWith("/assets/")) {
            assets.serve(path.substring("/assets/".length()), req, res);
            return;
        }
        if (path.equals("/signin")) {
            signInPage(req, res, null);
            return;
        }
        if (path.equals("/favicon.ico")) {
            res.sendRedirect(assets.url("favicon.svg"));
            return;
        }
        Matcher app = APP_VIDEO.matcher(path);
        if (app.matches()) {
            appVideo(req, res, app.group(1), app.group(2) != null);
            return;
        }
        Optional<Pages.Viewer> viewer = viewer(req);
        if (viewer.isEmpty()) {
            if (path.equals("/") || path.equals("/settings") || VIDEO.matcher(path).matches()) {
                res.sendRedirect("/signin?next=" + URLEncoder.encode(pathAndQuery(req), StandardCharsets.UTF_8));
            } else {
                html(res, 404, pages.error(null, "Page not found", "There is nothing at this address."));
            }
            return;
        }
        Pages.Viewer v = viewer.get();
        if (path.equals("/")) {
            library(res, v, 200, null, "");
            return;
        }
        if (path.equals("/settings")) {
            html(res, 200, pages.settings(v, data.members(DemoData.LIBRARY)));
            return;
        }
        Matcher video = VIDEO.matcher(path);
        if (video.matches()) {
            Optional<DemoData.Video> found = data.video(video.group(1))
                    .filter(x -> data.role(v.user().id(), x.libraryId()).isPresent());
            if (found.isEmpty()) {
                html(res, 404, pages.error(v, "Video not found", "This video does not exist, or you are not a member of its library."));
                return;
            }
            html(res, 200, pages.video(v, found.get()));
            return;
        }
        html(res, 404, pages.error(v, "Page not found", "There is nothing at this address."));
    }

    private void library(HttpServletResponse res, Pages.Viewer v, int status, String error, String title) throws IOException {
        boolean on = v.role().isPresent()
                && sharing.isSharingEnabled(new Principal(v.user().id(), v.user().name()), DemoData.LIBRARY);
        html(res, status, pages.library(v, data.videos(DemoData.LIBRARY), on, uploadMaxMb, error, title));
    }

    private void signInPage(HttpServletRequest req, HttpServletResponse res, String notice) throws IOException {
        Map<String, String> roles = new LinkedHashMap<>();
        for (DemoData.Member m : data.members(DemoData.LIBRARY)) {
            roles.put(m.user().id(), m.role().name());
        }
        String next = safeNext(req.getParameter("next"));
        String message = notice;
        if (message == null && next.startsWith("/s/")) {
            message = "The link you opened is for members of the library only. Sign in to watch it.";
        }
        html(res, 200, pages.signIn(data.users(), roles, next, message));
    }

    /** A page of the host app's own JSON: a video's state, or its moments. */
    private void appVideo(HttpServletRequest req, HttpServletResponse res, String videoId, boolean moments) throws IOException {
        Optional<Pages.Viewer> viewer = viewer(req);
        if (viewer.isEmpty()) {
            problem(res, 401, "Sign in first", "This endpoint needs a signed-in user.");
            return;
        }
        Optional<DemoData.Video> video = memberVideo(viewer.get(), videoId);
        if (video.isEmpty()) {
            problem(res, 404, "Not found", "No such video, or you are not a member of its library.");
            return;
        }
        if (!moments) {
            DemoData.Video v = video.get();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", v.id());
            body.put("title", v.title());
            body.put("status", v.status());
            body.put("failure", v.failure());
            body.put("duration_ms", v.durationMs());
            body.put("width", v.width());
            body.put("height", v.height());
            json(res, 200, body);
            return;
        }
        List<Map<String, Object>> list = data.moments(videoId).stream().map(this::momentJson).toList();
        json(res, 200, Map.of("object", "list", "data", list));
    }

    private Map<String, Object> momentJson(DemoData.Moment m) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", m.id());
        body.put("video_id", m.videoId());
        body.put("name", m.name());
        body.put("start_ms", m.startMs());
        body.put("end_ms", m.endMs());
        body.put("created_by", Map.of("id", m.createdBy(),
                "name", data.user(m.createdBy()).map(DemoData.User::name).orElse(m.createdBy())));
        body.put("created_at", java.time.Instant.ofEpochMilli(m.createdAt()).toString());
        return body;
    }

    // ------------------------------------------------------------------ POST

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException, ServletException {
        String path = path(req);
        switch (path) {
            case "/signin" -> {
                String user = req.getParameter("user");
                String next = safeNext(req.getParameter("next"));
                if (user == null || data.user(user).isEmpty()) {
                    signInPage(req, res, "Pick one of the people below.");
                    return;
                }
                signIn.signIn(res, user);
                redirect(res, next);
            }
            case "/signout" -> {
                signIn.signOut(res);
                redirect(res, "/signin");
            }
            case "/videos" -> upload(req, res);
            default -> {
                Matcher app = APP_VIDEO.matcher(path);
                if (app.matches() && app.group(2) != null) {
                    addMoment(req, res, app.group(1));
                } else {
                    res.setHeader("Allow", "GET");
                    problem(res, 405, "Method not allowed", "POST is not supported here.");
                }
            }
        }
    }

    private void addMoment(HttpServletRequest req, HttpServletResponse res, String videoId) throws IOException {
        Optional<Pages.Viewer> viewer = viewer(req);
        if (viewer.isEmpty()) {
            problem(res, 401, "Sign in first", "This endpoint needs a signed-in user.");
            return;
        }
        String type = req.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            problem(res, 415, "Unsupported media type", "Send the moment as application/json.");
            return;
        }
        Optional<DemoData.Video> video = memberVideo(viewer.get(), videoId).filter(DemoData.Video::ready);
        if (video.isEmpty()) {
            problem(res, 404, "Not found", "No such video, or you are not a member of its library.");
            return;
        }
        if (!viewer.get().canEdit()) {
            problem(res, 403, "Not allowed", "Only editors, admins and the owner can mark moments.");
            return;
        }
        JsonNode body;
        try (InputStream in = req.getInputStream()) {
            byte[] bytes = in.readNBytes(16 * 1024 + 1);
            if (bytes.length > 16 * 1024) {
                problem(res, 413, "Too large", "A moment is a few bytes of JSON.");
                return;
            }
            body = JSON.readTree(bytes);
        } catch (JacksonException e) {
            problem(res, 400, "Not valid JSON", "The body must be a JSON object.");
            return;
        }
        String name = body.path("name").asString("").strip();
        long start = body.path("start_ms").asLong(-1);
        long end = body.path("end_ms").asLong(-1);
        long duration = video.get().durationMs();
        String error = null;
        if (name.isEmpty() || name.length() > 100 || name.chars().anyMatch(Character::isISOControl)) {
            error = "Give the moment a name of 1 to 100 characters.";
        } else if (!body.path("start_ms").isIntegralNumber() || !body.path("end_ms").isIntegralNumber() || start < 0 || end < 0) {
            error = "Set a start and an end.";
        } else if (end <= start) {
            error = "The end must come after the start.";
        } else if (end - start < 500) {
            error = "A moment must be at least half a second long.";
        } else if (start >= duration) {
            error = "The start must lie within the video (it is " + Html.clock(duration) + " long).";
        }
        if (error != null) {
            problem(res, 400, "The moment is not valid", error);
            return;
        }
        DemoData.Moment m = data.addMoment(videoId, name, start, Math.min(end, duration), viewer.get().user().id());
        res.setHeader("Location", "/app/videos/" + videoId + "/moments/" + m.id());
        json(res, 201, momentJson(m));
    }

    // ------------------------------------------------------------------ upload

    /**
     * Reads and discards a refused upload's body, up to twice the upload limit, before answering:
     * a server that answers while the browser is still sending, then closes the connection, makes
     * many clients report a broken connection instead of the answer. A larger body is not read: the
     * answer goes out and the container closes the connection.
     */
    private static void drain(HttpServletRequest req, long max) {
        long declared = req.getContentLengthLong();
        if (declared > 2 * max) {
            return;
        }
        byte[] buffer = new byte[16 * 1024];
        long left = 2 * max;
        try {
            var in = req.getInputStream();
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException e) {
            // the client went away: the answer below reaches no one either way
        }
    }

    private void upload(HttpServletRequest req, HttpServletResponse res) throws IOException, ServletException {
        Optional<Pages.Viewer> viewer = viewer(req);
        if (viewer.isEmpty()) {
            redirect(res, "/signin?next=%2F");
            return;
        }
        Pages.Viewer v = viewer.get();
        long max = (long) uploadMaxMb * 1024 * 1024;
        if (!v.canEdit()) {
            drain(req, max);
            html(res, 403, pages.error(v, "Not allowed", "Only editors, admins and the owner can upload videos."));
            return;
        }
        if (req.getContentLengthLong() > max + 64 * 1024) {
            drain(req, max);
            library(res, v, 413, "That file is too large: uploads may be at most " + uploadMaxMb + " MB.", "");
            return;
        }
        String type = req.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            library(res, v, 400, "Upload the video with the form below.", "");
            return;
        }
        Part file;
        String title;
        try {
            file = req.getPart("file");
            title = Optional.ofNullable(req.getParameter("title")).orElse("").strip();
        } catch (IllegalStateException | ServletException | IOException e) {
            boolean tooLarge = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("size")
                    || String.valueOf(e.getCause()).toLowerCase(Locale.ROOT).contains("size");
            library(res, v, tooLarge ? 413 : 400, tooLarge ? "That file is too large: uploads may be at most " + uploadMaxMb + " MB."
                    : "The upload did not arrive whole. Please try again.", "");
            return;
        }
        if (file == null || file.getSize() == 0) {
            library(res, v, 400, "Choose a video file to upload.", title);
            return;
        }
        if (file.getSize() > max) {
            library(res, v, 413, "That file is too large: uploads may be at most " + uploadMaxMb + " MB.", title);
            return;
        }
        String original = Optional.ofNullable(file.getSubmittedFileName()).orElse("video");
        original = Path.of(original.replace('\\', '/')).getFileName() == null ? "video"
                : Path.of(original.replace('\\', '/')).getFileName().toString();
        if (title.isEmpty()) {
            int dot = original.lastIndexOf('.');
            title = (dot > 0 ? original.substring(0, dot) : original).replace('_', ' ').strip();
        }
        if (title.length() > 200 || title.chars().anyMatch(Character::isISOControl)) {
            library(res, v, 400, "The title may have at most 200 characters.", "");
            return;
        }
        if (title.isEmpty()) {
            title = "Untitled video";
        }
        String id = DemoData.newVideoId();
        Files.createDirectories(uploads);
        Path tmp = uploads.resolve(".upload-" + id);
        try {
            try (InputStream in = file.getInputStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            VideoProbe.Facts facts;
            try {
                facts = VideoProbe.probe(tmp);
            } catch (VideoProbe.NotAVideoException e) {
                Files.deleteIfExists(tmp);   // before answering: nothing of a refused upload stays
                library(res, v, 400, "\u201c" + original + "\u201d was not added. " + e.getMessage(), title);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                Files.deleteIfExists(tmp);
                library(res, v, 503, "The server is stopping; please upload again in a moment.", title);
                return;
            }
            String fileName = id + "." + extension(original, facts);
            Files.createDirectories(videos);
            Files.move(tmp, videos.resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
            VideoProbe.poster(videos.resolve(fileName), videos.resolve(id + ".jpg"), facts.durationMs());
            data.ready(id, DemoData.LIBRARY, title, fileName, facts, v.user().id());
            log.info("{} uploaded {} ({}, {} ms, {}x{}, {})", v.user().id(), fileName, Html.bytes(facts.bytes()),
                    facts.durationMs(), facts.width(), facts.height(), facts.videoCodec());
            redirect(res, "/videos/" + id);
        } finally {
            Files.deleteIfExists(tmp);
            file.delete();
        }
    }

    /** The stored file's extension: one browsers know for MP4 and WebM, else the original's when it is a video one. */
    private static String extension(String original, VideoProbe.Facts facts) {
        String format = facts.format();
        if (format.contains("mp4") || format.contains("mov")) {
            return "mp4";
        }
        if (format.contains("webm") && List.of("vp8", "vp9", "av1").contains(facts.videoCodec())) {
            return "webm";
        }
        int dot = original.lastIndexOf('.');
        String ext = dot > 0 ? original.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
        return KEEP_EXTENSIONS.contains(ext) ? ext : "video";
    }

    // ------------------------------------------------------------------ helpers

    private Optional<Pages.Viewer> viewer(HttpServletRequest req) {
        return signIn.userId(req).flatMap(data::user)
                .map(u -> new Pages.Viewer(u, data.role(u.id(), DemoData.LIBRARY)));
    }

    private Optional<DemoData.Video> memberVideo(Pages.Viewer viewer, String videoId) {
        return data.video(videoId).filter(x -> data.role(viewer.user().id(), x.libraryId()).isPresent());
    }

    /** A local path to go to after signing in; anything else (another site, a scheme) becomes {@code /}. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")
                || next.chars().anyMatch(c -> c < 0x21 || c == 0x7f) || next.length() > 2000) {
            return "/";
        }
        return next;
    }

    private static String pathAndQuery(HttpServletRequest req) {
        return req.getRequestURI() + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
    }

    private static void redirect(HttpServletResponse res, String location) {
        res.setStatus(303);
        res.setHeader("Location", location);
        res.setHeader("Cache-Control", "no-store");
    }

    private static void html(HttpServletResponse res, int status, String page) throws IOException {
        res.setStatus(status);
        res.setContentType("text/html; charset=utf-8");
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("Content-Security-Policy", CSP);
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.setHeader("Referrer-Policy", "same-origin");
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        res.setContentLength(bytes.length);
        res.getOutputStream().write(bytes);
    }

    private static void json(HttpServletResponse res, int status, Object body) throws IOException {
        res.setStatus(status);
        res.setContentType("application/json");
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("X-Content-Type-Options", "nosniff");
        byte[] bytes = JSON.writeValueAsBytes(body);
        res.setContentLength(bytes.length);
        res.getOutputStream().write(bytes);
    }

    private static void problem(HttpServletResponse res, int status, String title, String detail) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        res.setStatus(status);
        res.setContentType("application/problem+json");
        res.setHeader("Cache-Control", "no-store");
        byte[] bytes = JSON.writeValueAsBytes(body);
        res.setContentLength(bytes.length);
        res.getOutputStream().write(bytes);
    }
}

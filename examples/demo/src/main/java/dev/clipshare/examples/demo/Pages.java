package dev.clipshare.examples.demo;

import static dev.clipshare.examples.demo.Html.esc;

import dev.clipshare.core.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo's server-rendered pages: a shell (top bar, who is signed in), the content, and the
 * data the page script needs as JSON in a {@code <script type="application/json">} element (the
 * pages' Content-Security-Policy allows no inline script). Everything interactive (the sharing
 * switch, moments, exports, the Share dialog) is {@code assets/app.js} talking to Clipshare's
 * management API and the demo's own {@code /app} endpoints.
 */
final class Pages {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Who is looking: the user and their role in the library (empty for non-members). */
    record Viewer(DemoData.User user, Optional<Role> role) {
        boolean canEdit() {
            return role.map(Role::canEdit).orElse(false);
        }

        boolean canManage() {
            return role.map(Role::canManageLibrary).orElse(false);
        }
    }

    private final Assets assets;
    private final String libraryName;

    /** Loads the JSON classes the pages use. */
    static void warmUp() {
        JSON.writeValueAsString(Map.of("warm", true));
    }

    Pages(Assets assets, String libraryName) {
        this.assets = assets;
        this.libraryName = libraryName;
    }

    // ------------------------------------------------------------------ shell

    private String shell(String title, String page, Viewer viewer, String nav, String content, Map<String, Object> data) {
        StringBuilder b = new StringBuilder(4096);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(title)).append(" · Clipshare demo</title>\n")
                .append("<link rel=\"icon\" href=\"").append(assets.url("favicon.svg")).append("\" type=\"image/svg+xml\">\n")
                .append("<link rel=\"stylesheet\" href=\"").append(assets.url("app.css")).append("\">\n")
                .append("</head>\n<body data-page=\"").append(esc(page)).append("\">\n")
                .append("<header class=\"topbar\"><div class=\"topbar-inner\">\n")
                .append("<a class=\"brand\" href=\"/\"><span class=\"brand-mark\" aria-hidden=\"true\"></span>Clipshare <span>demo</span></a>\n");
        if (viewer != null) {
            b.append("<nav class=\"mainnav\">")
                    .append(navLink("/", "Library", "library".equals(nav)))
                    .append(navLink("/settings", "Settings", "settings".equals(nav)))
                    .append("</nav>\n")
                    .append("<div class=\"who\" id=\"who\"><span class=\"avatar\" aria-hidden=\"true\">")
                    .append(esc(viewer.user().name().substring(0, 1))).append("</span>")
                    .append("<span class=\"who-name\">").append(esc(viewer.user().name()))
                    .append("<small id=\"who-role\">").append(viewer.role().map(r -> Html.role(r) + " · " + esc(libraryName))
                            .orElse("Not a member")).append("</small></span>")
                    .append("<form method=\"post\" action=\"/signout\"><button type=\"submit\" class=\"btn btn-ghost\" id=\"sign-out\">Sign out</button></form>")
                    .append("</div>\n");
        }
        b.append("</div></header>\n<main class=\"container\">\n").append(content).append("\n</main>\n")
                .append("<footer class=\"footer\"><div class=\"container\">Clipshare demo · share pages under <code>/s</code>, ")
                .append("management API under <code>/api</code> (<a href=\"/api/openapi.json\">OpenAPI</a>)</div></footer>\n");
        if (data != null) {
            b.append("<script type=\"application/json\" id=\"page-data\">")
                    .append(Html.scriptJson(JSON.writeValueAsString(data))).append("</script>\n");
        }
        b.append("<script src=\"").append(assets.url("app.js")).append("\"></script>\n</body>\n</html>\n");
        return b.toString();
    }

    private static String navLink(String href, String label, boolean current) {
        return "<a href=\"" + href + "\"" + (current ? " aria-current=\"page\"" : "") + ">" + label + "</a>";
    }

    private Map<String, Object> baseData(Viewer viewer) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("library", Map.of("id", DemoData.LIBRARY, "name", libraryName));
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", viewer.user().id());
        user.put("name", viewer.user().name());
        user.put("role", viewer.role().map(Enum::name).orElse(null));
        d.put("user", user);
        d.put("canEdit", viewer.canEdit());
        d.put("canManage", viewer.canManage());
        return d;
    }

    // ------------------------------------------------------------------ sign-in

    String signIn(List<DemoData.User> users, Map<String, String> roles, String next, String notice) {
        StringBuilder c = new StringBuilder();
        c.append("<section class=\"signin\">\n<h1>Who are you?</h1>\n")
                .append("<p class=\"lead\">This demo has no passwords: pick a person to see the app as them. ")
                .append("A real app has its own sign-in; Clipshare only asks it who the user is and what role they have.</p>\n");
        if (notice != null) {
            c.append("<p class=\"notice\" role=\"status\">").append(esc(notice)).append("</p>\n");
        }
        c.append("<ul class=\"people\">\n");
        for (DemoData.User u : users) {
            c.append("<li><form method=\"post\" action=\"/signin\">")
                    .append("<input type=\"hidden\" name=\"user\" value=\"").append(esc(u.id())).append("\">")
                    .append("<input type=\"hidden\" name=\"next\" value=\"").append(esc(next)).append("\">")
                    .append("<button type=\"submit\" class=\"person\" id=\"signin-").append(esc(u.id())).append("\">")
                    .append("<span class=\"avatar avatar-lg\" aria-hidden=\"true\">").append(esc(u.name().substring(0, 1))).append("</span>")
                    .append("<span class=\"person-text\"><strong>").append(esc(u.name())).append("</strong>")
                    .append("<span class=\"role-tag role-").append(esc(roles.getOrDefault(u.id(), "none").toLowerCase()))
                    .append("\">").append(esc(roles.containsKey(u.id()) ? Html.role(Role.valueOf(roles.get(u.id()))) : "No role"))
                    .append("</span><small>").append(esc(u.about())).append("</small></span>")
                    .append("</button></form></li>\n");
        }
        c.append("</ul>\n</section>");
        return shell("Sign in", "signin", null, null, c.toString(), null);
    }

    // ------------------------------------------------------------------ library (home)

    String library(Viewer viewer, List<DemoData.Video> videos, boolean sharingEnabled, int uploadMaxMb, String uploadError,
                   String uploadTitle) {
        Map<String, Object> data = baseData(viewer);
        data.put("uploadMaxBytes", (long) uploadMaxMb * 1024 * 1024);
        StringBuilder c = new StringBuilder();
        if (viewer.role().isEmpty()) {
            c.append("<section class=\"empty\">\n<h1>You are not a member of any library</h1>\n")
                    .append("<p class=\"lead\">").append(esc(viewer.user().name()))
                    .append(" is signed in but belongs to no library. Open a <em>private</em> link of the Studio library as ")
                    .append(esc(viewer.user().name().split(" ")[0]))
                    .append(" and you get the same \u201cnot found\u201d page as for a link that never existed; ")
                    .append("public links open for anyone.</p>\n")
                    .append("<p><a class=\"btn\" href=\"/signin\">Sign in as someone else</a></p>\n</section>");
            return shell("Library", "library", viewer, "library", c.toString(), data);
        }
        c.append("<section class=\"page-head\">\n<div>\n<h1>").append(esc(libraryName)).append("</h1>\n")
                .append("<p class=\"muted\">").append(videos.size()).append(videos.size() == 1 ? " video" : " videos")
                .append(" · <span class=\"pill ").append(sharingEnabled ? "pill-on" : "pill-off").append("\" id=\"sharing-pill\">")
                .append(sharingEnabled ? "Sharing on" : "Sharing off").append("</span>");
        if (!sharingEnabled) {
            c.append(viewer.canManage() ? " <a href=\"/settings\">Turn it on in Settings</a>" : " <span>(the owner can turn it on)</span>");
        }
        c.append("</p>\n</div>\n</section>\n");
        if (uploadError != null) {
            c.append("<p class=\"alert\" role=\"alert\" id=\"upload-error\">").append(esc(uploadError)).append("</p>\n");
        }
        c.append("<div class=\"grid\" id=\"videos\">\n");
        for (DemoData.Video v : videos) {
            c.append("<a class=\"card video-card\" href=\"/videos/").append(esc(v.id())).append("\" data-video=\"").append(esc(v.id()))
                    .append("\" data-status=\"").append(esc(v.status())).append("\">\n<div class=\"thumb\">");
            if (v.ready()) {
                c.append("<img src=\"/media/").append(esc(v.posterName())).append("\" alt=\"\" loading=\"lazy\">")
                        .append("<span class=\"thumb-duration\">").append(Html.duration(v.durationMs())).append("</span>");
            } else if ("failed".equals(v.status())) {
                c.append("<span class=\"thumb-state\">Could not prepare this video</span>");
            } else {
                c.append("<span class=\"thumb-state\"><span class=\"spinner\" aria-hidden=\"true\"></span>Preparing sample video\u2026</span>");
            }
            c.append("</div>\n<div class=\"card-body\"><h3>").append(esc(v.title())).append("</h3><p class=\"muted\">");
            if (v.ready()) {
                c.append(v.width()).append("\u00d7").append(v.height()).append(" · ").append(Html.bytes(v.sizeBytes()));
            } else if ("failed".equals(v.status())) {
                c.append(esc(v.failure()));
            } else {
                c.append("Being generated; it appears here when ready");
            }
            c.append("</p></div>\n</a>\n");
        }
        if (videos.isEmpty()) {
            c.append("<p class=\"muted\">No videos yet.</p>\n");
        }
        c.append("</div>\n");
        if (viewer.canEdit()) {
            c.append("<section class=\"panel upload\" id=\"upload\">\n<h2>Upload a video</h2>\n")
                    .append("<form method=\"post\" action=\"/videos\" enctype=\"multipart/form-data\" id=\"upload-form\">\n")
                    .append("<div class=\"field\"><label for=\"upload-title\">Title</label>")
                    .append("<input id=\"upload-title\" name=\"title\" maxlength=\"200\" placeholder=\"Defaults to the file name\" value=\"")
                    .append(esc(uploadTitle)).append("\"></div>\n")
                    .append("<div class=\"field\"><label for=\"upload-file\">Video file</label>")
                    .append("<input id=\"upload-file\" name=\"file\" type=\"file\" accept=\"video/*,audio/*,.mp4,.m4v,.mov,.webm,.mkv,.m4a,.mp3,.wav,.ogg,.flac\" required></div>\n")
                    .append("<div class=\"form-foot\"><button type=\"submit\" class=\"btn btn-primary\" id=\"upload-submit\">Upload</button>")
                    .append("<span class=\"muted\">Up to ").append(uploadMaxMb >= 1024 && uploadMaxMb % 1024 == 0
                            ? uploadMaxMb / 1024 + " GB" : uploadMaxMb + " MB")
                    .append(". MP4 (H.264) or WebM play in every browser; exports of any format FFmpeg reads work.</span></div>\n")
                    .append("<p class=\"error\" id=\"upload-client-error\" role=\"alert\" hidden></p>\n")
                    .append("</form>\n</section>\n");
        }
        return shell(libraryName, "library", viewer, "library", c.toString(), data);
    }

    // ------------------------------------------------------------------ settings

    String settings(Viewer viewer, List<DemoData.Member> members) {
        Map<String, Object> data = baseData(viewer);
        StringBuilder c = new StringBuilder();
        c.append("<section class=\"page-head\"><div><h1>Library settings</h1><p class=\"muted\">")
                .append(esc(libraryName)).append("</p></div></section>\n");
        if (viewer.role().isEmpty()) {
            c.append("<p class=\"alert\">You are not a member of this library.</p>");
            return shell("Settings", "settings", viewer, "settings", c.toString(), null);
        }
        c.append("<section class=\"panel\" id=\"sharing-settings\">\n<h2>Sharing</h2>\n")
                .append("<div class=\"switch-row\"><label class=\"switch\"><input type=\"checkbox\" id=\"sharing-switch\" role=\"switch\" disabled>")
                .append("<span class=\"slider\" aria-hidden=\"true\"></span><span class=\"switch-label\" id=\"sharing-state\">Loading\u2026</span></label></div>\n")
                .append("<p class=\"muted\">When sharing is on, editors can create links to moments of this library\u2019s videos: ")
                .append("public or members-only, with a password, an expiry and downloads if they like. Turning it off stops new links; ")
                .append("links that exist keep working until someone revokes them.</p>\n");
        if (!viewer.canManage()) {
            c.append("<p class=\"readonly-note\" id=\"sharing-readonly\">Only the owner or an admin can change this. You are ")
                    .append(viewer.role().map(r -> "a" + (r == Role.EDITOR ? "n " : " ") + Html.role(r).toLowerCase()).orElse("not a member"))
                    .append(" of ").append(esc(libraryName)).append(".</p>\n");
        }
        c.append("<p class=\"error\" id=\"sharing-error\" role=\"alert\" hidden></p>\n</section>\n")
                .append("<section class=\"panel\">\n<h2>Members</h2>\n<table class=\"table\"><thead><tr><th>Name</th><th>Role</th><th>Can</th></tr></thead><tbody>\n");
        for (DemoData.Member m : members) {
            c.append("<tr><td><span class=\"avatar\" aria-hidden=\"true\">").append(esc(m.user().name().substring(0, 1)))
                    .append("</span> ").append(esc(m.user().name())).append("</td><td><span class=\"role-tag role-")
                    .append(m.role().name().toLowerCase()).append("\">").append(Html.role(m.role())).append("</span></td><td class=\"muted\">")
                    .append(switch (m.role()) {
                        case OWNER, ADMIN -> "everything, including the sharing switch and clearing lockouts";
                        case EDITOR -> "mark moments, export, create, revoke and delete links";
                        case VIEWER -> "watch, see links and their views";
                    }).append("</td></tr>\n");
        }
        c.append("</tbody></table>\n</section>\n")
                .append("<section class=\"panel\">\n<h2>For developers</h2>\n<p class=\"muted\">Everything on these pages goes through ")
                .append("Clipshare\u2019s management API, authenticated by the demo\u2019s <code>HttpAccessPolicy</code>. ")
                .append("Its contract: <a href=\"/api/openapi.json\">/api/openapi.json</a>.</p>\n</section>\n");
        return shell("Settings", "settings", viewer, "settings", c.toString(), data);
    }

    // ------------------------------------------------------------------ video

    String video(Viewer viewer, DemoData.Video v) {
        Map<String, Object> data = baseData(viewer);
        Map<String, Object> video = new LinkedHashMap<>();
        video.put("id", v.id());
        video.put("title", v.title());
        video.put("status", v.status());
        video.put("duration_ms", v.durationMs());
        data.put("video", video);
        StringBuilder c = new StringBuilder();
        c.append("<nav class=\"crumbs\"><a href=\"/\">").append(esc(libraryName)).append("</a> <span aria-hidden=\"true\">/</span> ")
                .append(esc(v.title())).append("</nav>\n")
                .append("<div class=\"video-layout\">\n<div class=\"video-main\">\n<div class=\"player-wrap\">");
        if (v.ready()) {
            c.append("<video id=\"player\" controls playsinline preload=\"auto\" src=\"/media/").append(esc(v.fileName()))
                    .append("\" poster=\"/media/").append(esc(v.posterName())).append("\"></video>");
        } else if ("failed".equals(v.status())) {
            c.append("<div class=\"player-state\">").append(esc(v.failure())).append("</div>");
        } else {
            c.append("<div class=\"player-state\" id=\"preparing\"><span class=\"spinner\" aria-hidden=\"true\"></span>")
                    .append("Preparing sample video\u2026 this page updates when it is ready.</div>");
        }
        c.append("</div>\n<div class=\"video-title\"><h1>").append(esc(v.title())).append("</h1>");
        if (v.ready()) {
            c.append("<p class=\"muted\">").append(Html.duration(v.durationMs())).append(" · ").append(v.width()).append("\u00d7")
                    .append(v.height()).append(" · ").append(esc(v.videoCodec())).append(" · ").append(Html.bytes(v.sizeBytes()))
                    .append("</p>");
            if (!new VideoProbe.Facts(v.durationMs(), v.width(), v.height(), v.videoCodec(), "", v.sizeBytes()).browserPlayable()) {
                c.append("<p class=\"notice\">Browsers may not play ").append(esc(v.videoCodec()))
                        .append(" video here, but exports of it work: they are H.264 MP4.</p>");
            }
        }
        c.append("</div>\n");
        if (v.ready() && viewer.canEdit()) {
            c.append("<section class=\"panel\" id=\"mark\">\n<h2>Mark a moment</h2>\n")
                    .append("<p class=\"muted\">Play or scrub to where the moment starts and press <em>Set start here</em>, then do the same for its end.</p>\n")
                    .append("<div class=\"mark-grid\">\n")
                    .append("<div class=\"field\"><label for=\"mark-start\">Start (seconds)</label><div class=\"input-group\">")
                    .append("<input id=\"mark-start\" type=\"number\" min=\"0\" step=\"0.1\" value=\"0\">")
                    .append("<button type=\"button\" class=\"btn\" id=\"set-start\">Set start here</button></div></div>\n")
                    .append("<div class=\"field\"><label for=\"mark-end\">End (seconds)</label><div class=\"input-group\">")
                    .append("<input id=\"mark-end\" type=\"number\" min=\"0\" step=\"0.1\" value=\"\">")
                    .append("<button type=\"button\" class=\"btn\" id=\"set-end\">Set end here</button></div></div>\n")
                    .append("<div class=\"field field-wide\"><label for=\"mark-name\">Name</label>")
                    .append("<input id=\"mark-name\" maxlength=\"100\" placeholder=\"e.g. The big reveal\"></div>\n")
                    .append("</div>\n<div class=\"form-foot\"><button type=\"button\" class=\"btn btn-primary\" id=\"save-moment\">Save moment</button>")
                    .append("<span class=\"muted\" id=\"mark-length\"></span></div>\n")
                    .append("<p class=\"error\" id=\"mark-error\" role=\"alert\" hidden></p>\n</section>\n");
        }
        c.append("</div>\n<aside class=\"video-side\">\n<section class=\"panel\" id=\"moments-panel\">\n<h2>Moments</h2>\n")
                .append("<ul class=\"moments\" id=\"moments\"><li class=\"muted\">Loading\u2026</li></ul>\n</section>\n</aside>\n</div>\n");
        c.append(shareDialog(viewer));
        return shell(v.title(), "video", viewer, "library", c.toString(), data);
    }

    private String shareDialog(Viewer viewer) {
        StringBuilder c = new StringBuilder();
        c.append("<dialog id=\"share-dialog\" class=\"dialog\" aria-labelledby=\"share-heading\">\n")
                .append("<div class=\"dialog-head\"><h2 id=\"share-heading\">Share</h2>")
                .append("<button type=\"button\" class=\"btn btn-ghost\" id=\"share-close\" aria-label=\"Close\">\u2715</button></div>\n")
                .append("<p class=\"muted\" id=\"share-subtitle\"></p>\n")
                .append("<p class=\"notice\" id=\"share-disabled\" hidden>Sharing is off for ").append(esc(libraryName)).append(". ")
                .append(viewer.canManage() ? "Turn it on in <a href=\"/settings\">Settings</a> to create links."
                        : "The owner can turn it on in Settings.")
                .append("</p>\n");
        if (viewer.canEdit()) {
            c.append("<form id=\"share-form\" class=\"share-form\" autocomplete=\"off\">\n")
                    .append("<p class=\"editing\" id=\"share-editing\" hidden></p>\n")
                    .append("<div class=\"field\"><label for=\"share-title\">Title viewers see</label>")
                    .append("<input id=\"share-title\" name=\"title\" maxlength=\"200\"></div>\n")
                    .append("<div class=\"form-row\">\n")
                    .append("<div class=\"field\"><label for=\"share-visibility\">Who can open it</label><select id=\"share-visibility\" name=\"visibility\">")
                    .append("<option value=\"public\">Anyone with the link</option>")
                    .append("<option value=\"private\">Only members of ").append(esc(libraryName)).append("</option></select></div>\n")
                    .append("<div class=\"field\"><label for=\"share-expiry\">Expires</label><select id=\"share-expiry\" name=\"expiry\">")
                    .append("<option value=\"\">Never</option><option value=\"1\">In 1 day</option><option value=\"7\">In 7 days</option>")
                    .append("<option value=\"30\">In 30 days</option><option value=\"date\">On a date\u2026</option></select>")
                    .append("<input id=\"share-expires-at\" type=\"datetime-local\" hidden aria-label=\"Expiry date and time\"></div>\n")
                    .append("</div>\n")
                    .append("<div class=\"form-row\">\n")
                    .append("<div class=\"field\"><label for=\"share-password\">Password <span class=\"muted\">(optional)</span></label>")
                    .append("<input id=\"share-password\" name=\"password\" type=\"password\" autocomplete=\"new-password\" maxlength=\"72\">")
                    .append("<label class=\"check\" id=\"share-password-remove-field\" hidden><input type=\"checkbox\" id=\"share-password-remove\">")
                    .append(" Remove the password</label></div>\n")
                    .append("<div class=\"field field-check\"><label class=\"check\"><input type=\"checkbox\" id=\"share-download\" name=\"allow_download\">")
                    .append(" Allow download</label></div>\n")
                    .append("</div>\n")
                    .append("<div class=\"form-foot\"><button type=\"submit\" class=\"btn btn-primary\" id=\"share-create\">Create link</button>")
                    .append("<button type=\"button\" class=\"btn\" id=\"share-cancel-edit\" hidden>Cancel</button></div>\n")
                    .append("<p class=\"error\" id=\"share-error\" role=\"alert\" hidden></p>\n")
                    .append("</form>\n");
        } else {
            c.append("<p class=\"readonly-note\" id=\"share-readonly\">As a ")
                    .append(viewer.role().map(r -> Html.role(r).toLowerCase()).orElse("non-member"))
                    .append(" you can see this moment\u2019s links and their views, but not create or change them.</p>\n");
        }
        c.append("<h3 class=\"links-heading\">Links to this moment</h3>\n<ul class=\"links\" id=\"share-links\"></ul>\n</dialog>\n");
        return c.toString();
    }

    // ------------------------------------------------------------------ errors

    String error(Viewer viewer, String heading, String message) {
        String c = "<section class=\"empty\" id=\"error-page\"><h1>" + esc(heading) + "</h1><p class=\"lead\">" + esc(message)
                + "</p><p><a class=\"btn\" href=\"/\">Back to the library</a></p></section>";
        return shell(heading, "error", viewer, null, c, null);
    }
}

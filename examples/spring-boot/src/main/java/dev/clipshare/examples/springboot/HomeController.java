package dev.clipshare.examples.springboot;

import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/** The app's own pages, as far as this example needs them. */
@Controller
class HomeController {
    private final VideoLibrary videos;

    HomeController(VideoLibrary videos) {
        this.videos = videos;
    }

    @GetMapping(value = "/", produces = "text/plain")
    @ResponseBody
    String home(Authentication user) throws IOException {
        return "Signed in as " + user.getName() + " " + user.getAuthorities() + ".\n"
                + "Videos in " + videos.folder() + ": " + videos.ids() + "\n"
                + "Share one: POST /api/shares {\"source_id\": \"<video>\"} (see /api/openapi.json).\n";
    }

    /** Where {@link TeamAccessPolicy#loginUrl} sends a signed-out visitor of a private link: signed in, back to the link. */
    @GetMapping("/signin")
    String signIn(@RequestParam String next) {
        return "redirect:" + (next.startsWith("/s/") ? next : "/");   // back to a share page only: no open redirect
    }
}

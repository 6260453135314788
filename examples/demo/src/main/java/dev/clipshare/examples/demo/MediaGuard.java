package dev.clipshare.examples.demo;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lets only members of a video's library fetch its source file and poster under {@code /media/};
 * everyone else, and every other file of the folder (temporary files of uploads and of the sample
 * being made), gets a 404. The bytes themselves, with ranges, come from Jetty's resource servlet.
 * Share links never use these URLs: they serve exported clips through Clipshare.
 */
final class MediaGuard extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final Pattern NAME = Pattern.compile("/media/(([A-Za-z0-9-]{1,64})\\.[a-z0-9]{1,5})");

    private final transient DemoData data;
    private final transient SignIn signIn;

    MediaGuard(DemoData data, SignIn signIn) {
        this.data = data;
        this.signIn = signIn;
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
        Matcher m = NAME.matcher(req.getRequestURI().substring(req.getContextPath().length()));
        Optional<String> user = signIn.userId(req);
        boolean allowed = m.matches() && user.isPresent() && data.video(m.group(2))
                .filter(v -> v.ready() && (v.fileName().equals(m.group(1)) || v.posterName().equals(m.group(1))))
                .filter(v -> data.role(user.get(), v.libraryId()).isPresent())
                .isPresent();
        if (!allowed) {
            res.sendError(404);
            return;
        }
        res.setHeader("Cache-Control", "private, no-cache");
        chain.doFilter(req, res);
    }
}

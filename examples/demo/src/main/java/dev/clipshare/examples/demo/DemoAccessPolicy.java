package dev.clipshare.examples.demo;

import dev.clipshare.core.Principal;
import dev.clipshare.core.Role;
import dev.clipshare.core.Target;
import dev.clipshare.servlet.HttpAccessPolicy;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * The one interface the demo implements for Clipshare, answered from its own tables:
 * <ul>
 *   <li>the principal is the user of the signed sign-in cookie ({@link SignIn});</li>
 *   <li>a video belongs to the library it was uploaded to, and a segment is one of the moments
 *       marked in that video (segment id = moment id); a video still being prepared is not
 *       known yet, so nothing can be shared or exported from it before it is ready;</li>
 *   <li>roles come from the library's memberships;</li>
 *   <li>share pages say who shared the clip (the member's name as they signed in) and from
 *       which library;</li>
 *   <li>a signed-out visitor of a private link is sent to the sign-in page, and comes back to
 *       the link afterwards; a member sees "Open in the library", which leads to the video page.</li>
 * </ul>
 * Thread-safe; it creates no session for anyone.
 */
public final class DemoAccessPolicy implements HttpAccessPolicy {
    private final DemoData data;
    private final SignIn signIn;

    public DemoAccessPolicy(DemoData data, SignIn signIn) {
        this.data = Objects.requireNonNull(data, "data");
        this.signIn = Objects.requireNonNull(signIn, "signIn");
    }

    @Override
    public Optional<Principal> principal(HttpServletRequest request) {
        return signIn.userId(request).flatMap(data::user).map(u -> new Principal(u.id(), u.name()));
    }

    @Override
    public Optional<String> libraryOf(Target target) {
        Optional<DemoData.Video> video = data.video(target.sourceId()).filter(DemoData.Video::ready);
        if (video.isEmpty()) {
            return Optional.empty();
        }
        if (target.isSegment() && data.moment(video.get().id(), target.segmentId()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(video.get().libraryId());
    }

    @Override
    public Optional<Role> roleOf(Principal principal, String libraryId) {
        return data.role(principal.id(), libraryId);
    }

    @Override
    public Optional<String> loginUrl(String returnTo) {
        return Optional.of("/signin?next=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8));
    }

    @Override
    public Optional<String> sharerName(Principal creator) {
        return data.user(creator.id()).map(DemoData.User::name);
    }

    @Override
    public Optional<String> libraryName(String libraryId) {
        return DemoData.LIBRARY.equals(libraryId) ? Optional.of("Studio") : Optional.empty();
    }

    @Override
    public Optional<String> libraryUrl(String libraryId, Target target) {
        return Optional.of("/videos/" + URLEncoder.encode(target.sourceId(), StandardCharsets.UTF_8)
                + target.segment().map(s -> "#moment-" + URLEncoder.encode(s, StandardCharsets.UTF_8)).orElse(""));
    }
}

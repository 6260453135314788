package dev.clipshare.examples.springboot;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.clipshare.core.Principal;
import dev.clipshare.core.Role;
import dev.clipshare.core.Target;
import dev.clipshare.servlet.HttpAccessPolicy;
import java.net.URLEncoder;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.security.provisioning.UserDetailsManager;
import org.springframework.stereotype.Component;

/**
 * All of Clipshare in this app (the starter builds the rest): Clipshare's questions, answered from
 * the app's own users and videos. The user of a request is Spring Security's (HttpAccessPolicy's
 * default reads it from the request); the team is the one library and owns every video; a user's
 * Spring role says their Clipshare role in it.
 */
@Component
record TeamAccessPolicy(UserDetailsManager users, VideoLibrary videos) implements HttpAccessPolicy {
    private static final Map<String, Role> ROLES = Map.of("ROLE_LEAD", Role.OWNER, "ROLE_EDITOR", Role.EDITOR, "ROLE_MEMBER", Role.VIEWER);

    public Optional<String> libraryOf(Target target) {
        return videos.find(target.sourceId()).map(video -> "team");
    }

    public Optional<Role> roleOf(Principal principal, String libraryId) {   // empty: another library, or a user removed since
        return libraryId.equals("team") && users.userExists(principal.id())
                ? users.loadUserByUsername(principal.id()).getAuthorities().stream().map(a -> ROLES.get(a.getAuthority()))
                        .filter(Objects::nonNull).max(Comparator.naturalOrder())
                : Optional.empty();
    }

    public Optional<String> loginUrl(String returnTo) {   // a signed-out visitor of a private link signs in, then comes back
        return Optional.of("/signin?next=" + URLEncoder.encode(returnTo, UTF_8));
    }
}

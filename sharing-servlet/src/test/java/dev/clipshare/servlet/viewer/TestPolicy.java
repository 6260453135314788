package dev.clipshare.servlet.viewer;

import dev.clipshare.core.Principal;
import dev.clipshare.core.Role;
import dev.clipshare.core.Target;
import dev.clipshare.servlet.HttpAccessPolicy;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The host app of the viewer tests: a user is signed in when the request carries the cookie
 * {@code test-user=<id>}; library {@code team-1} owns every {@code video-*} source and has an
 * owner, an editor and a viewer; {@code mallory} is signed in but a member of nothing.
 */
public final class TestPolicy implements HttpAccessPolicy {
    public static final String LIBRARY = "team-1";
    public static final Principal OWNER = Principal.of("olivia");
    public static final Principal EDITOR = Principal.of("edith");
    public static final Principal VIEWER = Principal.of("victor");
    public static final Principal STRANGER = Principal.of("mallory");

    private static final Map<String, Role> MEMBERS = Map.of(
            OWNER.id(), Role.OWNER, EDITOR.id(), Role.EDITOR, VIEWER.id(), Role.VIEWER);

    private final boolean loginPage;

    /** A host with a login page at {@code /login}. */
    public TestPolicy() {
        this(true);
    }

    /** A host with ({@code true}) or without a login page for signed-out visitors of private links. */
    public TestPolicy(boolean loginPage) {
        this.loginPage = loginPage;
    }

    @Override
    public Optional<Principal> principal(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (c.getName().equals("test-user") && !c.getValue().isEmpty()) {
                    return Optional.of(Principal.of(c.getValue()));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> libraryOf(Target target) {
        return target.sourceId().startsWith("video-") ? Optional.of(LIBRARY) : Optional.empty();
    }

    @Override
    public Optional<Role> roleOf(Principal user, String libraryId) {
        return LIBRARY.equals(libraryId) ? Optional.ofNullable(MEMBERS.get(user.id())) : Optional.empty();
    }

    @Override
    public Optional<String> loginUrl(String returnTo) {
        return loginPage ? Optional.of("/login?next=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8)) : Optional.empty();
    }

    @Override
    public Optional<String> sharerName(Principal creator) {
        return Optional.of(Character.toUpperCase(creator.id().charAt(0)) + creator.id().substring(1));
    }

    @Override
    public Optional<String> libraryName(String libraryId) {
        return LIBRARY.equals(libraryId) ? Optional.of("Team One") : Optional.empty();
    }

    @Override
    public Optional<String> libraryUrl(String libraryId, Target target) {
        return Optional.of("/library/" + libraryId + "/" + target.sourceId());
    }
}

package dev.clipshare.servlet.viewer;

import static dev.clipshare.servlet.viewer.Http.get;
import static dev.clipshare.servlet.viewer.Http.text;
import static dev.clipshare.servlet.viewer.JsonClient.grant;
import static dev.clipshare.servlet.viewer.JsonClient.grantToken;
import static dev.clipshare.servlet.viewer.JsonClient.json;
import static dev.clipshare.servlet.viewer.JsonClient.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.CreateShareRequest;
import dev.clipshare.core.ShareDetails;
import dev.clipshare.core.ShareUpdate;
import dev.clipshare.core.Visibility;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's host endpoint ({@link ShareCommentsServlet} at {@code /comments}) shows a clip's
 * comments to holders of a valid grant for that clip's link, and to nobody else.
 */
class ShareCommentsExampleTest {
    private static final String PASSWORD = "blue-heron";
    private static ViewerHost host;

    @BeforeAll
    static void start() {
        host = new ViewerHost();
    }

    @AfterAll
    static void stop() throws Exception {
        host.close();
    }

    private static ShareDetails withComments(UnaryOperator<CreateShareRequest.Builder> tweak, String text) {
        ShareDetails d = host.readyShare(tweak);
        host.comments.put(d.target(), List.of(new ShareCommentsServlet.Comment("Ana", text)));
        return d;
    }

    private static HttpResponse<byte[]> comments(String grant) {
        return get(host.url("/comments"), "Authorization", "Bearer " + grant);
    }

    private static void assertRefused(String what, HttpResponse<byte[]> r) {
        assertThat(r.statusCode()).as(what).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).as(what).hasValue("Bearer realm=\"share\"");
        assertThat(text(r)).as(what).doesNotContain("comment");
    }

    @Test
    void aValidGrantShowsTheCommentsOfItsOwnClipOnly() {
        ShareDetails open = withComments(b -> b, "Nice goal");
        ShareDetails locked = withComments(b -> b.password(PASSWORD), "Secret remark");

        HttpResponse<byte[]> r = comments(grantToken(host, open, null));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(MiniJson.parse(text(r))).isEqualTo(Map.of("comments", List.of(Map.of("author", "Ana", "text", "Nice goal"))));

        String lockedGrant = grantToken(host, locked, PASSWORD);
        assertThat(text(comments(lockedGrant))).contains("Secret remark").doesNotContain("Nice goal");
        ShareDetails privateShare = withComments(b -> b.visibility(Visibility.PRIVATE), "Team note");
        String member = (String) json(grant(host, privateShare, "{}", "Cookie", "test-user=" + TestPolicy.VIEWER.id())).get("grant_token");
        assertThat(text(comments(member))).contains("Team note");
    }

    @Test
    void everyoneElseIsRefused() {
        ShareDetails revoked = withComments(b -> b, "revoked");
        ShareDetails deleted = withComments(b -> b, "deleted");
        ShareDetails changed = withComments(b -> b.password(PASSWORD), "changed");
        ShareDetails expiring = withComments(b -> b.expiresAt(host.clock.instant().plus(Duration.ofHours(1))), "expiring");
        String revokedGrant = grantToken(host, revoked, null);
        String deletedGrant = grantToken(host, deleted, null);
        String changedGrant = grantToken(host, changed, PASSWORD);
        String expiringGrant = grantToken(host, expiring, null);
        for (String g : List.of(revokedGrant, deletedGrant, changedGrant, expiringGrant)) {
            assertThat(comments(g).statusCode()).isEqualTo(200);
        }
        host.sharing.revokeShare(TestPolicy.EDITOR, revoked.id());
        host.sharing.deleteShare(TestPolicy.EDITOR, deleted.id());
        host.sharing.updateShare(TestPolicy.EDITOR, changed.id(), ShareUpdate.builder().password("new-password").build());
        assertRefused("revoked", comments(revokedGrant));
        assertRefused("deleted", comments(deletedGrant));
        assertRefused("password changed", comments(changedGrant));

        char last = changedGrant.charAt(changedGrant.length() - 1);
        assertRefused("tampered", comments(changedGrant.substring(0, changedGrant.length() - 1) + (last == 'A' ? 'B' : 'A')));
        assertRefused("garbage", comments("not-a-grant"));
        assertRefused("no header", get(host.url("/comments")));
        ShareDetails other = withComments(b -> b.password(PASSWORD), "other");
        String stream = (String) json(status(host, other, "Authorization", "Bearer " + grantToken(host, other, PASSWORD))).get("mp4_url");
        assertRefused("a stream signature is no grant", comments(stream.substring(stream.indexOf("sig=") + 4)));

        host.clock.advance(Duration.ofHours(2));
        assertRefused("link expired", comments(expiringGrant));
        String fresh = grantToken(host, withComments(b -> b, "fresh"), null);
        host.clock.advance(Duration.ofHours(24).plusSeconds(61));
        assertRefused("grant expired", comments(fresh));
    }
}

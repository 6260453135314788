package dev.clipshare.servlet.api;

import static dev.clipshare.servlet.api.TestHost.ADMIN;
import static dev.clipshare.servlet.api.TestHost.EDITOR;
import static dev.clipshare.servlet.api.TestHost.OWNER;
import static dev.clipshare.servlet.api.TestHost.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.ShareAccess;
import dev.clipshare.core.ViewRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The library switch over HTTP: off by default, owner and admin flip it, off stops only new links. */
class SharingSwitchTest extends ApiTestBase {

    @Override
    TestHost createHost() {
        return new TestHost(); // sharing still off, as in a new library
    }

    @Test
    void aLibraryStartsWithSharingOffAndAnyMemberMayReadTheSwitch() {
        JsonNode sharing = assertJson(http.as(VIEWER).get("/libraries/team-1/sharing"), 200);

        assertThat(sharing.get("object").stringValue()).isEqualTo("library_sharing");
        assertThat(sharing.get("library_id").stringValue()).isEqualTo("team-1");
        assertThat(sharing.get("sharing_enabled").booleanValue()).isFalse();
        assertProblem(http.as(EDITOR).post("/shares", "{\"source_id\": \"video-1\"}"), 403, "sharing-disabled");
    }

    @Test
    void anOwnerTurnsItOnAndAnAdminOff() {
        JsonNode on = assertJson(http.as(OWNER).put("/libraries/team-1/sharing", "{\"sharing_enabled\": true}"), 200);
        assertThat(on.get("sharing_enabled").booleanValue()).isTrue();
        assertThat(assertJson(http.as(EDITOR).get("/libraries/team-1/sharing"), 200).get("sharing_enabled").booleanValue()).isTrue();
        assertJson(http.as(EDITOR).post("/shares", "{\"source_id\": \"video-1\"}"), 201);

        JsonNode off = assertJson(http.as(ADMIN).put("/libraries/team-1/sharing", "{\"sharing_enabled\": false}"), 200);

        assertThat(off.get("sharing_enabled").booleanValue()).isFalse();
        assertThat(host.sharing.isSharingEnabled(OWNER, TestHost.LIBRARY)).isFalse();
    }

    @Test
    void turningSharingOffRefusesNewLinksButExistingLinksKeepWorking() {
        assertJson(http.as(OWNER).put("/libraries/team-1/sharing", "{\"sharing_enabled\": true}"), 200);
        JsonNode link = createShare("{\"source_id\": \"video-1\", \"title\": \"Goal\"}");
        String id = link.get("id").stringValue();
        String token = ShareEndpointsTest.token(link);
        host.exportEverything();

        assertJson(http.as(OWNER).put("/libraries/team-1/sharing", "{\"sharing_enabled\": false}"), 200);

        assertProblem(http.as(EDITOR).post("/shares", "{\"source_id\": \"video-1\"}"), 403, "sharing-disabled");
        assertProblem(http.as(OWNER).post("/shares", "{\"source_id\": \"video-2\"}"), 403, "sharing-disabled");
        JsonNode still = assertJson(http.as(VIEWER).get("/shares/" + id), 200);
        assertThat(still.get("status").stringValue()).isEqualTo("completed");
        assertThat(still.get("share_url")).isEqualTo(link.get("share_url"));
        assertThat(still.get("stream_url").isNull()).isFalse();
        assertThat(host.sharing.resolve(ViewRequest.page(token))).isInstanceOf(ShareAccess.Ready.class);
        assertThat(assertJson(http.as(VIEWER).get("/shares?source_id=video-1"), 200).get("data")).hasSize(1);
        assertJson(http.as(EDITOR).patch("/shares/" + id, "{\"title\": \"Renamed while off\"}"), 200);
        assertThat(host.sharing.resolve(ViewRequest.page(token))).isInstanceOf(ShareAccess.Ready.class);
    }

    @Test
    void theSwitchBodyIsCheckedNamingTheField() {
        assertInvalid(http.as(OWNER).put("/libraries/team-1/sharing", "{}"), "sharing_enabled");
        assertInvalid(http.as(OWNER).put("/libraries/team-1/sharing", "{\"sharing_enabled\": \"yes\"}"), "sharing_enabled");
        assertInvalid(http.as(OWNER).put("/libraries/team-1/sharing", "{\"sharing_enabled\": null}"), "sharing_enabled");
        assertInvalid(http.as(OWNER).put("/libraries/team-1/sharing", "{\"sharing_enabled\": true, \"everyone\": true}"), "everyone");
        assertProblem(http.as(OWNER).contentType("application/x-www-form-urlencoded").put("/libraries/team-1/sharing",
                "sharing_enabled=true"), 415, "unsupported-media-type");
        assertThat(host.sharing.isSharingEnabled(OWNER, TestHost.LIBRARY)).isFalse();
    }

    @Test
    void aLibraryIdIsAPathSegmentAndMayBePercentEncoded() {
        assertProblem(http.as(OWNER).get("/libraries/team%2D404/sharing"), 404, "not-found");
        assertThat(assertJson(http.as(OWNER).get("/libraries/team%2D1/sharing"), 200).get("library_id").stringValue())
                .isEqualTo("team-1");
    }
}

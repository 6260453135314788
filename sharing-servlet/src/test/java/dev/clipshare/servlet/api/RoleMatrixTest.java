package dev.clipshare.servlet.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.ClipRange;
import dev.clipshare.core.CreateShareRequest;
import dev.clipshare.core.Principal;
import dev.clipshare.core.ShareDetails;
import dev.clipshare.servlet.internal.api.Endpoint;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may do what, over HTTP: six callers (owner, admin, editor, viewer, a member of another
 * library, nobody) times every operation of the API. Members below the needed role hear 403,
 * non-members 404 (as if the thing did not exist), anonymous callers 401.
 */
class RoleMatrixTest extends ApiTestBase {

    enum Caller {
        OWNER(TestHost.OWNER), ADMIN(TestHost.ADMIN), EDITOR(TestHost.EDITOR), VIEWER(TestHost.VIEWER),
        NON_MEMBER(TestHost.OUTSIDER), ANONYMOUS(null);

        final Principal principal;

        Caller(Principal principal) {
            this.principal = principal;
        }
    }

    /** The least role an operation needs; {@code null} for the document, which needs no sign-in. */
    private static final Map<Endpoint, Caller> LEAST = Map.ofEntries(
            Map.entry(Endpoint.OPENAPI, Caller.ANONYMOUS),
            Map.entry(Endpoint.CREATE_SHARE, Caller.EDITOR),
            Map.entry(Endpoint.LIST_SHARES, Caller.VIEWER),
            Map.entry(Endpoint.GET_SHARE, Caller.VIEWER),
            Map.entry(Endpoint.UPDATE_SHARE, Caller.EDITOR),
            Map.entry(Endpoint.DELETE_SHARE, Caller.EDITOR),
            Map.entry(Endpoint.REVOKE_SHARE, Caller.EDITOR),
            Map.entry(Endpoint.CLEAR_LOCKOUT, Caller.ADMIN),
            Map.entry(Endpoint.GET_SHARING, Caller.VIEWER),
            Map.entry(Endpoint.SET_SHARING, Caller.ADMIN),
            Map.entry(Endpoint.START_EXPORT, Caller.EDITOR),
            Map.entry(Endpoint.LATEST_EXPORT, Caller.VIEWER),
            Map.entry(Endpoint.GET_EXPORT, Caller.VIEWER));

    private static final Set<Caller> MEMBERS = EnumSet.of(Caller.OWNER, Caller.ADMIN, Caller.EDITOR, Caller.VIEWER);

    private ShareDetails share;
    private String exportId;

    @BeforeEach
    void aShareAndAnExportExist() {
        share = host.sharing.createShare(TestHost.EDITOR, CreateShareRequest.builder(TestHost.VIDEO).title("Goal").build());
        exportId = host.sharing.requestExport(TestHost.EDITOR, TestHost.MOMENT, ClipRange.ofSeconds(1, 5)).id().value();
    }

    static Stream<Arguments> everyCallerTimesEveryOperation() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint endpoint : Endpoint.values()) {
            for (Caller caller : Caller.values()) {
                cases.add(Arguments.of(endpoint, caller, expected(endpoint, caller)));
            }
        }
        return cases.stream();
    }

    private static int expected(Endpoint endpoint, Caller caller) {
        Caller least = LEAST.get(endpoint);
        if (least == Caller.ANONYMOUS) {
            return 200;
        }
        if (caller == Caller.ANONYMOUS) {
            return 401;
        }
        if (!MEMBERS.contains(caller)) {
            return 404;
        }
        // Caller's constants run from the most to the least rights
        if (caller.ordinal() > least.ordinal()) {
            return 403;
        }
        return switch (endpoint) {
            case CREATE_SHARE -> 201;
            case DELETE_SHARE -> 204;
            case START_EXPORT -> 202;
            default -> 200;
        };
    }

    @ParameterizedTest(name = "{0} by {1} -> {2}")
    @MethodSource("everyCallerTimesEveryOperation")
    void everyCallerTimesEveryOperation(Endpoint endpoint, Caller caller, int expected) {
        Http.Req req = caller.principal == null ? http.anonymous() : http.as(caller.principal);

        Http.Res res = OPERATIONS.get(endpoint).apply(this, req);

        assertThat(res.status()).as("%s", res).isEqualTo(expected);
        switch (expected) {
            case 401 -> assertProblem(res, 401, "unauthorized");
            case 403 -> assertProblem(res, 403, "forbidden");
            case 404 -> assertProblem(res, 404, "not-found");
            case 204 -> assertThat(res.body()).isEmpty();
            default -> assertThat(res.contentType()).startsWith("application/json");
        }
        boolean changedSomething = expected >= 200 && expected < 300 && endpoint.method().matches("POST|PUT|PATCH|DELETE");
        if (!changedSomething) {
            assertThat(host.sharing.getShare(TestHost.OWNER, share.id()).title()).isEqualTo("Goal");
            assertThat(host.sharing.getShare(TestHost.OWNER, share.id()).isRevoked()).isFalse();
            assertThat(host.sharing.isSharingEnabled(TestHost.OWNER, TestHost.LIBRARY)).isTrue();
        }
    }

    @Test
    void theMatrixCoversEveryRouteTheApiServes() {
        assertThat(OPERATIONS.keySet()).containsExactlyInAnyOrder(Endpoint.values());
        assertThat(LEAST.keySet()).containsExactlyInAnyOrder(Endpoint.values());
    }

    private static final Map<Endpoint, BiFunction<RoleMatrixTest, Http.Req, Http.Res>> OPERATIONS = Map.ofEntries(
            Map.entry(Endpoint.OPENAPI, (t, r) -> r.get("/openapi.json")),
            Map.entry(Endpoint.CREATE_SHARE, (t, r) -> r.post("/shares", "{\"source_id\": \"video-1\"}")),
            Map.entry(Endpoint.LIST_SHARES, (t, r) -> r.get("/shares?source_id=video-1")),
            Map.entry(Endpoint.GET_SHARE, (t, r) -> r.get("/shares/" + t.share.id())),
            Map.entry(Endpoint.UPDATE_SHARE, (t, r) -> r.patch("/shares/" + t.share.id(), "{\"title\": \"Changed\"}")),
            Map.entry(Endpoint.DELETE_SHARE, (t, r) -> r.delete("/shares/" + t.share.id())),
            Map.entry(Endpoint.REVOKE_SHARE, (t, r) -> r.post("/shares/" + t.share.id() + "/revoke", "")),
            Map.entry(Endpoint.CLEAR_LOCKOUT, (t, r) -> r.post("/shares/" + t.share.id() + "/clear-lockout", "")),
            Map.entry(Endpoint.GET_SHARING, (t, r) -> r.get("/libraries/team-1/sharing")),
            Map.entry(Endpoint.SET_SHARING, (t, r) -> r.put("/libraries/team-1/sharing", "{\"sharing_enabled\": false}")),
            Map.entry(Endpoint.START_EXPORT, (t, r) -> r.post("/exports", "{\"source_id\": \"video-1\"}")),
            Map.entry(Endpoint.LATEST_EXPORT, (t, r) -> r.get("/exports/latest?source_id=video-1&segment_id=moment-1")),
            Map.entry(Endpoint.GET_EXPORT, (t, r) -> r.get("/exports/" + t.exportId)));
}

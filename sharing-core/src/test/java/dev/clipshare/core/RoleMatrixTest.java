package dev.clipshare.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every management operation against every role: who may, who is refused (403), who is told "not found" (404). */
class RoleMatrixTest {

    enum Outcome { ALLOWED, DENIED, NOT_FOUND }

    /** An operation, run by a principal against a prepared world. */
    record Operation(String name, Role minimum, BiConsumer<World, Principal> run) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A fresh host with a ready share and an export, per test. */
    static final class World {
        final Host host = new Host();
        final Sharing sharing = host.enabled();
        final ShareDetails share = host.readyShare(sharing, b -> b);
        final Export export = sharing.latestExport(host.owner, host.video).orElseThrow();
    }

    static final List<Operation> OPERATIONS = List.of(
            new Operation("read the sharing switch", Role.VIEWER, (w, p) -> w.sharing.isSharingEnabled(p, Host.LIBRARY)),
            new Operation("turn sharing on or off", Role.ADMIN, (w, p) -> w.sharing.setSharingEnabled(p, Host.LIBRARY, false)),
            new Operation("create a link", Role.EDITOR, (w, p) -> w.sharing.createShare(p, CreateShareRequest.builder(w.host.video).build())),
            new Operation("list links", Role.VIEWER, (w, p) -> w.sharing.listShares(p, ShareQuery.of(w.host.video))),
            new Operation("read a link", Role.VIEWER, (w, p) -> w.sharing.getShare(p, w.share.id())),
            new Operation("change a link", Role.EDITOR, (w, p) -> w.sharing.updateShare(p, w.share.id(), ShareUpdate.builder().title("x").build())),
            new Operation("revoke a link", Role.EDITOR, (w, p) -> w.sharing.revokeShare(p, w.share.id())),
            new Operation("delete a link", Role.EDITOR, (w, p) -> w.sharing.deleteShare(p, w.share.id())),
            new Operation("clear a lockout", Role.ADMIN, (w, p) -> w.sharing.clearLockout(p, w.share.id())),
            new Operation("request an export", Role.EDITOR, (w, p) -> w.sharing.requestExport(p, w.host.video, null)),
            new Operation("read an export", Role.VIEWER, (w, p) -> w.sharing.getExport(p, w.export.id())),
            new Operation("read the latest export", Role.VIEWER, (w, p) -> w.sharing.latestExport(p, w.host.video)));

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Operation op : OPERATIONS) {
            for (Role role : Role.values()) {
                cases.add(Arguments.of(op, role.name(), role.includes(op.minimum()) ? Outcome.ALLOWED : Outcome.DENIED));
            }
            cases.add(Arguments.of(op, "NON_MEMBER", Outcome.NOT_FOUND));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} may {0}: {2}")
    @MethodSource("matrix")
    void roleDecidesWhoMayDoWhat(Operation op, String who, Outcome expected) {
        World w = new World();
        Principal p = switch (who) {
            case "OWNER" -> w.host.owner;
            case "ADMIN" -> w.host.admin;
            case "EDITOR" -> w.host.editor;
            case "VIEWER" -> w.host.viewer;
            default -> w.host.outsider;
        };
        ShareDetails before = w.sharing.getShare(w.host.owner, w.share.id());
        switch (expected) {
            case ALLOWED -> op.run().accept(w, p);
            case DENIED -> assertThatThrownBy(() -> op.run().accept(w, p))
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining(p.id()).hasMessageContaining(op.minimum().name());
            case NOT_FOUND -> assertThatThrownBy(() -> op.run().accept(w, p)).isInstanceOf(NotFoundException.class);
        }
        if (expected != Outcome.ALLOWED) {
            // a refused operation changed nothing the owner can see
            assertThat(w.sharing.getShare(w.host.owner, w.share.id())).isEqualTo(before);
            assertThat(w.sharing.isSharingEnabled(w.host.owner, Host.LIBRARY)).isTrue();
            assertThat(w.sharing.listShares(w.host.owner, ShareQuery.of(w.host.video)).items()).hasSize(1);
        }
    }
}

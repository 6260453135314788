package dev.clipshare.core;

import dev.clipshare.core.spi.SharingStores;
import dev.clipshare.core.memory.InMemoryExportStore;
import dev.clipshare.core.memory.InMemoryMediaStore;
import dev.clipshare.core.memory.InMemoryShareStore;
import dev.clipshare.core.spi.AccessPolicy;
import dev.clipshare.core.spi.CompletionOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small host app for the facade tests: one library ("team") with a member of every role,
 * a few sources, in-memory stores, a hand-moved clock, and the events it received.
 */
final class Host implements AccessPolicy {
    static final String LIBRARY = "team-1";
    static final String OTHER_LIBRARY = "team-2";

    final Principal owner = new Principal("u-owner", "Olivia Owner");
    final Principal admin = new Principal("u-admin", "Adam Admin");
    final Principal editor = new Principal("u-editor", "Edith Editor");
    final Principal viewer = new Principal("u-viewer", "Victor Viewer");
    final Principal outsider = new Principal("u-outsider", "Oscar Outsider");

    final Target video = Target.source("video-1");
    final Target moment = Target.segment("video-1", "moment-1");
    final Target otherTeamVideo = Target.source("video-9");

    final TestClock clock = new TestClock();
    final InMemoryShareStore shares = new InMemoryShareStore();
    final InMemoryExportStore exports = new InMemoryExportStore();
    final InMemoryMediaStore media = new InMemoryMediaStore(clock);
    final List<SharingEvent> events = new CopyOnWriteArrayList<>();
    final SigningKey signingKey = SigningKey.generate("k1");
    final SealingKey sealingKey = SealingKey.generate("s1");
    private final Map<String, Map<String, Role>> members = new ConcurrentHashMap<>();

    Host() {
        members.put(LIBRARY, new ConcurrentHashMap<>(Map.of(
                owner.id(), Role.OWNER, admin.id(), Role.ADMIN, editor.id(), Role.EDITOR, viewer.id(), Role.VIEWER)));
        members.put(OTHER_LIBRARY, new ConcurrentHashMap<>(Map.of(outsider.id(), Role.OWNER)));
    }

    @Override
    public Optional<String> libraryOf(Target target) {
        return switch (target.sourceId()) {
            case "video-1", "video-2" -> Optional.of(LIBRARY);
            case "video-9" -> Optional.of(OTHER_LIBRARY);
            default -> Optional.empty();
        };
    }

    @Override
    public Optional<Role> roleOf(Principal principal, String libraryId) {
        return Optional.ofNullable(members.getOrDefault(libraryId, Map.of()).get(principal.id()));
    }

    Sharing.Builder builder() {
        return Sharing.builder()
                .clock(clock)
                .accessPolicy(this)
                .stores(SharingStores.of(shares, exports))
                .mediaStore(media)
                .eventListener(events::add)
                .signingKeys(signingKey)
                .sealingKeys(sealingKey)
                .bcryptCost(10)
                .publicBaseUrl("https://clips.example.com");
    }

    Sharing sharing() {
        return builder().build();
    }

    /** Sharing with sharing enabled in the team library. */
    Sharing enabled() {
        Sharing s = sharing();
        s.setSharingEnabled(owner, LIBRARY, true);
        return s;
    }

    static final ExportArtifacts ARTIFACTS = new ExportArtifacts(Duration.ofSeconds(8), 1280, 720, 1_000_000, "h264", "aac", true);

    /** Runs every waiting export job to completion, as a worker would. */
    void exportEverything(Sharing sharing) {
        Optional<ExportJob> job;
        while ((job = sharing.exportQueue().claim("test-worker")).isPresent()) {
            if (sharing.exportQueue().complete(job.get(), ARTIFACTS) != CompletionOutcome.COMPLETED) {
                throw new AssertionError("export did not complete");
            }
        }
    }

    /** Creates a ready share of {@link #video} with the given request tweaks. */
    ShareDetails readyShare(Sharing sharing, java.util.function.UnaryOperator<CreateShareRequest.Builder> tweak) {
        ShareDetails d = sharing.createShare(editor, tweak.apply(CreateShareRequest.builder(video)).build());
        exportEverything(sharing);
        return d;
    }

    <T extends SharingEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}

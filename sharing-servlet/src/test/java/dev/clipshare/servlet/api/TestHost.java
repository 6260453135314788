package dev.clipshare.servlet.api;

import dev.clipshare.core.spi.SharingStores;
import dev.clipshare.core.CreateShareRequest;
import dev.clipshare.core.ExportArtifacts;
import dev.clipshare.core.ExportJob;
import dev.clipshare.core.LinksPerTarget;
import dev.clipshare.core.Principal;
import dev.clipshare.core.RateLimitedException;
import dev.clipshare.core.Role;
import dev.clipshare.core.SealingKey;
import dev.clipshare.core.ShareDetails;
import dev.clipshare.core.Sharing;
import dev.clipshare.core.SigningKey;
import dev.clipshare.core.StorageException;
import dev.clipshare.core.Target;
import dev.clipshare.core.memory.InMemoryExportStore;
import dev.clipshare.core.memory.InMemoryMediaStore;
import dev.clipshare.core.memory.InMemoryShareStore;
import dev.clipshare.core.spi.CompletionOutcome;
import dev.clipshare.core.spi.ExportStore;
import dev.clipshare.core.spi.ExportJobStore;
import dev.clipshare.core.spi.LibrarySettingsStore;
import dev.clipshare.core.spi.ShareStore;
import dev.clipshare.core.spi.ViewerStore;
import dev.clipshare.servlet.HttpAccessPolicy;
import dev.clipshare.servlet.ShareApi;
import dev.clipshare.testkit.MutableClock;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * A small host app for the API tests: one library with a member of every role, another library
 * with an outsider, a few videos, in-memory stores that can be made to fail, a hand-moved
 * clock. Its policy reads the caller from {@code Authorization: Bearer <user id>}, and for the
 * error tests throttles ({@code X-Test-Throttle: <seconds>}), busy answers ({@code X-Test-Busy}) or fails ({@code X-Test-Explode})
 * on request, as a real host's policy might.
 */
final class TestHost implements HttpAccessPolicy {
    static final String LIBRARY = "team-1";
    static final String OTHER_LIBRARY = "team-2";

    static final Principal OWNER = new Principal("u-owner", "Olivia Owner");
    static final Principal ADMIN = new Principal("u-admin", "Adam Admin");
    static final Principal EDITOR = new Principal("u-editor", "Edith Editor");
    static final Principal VIEWER = new Principal("u-viewer", "Victor Viewer");
    static final Principal OUTSIDER = new Principal("u-outsider", "Oscar Outsider");
    static final Map<String, Principal> USERS = Map.of(OWNER.id(), OWNER, ADMIN.id(), ADMIN, EDITOR.id(), EDITOR,
            VIEWER.id(), VIEWER, OUTSIDER.id(), OUTSIDER);

    static final Target VIDEO = Target.source("video-1");
    static final Target MOMENT = Target.segment("video-1", "moment-1");
    static final Target OTHER_TEAM_VIDEO = Target.source("video-9");

    static final ExportArtifacts ARTIFACTS = new ExportArtifacts(Duration.ofSeconds(8), 1280, 720, 1_000_000, "h264", "aac", true);

    final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    final AtomicBoolean storesFail = new AtomicBoolean();
    final InMemoryShareStore memoryShares = new InMemoryShareStore();
    final InMemoryExportStore memoryExports = new InMemoryExportStore();
    final SharingStores stores = SharingStores.of(flaky(ShareStore.class, memoryShares), flaky(ViewerStore.class, memoryShares),
            flaky(LibrarySettingsStore.class, memoryShares), flaky(ExportStore.class, memoryExports),
            flaky(ExportJobStore.class, memoryExports));
    final Sharing sharing;
    final ShareApi api;

    private final Map<String, Map<String, Role>> members = Map.of(
            LIBRARY, Map.of(OWNER.id(), Role.OWNER, ADMIN.id(), Role.ADMIN, EDITOR.id(), Role.EDITOR, VIEWER.id(), Role.VIEWER),
            OTHER_LIBRARY, Map.of(OUTSIDER.id(), Role.OWNER));

    TestHost() {
        this(LinksPerTarget.MULTIPLE);
    }

    TestHost(LinksPerTarget linksPerTarget) {
        sharing = Sharing.builder()
                .clock(clock)
                .accessPolicy(this)
                .stores(stores)
                .mediaStore(new InMemoryMediaStore(clock))
                .signingKeys(SigningKey.generate("k1"))
                .sealingKeys(SealingKey.generate("s1"))
                .bcryptCost(10)
                .linksPerTarget(linksPerTarget)
                .publicBaseUrl("https://clips.example.com")
                .build();
        api = ShareApi.builder(sharing, this).build();
    }

    @Override
    public Optional<Principal> principal(HttpServletRequest request) {
        if (request.getHeader("X-Test-Busy") != null) {
            throw new dev.clipshare.core.ServiceBusyException("test: busy", Duration.ofSeconds(2));
        }
        String throttle = request.getHeader("X-Test-Throttle");
        if (throttle != null) {
            throw new RateLimitedException(RateLimitedException.Scope.GLOBAL, Duration.ofSeconds(Long.parseLong(throttle)));
        }
        if (request.getHeader("X-Test-Explode") != null) {
            throw new IllegalStateException("boom: the host's session store fell over");
        }
        String auth = request.getHeader("Authorization");
        if (auth == null || !auth.startsWith("Bearer ")) {
            return Optional.empty();
        }
        String id = auth.substring("Bearer ".length());
        return Optional.of(USERS.getOrDefault(id, Principal.of(id)));
    }

    @Override
    public Optional<String> libraryOf(Target target) {
        return switch (target.sourceId()) {
            case "video-1", "video-2", "video-3" -> Optional.of(LIBRARY);
            case "video-9" -> Optional.of(OTHER_LIBRARY);
            default -> Optional.empty();
        };
    }

    @Override
    public Optional<Role> roleOf(Principal principal, String libraryId) {
        return Optional.ofNullable(members.getOrDefault(libraryId, Map.of()).get(principal.id()));
    }

    /** Turns sharing on in the team library (as its owner would). */
    TestHost enabled() {
        sharing.setSharingEnabled(OWNER, LIBRARY, true);
        return this;
    }

    /** Runs every waiting export job to completion, as a worker would. */
    void exportEverything() {
        Optional<ExportJob> job;
        while ((job = sharing.exportQueue().claim("test-worker")).isPresent()) {
            if (sharing.exportQueue().complete(job.get(), ARTIFACTS) != CompletionOutcome.COMPLETED) {
                throw new AssertionError("export did not complete");
            }
        }
    }

    /** A share of {@link #VIDEO} made through the facade, with its export completed. */
    ShareDetails readyShare(UnaryOperator<CreateShareRequest.Builder> tweak) {
        ShareDetails d = sharing.createShare(EDITOR, tweak.apply(CreateShareRequest.builder(VIDEO)).build());
        exportEverything();
        return d;
    }

    /** A store that throws {@link StorageException} (wrapping an SQL error) while {@link #storesFail} is set. */
    private <T> T flaky(Class<T> type, T delegate) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(delegate, args);
            }
            if (storesFail.get()) {
                throw new StorageException("database unavailable (test)",
                        new SQLException("Connection refused: db.internal:5432 as user clipshare_rw"));
            }
            try {
                return method.invoke(delegate, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
        return type.cast(proxy);
    }
}

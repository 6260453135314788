package dev.clipshare.servlet.internal.api;

import dev.clipshare.core.AccessDeniedException;
import dev.clipshare.core.ClipRange;
import dev.clipshare.core.CreateShareRequest;
import dev.clipshare.core.Export;
import dev.clipshare.core.ExportId;
import dev.clipshare.core.ExportNotFoundException;
import dev.clipshare.core.NotFoundException;
import dev.clipshare.core.Page;
import dev.clipshare.core.Principal;
import dev.clipshare.core.Role;
import dev.clipshare.core.ShareCursor;
import dev.clipshare.core.ShareDetails;
import dev.clipshare.core.ShareId;
import dev.clipshare.core.ShareNotFoundException;
import dev.clipshare.core.ShareQuery;
import dev.clipshare.core.ShareUpdate;
import dev.clipshare.core.Sharing;
import dev.clipshare.core.Target;
import dev.clipshare.core.ValidationException;
import dev.clipshare.core.Visibility;
import dev.clipshare.servlet.HttpAccessPolicy;
import dev.clipshare.servlet.internal.json.JsonFields;
import dev.clipshare.servlet.internal.json.JsonObject;
import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The endpoints: request JSON in, a call on the {@link Sharing} facade, response JSON out. */
final class Operations {
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private static final Set<String> CREATE_FIELDS = Set.of("source_id", "segment_id", "range", "visibility", "title",
            "description", "metadata", "expires_at", "expires_in_days", "password", "allow_download");
    private static final Set<String> UPDATE_FIELDS = Set.of("title", "description", "metadata", "password",
            "allow_download", "expires_at", "expires_in_days", "visibility");
    private static final Set<String> EXPORT_FIELDS = Set.of("source_id", "segment_id", "range");
    private static final Set<String> RANGE_FIELDS = Set.of("start_ms", "end_ms");
    private static final Set<String> SHARING_FIELDS = Set.of("sharing_enabled");
    /** Range offsets past a week into a video are refused as nonsense before they reach core. */
    private static final long MAX_OFFSET_MS = 7L * 24 * 3600 * 1000;

    private final Sharing sharing;
    private final HttpAccessPolicy policy;

    Operations(Sharing sharing, HttpAccessPolicy policy) {
        this.sharing = sharing;
        this.policy = policy;
    }

    Reply run(Endpoint endpoint, Call call) throws IOException {
        return switch (endpoint) {
            case OPENAPI -> throw new IllegalStateException("served by the dispatcher");
            case CREATE_SHARE -> createShare(call);
            case LIST_SHARES -> listShares(call);
            case GET_SHARE -> Reply.json(200, Representations.share(sharing.getShare(call.principal(), shareId(call))));
            case UPDATE_SHARE -> updateShare(call);
            case DELETE_SHARE -> {
                sharing.deleteShare(call.principal(), shareId(call));
                yield Reply.empty(204);
            }
            case REVOKE_SHARE -> {
                ShareId id = shareId(call);
                JsonFields.of(call.body(false), Set.of());
                yield Reply.json(200, Representations.share(sharing.revokeShare(call.principal(), id)));
            }
            case CLEAR_LOCKOUT -> {
                ShareId id = shareId(call);
                JsonFields.of(call.body(false), Set.of());
                yield Reply.json(200, Representations.share(sharing.clearLockout(call.principal(), id)));
            }
            case GET_SHARING -> {
                String library = libraryId(call);
                yield Reply.json(200, Representations.librarySharing(library, sharing.isSharingEnabled(call.principal(), library)));
            }
            case SET_SHARING -> setSharing(call);
            case START_EXPORT -> startExport(call);
            case LATEST_EXPORT -> latestExport(call);
            case GET_EXPORT -> Reply.json(200, Representations.export(sharing.getExport(call.principal(), exportId(call))));
        };
    }

    // ------------------------------------------------------------------ shares

    private Reply createShare(Call call) throws IOException {
        String key = idempotencyKey(call);
        JsonFields f = JsonFields.of(call.body(true), CREATE_FIELDS);
        CreateShareRequest.Builder b = CreateShareRequest.builder(target(f));
        ClipRange range = range(f);
        if (range != null) {
            b.range(range);
        }
        String visibility = f.string("visibility");
        if (visibility != null) {
            b.visibility(Visibility.fromWireName(visibility));
        }
        b.title(f.string("title"));
        b.description(f.string("description"));
        b.metadata(f.stringMap("metadata"));
        b.expiresAt(f.instant("expires_at"));
        Long days = f.integer("expires_in_days", 1, CreateShareRequest.MAX_EXPIRES_IN_DAYS);
        b.expiresInDays(days == null ? null : days.intValue());
        b.password(f.string("password"));
        Boolean download = f.bool("allow_download");
        b.allowDownload(download != null && download);
        if (key != null) {
            b.idempotencyKey(key);
        }
        CreateShareRequest request;
        try {
            request = b.build();
        } catch (ValidationException e) {
            if (e.field().equals("idempotency_key")) {
                throw new ValidationException(IDEMPOTENCY_KEY, e.getMessage().substring(e.field().length() + 2));
            }
            throw e;
        }
        ShareDetails created = sharing.createShare(call.principal(), request);
        return Reply.json(201, Representations.share(created)).header("Location", call.link("/shares/" + created.id().value()));
    }

    private static String idempotencyKey(Call call) {
        List<String> keys = Collections.list(call.request().getHeaders(IDEMPOTENCY_KEY));
        if (keys.size() > 1) {
            throw new ValidationException(IDEMPOTENCY_KEY, "is given more than once");
        }
        return keys.isEmpty() ? null : keys.get(0);
    }

    private Reply listShares(Call call) {
        QueryParams q = call.query();
        Target target = target(q.required("source_id"), q.get("segment_id"));
        int limit = q.integer("limit", 1, ShareQuery.MAX_LIMIT, ShareQuery.DEFAULT_LIMIT);
        String cursor = q.get("cursor");
        ShareQuery query = new ShareQuery(target, q.bool("include_revoked"),
                cursor == null || cursor.isEmpty() ? null : ShareCursor.decode(cursor), limit);
        Page<ShareDetails> page = sharing.listShares(call.principal(), query);
        return Reply.json(200, Representations.shareList(page));
    }

    private Reply updateShare(Call call) throws IOException {
        ShareId id = shareId(call);
        JsonFields f = JsonFields.of(call.body(true), UPDATE_FIELDS);
        if (f.present("visibility")) {
            checkVisibilityUnchanged(call.principal(), id, Visibility.fromWireName(f.requiredString("visibility")));
        }
        ShareUpdate.Builder u = ShareUpdate.builder();
        if (f.present("title")) {
            u.title(f.string("title"));
        }
        if (f.present("description")) {
            u.description(f.string("description"));
        }
        if (f.present("metadata")) {
            u.metadata(f.stringMap("metadata"));
        }
        if (f.present("password")) {
            String password = f.string("password");
            if (password == null) {
                u.removePassword();
            } else {
                u.password(password);
            }
        }
        if (f.present("allow_download")) {
            u.allowDownload(f.requiredBool("allow_download"));
        }
        if (f.present("expires_at") && f.present("expires_in_days")) {
            throw new ValidationException("expires_at", "give expires_at or expires_in_days, not both");
        }
        if (f.present("expires_at")) {
            Instant at = f.instant("expires_at");
            if (at == null) {
                u.removeExpiry();
            } else {
                u.expiresAt(at);
            }
        }
        if (f.present("expires_in_days")) {
            if (f.isNull("expires_in_days")) {
                u.removeExpiry(); // as in the share-links API we follow: null means "never expires"
            } else {
                u.expiresInDays((int) f.requiredInteger("expires_in_days", 1, CreateShareRequest.MAX_EXPIRES_IN_DAYS));
            }
        }
        return Reply.json(200, Representations.share(sharing.updateShare(call.principal(), id, u.build())));
    }

    /**
     * Visibility is fixed at creation. Repeating the current value is harmless; a different one is
     * refused with 409 -- after the caller's rights are known, so a VIEWER still hears 403 and a
     * stranger 404, exactly as for any other change.
     */
    private void checkVisibilityUnchanged(Principal principal, ShareId id, Visibility wanted) {
        ShareDetails current = sharing.getShare(principal, id);
        if (current.visibility() == wanted) {
            return;
        }
        Role role = policy.roleOf(principal, current.libraryId()).orElseThrow(ShareNotFoundException::new);
        if (!role.canEdit()) {
            throw new AccessDeniedException(principal.id() + " is " + role + " in library " + current.libraryId()
                    + "; EDITOR or above may change links");
        }
        throw new ApiProblem(ProblemType.VISIBILITY_IMMUTABLE, "this share is " + current.visibility().wireName()
                + " and stays so: visibility is fixed at creation; create a new " + wanted.wireName() + " share instead",
                "visibility", Map.of());
    }

    // ------------------------------------------------------------------ libraries

    private Reply setSharing(Call call) throws IOException {
        String library = libraryId(call);
        JsonFields f = JsonFields.of(call.body(true), SHARING_FIELDS);
        boolean enabled = f.requiredBool("sharing_enabled");
        sharing.setSharingEnabled(call.principal(), library, enabled);
        return Reply.json(200, Representations.librarySharing(library, sharing.isSharingEnabled(call.principal(), library)));
    }

    // ------------------------------------------------------------------ exports

    private Reply startExport(Call call) throws IOException {
        JsonFields f = JsonFields.of(call.body(true), EXPORT_FIELDS);
        Target target = target(f);
        Export export = sharing.requestExport(call.principal(), target, range(f));
        return Reply.json(202, Representations.export(export)).header("Location", call.link("/exports/" + export.id().value()));
    }

    private Reply latestExport(Call call) {
        QueryParams q = call.query();
        Target target = target(q.required("source_id"), q.get("segment_id"));
        Export export = sharing.latestExport(call.principal(), target)
                .orElseThrow(() -> new NotFoundException("target " + target + " has no export yet"));
        return Reply.json(200, Representations.export(export));
    }

    // ------------------------------------------------------------------ parts

    private static Target target(JsonFields f) {
        return target(f.requiredString("source_id"), f.string("segment_id"));
    }

    private static Target target(String sourceId, String segmentId) {
        return segmentId == null || segmentId.isEmpty() ? Target.source(sourceId) : Target.segment(sourceId, segmentId);
    }

    private static ClipRange range(JsonFields f) {
        JsonObject node = f.object("range");
        if (node == null) {
            return null;
        }
        JsonFields r = JsonFields.of(node, RANGE_FIELDS, "range.");
        long start = r.requiredInteger("start_ms", 0, MAX_OFFSET_MS);
        long end = r.requiredInteger("end_ms", 0, MAX_OFFSET_MS);
        try {
            return ClipRange.ofMillis(start, end);
        } catch (ValidationException e) {
            String field = e.field().equals("range.start") ? "range.start_ms" : e.field();
            throw new ValidationException(field, e.getMessage().substring(e.field().length() + 2));
        }
    }

    /** An id that cannot exist is simply not found: the caller asked for something that is not there. */
    private static ShareId shareId(Call call) {
        try {
            return new ShareId(call.path("share_id"));
        } catch (ValidationException e) {
            throw new ShareNotFoundException();
        }
    }

    private static ExportId exportId(Call call) {
        String value = call.path("export_id");
        try {
            return new ExportId(value);
        } catch (ValidationException e) {
            throw new NotFoundException("export not found");
        }
    }

    private static String libraryId(Call call) {
        String id = call.path("library_id");
        boolean ok = !id.isEmpty() && id.length() <= 200 && id.strip().equals(id)
                && id.chars().noneMatch(Character::isISOControl);
        if (!ok) {
            throw new NotFoundException("library not found");
        }
        return id;
    }
}

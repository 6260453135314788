package dev.clipshare.spring.boot;

import dev.clipshare.core.spi.SharingStores;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What Clipshare's health indicator checks, independent of the Actuator version: the stores answer
 * a cheap read (one indexed lookup of a library's sharing switch), and the export runner, when
 * this node has one, is running. Spring Boot 3's and 4's indicators
 * ({@code clipshare} in {@code /actuator/health}) report it.
 *
 * <p>Thread-safe; each {@link #check()} makes one store call.
 */
public final class ClipshareHealth {
    /** The library id read by the check; no real library should be called this. */
    static final String PROBE_LIBRARY = "clipshare-health-probe";

    private final SharingStores stores;
    private final ExportWorkers exports;

    /**
     * @param stores  the stores to read
     * @param exports this node's export runner, or {@code null} when it runs none
     */
    public ClipshareHealth(SharingStores stores, ExportWorkers exports) {
        this.stores = Objects.requireNonNull(stores, "stores");
        this.exports = exports;
    }

    /**
     * One check.
     *
     * @return whether everything is up, with details: {@code stores} (up, or the failure's
     *         message) and {@code exportRunner} (running, stopped, or none)
     */
    public Result check() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean up = true;
        try {
            stores.libraries().isSharingEnabled(PROBE_LIBRARY);
            details.put("stores", "up");
        } catch (RuntimeException e) {
            up = false;
            details.put("stores", "down: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        if (exports == null) {
            details.put("exportRunner", "none");
        } else if (exports.isRunning()) {
            details.put("exportRunner", "running");
        } else {
            up = false;
            details.put("exportRunner", "stopped");
        }
        return new Result(up, Map.copyOf(details));
    }

    /**
     * A check's outcome.
     *
     * @param up      whether the stores answered and the export runner (if any) runs
     * @param details per part: {@code stores}, {@code exportRunner}
     */
    public record Result(boolean up, Map<String, Object> details) { }
}

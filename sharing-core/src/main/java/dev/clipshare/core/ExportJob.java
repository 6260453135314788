package dev.clipshare.core;

import java.util.Objects;

/**
 * An export claimed by a worker through {@link ExportQueue#claim}. The worker must end it with
 * {@link ExportQueue#complete}, {@link ExportQueue#fail} or {@link ExportQueue#release}, and
 * renew it with {@link ExportQueue#heartbeat} more often than the lease runs out.
 *
 * @param export   the export as claimed
 * @param workerId the claiming worker
 */
public record ExportJob(Export export, String workerId) {
    public ExportJob {
        Objects.requireNonNull(export, "export");
        Objects.requireNonNull(workerId, "workerId");
    }

    public ExportId id() {
        return export.id();
    }
}

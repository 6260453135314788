package dev.clipshare.core.spi;

/** What {@link ExportJobStore#complete} did. */
public enum CompletionOutcome {
    /** The export is now completed and, being the newest, is what links serve. */
    COMPLETED,
    /**
     * A newer version of the same target was requested while this one was encoding: this
     * result is stale. The store marked the export failed with a reason starting with
     * {@code "superseded"}; the caller should discard its files.
     */
    SUPERSEDED,
    /** The caller no longer holds the job (its lease lapsed and another worker took it, or it was never claimed). Nothing changed. */
    LEASE_LOST
}

package dev.clipshare.core;

import java.util.Locale;

/** Where an export job is: {@code pending → processing → completed | failed}. */
public enum ExportStatus {
    PENDING,
    PROCESSING,
    COMPLETED,
    FAILED;

    /** Lower-case wire name. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Pending or processing: work is still to come. */
    public boolean isActive() {
        return this == PENDING || this == PROCESSING;
    }
}

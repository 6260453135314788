package dev.clipshare.core;

import dev.clipshare.core.internal.Checks;
import dev.clipshare.core.internal.Randoms;

/**
 * Identifies one export job (one version of one target).
 *
 * @param value 1 to 64 base64url characters
 */
public record ExportId(String value) {
    public ExportId {
        if (!Checks.isBase64Url(value, 1, 64)) {
            throw new ValidationException("export_id", "must be 1 to 64 characters of A-Z a-z 0-9 - _, was '" + value + "'");
        }
    }

    /** A new random id: 128 bits, 22 base64url characters. */
    public static ExportId random() {
        return new ExportId(Randoms.base64Url(16));
    }

    @Override
    public String toString() {
        return value;
    }
}

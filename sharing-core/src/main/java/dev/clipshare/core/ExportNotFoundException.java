package dev.clipshare.core;

/** No export with that id exists, or the caller may not see it. */
public class ExportNotFoundException extends NotFoundException {
    public ExportNotFoundException(ExportId id) {
        super("export not found: " + id.value());
    }
}

package dev.clipshare.core;

/** A link was to be created in a library whose sharing switch is off. */
public class SharingDisabledException extends SharingException {
    private final String libraryId;

    public SharingDisabledException(String libraryId) {
        super("sharing is disabled for library " + libraryId);
        this.libraryId = libraryId;
    }

    public String libraryId() {
        return libraryId;
    }
}

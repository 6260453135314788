package dev.clipshare.core;

/**
 * A segment link was requested for a target that has no export, and the request carried no
 * {@link ClipRange} from which one could be queued.
 */
public class ExportRequiredException extends SharingException {
    public ExportRequiredException(Target target) {
        super("target " + target + " has no export; give the segment's range so one can be queued");
    }
}

package dev.clipshare.core;

/** How many active links a target may have. */
public enum LinksPerTarget {
    /** Any number of independent links per target (the default). */
    MULTIPLE,
    /**
     * At most one unrevoked link per visibility per target: one public and one private. A
     * second create is refused with {@link ShareConflictException}; the store enforces it
     * atomically (a unique constraint), never a read-then-write.
     */
    ONE_PER_VISIBILITY
}

package dev.clipshare.testkit;

import dev.clipshare.core.memory.InMemoryMediaStore;
import dev.clipshare.core.spi.MediaStore;

/** The in-memory reference media store passes the whole media store contract (it cannot hold 4 GiB: that test skips). */
class InMemoryMediaStoreTest extends MediaStoreContract {
    @Override
    protected MediaStore createStore() {
        return new InMemoryMediaStore(MutableClock.at("2026-03-01T10:00:00Z"));
    }
}

package dev.clipshare.testkit;

import dev.clipshare.core.memory.InMemoryShareStore;
import dev.clipshare.core.spi.ShareStore;

/** The in-memory reference store passes the whole share store contract. */
class InMemoryShareStoreTest extends ShareStoreContract<InMemoryShareStore> {
    @Override
    protected InMemoryShareStore createStore() {
        return new InMemoryShareStore();
    }
}

package dev.clipshare.testkit;

import dev.clipshare.core.memory.InMemoryExportStore;
import dev.clipshare.core.spi.ExportStore;

/** The in-memory reference store passes the whole export store contract. */
class InMemoryExportStoreTest extends ExportStoreContract<InMemoryExportStore> {
    @Override
    protected InMemoryExportStore createStore() {
        return new InMemoryExportStore();
    }
}

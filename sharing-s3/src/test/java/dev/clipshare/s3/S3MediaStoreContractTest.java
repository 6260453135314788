package dev.clipshare.s3;

import dev.clipshare.core.spi.MediaStore;
import dev.clipshare.testkit.MediaStoreContract;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The S3 media store passes the whole media store contract against a real S3 server (S3Proxy on
 * loopback), each test under its own prefix. The 4 GiB test skips: it would upload 4 GiB.
 */
class S3MediaStoreContractTest extends MediaStoreContract {
    private static S3ProxyServer server;
    private S3MediaStore store;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    protected MediaStore createStore() {
        store = server.storeBuilder().prefix("contract/" + UUID.randomUUID()).build();
        return store;
    }

    @AfterEach
    void closeStore() {
        store.close();
    }
}

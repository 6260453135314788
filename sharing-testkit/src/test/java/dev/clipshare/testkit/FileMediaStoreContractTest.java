package dev.clipshare.testkit;

import dev.clipshare.core.spi.MediaKey;
import dev.clipshare.core.spi.MediaStore;
import dev.clipshare.core.media.FileMediaStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file media store passes the whole media store contract, including reads past 4 GiB on a
 * sparse file placed where the store keeps the artifact (publishing would copy 4 GiB).
 */
class FileMediaStoreContractTest extends MediaStoreContract {
    @TempDir
    Path root;
    private FileMediaStore files;

    @Override
    protected MediaStore createStore() {
        files = new FileMediaStore(root);
        return files;
    }

    @Override
    protected boolean placeSparseArtifact(MediaKey key, long size, long offset, byte[] bytes) throws IOException {
        Path path = files.pathOf(key);
        Files.createDirectories(path.getParent());
        try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
            f.setLength(size);
            f.seek(offset);
            f.write(bytes);
        }
        return true;
    }
}

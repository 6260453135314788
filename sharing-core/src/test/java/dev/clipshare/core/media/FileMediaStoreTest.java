package dev.clipshare.core.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipshare.core.StorageException;
import dev.clipshare.core.Target;
import dev.clipshare.core.ValidationException;
import dev.clipshare.core.spi.MediaKey;
import dev.clipshare.core.spi.MediaObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileMediaStoreTest {
    @TempDir
    Path tmp;

    private final Target target = Target.segment("video-1", "moment/1");

    private FileMediaStore store() {
        return new FileMediaStore(tmp.resolve("media"));
    }

    private Path fileWith(byte[] bytes) throws IOException {
        Path f = Files.createTempFile(tmp, "src", ".bin");
        Files.write(f, bytes);
        return f;
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void aPublishedArtifactIsDescribedAndReadBackInRanges() throws IOException {
        FileMediaStore store = store();
        byte[] bytes = random(200_000, 1);
        MediaKey clip = MediaKey.clip(target, 3);

        store.publish(clip, fileWith(bytes));

        MediaObject info = store.stat(clip).orElseThrow();
        assertThat(info.size()).isEqualTo(200_000);
        assertThat(info.etag()).isEqualTo("\"v3-200000\"");
        assertThat(info.contentType()).isEqualTo("video/mp4");
        assertThat(read(store.open(clip, 0, 200_000))).isEqualTo(bytes);
        assertThat(read(store.open(clip, 65_530, 70_000))).isEqualTo(Arrays.copyOfRange(bytes, 65_530, 135_530));
        assertThat(read(store.open(clip, 199_999, 1))).containsExactly(bytes[199_999]);
        assertThat(read(store.open(clip, 200_000, 0))).isEmpty();
    }

    @Test
    void hlsFilesLiveUnderTheirVersionAndHaveTheirOwnTypes() throws IOException {
        FileMediaStore store = store();
        store.publish(MediaKey.hlsPlaylist(target, 1), fileWith("#EXTM3U\n".getBytes()));
        store.publish(new MediaKey(target, 1, "hls/seg-00001.ts"), fileWith(random(10, 2)));

        assertThat(store.stat(MediaKey.hlsPlaylist(target, 1)).orElseThrow().contentType()).isEqualTo("application/vnd.apple.mpegurl");
        assertThat(store.stat(new MediaKey(target, 1, "hls/seg-00001.ts")).orElseThrow().contentType()).isEqualTo("video/mp2t");
        assertThat(store.stat(MediaKey.hlsPlaylist(target, 2))).isEmpty();
        assertThat(store.stat(MediaKey.hlsPlaylist(Target.source("video-1"), 1))).isEmpty();
    }

    @Test
    void aRangeOutsideTheFileOrAMissingArtifactIsAStorageError() throws IOException {
        FileMediaStore store = store();
        MediaKey clip = MediaKey.clip(target, 1);
        store.publish(clip, fileWith(random(100, 3)));

        assertThatThrownBy(() -> store.open(clip, 90, 11)).isInstanceOf(StorageException.class).hasMessageContaining("100 bytes");
        assertThatThrownBy(() -> store.open(clip, -1, 5)).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> store.open(MediaKey.clip(target, 2), 0, 1)).isInstanceOf(StorageException.class)
                .hasMessageContaining("no media");
    }

    @Test
    void offsetsBeyondFourGigabytesAreReadFromASparseFile() throws IOException {
        FileMediaStore store = store();
        MediaKey clip = MediaKey.clip(target, 1);
        Path path = store.pathOf(clip);
        Files.createDirectories(path.getParent());
        long size = 5L * 1024 * 1024 * 1024;
        byte[] tail = "the end of a 5 GiB file".getBytes();
        try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
            f.setLength(size);
            f.seek(size - tail.length);
            f.write(tail);
        }

        assertThat(store.stat(clip).orElseThrow().size()).isEqualTo(size);
        assertThat(read(store.open(clip, size - tail.length, tail.length))).isEqualTo(tail);
        assertThat(read(store.open(clip, 4_500_000_000L, 16))).isEqualTo(new byte[16]);
    }

    @Test
    void republishingReplacesTheFileAtomicallyForConcurrentReaders() throws Exception {
        FileMediaStore store = store();
        MediaKey thumb = MediaKey.thumbnail(target, 1);
        byte[] a = random(300_000, 10);
        byte[] b = random(300_000, 11);
        Path fa = fileWith(a);
        Path fb = fileWith(b);
        store.publish(thumb, fa);
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<List<String>> reader = pool.submit(() -> {
                List<String> seen = new ArrayList<>();
                while (writing.get()) {
                    byte[] got = read(store.open(thumb, 0, 300_000));
                    seen.add(Arrays.equals(got, a) ? "a" : Arrays.equals(got, b) ? "b" : "torn");
                }
                return seen;
            });
            for (int i = 0; i < 20; i++) {
                store.publish(thumb, i % 2 == 0 ? fb : fa);
            }
            writing.set(false);
            assertThat(reader.get()).isNotEmpty().doesNotContain("torn");
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> files = Files.list(store.pathOf(thumb).getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("thumbnail.jpg");
        }
    }

    @Test
    void aCrashMidPublishLeavesTheOldFileServedAndNoPartialFileVisible() throws IOException {
        FileMediaStore store = store();
        MediaKey clip = MediaKey.clip(target, 1);
        byte[] old = random(1000, 20);
        store.publish(clip, fileWith(old));
        // what a crash between "write temporary file" and "rename" leaves behind
        Path partial = store.pathOf(clip).resolveSibling(".tmp-" + java.util.UUID.randomUUID());
        Files.write(partial, random(10, 21));

        assertThat(read(store.open(clip, 0, 1000))).isEqualTo(old);
        assertThat(store.stat(clip).orElseThrow().size()).isEqualTo(1000);

        store.deleteVersion(target, 1);
        assertThat(partial).doesNotExist();
    }

    @Test
    void aPublishThatFailsAfterItsTemporaryFileWasMadeLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        FileMediaStore store = store();
        MediaKey clip = MediaKey.clip(target, 1);
        byte[] old = random(1000, 22);
        store.publish(clip, fileWith(old));
        Path notAFile = Files.createDirectories(tmp.resolve("a-folder-instead-of-a-clip"));

        // the copy makes the temporary entry, then syncing it fails: the rename must never happen
        assertThatThrownBy(() -> store.publish(clip, notAFile))
                .isInstanceOf(dev.clipshare.core.StorageException.class)
                .hasMessageContaining("cannot publish");

        assertThat(read(store.open(clip, 0, 1000))).isEqualTo(old);
        try (var entries = Files.list(store.pathOf(clip).getParent())) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly(store.pathOf(clip).getFileName().toString());
        }
    }

    @Test
    void deletingAVersionRemovesOnlyThatVersion() throws IOException {
        FileMediaStore store = store();
        for (long v = 1; v <= 3; v++) {
            store.publish(MediaKey.clip(target, v), fileWith(random(10, v)));
            store.publish(MediaKey.hlsPlaylist(target, v), fileWith(random(10, v)));
        }

        store.deleteVersion(target, 2);
        store.deleteVersion(target, 7);

        assertThat(store.versions(target)).containsExactly(1L, 3L);
        assertThat(store.stat(MediaKey.clip(target, 2))).isEmpty();
        assertThat(store.stat(MediaKey.clip(target, 3))).isPresent();
        store.deleteVersion(target, 1);
        store.deleteVersion(target, 3);
        assertThat(store.versions(target)).isEmpty();
    }

    @Test
    void mediaNamesCannotLeaveTheMediaFolder() {
        assertThatThrownBy(() -> new MediaKey(target, 1, "../../etc/passwd")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> new MediaKey(target, 1, "/etc/passwd")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> new MediaKey(target, 1, "hls/../../x")).isInstanceOf(ValidationException.class);
        assertThat(store().pathOf(MediaKey.clip(Target.source("../../../x"), 1))).startsWithRaw(tmp.resolve("media"));
    }
}

package dev.clipshare.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipshare.core.StorageException;
import dev.clipshare.core.Target;
import dev.clipshare.core.spi.MediaKey;
import dev.clipshare.core.spi.MediaObject;
import dev.clipshare.core.spi.MediaStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What "a {@link MediaStore} works" means: publish then stat and ranged reads, atomic replacement,
 * validators, deleting one version, missing keys, concurrent readers. Every media store passes it
 * through a short subclass:
 *
 * <pre>{@code
 * class FileMediaStoreContractTest extends MediaStoreContract {
 *     @TempDir Path root;
 *
 *     @Override
 *     protected MediaStore createStore() {
 *         return new FileMediaStore(root);
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #createStore()} is called before every test. Tests use fresh random targets, so a
 * store shared between tests (one bucket) works too. A store that can hold an artifact over
 * 4 GiB cheaply (a sparse file) overrides {@link #placeSparseArtifact}; the others skip that test
 * visibly.
 */
public abstract class MediaStoreContract {
    private static final long FOUR_GIB = 4L * 1024 * 1024 * 1024;

    @TempDir
    Path work;
    private MediaStore store;

    /** A store for one test. */
    protected abstract MediaStore createStore();

    /**
     * Puts an artifact of {@code size} bytes under {@code key}, all zeros except {@code bytes} at
     * {@code offset}, straight into the store's storage without copying gigabytes (a sparse
     * file), and returns true; or returns false when the store cannot hold such an artifact
     * cheaply, which skips the 64-bit offset test.
     */
    protected boolean placeSparseArtifact(MediaKey key, long size, long offset, byte[] bytes) throws IOException {
        return false;
    }

    @BeforeEach
    void setUpStore() {
        store = createStore();
    }

    protected MediaStore store() {
        return store;
    }

    /** A fresh segment target, so tests never see each other's media. */
    protected static Target target() {
        return Target.segment("video-" + UUID.randomUUID(), "moment-1");
    }

    /** {@code size} bytes of reproducible noise. */
    protected static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Writes {@code content} to a fresh file in the test's work folder. */
    protected Path file(byte[] content) throws IOException {
        Path f = work.resolve("upload-" + UUID.randomUUID() + ".bin");
        Files.write(f, content);
        return f;
    }

    private void publish(MediaKey key, byte[] content) throws IOException {
        store.publish(key, file(content));
    }

    private byte[] read(MediaKey key, long offset, long length) throws IOException {
        try (InputStream in = store.open(key, offset, length)) {
            return in.readAllBytes();
        }
    }

    // ------------------------------------------------------------------ publish, stat, read

    @Test
    void publishThenStatGivesSizeContentTypeAndAQuotedStrongEtag() throws IOException {
        MediaKey clip = MediaKey.clip(target(), 3);
        byte[] content = bytes(100_000, 1);

        publish(clip, content);

        MediaObject info = store.stat(clip).orElseThrow(() -> new AssertionError("stat found nothing after publish"));
        assertThat(info.size()).as("size after publishing 100000 bytes").isEqualTo(100_000);
        assertThat(info.contentType()).as("content type of clip.mp4").isEqualTo("video/mp4");
        assertThat(info.etag()).as("etag is quoted and strong").startsWith("\"").endsWith("\"").doesNotStartWith("W/");
        assertThat(info.lastModified()).as("last modified").isNotNull();
        assertThat(read(clip, 0, content.length)).as("the whole artifact read back").isEqualTo(content);
    }

    @Test
    void contentTypesFollowTheMediaName() throws IOException {
        Target t = target();
        MediaKey thumb = MediaKey.thumbnail(t, 1);
        MediaKey playlist = MediaKey.hlsPlaylist(t, 1);
        MediaKey segment = new MediaKey(t, 1, "hls/seg-00001.ts");
        publish(thumb, bytes(10, 2));
        publish(playlist, bytes(10, 3));
        publish(segment, bytes(10, 4));

        assertThat(store.stat(thumb)).as("thumbnail").get().extracting(MediaObject::contentType).isEqualTo("image/jpeg");
        assertThat(store.stat(playlist)).as("HLS playlist").get().extracting(MediaObject::contentType)
                .isEqualTo("application/vnd.apple.mpegurl");
        assertThat(store.stat(segment)).as("HLS segment").get().extracting(MediaObject::contentType).isEqualTo("video/mp2t");
    }

    @Test
    void rangedReadsAtStartMiddleAndEndReturnExactlyThoseBytes() throws IOException {
        MediaKey clip = MediaKey.clip(target(), 1);
        byte[] content = bytes(300_001, 5);
        publish(clip, content);

        assertThat(read(clip, 0, 1)).as("first byte").isEqualTo(Arrays.copyOfRange(content, 0, 1));
        assertThat(read(clip, 0, 70_000)).as("first 70000 bytes").isEqualTo(Arrays.copyOfRange(content, 0, 70_000));
        assertThat(read(clip, 123_457, 65_537)).as("a range in the middle")
                .isEqualTo(Arrays.copyOfRange(content, 123_457, 123_457 + 65_537));
        assertThat(read(clip, 300_000, 1)).as("last byte").isEqualTo(Arrays.copyOfRange(content, 300_000, 300_001));
        assertThat(read(clip, 200_001, 100_000)).as("the last 100000 bytes")
                .isEqualTo(Arrays.copyOfRange(content, 200_001, 300_001));
    }

    @Test
    void zeroLengthReadsGiveAnEmptyStream() throws IOException {
        MediaKey clip = MediaKey.clip(target(), 1);
        publish(clip, bytes(1_000, 6));

        assertThat(read(clip, 0, 0)).as("zero bytes at the start").isEmpty();
        assertThat(read(clip, 500, 0)).as("zero bytes in the middle").isEmpty();
        assertThat(read(clip, 1_000, 0)).as("zero bytes at the end").isEmpty();
    }

    @Test
    void aRangePastTheEndIsRefusedWithStorageException() throws IOException {
        MediaKey clip = MediaKey.clip(target(), 1);
        publish(clip, bytes(1_000, 7));

        assertThatThrownBy(() -> read(clip, 900, 101)).as("a range running one byte past the end")
                .isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> read(clip, 1_001, 1)).as("a range starting past the end")
                .isInstanceOf(StorageException.class);
    }

    @Test
    void offsetsPastFourGibibytesAreRead() throws IOException {
        MediaKey clip = MediaKey.clip(target(), 1);
        long size = FOUR_GIB + 10_000;
        long offset = FOUR_GIB + 1_234;
        byte[] marker = bytes(4_096, 8);
        Assumptions.assumeTrue(placeSparseArtifact(clip, size, offset, marker),
                "this store cannot hold an artifact over 4 GiB cheaply");

        assertThat(store.stat(clip)).as("stat of the 4 GiB artifact").get().extracting(MediaObject::size).isEqualTo(size);
        assertThat(read(clip, offset, marker.length)).as("bytes read at a 64-bit offset").isEqualTo(marker);
        assertThat(read(clip, size - 10, 10)).as("the last bytes of the 4 GiB artifact").isEqualTo(new byte[10]);
    }

    // ------------------------------------------------------------------ replacement, validators

    @Test
    void publishReplacesAtomicallyAndAReaderOpenedBeforeKeepsTheOldBytes() throws IOException {
        MediaKey clip = MediaKey.clip(target(), 1);
        byte[] old = bytes(200_000, 9);
        byte[] fresh = bytes(150_000, 10);
        publish(clip, old);
        MediaObject before = store.stat(clip).orElseThrow();

        byte[] seenByEarlyReader;
        try (InputStream early = store.open(clip, 0, old.length)) {
            byte[] head = early.readNBytes(1_000);
            publish(clip, fresh);
            byte[] rest = early.readAllBytes();
            seenByEarlyReader = concat(head, rest);
        }

        assertThat(seenByEarlyReader).as("what a reader opened before the replacement read").isEqualTo(old);
        MediaObject after = store.stat(clip).orElseThrow();
        assertThat(after.size()).as("size after replacement").isEqualTo(150_000);
        assertThat(after.etag()).as("etag after replacement with other bytes").isNotEqualTo(before.etag());
        assertThat(read(clip, 0, fresh.length)).as("bytes after replacement").isEqualTo(fresh);
    }

    @Test
    void aFailedPublishLeavesThePreviousArtifactServed() throws IOException {
        MediaKey clip = MediaKey.clip(target(), 1);
        byte[] content = bytes(50_000, 11);
        publish(clip, content);
        MediaObject before = store.stat(clip).orElseThrow();

        assertThatThrownBy(() -> store.publish(clip, work.resolve("no-such-file.mp4")))
                .as("publishing a missing file").isInstanceOf(StorageException.class);

        assertThat(store.stat(clip)).as("stat after the failed publish").contains(before);
        assertThat(read(clip, 0, content.length)).as("bytes after the failed publish").isEqualTo(content);
    }

    @Test
    void etagsDifferBetweenVersionsAndBetweenDifferentBytes() throws IOException {
        Target t = target();
        byte[] content = bytes(4_000, 12);
        publish(MediaKey.clip(t, 1), content);
        publish(MediaKey.clip(t, 2), content);
        publish(MediaKey.clip(t, 3), bytes(4_001, 13));

        String v1 = store.stat(MediaKey.clip(t, 1)).orElseThrow().etag();
        String v2 = store.stat(MediaKey.clip(t, 2)).orElseThrow().etag();
        String v3 = store.stat(MediaKey.clip(t, 3)).orElseThrow().etag();
        assertThat(v1).as("etags of the same bytes in two versions").isNotEqualTo(v2);
        assertThat(List.of(v1, v2)).as("etags of other bytes").doesNotContain(v3);
        assertThat(store.stat(MediaKey.clip(t, 1)).orElseThrow().etag()).as("etag asked for twice").isEqualTo(v1);
    }

    // ------------------------------------------------------------------ deleting

    @Test
    void deleteVersionRemovesEveryArtifactOfThatVersionOnly() throws IOException {
        Target t = target();
        Target sibling = Target.segment(t.sourceId(), "moment-2");
        Target whole = Target.source(t.sourceId());
        List<String> names = List.of(MediaKey.CLIP, MediaKey.THUMBNAIL, MediaKey.HLS_PLAYLIST,
                "hls/seg-00000.ts", "hls/seg-00001.ts");
        for (String name : names) {
            publish(new MediaKey(t, 1, name), bytes(100, name.hashCode()));
        }
        publish(MediaKey.clip(t, 2), bytes(100, 14));
        publish(MediaKey.clip(t, 10), bytes(100, 15));
        publish(MediaKey.clip(sibling, 1), bytes(100, 16));
        publish(MediaKey.clip(whole, 1), bytes(100, 17));

        store.deleteVersion(t, 1);

        for (String name : names) {
            assertThat(store.stat(new MediaKey(t, 1, name))).as("%s of the deleted version", name).isEmpty();
        }
        assertThat(store.stat(MediaKey.clip(t, 2))).as("version 2 of the same target").isPresent();
        assertThat(store.stat(MediaKey.clip(t, 10))).as("version 10, whose number starts like 1").isPresent();
        assertThat(store.stat(MediaKey.clip(sibling, 1))).as("another segment of the same source").isPresent();
        assertThat(store.stat(MediaKey.clip(whole, 1))).as("the whole source of the same id").isPresent();
        assertThat(read(MediaKey.clip(t, 2), 0, 100)).as("bytes of version 2").isEqualTo(bytes(100, 14));
    }

    @Test
    void deletingAMissingVersionIsANoOp() throws IOException {
        Target t = target();
        publish(MediaKey.clip(t, 1), bytes(10, 18));

        store.deleteVersion(t, 7);
        store.deleteVersion(target(), 1);
        store.deleteVersion(t, 1);
        store.deleteVersion(t, 1);

        assertThat(store.stat(MediaKey.clip(t, 1))).as("the artifact deleted once, then again").isEmpty();
    }

    // ------------------------------------------------------------------ missing keys, concurrency

    @Test
    void aMissingKeyHasNoStatAndOpeningItThrowsStorageException() {
        MediaKey missing = MediaKey.clip(target(), 1);

        assertThat(store.stat(missing)).as("stat of a key never published").isEmpty();
        assertThatThrownBy(() -> read(missing, 0, 10)).as("opening a key never published")
                .isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> read(missing, 0, 0)).as("opening zero bytes of a key never published")
                .isInstanceOf(StorageException.class);
    }

    @Test
    void concurrentReadersEachGetTheirOwnRange() throws Exception {
        MediaKey clip = MediaKey.clip(target(), 1);
        byte[] content = bytes(256 * 1024, 19);
        publish(clip, content);
        int threads = 8;

        List<byte[]> got = Concurrently.run(threads, i -> {
            long offset = i * 30_000L;
            try (InputStream in = store.open(clip, offset, 40_000)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        for (int i = 0; i < threads; i++) {
            int offset = i * 30_000;
            assertThat(got.get(i)).as("bytes read by thread %d", i).isEqualTo(Arrays.copyOfRange(content, offset, offset + 40_000));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}

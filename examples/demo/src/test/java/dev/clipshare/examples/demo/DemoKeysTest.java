package dev.clipshare.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keys made on first start, kept in the data folder, and read back on every later start. */
class DemoKeysTest {
    @TempDir
    Path data;

    @Test
    void firstStartMakesKeysAndWritesThemOwnerOnly() throws IOException {
        DemoKeys keys = DemoKeys.loadOrCreate(data);
        assertThat(keys.created()).isTrue();
        Path file = data.resolve(DemoKeys.FILE);
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file))
                .contains("signing.key=" + keys.signing().toBase64())
                .contains("sealing.key=" + keys.sealing().toBase64());
        assertThat(keys.session()).hasSize(32);
        assertThat(data.resolve(DemoKeys.FILE + ".tmp")).doesNotExist();
    }

    @Test
    void laterStartsReuseTheSameKeys() {
        DemoKeys first = DemoKeys.loadOrCreate(data);
        DemoKeys second = DemoKeys.loadOrCreate(data);
        assertThat(second.created()).isFalse();
        assertThat(second).isEqualTo(first);
        assertThat(second.signing().secret()).isEqualTo(first.signing().secret());
        assertThat(second.sealing().key()).isEqualTo(first.sealing().key());
        assertThat(second.session()).isEqualTo(first.session());
    }

    @Test
    void twoDataFoldersGetDifferentKeys(@TempDir Path other) {
        assertThat(DemoKeys.loadOrCreate(data)).isNotEqualTo(DemoKeys.loadOrCreate(other));
    }

    @Test
    void aDamagedKeyFileStopsTheStartWithAClearMessageAndIsLeftAlone() throws IOException {
        DemoKeys.loadOrCreate(data);
        Path file = data.resolve(DemoKeys.FILE);
        String damaged = Files.readString(file).replaceAll("sealing\\.key=.*", "sealing.key=not base64!");
        Files.writeString(file, damaged);
        assertThatThrownBy(() -> DemoKeys.loadOrCreate(data))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the keys in " + file + " are damaged")
                .hasMessageContaining("delete it to make new keys");
        assertThat(Files.readString(file)).as("never overwritten: the links made with it would die").isEqualTo(damaged);
    }

    @Test
    void aMissingEntryIsNamed() throws IOException {
        DemoKeys.loadOrCreate(data);
        Path file = data.resolve(DemoKeys.FILE);
        Files.writeString(file, Files.readString(file).replaceAll("session\\.key=.*\\n", ""));
        assertThatThrownBy(() -> DemoKeys.loadOrCreate(data)).hasMessageContaining("session.key is missing");
    }

    @Test
    void noSecretIsPrinted() {
        DemoKeys keys = DemoKeys.loadOrCreate(data);
        assertThat(keys.toString()).doesNotContain(keys.signing().toBase64()).doesNotContain(keys.sealing().toBase64());
    }
}

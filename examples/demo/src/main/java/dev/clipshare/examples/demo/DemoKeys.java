package dev.clipshare.examples.demo;

import dev.clipshare.core.SealingKey;
import dev.clipshare.core.SigningKey;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Properties;

/**
 * The demo's secrets, made on first start and kept in {@code <data>/keys.properties} (owner-only
 * permissions where the file system has them), then read back on every later start, so links,
 * grants and sign-ins survive a restart. A real deployment keeps such keys in its secret store;
 * the file stands in for it here and is never committed (the data folder is git-ignored).
 *
 * <pre>{@code
 * DemoKeys keys = DemoKeys.loadOrCreate(dataDir);
 * Sharing.builder().signingKeys(keys.signing()).sealingKeys(keys.sealing());
 * }</pre>
 *
 * @param signing the key that signs grants and media URLs
 * @param sealing the key that seals stored tokens
 * @param session the demo's own key for its sign-in cookie (HMAC-SHA256, 32 bytes)
 * @param created whether this call made the file
 */
public record DemoKeys(SigningKey signing, SealingKey sealing, byte[] session, boolean created) {
    /** The file name inside the data folder. */
    public static final String FILE = "keys.properties";

    public DemoKeys {
        Objects.requireNonNull(signing, "signing");
        Objects.requireNonNull(sealing, "sealing");
        Objects.requireNonNull(session, "session");
        if (session.length < 32) {
            throw new IllegalArgumentException("the session key must have at least 32 bytes");
        }
        session = session.clone();
    }

    @Override
    public byte[] session() {
        return session.clone();
    }

    /**
     * Reads the keys from {@code <dataDir>/keys.properties}, or makes new ones and writes them
     * there (atomically: a partly written file is never read) when the file does not exist.
     *
     * @throws IllegalStateException when the file exists but is damaged (its path and the bad entry are named)
     */
    public static DemoKeys loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                return read(file);
            }
            DemoKeys keys = new DemoKeys(SigningKey.generate("k1"), SealingKey.generate("s1"), random(32), true);
            write(file, keys);
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the keys in " + file, e);
        }
    }

    private static DemoKeys read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        try {
            SigningKey signing = SigningKey.fromBase64(required(p, "signing.id"), required(p, "signing.key"));
            SealingKey sealing = SealingKey.fromBase64(required(p, "sealing.id"), required(p, "sealing.key"));
            byte[] session = Base64.getUrlDecoder().decode(required(p, "session.key"));
            return new DemoKeys(signing, sealing, session, false);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the keys in " + file + " are damaged: " + e.getMessage()
                    + ". Restore the file from a backup, or delete it to make new keys (existing links then stop working).", e);
        }
    }

    private static String required(Properties p, String name) {
        String v = p.getProperty(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(name + " is missing");
        }
        return v.strip();
    }

    private static void write(Path file, DemoKeys keys) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(tmp);
        }
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write("# Clipshare demo secrets, made on first start. Keep them private; never commit them.\n");
            w.write("# Deleting this file makes new keys on the next start: every existing link, grant and sign-in stops working.\n");
            w.write("signing.id=" + keys.signing.id() + "\n");
            w.write("signing.key=" + keys.signing.toBase64() + "\n");
            w.write("sealing.id=" + keys.sealing.id() + "\n");
            w.write("sealing.key=" + keys.sealing.toBase64() + "\n");
            w.write("session.key=" + Base64.getUrlEncoder().withoutPadding().encodeToString(keys.session) + "\n");
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static byte[] random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DemoKeys k && k.signing.equals(signing) && k.sealing.equals(sealing)
                && java.util.Arrays.equals(k.session, session);
    }

    @Override
    public int hashCode() {
        return signing.hashCode();
    }

    @Override
    public String toString() {
        return "DemoKeys[" + signing + ", " + sealing + ", session key redacted]";
    }
}

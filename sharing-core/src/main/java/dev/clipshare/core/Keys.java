package dev.clipshare.core;

import dev.clipshare.core.internal.Randoms;
import java.io.PrintStream;

/**
 * Prints a fresh signing key and a fresh sealing key, each with a new id, as environment-file lines
 * ({@code NAME=value}, comments start with {@code #}): 256 bits from {@link java.security.SecureRandom},
 * base64url, the form {@link SigningKey#fromBase64} and {@link SealingKey#fromBase64} read. Needs
 * nothing but the sharing-core jar:
 *
 * <pre>{@code
 * java -cp sharing-core/target/sharing-core-0.1.0-SNAPSHOT.jar dev.clipshare.core.Keys
 * # then, in the host:
 * builder.signingKeys(SigningKey.fromBase64(env("CLIPSHARE_SIGNING_KEY_ID"), env("CLIPSHARE_SIGNING_KEY")))
 *        .sealingKeys(SealingKey.fromBase64(env("CLIPSHARE_SEALING_KEY_ID"), env("CLIPSHARE_SEALING_KEY")));
 * }</pre>
 *
 * The ids are random too ({@code k} or {@code s} and eight characters), so a new key never clashes
 * with one still configured during a rotation.
 */
public final class Keys {
    private Keys() { }

    /** Prints the keys to standard output; takes no arguments. */
    public static void main(String[] args) {
        print(System.out);
    }

    static void print(PrintStream out) {
        SigningKey signing = SigningKey.generate("k" + Randoms.base64Url(6));
        SealingKey sealing = SealingKey.generate("s" + Randoms.base64Url(6));
        out.println("# Fresh Clipshare keys: secrets, keep them out of source control and logs.");
        out.println("# Signing keys sign grants and signed URLs; sealing keys seal share tokens at rest.");
        out.println("CLIPSHARE_SIGNING_KEY_ID=" + signing.id());
        out.println("CLIPSHARE_SIGNING_KEY=" + signing.toBase64());
        out.println("CLIPSHARE_SEALING_KEY_ID=" + sealing.id());
        out.println("CLIPSHARE_SEALING_KEY=" + sealing.toBase64());
    }
}

package dev.clipshare.servlet.internal.viewer;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Works out the client's address: the connection's peer, unless that peer is one of the
 * configured trusted proxies, in which case {@code X-Forwarded-For} is read from the right,
 * skipping trusted hops, and the first untrusted hop is the client. A header from an untrusted
 * peer is ignored entirely, so a client cannot pick its own address. Only IP literals and CIDR
 * blocks are accepted (never names: no DNS on the request path). Immutable and thread-safe.
 */
public final class ClientAddresses {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final int MAX_HOPS = 20;

    private final List<Block> trusted;

    private record Block(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private ClientAddresses(List<Block> trusted) {
        this.trusted = trusted;
    }

    /** No trusted proxies: the peer address is the client. */
    public static ClientAddresses none() {
        return new ClientAddresses(List.of());
    }

    /**
     * Trusted proxies as IP literals ({@code 10.0.0.7}, {@code ::1}) or CIDR blocks
     * ({@code 10.0.0.0/8}, {@code fd00::/8}).
     *
     * @throws IllegalArgumentException naming an entry that is neither
     */
    public static ClientAddresses trusting(List<String> entries) {
        List<Block> blocks = new ArrayList<>();
        for (String e : entries) {
            String s = e == null ? "" : e.strip();
            int slash = s.indexOf('/');
            String addr = slash < 0 ? s : s.substring(0, slash);
            byte[] bytes = literal(addr).orElseThrow(() ->
                    new IllegalArgumentException("trusted proxy must be an IP address or CIDR block, was '" + e + "'"));
            int bits = bytes.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(s.substring(slash + 1));
                } catch (NumberFormatException x) {
                    throw new IllegalArgumentException("bad prefix length in trusted proxy '" + e + "'");
                }
                if (bits < 0 || bits > bytes.length * 8) {
                    throw new IllegalArgumentException("bad prefix length in trusted proxy '" + e + "'");
                }
            }
            blocks.add(new Block(bytes, bits));
        }
        return new ClientAddresses(List.copyOf(blocks));
    }

    /** The client address for a request from {@code peer} carrying these {@code X-Forwarded-For} values. */
    public String resolve(String peer, List<String> forwardedFor) {
        if (trusted.isEmpty() || !isTrusted(peer) || forwardedFor == null || forwardedFor.isEmpty()) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                hops.add(hop.strip());
            }
        }
        int seen = 0;
        for (int i = hops.size() - 1; i >= 0 && seen < MAX_HOPS; i--, seen++) {
            String hop = hops.get(i);
            if (literal(hop).isEmpty()) {
                return peer; // garbage in the chain: do not trust anything left of it
            }
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return peer;
    }

    /** The client address of a request: its peer, and its {@code X-Forwarded-For} headers when the peer is trusted. */
    public String resolve(HttpServletRequest request) {
        Enumeration<String> forwarded = request.getHeaders("X-Forwarded-For");
        return resolve(request.getRemoteAddr(), forwarded == null ? List.of() : Collections.list(forwarded));
    }

    private boolean isTrusted(String address) {
        Optional<byte[]> bytes = literal(address);
        if (bytes.isEmpty()) {
            return false;
        }
        for (Block b : trusted) {
            if (b.contains(bytes.get())) {
                return true;
            }
        }
        return false;
    }

    private static Optional<byte[]> literal(String s) {
        if (s == null) {
            return Optional.empty();
        }
        String t = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        if (t.indexOf(':') < 0) {
            // IPv4 is parsed here, digits only: InetAddress would look up a name such as "dead.beef.ca.fe"
            if (!IPV4.matcher(t).matches()) {
                return Optional.empty();
            }
            String[] parts = t.split("\\.");
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                b[i] = (byte) Integer.parseInt(parts[i]);
            }
            return Optional.of(b);
        }
        if (!IPV6.matcher(t).matches()) {
            return Optional.empty();
        }
        try {
            // with a colon, InetAddress parses an IPv6 literal and never looks anything up
            return Optional.of(InetAddress.getByName(t).getAddress());
        } catch (UnknownHostException | RuntimeException e) {
            return Optional.empty();
        }
    }
}

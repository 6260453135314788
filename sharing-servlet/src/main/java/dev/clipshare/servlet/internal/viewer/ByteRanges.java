package dev.clipshare.servlet.internal.viewer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Parses an HTTP {@code Range} header (RFC 9110 section 14) against a representation of known
 * length and decides what to send: the whole representation, one range, several ranges, or
 * 416.
 *
 * <p>Policy for sets a client should not send (the RFC lets a server refuse or coalesce them):
 * more than {@value #MAX_RANGES} range specs, or a header longer than {@value #MAX_HEADER}
 * characters, is refused with 416 before any arithmetic; satisfiable ranges that overlap or come
 * out of ascending order are answered with one coalesced range from the lowest first byte to the
 * highest last byte (never more than the representation); ranges closer together than
 * {@value #MERGE_GAP} bytes are merged, because a multipart part header costs about that much.
 * All positions are 64-bit; numbers too large for a {@code long} saturate, which makes a first
 * position unsatisfiable and a last position "to the end".
 *
 * <p>Stateless and thread-safe; never throws on any input.
 */
public final class ByteRanges {
    /** Most range specs accepted in one header. */
    public static final int MAX_RANGES = 16;
    /** Longest header accepted. */
    public static final int MAX_HEADER = 1024;
    /** Ranges separated by fewer bytes than this are merged into one part. */
    public static final long MERGE_GAP = 96;

    private ByteRanges() { }

    /** One satisfiable range, inclusive, within {@code [0, length)}. */
    public record Range(long first, long last) {
        public Range {
            if (first < 0 || last < first) {
                throw new IllegalArgumentException("bad range " + first + "-" + last);
            }
        }

        public long length() {
            return last - first + 1;
        }

        public String contentRange(long total) {
            return "bytes " + first + "-" + last + "/" + total;
        }
    }

    /** What to answer. */
    public sealed interface Decision {
    }

    /** Ignore the header: send the whole representation with 200. */
    public record Whole() implements Decision {
    }

    /** Send 416 with {@code Content-Range: bytes *}{@code /length}. */
    public record Unsatisfiable() implements Decision {
    }

    /**
     * Send 206 with these ranges: one as a plain body, several as {@code multipart/byteranges}.
     * Ascending, non-overlapping, each within the representation.
     *
     * @param coalesced whether the client's set was abusive and got folded into one range
     */
    public record Partial(List<Range> ranges, boolean coalesced) implements Decision {
        public Partial {
            ranges = List.copyOf(ranges);
        }
    }

    private static final Whole WHOLE = new Whole();
    private static final Unsatisfiable UNSATISFIABLE = new Unsatisfiable();

    /**
     * Decides how to answer {@code header} (the raw {@code Range} value, or {@code null}) for a
     * representation of {@code length} bytes.
     */
    public static Decision decide(String header, long length) {
        if (header == null || length < 0) {
            return WHOLE;
        }
        if (header.length() > MAX_HEADER) {
            return UNSATISFIABLE;
        }
        int eq = header.indexOf('=');
        if (eq < 0) {
            return WHOLE; // not a ranges-specifier at all
        }
        String unit = header.substring(0, eq).strip();
        if (!unit.equalsIgnoreCase("bytes")) {
            return WHOLE; // RFC 9110 14.2: ignore range units we do not understand
        }
        List<long[]> specs = new ArrayList<>();
        String set = header.substring(eq + 1);
        int i = 0;
        int n = set.length();
        int count = 0;
        while (i <= n) {
            int comma = set.indexOf(',', i);
            int end = comma < 0 ? n : comma;
            String spec = set.substring(i, end).strip();
            i = end + 1;
            if (spec.isEmpty()) {
                if (comma < 0) {
                    break;
                }
                continue; // the ABNF's #rule allows empty list elements
            }
            if (++count > MAX_RANGES) {
                return UNSATISFIABLE;
            }
            long[] parsed = parseSpec(spec);
            if (parsed == null) {
                return UNSATISFIABLE; // an invalid range-spec (e.g. 2-1, -, x-y): refuse the set
            }
            specs.add(parsed);
            if (comma < 0) {
                break;
            }
        }
        if (specs.isEmpty()) {
            return UNSATISFIABLE;
        }
        List<Range> satisfiable = new ArrayList<>(specs.size());
        for (long[] s : specs) {
            Range r = resolve(s, length);
            if (r != null) {
                satisfiable.add(r);
            }
        }
        if (satisfiable.isEmpty()) {
            return UNSATISFIABLE;
        }
        if (satisfiable.size() == 1) {
            return new Partial(satisfiable, false);
        }
        boolean orderly = true;
        for (int k = 1; k < satisfiable.size(); k++) {
            if (satisfiable.get(k).first() <= satisfiable.get(k - 1).last()) {
                orderly = false; // overlapping or descending
                break;
            }
        }
        if (!orderly) {
            long first = satisfiable.stream().mapToLong(Range::first).min().orElseThrow();
            long last = satisfiable.stream().mapToLong(Range::last).max().orElseThrow();
            return new Partial(List.of(new Range(first, last)), true);
        }
        List<Range> sorted = new ArrayList<>(satisfiable);
        sorted.sort(Comparator.comparingLong(Range::first));
        List<Range> merged = new ArrayList<>();
        Range cur = sorted.get(0);
        for (int k = 1; k < sorted.size(); k++) {
            Range next = sorted.get(k);
            if (next.first() - cur.last() <= MERGE_GAP) {
                cur = new Range(cur.first(), Math.max(cur.last(), next.last()));
            } else {
                merged.add(cur);
                cur = next;
            }
        }
        merged.add(cur);
        return new Partial(merged, false);
    }

    /**
     * {@code {first, last}} with -1 for an absent part, or {@code null} when the spec is not
     * valid: int-range is {@code first "-" [last]} with last >= first, suffix-range is
     * {@code "-" length}.
     */
    private static long[] parseSpec(String spec) {
        int dash = spec.indexOf('-');
        if (dash < 0 || dash != spec.lastIndexOf('-')) {
            return null;
        }
        String a = spec.substring(0, dash).strip();
        String b = spec.substring(dash + 1).strip();
        if (a.isEmpty()) {
            long suffix = digits(b);
            return suffix < 0 ? null : new long[] {-1, suffix};
        }
        long first = digits(a);
        if (first < 0) {
            return null;
        }
        if (b.isEmpty()) {
            return new long[] {first, -1};
        }
        long last = digits(b);
        if (last < 0 || last < first) {
            return null;
        }
        return new long[] {first, last};
    }

    /** A non-empty run of ASCII digits as a saturating long, or -1. */
    private static long digits(String s) {
        if (s.isEmpty()) {
            return -1;
        }
        long v = 0;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            if (v > (Long.MAX_VALUE - (c - '0')) / 10) {
                v = Long.MAX_VALUE; // saturate; keep checking the rest are digits
            } else {
                v = v * 10 + (c - '0');
            }
        }
        return v;
    }

    private static Range resolve(long[] spec, long length) {
        if (length == 0) {
            return null;
        }
        if (spec[0] < 0) {
            long suffix = spec[1];
            if (suffix == 0) {
                return null;
            }
            return new Range(suffix >= length ? 0 : length - suffix, length - 1);
        }
        long first = spec[0];
        if (first >= length) {
            return null;
        }
        long last = spec[1] < 0 || spec[1] >= length ? length - 1 : spec[1];
        return new Range(first, last);
    }
}

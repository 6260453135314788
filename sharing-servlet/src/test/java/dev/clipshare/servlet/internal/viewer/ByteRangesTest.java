package dev.clipshare.servlet.internal.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.servlet.internal.viewer.ByteRanges.Partial;
import dev.clipshare.servlet.internal.viewer.ByteRanges.Range;
import dev.clipshare.servlet.internal.viewer.ByteRanges.Unsatisfiable;
import dev.clipshare.servlet.internal.viewer.ByteRanges.Whole;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Range header rules of RFC 9110 section 14, and the refusals for abusive sets. */
class ByteRangesTest {
    private static final long LEN = 10_000;

    private static List<Range> ranges(String header, long length) {
        ByteRanges.Decision d = ByteRanges.decide(header, length);
        assertThat(d).isInstanceOf(Partial.class);
        return ((Partial) d).ranges();
    }

    @Test
    void noHeaderOrAnUnknownUnitMeansTheWholeRepresentation() {
        assertThat(ByteRanges.decide(null, LEN)).isInstanceOf(Whole.class);
        assertThat(ByteRanges.decide("items=0-5", LEN)).isInstanceOf(Whole.class);
        assertThat(ByteRanges.decide("0-5", LEN)).isInstanceOf(Whole.class);
    }

    @Test
    void singleSuffixAndOpenEndedRanges() {
        assertThat(ranges("bytes=0-99", LEN)).containsExactly(new Range(0, 99));
        assertThat(ranges("bytes=-500", LEN)).containsExactly(new Range(9_500, 9_999));
        assertThat(ranges("bytes=9000-", LEN)).containsExactly(new Range(9_000, 9_999));
        assertThat(ranges("BYTES = 5-5", LEN)).containsExactly(new Range(5, 5));
        assertThat(ranges("bytes=-20000", LEN)).containsExactly(new Range(0, 9_999));
        assertThat(ranges("bytes=100-20000", LEN)).containsExactly(new Range(100, 9_999));
    }

    @Test
    void severalAscendingRangesStaySeparateUnlessTheyAlmostTouch() {
        assertThat(ranges("bytes=0-9, 1000-1009,5000-5009", LEN))
                .containsExactly(new Range(0, 9), new Range(1000, 1009), new Range(5000, 5009));
        assertThat(ranges("bytes=0-9,50-59", LEN)).containsExactly(new Range(0, 59));
        assertThat(ranges("bytes=0-9,10-19", LEN)).containsExactly(new Range(0, 19));
        assertThat(ranges("bytes=0-9,,1000-1009,", LEN)).hasSize(2);
    }

    @Test
    void overlappingOrDescendingSetsAreCoalescedIntoOneRange() {
        ByteRanges.Decision d = ByteRanges.decide("bytes=0-100,50-150", LEN);
        assertThat(d).isEqualTo(new Partial(List.of(new Range(0, 150)), true));
        assertThat(ranges("bytes=5000-5009,0-9", LEN)).containsExactly(new Range(0, 5009));
        assertThat(ranges("bytes=-100,0-10", LEN)).containsExactly(new Range(0, 9_999));
    }

    @Test
    void unsatisfiableAndInvalidSetsAre416() {
        assertThat(ByteRanges.decide("bytes=10000-", LEN)).isInstanceOf(Unsatisfiable.class);
        assertThat(ByteRanges.decide("bytes=-0", LEN)).isInstanceOf(Unsatisfiable.class);
        assertThat(ByteRanges.decide("bytes=2-1", LEN)).isInstanceOf(Unsatisfiable.class);
        assertThat(ByteRanges.decide("bytes=abc", LEN)).isInstanceOf(Unsatisfiable.class);
        assertThat(ByteRanges.decide("bytes=-", LEN)).isInstanceOf(Unsatisfiable.class);
        assertThat(ByteRanges.decide("bytes=1-2-3", LEN)).isInstanceOf(Unsatisfiable.class);
        assertThat(ByteRanges.decide("bytes=", LEN)).isInstanceOf(Unsatisfiable.class);
        assertThat(ByteRanges.decide("bytes=0-0", 0)).isInstanceOf(Unsatisfiable.class);
        assertThat(ByteRanges.decide("bytes=+1-2", LEN)).isInstanceOf(Unsatisfiable.class);
    }

    @Test
    void hugeNumbersSaturateInsteadOfOverflowing() {
        assertThat(ByteRanges.decide("bytes=99999999999999999999999-", LEN)).isInstanceOf(Unsatisfiable.class);
        assertThat(ranges("bytes=0-99999999999999999999999", LEN)).containsExactly(new Range(0, 9_999));
        assertThat(ranges("bytes=-99999999999999999999999", LEN)).containsExactly(new Range(0, 9_999));
        long big = 5L << 30;
        assertThat(ranges("bytes=" + (big - 10) + "-", big)).containsExactly(new Range(big - 10, big - 1));
        assertThat(ranges("bytes=-10", big)).containsExactly(new Range(big - 10, big - 1));
    }

    @Test
    void tooManyRangesOrAnOverlongHeaderAreRefusedBeforeAnyWork() {
        StringBuilder hundreds = new StringBuilder("bytes=");
        for (int i = 0; i < 300; i++) {
            hundreds.append(i == 0 ? "" : ",").append("0-1");
        }
        assertThat(ByteRanges.decide(hundreds.toString(), LEN)).isInstanceOf(Unsatisfiable.class);
        StringBuilder seventeen = new StringBuilder("bytes=");
        for (int i = 0; i < 17; i++) {
            seventeen.append(i == 0 ? "" : ",").append(i * 200).append('-').append(i * 200 + 1);
        }
        assertThat(ByteRanges.decide(seventeen.toString(), LEN)).isInstanceOf(Unsatisfiable.class);
        assertThat(ByteRanges.decide("bytes=0-1" + " ".repeat(2000), LEN)).isInstanceOf(Unsatisfiable.class);
    }

    @Test
    void noAnswerIsEverLargerThanTheRepresentation() {
        for (String h : List.of("bytes=0-,0-,0-", "bytes=-10000,-10000", "bytes=0-9999,0-9999", "bytes=1-1,0-99999")) {
            long total = ranges(h, LEN).stream().mapToLong(Range::length).sum();
            assertThat(total).isLessThanOrEqualTo(LEN);
        }
    }
}

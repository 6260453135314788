package dev.clipshare.servlet.internal.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Fuzzes the Range header parser. Under plain {@code mvn test} it runs in regression mode over
 * the committed seeds in {@code RangeFuzzTestInputs/}; with {@code JAZZER_FUZZ=1} it fuzzes.
 * Whatever the header and the length: no exception, and every answer stays inside the
 * representation, ascending, non-overlapping, never more bytes than the representation has.
 */
class RangeFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void fuzzRangeHeader(FuzzedDataProvider data) {
        long length = data.consumeLong(0, Long.MAX_VALUE);
        String header = data.consumeRemainingAsString();
        ByteRanges.Decision d = ByteRanges.decide(header, length);
        assertThat(d).isNotNull();
        if (d instanceof ByteRanges.Partial p) {
            List<ByteRanges.Range> ranges = p.ranges();
            assertThat(ranges).isNotEmpty().hasSizeLessThanOrEqualTo(ByteRanges.MAX_RANGES);
            long total = 0;
            long previousLast = -1;
            for (ByteRanges.Range r : ranges) {
                assertThat(r.first()).isGreaterThan(previousLast).isLessThan(length);
                assertThat(r.last()).isGreaterThanOrEqualTo(r.first()).isLessThan(length);
                total += r.length();
                previousLast = r.last();
            }
            assertThat(total).isLessThanOrEqualTo(length);
        }
    }
}

package dev.clipshare.benchmarks.report;

/**
 * One measured figure of a benchmark run, with what it is compared against.
 *
 * @param section   the group it belongs to (e.g. "Share page", "Ranged media")
 * @param name      what was measured
 * @param value     the measurement
 * @param unit      its unit (ops/s, µs, ms, req/s, MiB…)
 * @param baseline  the peer's figure in the same run, or {@code NaN} when there is none
 * @param baselineName what the baseline is (e.g. "trivial servlet"), or {@code null}
 * @param target    the DESIGN.md bar, in words, or {@code null}
 * @param met       whether the bar is met ({@code null} when there is no bar)
 * @param note      the cause of a gap, or any remark, or {@code null}
 */
public record Figure(String section, String name, double value, String unit, double baseline, String baselineName,
                     String target, Boolean met, String note) {

    public static Figure of(String section, String name, double value, String unit) {
        return new Figure(section, name, value, unit, Double.NaN, null, null, null, null);
    }

    public Figure against(String baselineName, double baseline) {
        return new Figure(section, name, value, unit, baseline, baselineName, target, met, note);
    }

    public Figure bar(String target, boolean met) {
        return new Figure(section, name, value, unit, baseline, baselineName, target, met, note);
    }

    public Figure note(String note) {
        return new Figure(section, name, value, unit, baseline, baselineName, target, met, note);
    }

    /** value / baseline, or NaN. */
    public double ratio() {
        return Double.isNaN(baseline) || baseline == 0 ? Double.NaN : value / baseline;
    }
}

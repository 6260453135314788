package dev.clipshare.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/** Writes a run's figures as a markdown table ({@code results.md}) and one PNG bar chart per section. */
public final class Report {
    private Report() { }

    /**
     * Writes {@code results.md} (headed by {@code runLine}: when, on what machine, how long) and
     * one chart per section into {@code dir}.
     */
    public static void write(Path dir, String runLine, List<Figure> figures) {
        try {
            Files.createDirectories(dir);
            Map<String, List<Figure>> bySection = new LinkedHashMap<>();
            for (Figure f : figures) {
                bySection.computeIfAbsent(f.section(), k -> new ArrayList<>()).add(f);
            }
            StringBuilder md = new StringBuilder();
            md.append("# Benchmark results\n\n");
            md.append("Run ").append(runLine).append(".\n\n");
            md.append("Ratio = Clipshare / the peer measured in the same run (for times, lower is better; ")
                    .append("for rates, higher is better).\n\n");
            md.append(table(figures));
            md.append('\n');
            for (String section : bySection.keySet()) {
                md.append("![").append(section).append("](").append(fileName(section)).append(")\n");
            }
            Files.writeString(dir.resolve("results.md"), md.toString());
            for (Map.Entry<String, List<Figure>> e : bySection.entrySet()) {
                chart(dir.resolve(fileName(e.getKey())), e.getKey(), e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Merges a run of some sections into the {@code results.md} of an earlier run in {@code dir}:
     * the rows of the sections this run measured are replaced (or added), every other row is kept as
     * it was, and a line says which sections come from which run; charts are written for this run's
     * sections only. Returns what the README's block should hold: the run lines, the table, the charts.
     */
    public static Merged merge(Path dir, String runLine, List<Figure> figures) {
        try {
            Files.createDirectories(dir);
            Path md = dir.resolve("results.md");
            List<String> old = Files.exists(md) ? Files.readAllLines(md) : List.of();
            java.util.Set<String> sections = new java.util.LinkedHashSet<>();
            figures.forEach(f -> sections.add(f.section()));
            List<String> runLines = new ArrayList<>();
            List<String> rows = new ArrayList<>();
            List<String> charts = new ArrayList<>();
            for (String line : old) {
                if (line.startsWith("Sections ") && line.contains(": run ")) {
                    // an earlier partial run names only the sections whose rows it still accounts for
                    List<String> earlier = new ArrayList<>(List.of(line.substring("Sections ".length(), line.indexOf(": run ")).split(", ")));
                    earlier.removeAll(sections);
                    if (!earlier.isEmpty()) {
                        runLines.add("Sections " + String.join(", ", earlier) + line.substring(line.indexOf(": run ")));
                    }
                } else if (line.startsWith("Run ")) {
                    runLines.add(line);
                } else if (line.startsWith("| ") && !line.startsWith("| section |")) {
                    String section = line.substring(2, line.indexOf(" |", 2));
                    if (!sections.contains(section)) {
                        rows.add(line);
                    }
                } else if (line.startsWith("![")) {
                    String section = line.substring(2, line.indexOf(']'));
                    if (!sections.contains(section)) {
                        charts.add(line);
                    }
                }
            }
            runLines.add("Sections " + String.join(", ", sections) + ": run " + runLine + ".");
            String header = table(List.of()).strip();
            StringBuilder table = new StringBuilder(header).append('\n');
            rows.forEach(r -> table.append(r).append('\n'));
            String fresh = table(figures);
            fresh.lines().skip(2).forEach(r -> table.append(r).append('\n'));
            for (String section : sections) {
                charts.add("![" + section + "](" + fileName(section) + ")");
            }
            StringBuilder out = new StringBuilder("# Benchmark results\n\n");
            runLines.forEach(l -> out.append(l).append("\n\n"));
            out.append("Ratio = Clipshare / the peer measured in the same run (for times, lower is better; ")
                    .append("for rates, higher is better).\n\n");
            out.append(table).append('\n');
            charts.forEach(c -> out.append(c).append('\n'));
            Files.writeString(md, out.toString());
            Map<String, List<Figure>> bySection = new LinkedHashMap<>();
            for (Figure f : figures) {
                bySection.computeIfAbsent(f.section(), k -> new ArrayList<>()).add(f);
            }
            for (Map.Entry<String, List<Figure>> e : bySection.entrySet()) {
                chart(dir.resolve(fileName(e.getKey())), e.getKey(), e.getValue());
            }
            return new Merged(runLines, table.toString(), charts.stream()
                    .map(c -> c.substring(c.indexOf("](") + 2, c.length() - 1)).toList(),
                    charts.stream().map(c -> c.substring(2, c.indexOf(']'))).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A merged results.md: its run lines, its table, and its charts (file names and sections, in order). */
    public record Merged(List<String> runLines, String table, List<String> chartFiles, List<String> chartSections) { }

    /**
     * The figures as one markdown table: each measurement, the peer's figure in the same run, the
     * ratio (ours / theirs), the DESIGN.md bar and whether it is met, and the note.
     */
    public static String table(List<Figure> figures) {
        StringBuilder md = new StringBuilder();
        md.append("| section | measurement | Clipshare | baseline | ratio | bar (DESIGN.md) | met | note |\n");
        md.append("|---|---|---:|---:|---:|---|:-:|---|\n");
        for (Figure f : figures) {
            md.append("| ").append(f.section())
                    .append(" | ").append(f.name())
                    .append(" | ").append(number(f.value())).append(' ').append(f.unit())
                    .append(" | ").append(Double.isNaN(f.baseline()) ? "" : number(f.baseline()) + " " + f.unit() + " (" + f.baselineName() + ")")
                    .append(" | ").append(Double.isNaN(f.ratio()) ? "" : String.format(Locale.ROOT, "%.2f", f.ratio()))
                    .append(" | ").append(f.target() == null ? "" : f.target())
                    .append(" | ").append(f.met() == null ? "" : f.met() ? "yes" : "**no**")
                    .append(" | ").append(f.note() == null ? "" : f.note().replace("|", "\\|"))
                    .append(" |\n");
        }
        return md.toString();
    }

    /** The chart file of a section, as {@link #write} names it. */
    public static String chartFile(String section) {
        return fileName(section);
    }

    /**
     * Where {@code f} falls, from 0.08 to 1, on a log scale running from a tenth of the smallest
     * to the largest value among {@code all}'s figures without a baseline in the same kind of
     * unit.
     */
    static double logShare(Figure f, List<Figure> all) {
        String kind = unitKind(f.unit());
        double v = inBaseUnit(f.value(), f.unit());
        double min = v;
        double max = v;
        for (Figure o : all) {
            if (Double.isNaN(o.baseline()) && unitKind(o.unit()).equals(kind) && o.value() > 0) {
                double ov = inBaseUnit(o.value(), o.unit());
                min = Math.min(min, ov);
                max = Math.max(max, ov);
            }
        }
        if (!(v > 0) || max <= min) {
            return 1;
        }
        double floor = min / 10;
        return Math.max(0.08, Math.log(v / floor) / Math.log(max / floor));
    }

    private static String unitKind(String unit) {
        return switch (unit) {
            case "ns/op", "us/op", "µs/op", "ms/op", "s/op", "ns", "µs", "ms", "s" -> "time";
            default -> unit;
        };
    }

    private static double inBaseUnit(double value, String unit) {
        return switch (unit) {
            case "ns/op", "ns" -> value;
            case "us/op", "µs/op", "µs" -> value * 1e3;
            case "ms/op", "ms" -> value * 1e6;
            case "s/op", "s" -> value * 1e9;
            default -> value;
        };
    }

    static String fileName(String section) {
        return section.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "") + ".png";
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /**
     * A horizontal bar chart. A figure with a baseline is drawn against it (the longer of the two
     * fills the bar area), with the ratio beside it; figures without one are drawn on one
     * logarithmic scale shared by all of the section's figures of the same kind of unit (times are
     * compared in nanoseconds), so a 60 ns parse and a 12 µs page do not look alike. A figure with
     * a DESIGN.md bar says whether it is met.
     */
    static void chart(Path file, String title, List<Figure> figures) throws IOException {
        int rowHeight = 44;
        int width = 1160;
        int labelWidth = 360;
        int height = 70 + rowHeight * figures.size() + 40;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(new Color(30, 30, 30));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            g.drawString(title, 20, 32);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.setColor(new Color(40, 110, 200));
            g.fillRect(width - 300, 20, 12, 12);
            g.setColor(Color.DARK_GRAY);
            g.drawString("Clipshare", width - 282, 31);
            g.setColor(new Color(170, 170, 170));
            g.fillRect(width - 200, 20, 12, 12);
            g.setColor(Color.DARK_GRAY);
            g.drawString("baseline (same run)", width - 182, 31);
            int barArea = width - labelWidth - 290;
            int y = 60;
            for (Figure f : figures) {
                double max = Math.max(f.value(), Double.isNaN(f.baseline()) ? 0 : f.baseline());
                g.setColor(new Color(30, 30, 30));
                String label = f.name().length() > 52 ? f.name().substring(0, 51) + "…" : f.name();
                g.drawString(label, 20, y + 16);
                int w1;
                if (Double.isNaN(f.baseline())) {
                    w1 = (int) Math.round(barArea * logShare(f, figures));
                } else {
                    w1 = max <= 0 ? 0 : (int) Math.round(barArea * f.value() / max);
                }
                g.setColor(new Color(40, 110, 200));
                g.fillRect(labelWidth, y + 4, Math.max(1, w1), 14);
                g.setColor(Color.DARK_GRAY);
                String text = number(f.value()) + " " + f.unit();
                if (!Double.isNaN(f.ratio())) {
                    text += String.format(Locale.ROOT, "  (%.2f×)", f.ratio());
                }
                if (f.met() != null) {
                    text += f.met() ? "  bar met" : "  bar missed";
                }
                g.drawString(text, labelWidth + w1 + 6, y + 16);
                if (!Double.isNaN(f.baseline())) {
                    int w2 = max <= 0 ? 0 : (int) Math.round(barArea * f.baseline() / max);
                    g.setColor(new Color(170, 170, 170));
                    g.fillRect(labelWidth, y + 20, Math.max(1, w2), 14);
                    g.setColor(Color.DARK_GRAY);
                    String b = number(f.baseline()) + " " + f.unit();
                    g.drawString(b, labelWidth + w2 + 6, y + 32);
                }
                y += rowHeight;
                g.setColor(new Color(230, 230, 230));
                g.setStroke(new BasicStroke(1));
                g.drawLine(20, y - 2, width - 20, y - 2);
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(img, "png", file.toFile());
    }
}

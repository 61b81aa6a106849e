package dev.anchor.bench.runtimes;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The closing table: per runtime and measure, our figure, the peer's, their ratio, the target the
 * issue set for that ratio (or figure) and whether it is met. A row without a target only informs.
 */
final class Table {
    /** Which way a target points. */
    enum Goal { AT_MOST, AT_LEAST, NONE }

    private record Row(String runtime, String measure, String ours, String peer, double ratio, Goal goal, double target,
            double judged) {}

    private final List<Row> rows = new ArrayList<>();

    /** A row whose verdict compares {@code ratio} with the target. */
    void ratio(String runtime, String measure, String ours, String peer, double ratio, Goal goal, double target) {
        rows.add(new Row(runtime, measure, ours, peer, ratio, goal, target, ratio));
    }

    /** A row whose verdict compares our own figure (ms) with an absolute target (ms). */
    void absolute(String runtime, String measure, double oursMillis, String peer, double targetMillis) {
        rows.add(new Row(runtime, measure, ms(oursMillis), peer, Double.NaN, Goal.AT_MOST, targetMillis, oursMillis));
    }

    /** A runtime or measure that was skipped or failed, and why. */
    void note(String runtime, String measure, String why) {
        rows.add(new Row(runtime, measure, why, null, Double.NaN, Goal.NONE, Double.NaN, Double.NaN));
    }

    void print(PrintStream out) {
        String format = "%-10s %-46s %10s %10s %7s %10s  %s%n";
        out.printf(format, "runtime", "measure", "ours", "peer", "ratio", "target", "verdict");
        out.println("-".repeat(106));
        for (Row row : rows) {
            if (row.peer() == null) {
                out.printf("%-10s %-46s %s%n", row.runtime(), row.measure(), row.ours());
                continue;
            }
            boolean absolute = Double.isNaN(row.ratio()) && row.goal() != Goal.NONE;
            String unit = absolute ? " ms" : "x";
            String target = switch (row.goal()) {
                case AT_MOST -> "<= " + num(row.target()) + unit;
                case AT_LEAST -> ">= " + num(row.target()) + unit;
                case NONE -> "";
            };
            String verdict = switch (row.goal()) {
                case AT_MOST -> row.judged() <= row.target() ? "meets" : "MISSES";
                case AT_LEAST -> row.judged() >= row.target() ? "meets" : "MISSES";
                case NONE -> "";
            };
            String ratio = Double.isNaN(row.ratio()) ? "" : String.format("%.2fx", row.ratio());
            out.printf(format, row.runtime(), row.measure(), row.ours(), row.peer(), ratio, target, verdict);
        }
        out.println("js ratio = node time / ours (speed, higher is better); the others = ours / peer (time, lower is better).");
    }

    static String ms(double millis) {
        if (millis < 1) return String.format("%.3f ms", millis);
        return millis >= 100 ? String.format("%,.0f ms", millis) : String.format("%.1f ms", millis);
    }

    private static String num(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}

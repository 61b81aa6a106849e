package dev.anchor.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The closing table of a benchmark: one row per store and figure, with its target and the ratio to it. */
final class ResultTable {
    /** How a figure compares with its target. */
    enum Goal { AT_MOST, AT_LEAST, NONE }

    private record Row(String store, String metric, String value, double number, Goal goal, double target, String unit) {}

    private final List<Row> rows = new ArrayList<>();

    void add(String store, String metric, double value, String unit, Goal goal, double target) {
        rows.add(new Row(store, metric, format(value), value, goal, target, unit));
    }

    /** A row without a figure: a store that was skipped or failed, and why. */
    void note(String store, String metric, String text) {
        rows.add(new Row(store, metric, text, Double.NaN, Goal.NONE, Double.NaN, ""));
    }

    void print(PrintStream out) {
        String format = "%-9s %-40s %10s %-7s %9s %7s  %s%n";
        out.printf(format, "store", "metric", "value", "unit", "target", "ratio", "verdict");
        out.println("-".repeat(96));
        for (Row row : rows) {
            if (Double.isNaN(row.number())) {
                out.printf("%-9s %-40s %s%n", row.store(), row.metric(), row.value());
                continue;
            }
            String target = switch (row.goal()) {
                case AT_MOST -> "<= " + format(row.target());
                case AT_LEAST -> ">= " + format(row.target());
                case NONE -> "";
            };
            String ratio = row.goal() == Goal.NONE || row.target() == 0 ? "" : String.format("%.2fx", row.number() / row.target());
            String verdict = switch (row.goal()) {
                case AT_MOST -> row.number() <= row.target() ? "meets" : "MISSES";
                case AT_LEAST -> row.number() >= row.target() ? "meets" : "MISSES";
                case NONE -> "";
            };
            out.printf(format, row.store(), row.metric(), row.value(), row.unit(), target, ratio, verdict);
        }
        out.println("ratio = value / target: at most 1.00x is good for latencies, at least 1.00x for throughput.");
    }

    private static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e9) return String.format("%,d", (long) value);
        return value >= 100 ? String.format("%,.0f", value) : String.format("%.2f", value);
    }
}

package dev.anchor.cli;

import dev.anchor.api.EventView;
import dev.anchor.api.StepView;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A workflow's steps as a table that updates in place on a terminal: each step event rewrites its
 * row, and log lines print above the table. Off a terminal, each change is one line instead.
 */
final class LiveSteps {
    private final PrintStream err;
    private final boolean inPlace;
    private final Map<String, String[]> rows = new LinkedHashMap<>();
    private int drawn;

    LiveSteps(PrintStream err, boolean inPlace, List<StepView> steps) {
        this.err = err;
        this.inPlace = inPlace;
        for (StepView step : steps) rows.put(step.id(), new String[] {step.state(), step.reason() == null ? "" : step.reason(), String.join(", ", step.needs())});
        if (inPlace) draw();
    }

    void onStepEvent(EventView event) {
        String message = event.message() == null ? "" : event.message();
        if (!message.startsWith("step ")) return;
        int colon = message.indexOf(':');
        String id = (colon < 0 ? message.substring(5) : message.substring(5, colon)).strip();
        String detail = colon < 0 ? "" : message.substring(colon + 1).strip();
        String[] row = rows.get(id);
        if (row == null) return;
        row[0] = event.state();
        row[1] = detail;
        if (inPlace) redraw();
        else err.println("  " + id + " → " + event.state() + (detail.isEmpty() ? "" : "  (" + detail + ")"));
    }

    void onLog(String line) {
        if (inPlace) {
            clear();
            err.println("  | " + line);
            draw();
        } else {
            err.println("  | " + line);
        }
    }

    /** Leaves the table where it is; what follows prints below it. */
    void close() {
        drawn = 0;
    }

    private void redraw() {
        clear();
        draw();
    }

    private void clear() {
        if (drawn > 0) err.print("\033[" + drawn + "A\033[J");
        drawn = 0;
    }

    private void draw() {
        for (var entry : rows.entrySet()) {
            String[] row = entry.getValue();
            String needs = row[2].isEmpty() ? "" : "  ← " + row[2];
            String detail = row[1].isEmpty() ? "" : "  (" + row[1] + ")";
            err.printf("  %s %-14s %-12s%s%s%n", symbol(row[0]), entry.getKey(), row[0], needs, detail);
            drawn++;
        }
        err.flush();
    }

    private static String symbol(String state) {
        return switch (state) {
            case "SUCCEEDED", "COMPENSATED" -> "✔";
            case "FAILED", "COMPENSATION_FAILED" -> "✘";
            case "RUNNING", "COMPENSATING" -> "▶";
            case "SKIPPED", "CANCELLED" -> "–";
            default -> "·";
        };
    }
}

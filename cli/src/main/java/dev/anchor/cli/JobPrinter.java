package dev.anchor.cli;

import dev.anchor.api.JobView;
import dev.anchor.api.OutputView;
import dev.anchor.api.ServiceStatus;
import dev.anchor.api.TaskView;
import dev.anchor.api.StepView;
import dev.anchor.client.AnchorClient;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Base64;

/** How jobs appear in the terminal. */
final class JobPrinter {
    private JobPrinter() {}

    static void summary(PrintStream out, JobView job) {
        if (job.steps() != null) {
            workflow(out, job);
            return;
        }
        TaskView task = job.task();
        if (task == null) {
            out.printf("job      %s  %s  %s%n", job.id(), job.kind(), job.state());
            return;
        }
        out.printf("job      %s%s%n", job.id(), job.name() == null ? "" : "  (" + job.name() + ")");
        out.printf("state    %s%n", job.state());
        out.printf("task     %s  %s  runtime=%s  attempts=%d%s%n", task.id(), task.state(), task.runtime(), task.attempts(),
                task.node() == null ? "" : "  node=" + shortId(task.node()));
        if (task.service() != null) out.printf("service  %s%n", service(task.service()));
        if (task.reason() != null) out.printf("reason   %s%n", Terminal.inert(task.reason()));
        if (task.usage() != null) {
            out.printf("usage    %d ms, %d KiB memory, %d bytes out%n", task.usage().wallMillis(), task.usage().memoryBytes() / 1024,
                    task.usage().outputBytes());
        }
        if (task.output() != null) out.printf("output   %d bytes, sha256 %s%n", task.output().size(), task.output().sha256());
    }

    /** A service's restarts, how its last run ended and, while it waits out a backoff, when it starts again. */
    static String service(ServiceStatus status) {
        StringBuilder line = new StringBuilder("restarts=").append(status.restarts());
        if (status.restartsInARow() > 0) line.append(" (").append(status.restartsInARow()).append(" in a row)");
        if (status.lastExit() != null) line.append("  last exit: ").append(Terminal.inert(status.lastExit()));
        if (status.nextStartAt() != null) line.append("  next start ").append(java.time.Instant.ofEpochMilli(status.nextStartAt()));
        return line.toString();
    }

    /** A workflow as a table: one line per step, in graph order, with its tasks' outcome. */
    static void workflow(PrintStream out, JobView job) {
        out.printf("workflow %s%s  %s%s%n", job.id(), job.name() == null ? "" : "  (" + job.name() + ")", job.state(),
                job.reason() == null ? "" : "  " + job.reason());
        for (StepView step : job.steps()) {
            long done = step.tasks().stream().filter(t -> "run".equals(t.purpose()) && t.state().isTerminal()).count();
            long runs = step.tasks().stream().filter(t -> "run".equals(t.purpose())).count();
            String tasks = runs > 1 ? "  " + done + "/" + runs + " tasks" : "";
            String needs = step.needs().isEmpty() ? "" : "  ← " + String.join(", ", step.needs());
            String compensation = "NONE".equals(step.compensation()) ? "" : "  compensation " + step.compensation();
            out.printf("  %-12s %-12s%s%s%s%s%n", step.id(), step.state(), tasks, needs, compensation,
                    step.reason() == null ? "" : "  (" + Terminal.inert(step.reason()) + ")");
        }
    }

    /** Writes the job's output bytes as they are; a workflow's is that of its last steps (those nothing needs). */
    static void output(PrintStream out, JobView job, AnchorClient client) {
        if (job.steps() != null) {
            java.util.Set<String> needed = new java.util.HashSet<>();
            job.steps().forEach(step -> needed.addAll(step.needs()));
            for (StepView step : job.steps()) {
                if (needed.contains(step.id()) || !"SUCCEEDED".equals(step.state())) continue;
                for (TaskView task : step.tasks()) if ("run".equals(task.purpose())) write(out, task.output(), client);
            }
            return;
        }
        if (job.task() == null) return;
        write(out, job.task().output(), client);
    }

    private static void write(PrintStream out, OutputView output, AnchorClient client) {
        if (output == null) return;
        try {
            if (output.text() != null) out.write(output.text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            else if (output.base64() != null) out.write(Base64.getDecoder().decode(output.base64()));
            else if (output.blob() != null) out.write(client.download(output.blob()));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}

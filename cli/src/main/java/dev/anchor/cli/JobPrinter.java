package dev.anchor.cli;

import dev.anchor.api.JobView;
import dev.anchor.api.OutputView;
import dev.anchor.api.TaskView;
import dev.anchor.client.AnchorClient;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Base64;

/** How jobs appear in the terminal. */
final class JobPrinter {
    private JobPrinter() {}

    static void summary(PrintStream out, JobView job) {
        TaskView task = job.task();
        out.printf("job      %s%s%n", job.id(), job.name() == null ? "" : "  (" + job.name() + ")");
        out.printf("state    %s%n", job.state());
        out.printf("task     %s  %s  runtime=%s  attempts=%d%s%n", task.id(), task.state(), task.runtime(), task.attempts(),
                task.node() == null ? "" : "  node=" + shortId(task.node()));
        if (task.reason() != null) out.printf("reason   %s%n", task.reason());
        if (task.usage() != null) {
            out.printf("usage    %d ms, %d KiB memory, %d bytes out%n", task.usage().wallMillis(), task.usage().memoryBytes() / 1024,
                    task.usage().outputBytes());
        }
        if (task.output() != null) out.printf("output   %d bytes, sha256 %s%n", task.output().size(), task.output().sha256());
    }

    /** Writes the job's output bytes as they are. */
    static void output(PrintStream out, JobView job, AnchorClient client) {
        OutputView output = job.task().output();
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

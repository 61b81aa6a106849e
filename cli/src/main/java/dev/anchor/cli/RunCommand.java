package dev.anchor.cli;

import dev.anchor.api.EventView;
import dev.anchor.api.JobSubmission;
import dev.anchor.api.JobView;
import dev.anchor.api.LogLine;
import dev.anchor.client.AnchorClient;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Submits a job file, shows its progress and live logs on stderr, prints its output on stdout. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Submit a job file, follow it live, print its output.",
                "Exit code: 0 succeeded, 1 failed, 11 timed out, 12 cancelled, 13 rolled back; 2 bad input, 4 auth, 8 coordinator unreachable."})
final class RunCommand implements Callable<Integer> {
    @Mixin
    ClientOptions options;

    @Parameters(index = "0", paramLabel = "JOBFILE", description = "A job in YAML or JSON; 'file:' paths are relative to it.")
    Path file;

    @Option(names = "--no-logs", description = "Do not stream the task's logs.")
    boolean noLogs;

    @Option(names = "--quiet", description = "Print only the output.")
    boolean quiet;

    @Override
    public Integer call() {
        return run(options.client(), file, !noLogs, quiet, System.out, System.err);
    }

    static int run(AnchorClient client, Path file, boolean logs, boolean quiet, PrintStream out, PrintStream err) {
        JobSubmission job = JobFiles.resolve(JobFiles.load(file), file, client);
        JobView submitted = client.submit(job);
        if (!quiet) err.println("submitted " + submitted.id());
        // A workflow's steps update in place when stderr is a terminal; elsewhere each change is a line.
        LiveSteps steps = submitted.steps() == null || quiet ? null
                : new LiveSteps(err, System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM")),
                        submitted.steps());
        JobView done = client.follow(submitted.id(), logs, new AnchorClient.StreamListener() {
            @Override
            public void onEvent(EventView event) {
                if (quiet) return;
                if (steps != null) {
                    if ("step".equals(event.type())) steps.onStepEvent(event);
                } else if (event.taskId() != null) {
                    err.println("  " + event.state() + (event.message() == null ? "" : "  " + Terminal.inert(event.message())));
                }
            }

            @Override
            public void onLog(LogLine line) {
                if (quiet) return;
                String text = Terminal.inert(line.text());
                if (steps != null) steps.onLog(text);
                else err.println("  | " + text);
            }
        });
        if (steps != null) steps.close();
        if (!quiet) JobPrinter.summary(err, done);
        JobPrinter.output(out, done, client);
        return ExitCodes.of(done.state());
    }
}

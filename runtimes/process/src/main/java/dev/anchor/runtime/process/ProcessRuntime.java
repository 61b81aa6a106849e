package dev.anchor.runtime.process;

import static java.util.Objects.requireNonNull;

import dev.anchor.spi.RunResult;
import dev.anchor.spi.Runtime;
import dev.anchor.spi.TaskContext;
import dev.anchor.spi.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands of the node in bubblewrap, one sandbox per task. Thread-safe: each task runs on its
 * caller's thread with pump threads of its own; only the launcher thread is shared.
 */
final class ProcessRuntime implements Runtime {

    private final ProcessOptions options;
    private final HostUser hostUser;
    private final Path bwrap;
    private final Path setpriv;
    private final Path scratch;
    private final Launcher launcher = new Launcher();

    /**
     * @throws IllegalArgumentException when {@code process.bwrap} names no executable
     * @throws IllegalStateException    when the agent is root and setpriv is missing
     * @throws UncheckedIOException     when the scratch directory cannot be made
     */
    ProcessRuntime(ProcessOptions options) {
        this.options = requireNonNull(options, "options is null");
        this.hostUser = HostUser.forSandbox(options);
        this.bwrap = SandboxCommand.executable(options.bwrap()).orElseThrow(() -> new IllegalArgumentException(
                "process.bwrap is '" + options.bwrap() + "', which is not an executable; install bubblewrap"));
        this.setpriv = hostUser == null ? null : SandboxCommand.executable("setpriv").orElseThrow(() -> new IllegalStateException(
                "setpriv (util-linux) is not installed; the agent runs as root and needs it to run sandboxes unprivileged"));
        try {
            this.scratch = Files.createTempDirectory(options.scratchDirectory(), "anchor-process-");
            // Searchable by the sandbox user, listable by no one else.
            Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwx--x--x"));
        } catch (IOException e) {
            launcher.close();
            throw new UncheckedIOException("cannot make a scratch directory in " + options.scratchDirectory(), e);
        }
    }

    @Override
    public String name() {
        return ProcessRuntimeProvider.NAME;
    }

    @Override
    public RunResult run(TaskContext context) throws InterruptedException {
        requireNonNull(context, "context is null");
        if (Thread.interrupted()) {
            throw new InterruptedException("task " + context.taskId() + " was cancelled before it started");
        }
        long started = System.nanoTime();
        var limits = context.limits();
        if (context.input().length > limits.maxInputBytes()) {
            return failed("input of " + context.input().length + " bytes exceeds the input limit of "
                    + limits.maxInputBytes() + " bytes", started);
        }
        TaskPayload payload;
        try {
            payload = TaskPayload.from(context.payload(), context.args());
        } catch (IllegalArgumentException e) {
            return failed(e.getMessage(), started);
        }
        try (var directory = TaskDirectory.create(scratch, hostUser, context.input())) {
            List<String> argv;
            try {
                argv = SandboxCommand.build(bwrap, setpriv, hostUser, options, directory, limits, context.env(), payload.command());
            } catch (IllegalArgumentException e) {
                return failed(e.getMessage(), started);
            }
            return new SandboxedRun(context, payload, options, directory).run(launcher, argv, started);
        } catch (IOException e) {
            return failed("the task's work directory could not be made: " + e.getMessage(), started);
        }
    }

    /** Stops the launcher thread, which kills any sandbox still running, and removes the scratch directory. */
    @Override
    public void close() {
        launcher.close();
        TaskDirectory.deleteTree(scratch);
    }

    private static RunResult failed(String reason, long started) {
        return RunResult.failed(reason, new byte[0],
                new Usage(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), 0, 0, 0));
    }
}

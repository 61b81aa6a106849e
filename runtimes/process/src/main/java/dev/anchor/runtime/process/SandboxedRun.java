package dev.anchor.runtime.process;

import dev.anchor.spi.LogSink;
import dev.anchor.spi.RunResult;
import dev.anchor.spi.TaskContext;
import dev.anchor.spi.Usage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One task's sandbox from start to result. The calling thread waits for the process, enforces the
 * wall clock and samples memory; three pump threads feed stdin, keep stdout up to the output limit
 * and turn stderr into live log lines. Any limit or a cancel kills the whole sandbox.
 */
final class SandboxedRun {

    private static final long SAMPLE_MILLIS = 50;
    private static final long DRAIN_MILLIS = 5_000;

    private final TaskContext context;
    private final TaskPayload payload;
    private final ProcessOptions options;
    private final TaskDirectory directory;
    private final AtomicBoolean outputExceeded = new AtomicBoolean();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final MemorySampler memory = new MemorySampler();

    SandboxedRun(TaskContext context, TaskPayload payload, ProcessOptions options, TaskDirectory directory) {
        this.context = context;
        this.payload = payload;
        this.options = options;
        this.directory = directory;
    }

    RunResult run(Launcher launcher, List<String> argv, long started) throws InterruptedException {
        var builder = new ProcessBuilder(argv).directory(directory.root().toFile());
        builder.environment().clear();
        Process process;
        try {
            process = launcher.start(builder);
        } catch (IOException e) {
            return RunResult.failed("the sandbox could not be started: " + e.getMessage(), new byte[0], usage(started));
        }
        var budget = new LogBudget(context.logs(), options.logMaxBytes());
        var stderr = new LogLines(budget, LogSink.Stream.STDERR);
        // With an output file, stdout is just more log.
        var stdoutLines = payload.outputFile() == null ? null : new LogLines(budget, LogSink.Stream.STDOUT);
        var pumps = List.of(
                pump("stdin", () -> feed(process)),
                pump("stdout", () -> readStdout(process, stdoutLines)),
                pump("stderr", () -> readLines(process.getErrorStream(), stderr)));

        boolean timedOut = false;
        long deadline = started + TimeUnit.MILLISECONDS.toNanos(context.limits().timeoutMs());
        try {
            while (true) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    timedOut = true;
                    ProcessTree.kill(process);
                    break;
                }
                if (process.waitFor(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(SAMPLE_MILLIS)), TimeUnit.NANOSECONDS)) {
                    break;
                }
                memory.sample(process.toHandle());
            }
            drain(process, pumps);
        } catch (InterruptedException e) {
            ProcessTree.kill(process);
            throw new InterruptedException("task " + context.taskId() + " was cancelled");
        }

        var limits = context.limits();
        var output = stdout.toByteArray();
        if (timedOut) {
            return RunResult.timedOut("wall-clock limit of " + limits.timeoutMs() + " ms exceeded", output, usage(started));
        }
        if (outputExceeded.get()) {
            return RunResult.failed("output limit of " + limits.maxOutputBytes() + " bytes exceeded", output, usage(started));
        }
        int status = process.exitValue();
        if (status != 0) {
            return RunResult.failed(ExitReasons.of(status, limits, options.maxProcesses(), stderr.tail()), output, usage(started));
        }
        return payload.outputFile() == null
                ? RunResult.succeeded(output, usage(started))
                : readOutputFile(started);
    }

    private Thread pump(String stream, Runnable body) {
        return Thread.ofPlatform().daemon().name("process-" + context.taskId() + "-" + stream).start(body);
    }

    private void feed(Process process) {
        try (var in = process.getOutputStream()) {
            in.write(context.input());
        } catch (IOException e) {
            // The command exited or closed stdin without reading it all: not an error.
        }
    }

    private void readStdout(Process process, LogLines asLog) {
        var buffer = new byte[64 * 1024];
        long limit = context.limits().maxOutputBytes();
        try (var in = process.getInputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (asLog != null) {
                    asLog.write(buffer, 0, n);
                    continue;
                }
                long room = limit - stdout.size();
                if (n > room) {
                    stdout.write(buffer, 0, (int) room);
                    outputExceeded.set(true);
                    ProcessTree.kill(process);
                    return;
                }
                stdout.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // The sandbox was killed; what was read is kept.
        } finally {
            if (asLog != null) asLog.finish();
        }
    }

    private static void readLines(InputStream stream, LogLines lines) {
        var buffer = new byte[8 * 1024];
        try (var in = stream) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                lines.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // The sandbox was killed.
        } finally {
            lines.finish();
        }
    }

    /**
     * Waits for the pumps to see the end of their streams. When bwrap ends, its PID namespace is
     * torn down, so no process is left to hold a pipe open; the bound is a guard, after which the
     * streams are closed under the pumps.
     */
    private static void drain(Process process, List<Thread> pumps) throws InterruptedException {
        process.waitFor(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
        for (var pump : pumps) {
            pump.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        if (pumps.stream().anyMatch(Thread::isAlive)) {
            ProcessTree.kill(process);
            closeQuietly(process);
            for (var pump : pumps) {
                pump.join(DRAIN_MILLIS);
            }
        }
    }

    private static void closeQuietly(Process process) {
        for (var stream : List.of(process.getInputStream(), process.getErrorStream())) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // Closing is all that is wanted.
            }
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // Closing is all that is wanted.
        }
    }

    /**
     * Reads the output file. Every sandbox process is gone by now, so nothing can swap the file
     * between the checks and the read; a link (to the host's files) is refused, not followed.
     */
    private RunResult readOutputFile(long started) {
        var name = payload.outputFile();
        var limit = context.limits().maxOutputBytes();
        var file = directory.work().resolve(name);
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return failed("output file " + name + " was not written", started);
            }
            if (Files.isSymbolicLink(file)) {
                return failed("output file " + name + " is a symbolic link; expected a regular file", started);
            }
            var real = file.toRealPath();
            if (!real.startsWith(directory.work().toRealPath())) {
                return failed("output file " + name + " lies outside the work directory (through a symbolic link)", started);
            }
            if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                return failed("output file " + name + " is not a regular file", started);
            }
            long size = Files.size(real);
            if (size > limit) {
                return failed("output file " + name + " is " + size + " bytes; the output limit is " + limit + " bytes", started);
            }
            var bytes = Files.readAllBytes(real);
            return RunResult.succeeded(bytes, new Usage(millisSince(started), memory.peakBytes(), 0, bytes.length));
        } catch (IOException e) {
            return failed("output file " + name + " could not be read: " + e.getMessage(), started);
        }
    }

    private RunResult failed(String reason, long started) {
        return RunResult.failed(reason, new byte[0], usage(started));
    }

    private Usage usage(long started) {
        return new Usage(millisSince(started), memory.peakBytes(), 0, stdout.size());
    }

    private static long millisSince(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }
}

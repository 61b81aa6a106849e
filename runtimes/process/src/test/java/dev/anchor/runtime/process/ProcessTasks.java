package dev.anchor.runtime.process;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.anchor.spi.Limits;
import dev.anchor.spi.LogSink;
import dev.anchor.spi.Runtime;
import dev.anchor.spi.RuntimeSettings;
import dev.anchor.spi.TaskContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runtimes and task contexts for the process runtime's tests. Tests that need a working sandbox
 * skip with a loud message when bubblewrap does not work here, except under {@code CI=true},
 * where that fails.
 */
final class ProcessTasks {

    private static Optional<String> unavailable;

    private ProcessTasks() {}

    static synchronized void assumeSandboxWorks() {
        if (unavailable == null) {
            unavailable = new ProcessRuntimeProvider().unavailableReason();
        }
        if (unavailable.isPresent()) {
            var message = "the process runtime's sandbox does not work here: " + unavailable.get();
            if ("true".equals(System.getenv("CI"))) throw new AssertionError(message + "; under CI=true this is a failure");
            System.err.println("!!! SKIPPING process runtime tests: " + message);
            assumeTrue(false, message);
        }
    }

    /** A runtime with default options; skips (or fails under CI) when the sandbox does not work. */
    static Runtime runtime() {
        return runtime(Map.of());
    }

    static Runtime runtime(Map<String, String> options) {
        assumeSandboxWorks();
        return new ProcessRuntimeProvider().create(new RuntimeSettings(Path.of("target"), options));
    }

    static Task task(String... command) {
        return new Task(List.of(command));
    }

    /** A task context under construction; defaults are small limits. */
    static final class Task {
        private final Map<String, Object> payload = new HashMap<>();
        private byte[] input = new byte[0];
        private List<String> args = List.of();
        private Map<String, String> env = Map.of();
        private Limits limits = new Limits(256, 10_000, 0, 1.0, 1 << 20, 1 << 20);
        private LogSink logs = (stream, text) -> {};

        private Task(List<String> command) {
            payload.put("command", command);
        }

        Task input(String text) {
            this.input = text.getBytes(UTF_8);
            return this;
        }

        Task args(String... args) {
            this.args = List.of(args);
            return this;
        }

        Task env(Map<String, String> env) {
            this.env = env;
            return this;
        }

        Task outputFile(Object outputFile) {
            payload.put("outputFile", outputFile);
            return this;
        }

        Task payload(String field, Object value) {
            payload.put(field, value);
            return this;
        }

        Task memoryMb(int memoryMb) {
            limits = new Limits(memoryMb, limits.timeoutMs(), 0, 1.0, limits.maxOutputBytes(), limits.maxInputBytes());
            return this;
        }

        Task timeoutMs(long timeoutMs) {
            limits = new Limits(limits.memoryMb(), timeoutMs, 0, 1.0, limits.maxOutputBytes(), limits.maxInputBytes());
            return this;
        }

        Task maxOutputBytes(long maxOutputBytes) {
            limits = new Limits(limits.memoryMb(), limits.timeoutMs(), 0, 1.0, maxOutputBytes, limits.maxInputBytes());
            return this;
        }

        Task maxInputBytes(long maxInputBytes) {
            limits = new Limits(limits.memoryMb(), limits.timeoutMs(), 0, 1.0, limits.maxOutputBytes(), maxInputBytes);
            return this;
        }

        Task logs(LogSink logs) {
            this.logs = logs;
            return this;
        }

        TaskContext build() {
            return new TaskContext("task-1", "attempt-1", null, input, args, env, Map.copyOf(payload), limits, 42,
                    Instant.EPOCH, logs);
        }
    }
}

package dev.anchor.runtime.js;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.anchor.spi.Limits;
import dev.anchor.spi.LogSink;
import dev.anchor.spi.RunResult;
import dev.anchor.spi.Runtime;
import dev.anchor.spi.RuntimeSettings;
import dev.anchor.spi.TaskContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/** Scripts and task contexts for the js runtime's tests. */
final class JsTasks {

    static final Instant CLOCK = Instant.parse("2025-01-02T03:04:05.123456789Z");

    private JsTasks() {}

    static Runtime runtime() {
        return runtime(Map.of());
    }

    static Runtime runtime(Map<String, String> options) {
        return new JsRuntimeProvider().create(new RuntimeSettings(Path.of("target"), options));
    }

    static Task task(String script) {
        return new Task(script.getBytes(UTF_8));
    }

    static String output(RunResult result) {
        return new String(result.output(), UTF_8);
    }

    /** A task context under construction; defaults are small limits and a fixed clock and seed. */
    static final class Task {
        private final byte[] script;
        private byte[] input = new byte[0];
        private Map<String, String> env = Map.of();
        private Limits limits = new Limits(64, 10_000, 0, 1.0, 1 << 20, 1 << 20);
        private long seed = 42;
        private Instant clock = CLOCK;
        private LogSink logs = (stream, text) -> {};
        private String sha256;

        private Task(byte[] script) {
            this.script = script;
        }

        Task input(String text) {
            this.input = text.getBytes(UTF_8);
            return this;
        }

        Task input(byte[] bytes) {
            this.input = bytes;
            return this;
        }

        Task env(Map<String, String> env) {
            this.env = env;
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

        Task seed(long seed) {
            this.seed = seed;
            return this;
        }

        Task clock(Instant clock) {
            this.clock = clock;
            return this;
        }

        Task logs(LogSink logs) {
            this.logs = logs;
            return this;
        }

        /** Claims a hash other than the script's real one. */
        Task sha256(String sha256) {
            this.sha256 = sha256;
            return this;
        }

        TaskContext build() {
            var code = new TaskContext.Code(sha256 != null ? sha256 : CodeCache.sha256(script), script);
            return new TaskContext("task-1", "attempt-1", code, input, java.util.List.of(), env, Map.of(), limits,
                    seed, clock, logs);
        }
    }
}

package dev.anchor.runtime.builtin;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.anchor.spi.Limits;
import dev.anchor.spi.LogSink;
import dev.anchor.spi.RunResult;
import dev.anchor.spi.Runtime;
import dev.anchor.spi.RuntimeSettings;
import dev.anchor.spi.TaskContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Task contexts for the builtin runtime's tests. */
final class BuiltinTasks {

    private static final Runtime RUNTIME = new BuiltinRuntimeProvider().create(new RuntimeSettings(Path.of("target"), Map.of()));

    private BuiltinTasks() {}

    static Runtime runtime() {
        return RUNTIME;
    }

    static Task task(String library, String method) {
        return new Task(library, method);
    }

    /** A task under construction; defaults are a 10 s timeout, 256 MiB and 16 MiB caps on input and output. */
    static final class Task {
        private final Map<String, Object> payload = new LinkedHashMap<>();
        private byte[] input = new byte[0];
        private Limits limits = new Limits(256, 10_000, 0, 1.0, 16 << 20, 16 << 20);
        private LogSink logs = (stream, text) -> {};

        private Task(String library, String method) {
            if (library != null) payload.put("library", library);
            if (method != null) payload.put("method", method);
        }

        Task params(Map<String, ?> params) {
            payload.put("params", params);
            return this;
        }

        Task payload(String field, Object value) {
            payload.put(field, value);
            return this;
        }

        Task input(String text) {
            this.input = text.getBytes(UTF_8);
            return this;
        }

        Task input(byte[] bytes) {
            this.input = bytes;
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
            return new TaskContext("task-1", "attempt-1", null, input, List.of(), Map.of(), payload, limits, 42,
                    Instant.parse("2025-01-02T03:04:05Z"), logs);
        }

        RunResult run() throws InterruptedException {
            return RUNTIME.run(build());
        }
    }
}

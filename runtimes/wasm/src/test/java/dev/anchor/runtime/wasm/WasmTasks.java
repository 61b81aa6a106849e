package dev.anchor.runtime.wasm;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.anchor.spi.Limits;
import dev.anchor.spi.LogSink;
import dev.anchor.spi.Runtime;
import dev.anchor.spi.RuntimeSettings;
import dev.anchor.spi.TaskContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Modules and task contexts for the wasm runtime's tests. */
final class WasmTasks {

    static final Instant CLOCK = Instant.parse("2025-01-02T03:04:05.123456789Z");

    private WasmTasks() {}

    static Runtime runtime() {
        return runtime(Map.of());
    }

    static Runtime runtime(Map<String, String> options) {
        return new WasmRuntimeProvider().create(new RuntimeSettings(Path.of("target"), options));
    }

    /** A test module from src/test/resources/wasm, built from the .wat beside it. */
    static byte[] testModule(String name) {
        try (var in = WasmTasks.class.getResourceAsStream("/wasm/" + name + ".wasm")) {
            if (in == null) throw new IllegalArgumentException("no test module " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A module from examples/wasm, which the docs point users to. */
    static byte[] example(String name) {
        try {
            return Files.readAllBytes(Path.of("../../examples/wasm", name + ".wasm"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Task task(byte[] module) {
        return new Task(module);
    }

    /** A task context under construction; defaults are small limits and a fixed clock and seed. */
    static final class Task {
        private final byte[] module;
        private byte[] input = new byte[0];
        private List<String> args = List.of();
        private Map<String, String> env = Map.of();
        private Limits limits = new Limits(64, 10_000, 0, 1.0, 1 << 20, 1 << 20);
        private long seed = 42;
        private LogSink logs = (stream, text) -> {};
        private String sha256;

        private Task(byte[] module) {
            this.module = module;
        }

        Task input(String text) {
            this.input = text.getBytes(UTF_8);
            return this;
        }

        Task input(byte[] bytes) {
            this.input = bytes;
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

        Task limits(Limits limits) {
            this.limits = limits;
            return this;
        }

        Task memoryMb(int memoryMb) {
            limits = new Limits(memoryMb, limits.timeoutMs(), limits.fuel(), 1.0, limits.maxOutputBytes(), limits.maxInputBytes());
            return this;
        }

        Task timeoutMs(long timeoutMs) {
            limits = new Limits(limits.memoryMb(), timeoutMs, limits.fuel(), 1.0, limits.maxOutputBytes(), limits.maxInputBytes());
            return this;
        }

        Task maxOutputBytes(long maxOutputBytes) {
            limits = new Limits(limits.memoryMb(), limits.timeoutMs(), limits.fuel(), 1.0, maxOutputBytes, limits.maxInputBytes());
            return this;
        }

        Task maxInputBytes(long maxInputBytes) {
            limits = new Limits(limits.memoryMb(), limits.timeoutMs(), limits.fuel(), 1.0, limits.maxOutputBytes(), maxInputBytes);
            return this;
        }

        Task fuel(long fuel) {
            limits = new Limits(limits.memoryMb(), limits.timeoutMs(), fuel, 1.0, limits.maxOutputBytes(),
                    limits.maxInputBytes());
            return this;
        }

        Task seed(long seed) {
            this.seed = seed;
            return this;
        }

        Task logs(LogSink logs) {
            this.logs = logs;
            return this;
        }

        /** Claims a hash other than the module's real one. */
        Task sha256(String sha256) {
            this.sha256 = sha256;
            return this;
        }

        TaskContext build() {
            var code = module == null ? null
                    : new TaskContext.Code(sha256 != null ? sha256 : ModuleCache.sha256(module), module);
            return new TaskContext("task-1", "attempt-1", code, input, args, env, Map.of(), limits, seed, CLOCK, logs);
        }
    }
}

package dev.anchor.bench.runtimes;

import dev.anchor.spi.Limits;
import dev.anchor.spi.RunResult;
import dev.anchor.spi.Runtime;
import dev.anchor.spi.RuntimeProvider;
import dev.anchor.spi.RuntimeSettings;
import dev.anchor.spi.TaskContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** Loads runtimes as the agent does (ServiceLoader, one instance each) and builds the tasks they run. */
final class Spi {
    private static final Instant CLOCK = Instant.parse("2026-01-01T00:00:00Z");
    private static final Limits LIMITS = new Limits(512, 120_000, 0, 1.0, 1L << 20, 64L << 20);
    private static long sequence;

    private Spi() {}

    /** The runtime named, made in {@code work}, or empty with the reason printed loudly. */
    static Optional<Runtime> load(String name, Path work, Table table) throws IOException {
        return load(name, work, table, Map.of());
    }

    /** The runtime named, made in {@code work} with these agent options, or empty with the reason printed loudly. */
    static Optional<Runtime> load(String name, Path work, Table table, Map<String, String> options) throws IOException {
        var provider = ServiceLoader.load(RuntimeProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals(name)).findFirst();
        if (provider.isEmpty()) {
            skip(table, name, "no provider named " + name + " on the classpath");
            return Optional.empty();
        }
        var reason = provider.get().unavailableReason();
        if (reason.isPresent()) {
            skip(table, name, reason.get());
            return Optional.empty();
        }
        Path dir = Files.createDirectories(work.resolve(name));
        return Optional.of(provider.get().create(new RuntimeSettings(dir, options)));
    }

    static void skip(Table table, String runtime, String why) {
        System.err.println("!!! SKIPPING the " + runtime + " runtime: " + why);
        table.note(runtime, "(all)", "skipped: " + why);
    }

    static TaskContext.Code code(byte[] bytes) {
        try {
            return new TaskContext.Code(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static TaskContext task(TaskContext.Code code, String input, List<String> args, Map<String, Object> payload) {
        long n = ++sequence;
        return new TaskContext("tsk_bench_" + n, "att_bench_" + n, code, input.getBytes(StandardCharsets.UTF_8), args,
                Map.of(), payload, LIMITS, 42L, CLOCK, (stream, text) -> {});
    }

    /** Runs the task and returns its output; a run that did not succeed is an error of the benchmark. */
    static String run(Runtime runtime, TaskContext task) throws InterruptedException {
        RunResult result = runtime.run(task);
        String output = new String(result.output(), StandardCharsets.UTF_8);
        if (result.outcome() != dev.anchor.spi.Outcome.SUCCEEDED) {
            throw new IllegalStateException(runtime.name() + " task " + result.outcome() + ": " + result.reason() + " " + output);
        }
        return output;
    }

    /** Wall time of one run, in nanoseconds. */
    static long time(Runtime runtime, TaskContext task) throws InterruptedException {
        long start = System.nanoTime();
        run(runtime, task);
        return System.nanoTime() - start;
    }
}

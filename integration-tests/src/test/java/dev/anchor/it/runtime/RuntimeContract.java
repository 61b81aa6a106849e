package dev.anchor.it.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.anchor.spi.Limits;
import dev.anchor.spi.LogSink;
import dev.anchor.spi.Outcome;
import dev.anchor.spi.RunResult;
import dev.anchor.spi.Runtime;
import dev.anchor.spi.RuntimeProvider;
import dev.anchor.spi.RuntimeSettings;
import dev.anchor.spi.TaskContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every runtime keeps, run against each through the SPI as the agent loads it
 * (ServiceLoader): success, a guest error, a timeout, the memory cap, the output cap, live logs and
 * cancellation mid-run — and after each case the same runtime still runs the next task. A runtime
 * that cannot express a case (a builtin library has no guest code to log live) says why, and that
 * case is skipped with the reason.
 */
abstract class RuntimeContract {
    /** One task for the runtime: its code (or null), input, payload fields, args. */
    record Case(TaskContext.Code code, byte[] input, Map<String, Object> payload, List<String> args) {}

    @TempDir
    Path work;
    private Runtime runtime;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    abstract String name();

    /** Why this runtime cannot run on this machine, or empty. */
    Optional<String> unavailable() {
        return Optional.empty();
    }

    abstract Case success();

    abstract String successOutput();

    abstract Case guestError();

    abstract Case runsForever();

    abstract Optional<Case> memoryBomb();

    abstract Case outputFlood();

    /** Logs a line, then runs until stopped; empty with a reason in {@link #noLiveLogs()} when impossible. */
    abstract Optional<Case> logsThenRuns();

    String noLiveLogs() {
        return "";
    }

    @BeforeEach
    void load() throws Exception {
        Optional<String> reason = unavailable();
        if (reason.isPresent()) {
            if ("true".equals(System.getenv("CI"))) throw new AssertionError(name() + " runtime unavailable under CI=true: " + reason.get());
            System.err.println("!!! SKIPPING the " + name() + " runtime contract: " + reason.get());
            assumeTrue(false, reason.get());
        }
        RuntimeProvider provider = ServiceLoader.load(RuntimeProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals(name())).findFirst().orElseThrow(() -> new AssertionError("no provider " + name()));
        assertThat(provider.unavailableReason()).as("%s says it cannot run here", name()).isEmpty();
        Files.createDirectories(work.resolve("runtime"));
        runtime = provider.create(new RuntimeSettings(work.resolve("runtime"), Map.of()));
    }

    @AfterEach
    void close() {
        if (runtime != null) runtime.close();
    }

    private TaskContext context(Case c, Limits limits) {
        return new TaskContext("tsk_contract", "att_" + System.nanoTime(), c.code(), c.input(), c.args(), Map.of(), c.payload(), limits,
                42L, Instant.parse("2026-01-01T00:00:00Z"), (stream, text) -> lines.add(stream + " " + text));
    }

    private RunResult run(Case c, Limits limits) throws InterruptedException {
        return runtime.run(context(c, limits));
    }

    private static Limits limits(int memoryMb, long timeoutMs, long maxOutputBytes) {
        return new Limits(memoryMb, timeoutMs, 0, 1.0, maxOutputBytes, 64L << 20);
    }

    private void stillServes() throws InterruptedException {
        RunResult next = run(success(), limits(128, 30_000, 1 << 20));
        assertThat(next.outcome()).as(next.reason()).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void success_gives_the_expected_output() throws Exception {
        RunResult result = run(success(), limits(128, 30_000, 1 << 20));
        assertThat(result.outcome()).as(result.reason()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(new String(result.output(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(successOutput());
        assertThat(result.usage().wallMillis()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void a_guest_error_fails_with_a_reason() throws Exception {
        RunResult result = run(guestError(), limits(128, 30_000, 1 << 20));
        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isNotBlank();
        stillServes();
    }

    @Test
    void a_guest_that_runs_forever_times_out() throws Exception {
        RunResult result = run(runsForever(), limits(128, 300, 1 << 20));
        assertThat(result.outcome()).as(result.reason()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(result.reason()).contains("300 ms");
        stillServes();
    }

    @Test
    void a_memory_bomb_fails_at_the_memory_cap() throws Exception {
        Optional<Case> bomb = memoryBomb();
        assumeTrue(bomb.isPresent(), name() + " has no way to allocate guest memory");
        RunResult result = run(bomb.get(), limits(32, 20_000, 1 << 20));
        assertThat(result.outcome()).as(result.reason()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).containsAnyOf("memory", "Memory", "pixels", "limit");
        stillServes();
    }

    @Test
    void an_output_flood_fails_at_the_output_cap() throws Exception {
        RunResult result = run(outputFlood(), limits(128, 20_000, 4096));
        assertThat(result.outcome()).as(result.reason()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).contains("output limit of 4096 bytes");
        assertThat(result.output().length).isLessThanOrEqualTo(4096);
        stillServes();
    }

    @Test
    void logs_arrive_while_the_guest_runs_and_cancellation_stops_it() throws Exception {
        Optional<Case> logging = logsThenRuns();
        assumeTrue(logging.isPresent(), noLiveLogs());
        AtomicReference<Thread> worker = new AtomicReference<>();
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        Thread thread = Thread.ofPlatform().start(() -> {
            worker.set(Thread.currentThread());
            try {
                outcome.complete(run(logging.get(), limits(128, 60_000, 1 << 20)));
            } catch (InterruptedException e) {
                outcome.complete(e);
            } catch (Throwable e) {
                outcome.completeExceptionally(e);
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> !lines.isEmpty());
        assertThat(outcome).as("the guest still runs when its first line has arrived").isNotDone();
        thread.interrupt();
        Object result;
        try {
            result = outcome.get(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
        assertThat(result).as("a cancelled run throws InterruptedException").isInstanceOf(InterruptedException.class);
        stillServes();
    }

}

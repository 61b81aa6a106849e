package dev.anchor.agent.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anchor.spi.Limits;
import dev.anchor.spi.Outcome;
import dev.anchor.spi.RunResult;
import dev.anchor.spi.Runtime;
import dev.anchor.spi.RuntimeProvider;
import dev.anchor.spi.RuntimeSettings;
import dev.anchor.spi.TaskContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real worker JVMs (under bubblewrap where it works) running the real wasm runtime. */
final class WorkerPoolTest {
    private static WorkerPool pool;
    private static WorkerRuntime wasm;
    private static byte[] square;
    private static byte[] spin;

    @BeforeAll
    static void startPool() throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        pool = WorkerPool.start(new WorkerPool.Settings(1, List.of("wasm"), Map.of(), 256, true, WorkerCommand.javaBinary(),
                absolute(classPath), WorkerCommand.inheritedJvmFlags()));
        wasm = new WorkerRuntime("wasm", pool);
        square = Files.readAllBytes(Path.of("../examples/wasm/square.wasm"));
        spin = Files.readAllBytes(Path.of("../integration-tests/src/test/resources/wasm/spin.wasm"));
        System.out.println("sandbox worker second layer: " + pool.secondLayer());
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @Test
    void a_worker_answers_a_wasm_task() throws InterruptedException {
        RunResult result = wasm.run(task(square, "7"));
        assertThat(result.outcome()).as(result.reason()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(new String(result.output(), StandardCharsets.UTF_8)).isEqualTo("49\n");
    }

    @Test
    void cancelling_a_run_interrupts_it_inside_the_worker_and_keeps_the_worker() throws Exception {
        wasm.run(task(square, "1"));
        WorkerProcess before = pool.workers().getFirst();
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Thread slot = Thread.ofPlatform().start(() -> {
            try {
                wasm.run(task(spin, "20000"));
                ended.complete(null);
            } catch (Throwable e) {
                ended.complete(e);
            }
        });
        Thread.sleep(500);
        long cancelledAt = System.nanoTime();
        slot.interrupt();
        assertThat(ended.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cancelledAt)).isLessThan(WorkerProcess.CANCEL_GRACE_MS + 1_000);
        assertThat(wasm.run(task(square, "3")).output()).asString(StandardCharsets.UTF_8).isEqualTo("9\n");
        assertThat(pool.workers()).containsExactly(before);
    }

    @Test
    void a_worker_killed_mid_task_fails_only_that_task_as_retryable_and_is_replaced() throws Exception {
        wasm.run(task(square, "1"));
        WorkerProcess doomed = pool.workers().getFirst();
        CompletableFuture<RunResult> result = CompletableFuture.supplyAsync(() -> {
            try {
                return wasm.run(task(spin, "20000"));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(500);
        // The JVM itself: under bubblewrap it is the launcher's descendant.
        ProcessHandle jvm = ProcessHandle.of(doomed.pid()).orElseThrow().descendants()
                .filter(p -> p.info().command().orElse("").endsWith("/java")).findFirst()
                .orElse(ProcessHandle.of(doomed.pid()).orElseThrow());
        new ProcessBuilder("kill", "-KILL", Long.toString(jvm.pid())).start().waitFor();
        RunResult crashed = result.get(10, TimeUnit.SECONDS);
        assertThat(crashed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(crashed.reason()).startsWith("sandbox crashed");
        assertThat(WorkerRuntime.crashed(crashed)).isTrue();
        RunResult next = wasm.run(task(square, "5"));
        assertThat(next.outcome()).as(next.reason()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(new String(next.output(), StandardCharsets.UTF_8)).isEqualTo("25\n");
        assertThat(pool.workers()).doesNotContain(doomed).hasSize(1);
    }

    @Test
    void a_guest_cannot_claim_its_sandbox_crashed() {
        assertThat(WorkerRuntime.crashed(RunResult.failed("guest: sandbox crashed", new byte[0], dev.anchor.spi.Usage.NONE))).isFalse();
        assertThatThrownBy(() -> new WorkerPool.Settings(0, List.of(), Map.of(), 256, false, Path.of("java"), "", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Not a test of speed (no timing assertions): prints what a warm worker adds to a trivial wasm task. */
    @Test
    void prints_the_extra_cost_of_a_warm_worker() throws InterruptedException {
        Runtime inAgent = ServiceLoader.load(RuntimeProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("wasm")).findFirst().orElseThrow()
                .create(new RuntimeSettings(Path.of(System.getProperty("java.io.tmpdir")), Map.of()));
        for (int i = 0; i < 200; i++) {
            inAgent.run(task(square, "4"));
            wasm.run(task(square, "4"));
        }
        long[] direct = new long[300];
        long[] worker = new long[300];
        for (int i = 0; i < direct.length; i++) {
            long t0 = System.nanoTime();
            inAgent.run(task(square, "4"));
            long t1 = System.nanoTime();
            wasm.run(task(square, "4"));
            long t2 = System.nanoTime();
            direct[i] = t1 - t0;
            worker[i] = t2 - t1;
        }
        double directMs = median(direct) / 1e6;
        double workerMs = median(worker) / 1e6;
        System.out.printf("trivial wasm task (square.wasm), median of %d: in-agent %.3f ms, warm worker %.3f ms, extra %.3f ms (%s)%n",
                direct.length, directMs, workerMs, workerMs - directMs, pool.secondLayer());
        inAgent.close();
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static TaskContext task(byte[] module, String input) {
        return new TaskContext("task", "attempt", new TaskContext.Code(sha256(module), module),
                input.getBytes(StandardCharsets.UTF_8), List.of(), Map.of(), Map.of(), Limits.DEFAULT, 1, Instant.EPOCH,
                (stream, text) -> {});
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String absolute(String classPath) {
        List<String> entries = new ArrayList<>();
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty()) entries.add(Path.of(entry).toAbsolutePath().toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }
}

package dev.anchor.runtime.wasm;

import static dev.anchor.runtime.wasm.WasmTasks.task;
import static dev.anchor.runtime.wasm.WasmTasks.testModule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anchor.spi.LogSink.Stream;
import dev.anchor.spi.RunResult;
import dev.anchor.spi.Runtime;
import dev.anchor.spi.TestingLogSink;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Logs arrive while the guest runs, and an interrupt from the caller cancels it. */
final class WasmLiveLogsAndCancellationTest {

    private final Runtime runtime = WasmTasks.runtime();

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void first_log_line_arrives_before_the_module_finishes_and_an_interrupt_cancels_it() throws Exception {
        var logs = new TestingLogSink();
        var task = task(testModule("log_then_spin")).timeoutMs(120_000).logs(logs).build();
        var result = new AtomicReference<RunResult>();
        var thrown = new AtomicReference<Throwable>();
        var thread = new Thread(() -> {
            try {
                result.set(runtime.run(task));
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "guest");
        thread.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> logs.texts(Stream.STDERR).contains("started"));
        assertThat(thread.isAlive()).isTrue();

        thread.interrupt();
        await().atMost(Duration.ofSeconds(30)).until(() -> !thread.isAlive());
        assertThat(result.get()).isNull();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class).hasMessageContaining("cancelled");
    }

    @Test
    void a_thread_interrupted_before_the_run_is_cancelled_at_once() {
        Thread.currentThread().interrupt();
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> runtime.run(task(WasmTasks.example("square")).input("2").build()))
                    .isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }
    }
}

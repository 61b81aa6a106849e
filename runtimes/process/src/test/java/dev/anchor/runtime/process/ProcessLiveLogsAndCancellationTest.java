package dev.anchor.runtime.process;

import static dev.anchor.runtime.process.ProcessTasks.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.anchor.spi.LogSink.Stream;
import dev.anchor.spi.RunResult;
import dev.anchor.spi.Runtime;
import dev.anchor.spi.TestingLogSink;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** stderr lines arrive while the command runs, and an interrupt from the caller kills the sandbox. */
final class ProcessLiveLogsAndCancellationTest {

    private Runtime runtime;

    @BeforeEach
    void start() {
        runtime = ProcessTasks.runtime();
    }

    @AfterEach
    void close() {
        if (runtime != null) runtime.close();
    }

    @Test
    void first_stderr_line_arrives_before_the_process_ends_and_an_interrupt_cancels_it() throws Exception {
        var logs = new TestingLogSink();
        var task = task("sh", "-c", "echo started >&2; exec sleep 120").timeoutMs(120_000).logs(logs).build();
        var result = new AtomicReference<RunResult>();
        var thrown = new AtomicReference<Throwable>();
        var thread = new Thread(() -> {
            try {
                result.set(runtime.run(task));
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "task");
        thread.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> logs.texts(Stream.STDERR).contains("started"));
        assertThat(thread.isAlive()).isTrue();
        var sandbox = ProcessHandle.current().descendants().toList();
        assertThat(sandbox).isNotEmpty();

        thread.interrupt();
        await().atMost(Duration.ofSeconds(30)).until(() -> !thread.isAlive());
        assertThat(result.get()).isNull();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class).hasMessageContaining("cancelled");
        await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.stream().noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void a_thread_interrupted_before_the_run_is_cancelled_at_once() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> runtime.run(task("echo", "hi").build())).isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void tasks_run_in_parallel_in_separate_sandboxes() throws Exception {
        var first = new AtomicReference<RunResult>();
        var thread = Thread.ofPlatform().start(() -> {
            try {
                first.set(runtime.run(task("sh", "-c", "echo one > mine; cat mine").build()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        var second = runtime.run(task("sh", "-c", "ls; echo two > mine; cat mine").build());
        thread.join();

        assertThat(new String(second.output(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("input\ntwo\n");
        assertThat(new String(first.get().output(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("one\n");
    }
}

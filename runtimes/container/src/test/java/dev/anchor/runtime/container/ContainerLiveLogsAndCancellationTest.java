package dev.anchor.runtime.container;

import static dev.anchor.runtime.container.ContainerTasks.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.anchor.spi.LogSink.Stream;
import dev.anchor.spi.RunResult;
import dev.anchor.spi.TestingLogSink;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** stderr lines arrive while the container runs, and an interrupt from the caller kills and removes it. */
final class ContainerLiveLogsAndCancellationTest {

    private ContainerRuntime runtime;

    @BeforeEach
    void start() {
        runtime = ContainerTasks.runtime();
    }

    @AfterEach
    void no_container_is_left() throws Exception {
        if (runtime == null) return;
        ContainerTasks.assertNoContainersLeft(runtime);
        runtime.close();
    }

    @Test
    void stderr_lines_arrive_while_it_runs_and_an_interrupt_cancels_it() throws Exception {
        var logs = new TestingLogSink();
        var task = task("sh", "-c", "echo started >&2; echo second >&2; exec sleep 120").timeoutMs(120_000).logs(logs).build();
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

        await().atMost(Duration.ofSeconds(30)).until(() -> logs.texts(Stream.STDERR).size() == 2);
        assertThat(logs.texts(Stream.STDERR)).containsExactly("started", "second");
        assertThat(thread.isAlive()).isTrue();

        thread.interrupt();
        thread.join(Duration.ofSeconds(30));
        assertThat(thread.isAlive()).isFalse();
        assertThat(result.get()).isNull();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class).hasMessage("task task-1 was cancelled");
        // Removal happens before run() throws, so nothing is left the moment it has.
        ContainerTasks.assertNoContainersLeft(runtime);
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
    void tasks_run_in_parallel_in_separate_containers() throws Exception {
        var first = new AtomicReference<RunResult>();
        var thread = Thread.ofPlatform().start(() -> {
            try {
                first.set(runtime.run(task("sh", "-c", "echo one > /output/mine; cat /output/mine").build()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        var second = runtime.run(task("sh", "-c", "ls /output; echo two > /output/mine; cat /output/mine").build());
        thread.join();

        assertThat(ContainerTasks.text(second.output())).isEqualTo("two\n");
        assertThat(ContainerTasks.text(first.get().output())).isEqualTo("one\n");
    }
}

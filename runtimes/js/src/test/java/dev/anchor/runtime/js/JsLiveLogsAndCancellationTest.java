package dev.anchor.runtime.js;

import static dev.anchor.runtime.js.JsTasks.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.anchor.spi.LogSink.Stream;
import dev.anchor.spi.Outcome;
import dev.anchor.spi.RunResult;
import dev.anchor.spi.Runtime;
import dev.anchor.spi.TestingLogSink;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Console lines arrive while the script runs, and an interrupt from the caller cancels it. */
final class JsLiveLogsAndCancellationTest {

    private static final Runtime RUNTIME = JsTasks.runtime();
    private static final String LOG_THEN_SPIN = "console.log('started'); while (true) {}";

    @AfterAll
    static void close() {
        RUNTIME.close();
    }

    @Test
    void first_console_line_arrives_before_the_script_ends() throws Exception {
        var logs = new TestingLogSink();
        var task = task(LOG_THEN_SPIN).timeoutMs(3_000).logs(logs).build();
        var result = new AtomicReference<RunResult>();
        var thread = Thread.ofPlatform().name("caller").start(() -> {
            try {
                result.set(RUNTIME.run(task));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        await().atMost(Duration.ofSeconds(30)).until(() -> logs.texts(Stream.STDOUT).contains("started"));
        assertThat(result.get()).isNull();

        thread.join(Duration.ofSeconds(30));
        assertThat(result.get().outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(logs.texts(Stream.STDOUT)).containsExactly("started");
    }

    @Test
    void an_interrupt_cancels_a_running_script() throws Exception {
        var logs = new TestingLogSink();
        var task = task(LOG_THEN_SPIN).timeoutMs(120_000).logs(logs).build();
        var thrown = new AtomicReference<Throwable>();
        var thread = Thread.ofPlatform().name("caller").start(() -> {
            try {
                RUNTIME.run(task);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });

        await().atMost(Duration.ofSeconds(30)).until(() -> logs.texts(Stream.STDOUT).contains("started"));
        thread.interrupt();
        thread.join(Duration.ofSeconds(30));

        assertThat(thread.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class).hasMessageContaining("cancelled");
        assertThat(RUNTIME.run(task("'still fine'").build()).outcome()).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void a_thread_interrupted_before_the_run_is_cancelled_at_once() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> RUNTIME.run(task("1").build())).isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }
    }
}

package dev.anchor.runtime.js;

import static dev.anchor.runtime.js.JsTasks.output;
import static dev.anchor.runtime.js.JsTasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.spi.LogSink.Stream;
import dev.anchor.spi.Outcome;
import dev.anchor.spi.Runtime;
import dev.anchor.spi.TestingLogSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every limit ends a hostile script with its own reason, and the next task runs as if nothing happened. */
final class JsLimitsTest {

    private static final Runtime RUNTIME = JsTasks.runtime();

    @AfterAll
    static void close() {
        RUNTIME.close();
    }

    @Test
    void an_endless_loop_times_out() throws Exception {
        var result = RUNTIME.run(task("while (true) {}").timeoutMs(300).build());

        assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(result.reason()).isEqualTo("wall-clock limit of 300 ms exceeded");
        assertThat(result.usage().wallMillis()).isGreaterThanOrEqualTo(300);
        assertNextTaskRuns();
    }

    @Test
    void catastrophic_regex_backtracking_times_out() throws Exception {
        var result = RUNTIME.run(task("/(a+)+$/.test('a'.repeat(40) + '!')").timeoutMs(500).build());

        assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(result.reason()).isEqualTo("wall-clock limit of 500 ms exceeded");
        assertNextTaskRuns();
    }

    @Test
    void a_heap_bomb_fails_at_the_heap_limit_without_harming_the_process() throws Exception {
        var result = RUNTIME.run(task("let a = []; while (true) a.push(new Array(1e6).fill(1))").memoryMb(64).build());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("heap limit of 64 MiB exceeded");
        assertThat(result.usage().memoryBytes()).isGreaterThan(64L << 20);
        assertNextTaskRuns();
    }

    @Test
    void a_heap_bomb_under_a_large_cap_is_stopped_by_the_near_heap_limit_callback() throws Exception {
        // 256 MiB asked for; V8's ceiling of 128 MiB is where it is stopped.
        var result = RUNTIME.run(task("let a = []; while (true) a.push(new Array(1e6).fill(1))").memoryMb(256).build());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("heap limit of 128 MiB exceeded");
        assertNextTaskRuns();
    }

    @Test
    void an_array_buffer_bomb_fails_at_the_external_memory_limit() throws Exception {
        var result = RUNTIME.run(task("let b = []; while (true) b.push(new ArrayBuffer(1 << 24))").memoryMb(64).build());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).startsWith("external memory limit of 64 MiB exceeded");
        assertNextTaskRuns();
    }

    @Test
    void deep_recursion_fails_with_a_range_error() throws Exception {
        var result = RUNTIME.run(task("function f() { f(); } f();").build());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).startsWith("RangeError: Maximum call stack size exceeded");
        assertNextTaskRuns();
    }

    @Test
    void output_over_the_limit_fails_and_keeps_what_fits() throws Exception {
        var text = RUNTIME.run(task("'x'.repeat(1000)").maxOutputBytes(100).build());
        var bytes = RUNTIME.run(task("new Uint8Array(101)").maxOutputBytes(100).build());
        var exact = RUNTIME.run(task("'é'.repeat(50)").maxOutputBytes(100).build());

        assertThat(text.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(text.reason()).isEqualTo("output limit of 100 bytes exceeded");
        assertThat(output(text)).isEqualTo("x".repeat(100));
        assertThat(bytes.reason()).isEqualTo("output limit of 100 bytes exceeded");
        assertThat(bytes.output()).hasSize(100);
        assertThat(exact.outcome()).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void console_output_past_the_log_limit_is_dropped_with_one_system_line() throws Exception {
        var logs = new TestingLogSink();
        var result = RUNTIME.run(task("""
                const line = 'y'.repeat(1023);
                for (let i = 0; i < 3000; i++) console.log(line);
                'finished'
                """).logs(logs).build());

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(output(result)).isEqualTo("finished");
        assertThat(logs.texts(Stream.STDOUT)).hasSize(1024);
        assertThat(logs.texts(Stream.SYSTEM))
                .containsExactly("log limit of 1 MiB reached; further console output of this task is dropped");
    }

    private static void assertNextTaskRuns() throws InterruptedException {
        var next = RUNTIME.run(task("[1, 2, 3].map(x => x * 2).join(',')").build());
        assertThat(next.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(output(next)).isEqualTo("2,4,6");
    }
}

package dev.anchor.runtime.wasm;

import static dev.anchor.runtime.wasm.WasmTasks.task;
import static dev.anchor.runtime.wasm.WasmTasks.testModule;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.spi.LogSink.Stream;
import dev.anchor.spi.Outcome;
import dev.anchor.spi.Runtime;
import dev.anchor.spi.TestingLogSink;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every limit stops or fails the guest with a reason that names it. */
final class WasmLimitsTest {

    private final Runtime runtime = WasmTasks.runtime();

    @AfterEach
    void close() {
        runtime.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"compiler", "interpreter"})
    void loop_forever_times_out_with_reason(String engine) throws Exception {
        try (var runtime = WasmTasks.runtime(Map.of("wasm.engine", engine))) {
            var result = runtime.run(task(testModule("loop_forever")).timeoutMs(200).build());

            assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
            assertThat(result.reason()).isEqualTo("wall-clock limit of 200 ms exceeded");
            assertThat(result.usage().wallMillis()).isGreaterThanOrEqualTo(200);
            // The watchdog's interrupt is the runtime's own business, not the caller's.
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }
    }

    @Test
    void start_function_that_loops_forever_times_out_too() throws Exception {
        var result = runtime.run(task(testModule("start_function_loops")).timeoutMs(200).build());

        assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(result.reason()).isEqualTo("wall-clock limit of 200 ms exceeded");
    }

    @Test
    void initial_memory_over_the_cap_fails_before_running() throws Exception {
        var result = runtime.run(task(testModule("initial_memory_too_large")).memoryMb(16).build());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("module needs 63 MiB of memory at start; limit is 16 MiB");
    }

    @Test
    void initial_memory_under_the_cap_is_not_raised_to_it() throws Exception {
        var result = runtime.run(task(testModule("initial_memory_too_large")).memoryMb(64).build());

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.usage().memoryBytes()).isEqualTo(1000L * 64 * 1024);
    }

    @Test
    void growing_memory_past_the_cap_fails_naming_the_limit() throws Exception {
        var result = runtime.run(task(testModule("grow_memory_until_failure")).memoryMb(16).build());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).startsWith("memory limit of 16 MiB reached (trap: ");
        assertThat(result.usage().memoryBytes()).isEqualTo(16L << 20);
    }

    @Test
    void printing_forever_stops_at_the_output_limit() throws Exception {
        var result = runtime.run(task(testModule("print_forever")).maxOutputBytes(10_000).build());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("output limit of 10000 bytes exceeded");
        assertThat(result.output()).hasSize(10_000);
        assertThat(result.usage().outputBytes()).isEqualTo(10_000);
    }

    @Test
    void logs_past_the_cap_are_dropped_with_one_system_line_and_the_task_goes_on() throws Exception {
        var logs = new TestingLogSink();

        var result = runtime.run(task(testModule("stderr_many_lines")).logs(logs).build());

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(new String(result.output(), UTF_8)).isEqualTo("done\n");
        // 1 MiB of 32-byte lines (31 characters and a newline).
        assertThat(logs.texts(Stream.STDERR)).hasSize((1 << 20) / 32).allMatch(line -> line.length() == 31);
        assertThat(logs.texts(Stream.SYSTEM))
                .containsExactly("log limit of 1 MiB reached; further stderr output of this task is dropped");
        assertThat(logs.lines().getLast().stream()).isEqualTo(Stream.SYSTEM);
    }

    @Test
    void input_over_the_limit_fails_naming_it() throws Exception {
        var result = runtime.run(task(WasmTasks.example("square")).input(new byte[2048]).maxInputBytes(1024).build());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("input of 2048 bytes exceeds the input limit of 1024 bytes");
    }
}

package dev.anchor.runtime.process;

import static dev.anchor.runtime.process.ProcessTasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.spi.LogSink.Stream;
import dev.anchor.spi.Outcome;
import dev.anchor.spi.Runtime;
import dev.anchor.spi.TestingLogSink;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each limit ends a run with its own reason, and the runtime goes on running tasks. */
final class ProcessLimitsTest {

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
    void a_sleeping_command_times_out() throws Exception {
        var result = runtime.run(task("sleep", "30").timeoutMs(300).build());

        assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(result.reason()).isEqualTo("wall-clock limit of 300 ms exceeded");
        assertThat(result.usage().wallMillis()).isLessThan(10_000);
    }

    @Test
    void a_busy_loop_times_out() throws Exception {
        var result = runtime.run(task("sh", "-c", "while :; do :; done").timeoutMs(300).build());

        assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(result.reason()).isEqualTo("wall-clock limit of 300 ms exceeded");
    }

    @Test
    void endless_stdout_is_cut_at_the_output_limit() throws Exception {
        var result = runtime.run(task("yes").maxOutputBytes(1000).build());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("output limit of 1000 bytes exceeded");
        assertThat(result.output()).hasSize(1000);
        assertThat(result.usage().outputBytes()).isEqualTo(1000);
    }

    @Test
    void a_process_past_its_cpu_rlimit_is_named_as_such() throws Exception {
        // The runtime's CPU rlimit sits past the wall limit (a backstop); lowered here so it acts first.
        var result = runtime.run(task("sh", "-c", "exec prlimit --cpu=1:3 -- sh -c 'while :; do :; done'").timeoutMs(60_000).build());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).startsWith("killed by signal ").contains("SIGXCPU").contains("CPU time limit");
    }

    @Test
    void a_file_past_the_file_size_limit_is_stopped() throws Exception {
        var result = runtime.run(task("sh", "-c", "head -c 100000 /dev/zero > big").maxOutputBytes(4096).build());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).contains("file size limit of 4096 bytes");
    }

    @Test
    void stderr_past_the_log_limit_is_dropped_with_one_system_line() throws Exception {
        try (var small = ProcessTasks.runtime(Map.of("process.logs.maxBytes", "1000"))) {
            var logs = new TestingLogSink();

            var result = small.run(task("sh", "-c", "i=0; while [ $i -lt 500 ]; do echo line-$i >&2; i=$((i+1)); done; echo done")
                    .logs(logs).build());

            assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(logs.texts(Stream.STDERR)).hasSizeLessThan(200).startsWith("line-0", "line-1");
            assertThat(logs.texts(Stream.SYSTEM)).containsExactly(
                    "log limit of 1000 bytes reached; further log output of this task is dropped");
        }
    }

    @Test
    void the_runtime_keeps_running_tasks_after_every_limit() throws Exception {
        runtime.run(task("sleep", "30").timeoutMs(200).build());
        runtime.run(task("yes").maxOutputBytes(10).build());

        var result = runtime.run(task("echo", "still here").build());

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
    }
}

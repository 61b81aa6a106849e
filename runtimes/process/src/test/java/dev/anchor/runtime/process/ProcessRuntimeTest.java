package dev.anchor.runtime.process;

import static dev.anchor.runtime.process.ProcessTasks.task;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.anchor.spi.LogSink.Stream;
import dev.anchor.spi.Outcome;
import dev.anchor.spi.Runtime;
import dev.anchor.spi.TestingLogSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a task gets: stdin and the input file, argv, a clean environment, stdout or a file as output. */
final class ProcessRuntimeTest {

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
    void stdin_is_the_input_and_stdout_the_output() throws Exception {
        var result = runtime.run(task("sh", "-c", "read x; echo $((x*x))").input("9\n").build());

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.reason()).isNull();
        assertThat(new String(result.output(), UTF_8)).isEqualTo("81\n");
        assertThat(result.usage().outputBytes()).isEqualTo(3);
        assertThat(result.usage().wallMillis()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void the_input_is_also_the_file_input_in_the_work_directory() throws Exception {
        var result = runtime.run(task("sh", "-c", "pwd; cat input; ls").input("hello").build());

        assertThat(new String(result.output(), UTF_8)).isEqualTo("/work\nhello" + "input\n");
    }

    @Test
    void the_output_file_is_the_output_and_stdout_goes_to_the_log() throws Exception {
        var logs = new TestingLogSink();
        var result = runtime.run(task("sh", "-c", "echo progress; mkdir -p out; tr a-z A-Z < input > out/result.txt")
                .input("shout").outputFile("out/result.txt").logs(logs).build());

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(new String(result.output(), UTF_8)).isEqualTo("SHOUT");
        assertThat(result.usage().outputBytes()).isEqualTo(5);
        assertThat(logs.texts(Stream.STDOUT)).containsExactly("progress");
    }

    @Test
    void a_missing_output_file_fails_naming_it() throws Exception {
        var result = runtime.run(task("true").outputFile("out.mp4").build());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("output file out.mp4 was not written");
    }

    @Test
    void the_environment_is_only_the_tasks_plus_path_home_tmpdir_and_pwd() throws Exception {
        var result = runtime.run(task("env").env(Map.of("GREETING", "hi", "HOME", "/root")).build());

        var lines = new String(result.output(), UTF_8).lines().sorted().toList();
        assertThat(lines).containsExactly("GREETING=hi", "HOME=/work", "PATH=/usr/bin:/bin", "PWD=/work", "TMPDIR=/tmp");
    }

    @Test
    void the_host_environment_does_not_leak() throws Exception {
        var result = runtime.run(task("sh", "-c", "echo \"home=$HOME java=${JAVA_HOME:-none} user=$(id -un)\"").build());

        assertThat(new String(result.output(), UTF_8)).isEqualTo("home=/work java=none user=anchor\n");
    }

    @Test
    void task_args_follow_the_command() throws Exception {
        var result = runtime.run(task("printf", "%s|").args("a b", "c").build());

        assertThat(new String(result.output(), UTF_8)).isEqualTo("a b|c|");
    }

    @Test
    void a_non_zero_exit_fails_with_the_code_and_keeps_partial_output_and_logs() throws Exception {
        var logs = new TestingLogSink();
        var result = runtime.run(task("sh", "-c", "echo partial; echo oops >&2; exit 3").logs(logs).build());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("exit code 3");
        assertThat(new String(result.output(), UTF_8)).isEqualTo("partial\n");
        assertThat(logs.texts(Stream.STDERR)).containsExactly("oops");
    }

    @Test
    void a_signal_is_named() throws Exception {
        var result = runtime.run(task("sh", "-c", "kill -TERM $$").build());

        assertThat(result.reason()).isEqualTo("killed by signal 15 (SIGTERM)");
    }

    @Test
    void an_unknown_command_says_it_could_not_be_started() throws Exception {
        var result = runtime.run(task("no-such-tool", "--help").build());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).startsWith("exit code 127: the command could not be started")
                .contains("no-such-tool").contains("PATH=/usr/bin:/bin");
    }

    @Test
    void a_payload_without_a_command_fails_before_anything_runs() throws Exception {
        var context = task("x").payload("command", "echo hi").build();

        var result = runtime.run(context);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("payload.command is a string; expected the argv as a list of strings");
    }

    @Test
    void an_output_file_outside_the_work_directory_is_refused() throws Exception {
        for (var name : List.of("/etc/passwd", "../secret", "a/../../b")) {
            var result = runtime.run(task("true").outputFile(name).build());

            assertThat(result.reason()).as(name).startsWith("payload.outputFile is '" + name + "'; expected a relative path");
        }
    }

    @Test
    void input_over_the_limit_fails_without_running() throws Exception {
        var result = runtime.run(task("cat").input("0123456789").maxInputBytes(4).build());

        assertThat(result.reason()).isEqualTo("input of 10 bytes exceeds the input limit of 4 bytes");
    }

    @Test
    void an_environment_name_with_an_equals_sign_is_refused() throws Exception {
        var result = runtime.run(task("env").env(Map.of("A=B", "c")).build());

        assertThat(result.reason()).isEqualTo("env name 'A=B' is not valid; expected a name without '=' or NUL");
    }

    @Test
    void python_runs_when_the_node_has_it() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "no /usr/bin/python3 on this node");
        var result = runtime.run(task("python3", "-c", "import sys; print(sum(map(int, sys.stdin.read().split())))")
                .input("1 2 3").build());

        assertThat(new String(result.output(), UTF_8)).isEqualTo("6\n");
    }

    @Test
    void memory_use_is_reported() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "no /usr/bin/python3 on this node");

        var result = runtime.run(task("python3", "-c", "import time; x = bytearray(64 << 20); time.sleep(0.5)").build());

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.usage().memoryBytes()).isGreaterThan(64L << 20).isLessThan(256L << 20);
    }
}

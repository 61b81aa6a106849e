package dev.anchor.runtime.container;

import static dev.anchor.runtime.container.ContainerTasks.task;
import static dev.anchor.runtime.container.ContainerTasks.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.spi.LogSink.Stream;
import dev.anchor.spi.Outcome;
import dev.anchor.spi.RunResult;
import dev.anchor.spi.TestingLogSink;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a task sees and what it gets back: input, output, environment, exit status, payload errors. */
final class ContainerRuntimeTest {

    private ContainerRuntime runtime;
    private TestingLogSink logs;

    @BeforeEach
    void start() {
        runtime = ContainerTasks.runtime();
        logs = new TestingLogSink();
    }

    @AfterEach
    void no_container_is_left() throws Exception {
        if (runtime == null) return;
        ContainerTasks.assertNoContainersLeft(runtime);
        runtime.close();
    }

    @Test
    void squares_its_input_read_from_stdin() throws Exception {
        var result = run(task("sh", "-c", "read x; echo $((x*x))").input("7\n"));

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(text(result.output())).isEqualTo("49\n");
        assertThat(result.usage().outputBytes()).isEqualTo(3);
        assertThat(result.usage().wallMillis()).isPositive();
    }

    @Test
    void stdin_ends_after_the_input_so_cat_returns_all_of_it() throws Exception {
        var input = new byte[1 << 20];
        Arrays.fill(input, (byte) 'a');

        var whole = run(task("cat").input("line one\nline two, no newline"));
        var large = run(task("wc", "-c").input(input));

        assertThat(text(whole.output())).isEqualTo("line one\nline two, no newline");
        assertThat(text(large.output()).trim()).isEqualTo("1048576");
    }

    @Test
    void input_the_command_never_reads_does_not_hold_it_up() throws Exception {
        var result = run(task("echo", "done").input(new byte[4 << 20]));

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(text(result.output())).isEqualTo("done\n");
    }

    @Test
    void the_input_is_also_the_file_input_in_a_read_only_input_directory() throws Exception {
        var result = run(task("sh", "-c", "cat /input/input; echo; touch /input/x").input("payload"));

        assertThat(text(result.output())).isEqualTo("payload\n");
        assertThat(result.reason()).isEqualTo("exit code 1");
        assertThat(logs.texts(Stream.STDERR)).singleElement().asString().endsWith("Read-only file system");
    }

    @Test
    void without_input_stdin_is_empty() throws Exception {
        var result = run(task("wc", "-c"));

        assertThat(text(result.output()).trim()).isEqualTo("0");
    }

    @Test
    void the_output_file_under_output_is_the_output_and_stdout_becomes_log() throws Exception {
        var result = run(task("sh", "-c", "mkdir /output/out; echo result > /output/out/r.txt; echo progress")
                .outputFile("out/r.txt"));

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(text(result.output())).isEqualTo("result\n");
        assertThat(result.usage().outputBytes()).isEqualTo(7);
        assertThat(logs.texts(Stream.STDOUT)).containsExactly("progress");
    }

    @Test
    void a_missing_output_file_fails_naming_it() throws Exception {
        var result = run(task("true").outputFile("r.txt"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("output file /output/r.txt was not written");
    }

    @Test
    void an_output_file_linked_elsewhere_is_refused() throws Exception {
        var result = run(task("ln", "-s", "/etc/passwd", "/output/r.txt").outputFile("r.txt"));

        assertThat(result.reason()).isEqualTo("output file /output/r.txt is a symbolic link; expected a regular file");
        assertThat(result.output()).isEmpty();
    }

    @Test
    void the_environment_is_the_tasks_on_top_of_the_images() throws Exception {
        var result = run(task("env").env(Map.of("GREETING", "hello world")));

        Map<String, String> seen = text(result.output()).lines()
                .collect(Collectors.toMap(line -> line.substring(0, line.indexOf('=')), line -> line.substring(line.indexOf('=') + 1)));
        // PATH is the image's; HOSTNAME and HOME are what every container gets. Nothing of the agent's.
        assertThat(seen).containsOnlyKeys("PATH", "HOSTNAME", "HOME", "GREETING")
                .containsEntry("GREETING", "hello world")
                .containsEntry("HOSTNAME", "task");
    }

    @Test
    void a_non_zero_exit_fails_with_its_code_and_keeps_partial_output() throws Exception {
        var result = run(task("sh", "-c", "echo partial; echo oops >&2; exit 3"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("exit code 3");
        assertThat(text(result.output())).isEqualTo("partial\n");
        assertThat(logs.texts(Stream.STDERR)).containsExactly("oops");
    }

    @Test
    void args_are_appended_to_the_command() throws Exception {
        var result = run(task("echo", "a").args("b", "c"));

        assertThat(text(result.output())).isEqualTo("a b c\n");
    }

    @Test
    void without_a_command_the_images_own_runs() throws Exception {
        // The test image's CMD is sh, which reads its script from stdin.
        var result = run(task().input("echo from the image command"));

        assertThat(text(result.output())).isEqualTo("from the image command\n");
    }

    @Test
    void an_image_not_on_the_node_fails_without_pulling() throws Exception {
        var result = run(task("true").payload("image", "anchor-test/absent:1"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("image anchor-test/absent:1 is not on this node (pulling is off: container.pullImages=false)");
    }

    @Test
    void payload_errors_name_the_field() throws Exception {
        assertThat(run(task("true").payload("image", null)).reason())
                .isEqualTo("payload.image is missing; expected an image reference such as alpine:3.20");
        assertThat(run(task("true").payload("command", "echo hi")).reason())
                .isEqualTo("payload.command is a string; expected the argv as a list of strings");
        assertThat(run(task("true").outputFile("../etc/passwd")).reason())
                .isEqualTo("payload.outputFile is '../etc/passwd'; expected a relative path under /output, without '..'");
        assertThat(run(task("true").input("12345").maxInputBytes(4)).reason())
                .isEqualTo("input of 5 bytes exceeds the input limit of 4 bytes");
        assertThat(run(task("true").memoryMb(4)).reason())
                .isEqualTo("memory limit of 4 MiB is below the engine's minimum of 6 MiB");
    }

    @Test
    void an_unknown_oci_runtime_fails_the_task_naming_it() throws Exception {
        try (var withRunsc = ContainerTasks.runtime(Map.of("container.ociRuntime", "anchor-no-such-runtime"))) {
            var result = withRunsc.run(task("true").build());

            assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(result.reason()).startsWith("the engine failed while ").contains("anchor-no-such-runtime");
            ContainerTasks.assertNoContainersLeft(withRunsc);
        }
    }

    @Test
    void a_cpu_share_above_the_engines_cpus_is_capped_not_refused() throws Exception {
        var result = run(task("echo", "ok").cpus(1024));

        assertThat(text(result.output())).isEqualTo("ok\n");
    }

    private RunResult run(ContainerTasks.Task task) throws InterruptedException {
        return runtime.run(task.logs(logs).build());
    }

}

package dev.anchor.runtime.wasm;

import static dev.anchor.runtime.wasm.WasmTasks.example;
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

/** What a guest sees and how each way of ending becomes a result. */
final class WasmRuntimeTest {

    private final Runtime runtime = WasmTasks.runtime();

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void square_example_writes_the_square_and_logs_a_line() throws Exception {
        var logs = new TestingLogSink();

        var result = runtime.run(task(example("square")).input("  -12\n").logs(logs).build());

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(new String(result.output(), UTF_8)).isEqualTo("144\n");
        assertThat(result.reason()).isNull();
        assertThat(logs.lines()).containsExactly(new TestingLogSink.Line(Stream.STDERR, "squaring -12"));
        assertThat(result.usage().memoryBytes()).isEqualTo(64 * 1024);
        assertThat(result.usage().outputBytes()).isEqualTo(4);
        assertThat(result.usage().fuel()).isPositive();
    }

    @Test
    void square_example_rejects_input_that_is_not_a_number() throws Exception {
        var logs = new TestingLogSink();

        var result = runtime.run(task(example("square")).input("seven").logs(logs).build());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("exit code 2");
        assertThat(logs.texts(Stream.STDERR)).containsExactly("expected a decimal integer on stdin");
    }

    @Test
    void wordcount_example_counts_like_wc_and_names_the_top_words() throws Exception {
        var logs = new TestingLogSink();
        var text = "the quick brown fox\njumps over the lazy dog\nThe end\n";

        var result = runtime.run(task(example("wordcount")).input(text).logs(logs).build());

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(new String(result.output(), UTF_8)).isEqualTo("3 11 52\nthe 3\nbrown 1\ndog 1\n");
        assertThat(logs.texts(Stream.STDERR)).containsExactly("wordcount: read 52 bytes, 9 distinct words");
    }

    @Test
    void args_env_and_stdin_reach_the_guest() throws Exception {
        var result = runtime.run(task(testModule("echo_args_env"))
                .input("from stdin\n")
                .args("one", "two words")
                .env(Map.of("B", "2", "A", "1"))
                .build());

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        // argv[0] is "task"; the environment arrives sorted by name.
        assertThat(new String(result.output(), UTF_8)).isEqualTo("from stdin\ntask\none\ntwo words\nA=1\nB=2\n");
    }

    @Test
    void proc_exit_zero_succeeds() throws Exception {
        var result = runtime.run(task(testModule("exit_code_0")).build());

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(new String(result.output(), UTF_8)).isEqualTo("bye\n");
    }

    @Test
    void non_zero_exit_code_fails_and_keeps_partial_output() throws Exception {
        var result = runtime.run(task(testModule("exit_code_3")).build());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("exit code 3");
        assertThat(new String(result.output(), UTF_8)).isEqualTo("partial\n");
    }

    @Test
    void unreachable_fails_as_a_trap() throws Exception {
        var result = runtime.run(task(testModule("unreachable")).build());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).startsWith("trap: ").containsIgnoringCase("unreachable");
    }

    @Test
    void out_of_bounds_load_fails_as_a_trap() throws Exception {
        var result = runtime.run(task(testModule("out_of_bounds")).build());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).startsWith("trap: ").contains("out of bounds memory access");
    }

    @Test
    void invalid_bytes_fail_with_the_parser_message() throws Exception {
        var result = runtime.run(task("not a wasm module".getBytes(UTF_8)).build());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).startsWith("invalid wasm module: ").hasSizeGreaterThan("invalid wasm module: ".length());
    }

    @Test
    void truncated_module_fails_as_invalid() throws Exception {
        var square = example("square");
        var truncated = java.util.Arrays.copyOf(square, square.length / 2);

        var result = runtime.run(task(truncated).build());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).startsWith("invalid wasm module: ");
    }

    @Test
    void import_that_is_not_granted_fails_naming_it() throws Exception {
        var result = runtime.run(task(testModule("imports_env_foo")).build());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("module imports env.foo, which is not granted");
    }

    @Test
    void module_without_start_fails_saying_so() throws Exception {
        var result = runtime.run(task(testModule("no_start")).build());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("module exports no _start function, the WASI command entry point");
    }

    @Test
    void deep_recursion_fails_and_the_thread_runs_the_next_task() throws Exception {
        var result = runtime.run(task(testModule("deep_recursion")).build());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("call depth limit of 2000 exceeded (too deep recursion)");

        var next = runtime.run(task(example("square")).input("3").build());
        assertThat(new String(next.output(), UTF_8)).isEqualTo("9\n");
    }

    @Test
    void task_without_a_module_fails() throws Exception {
        var result = runtime.run(task(null).build());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("the task has no wasm module to run");
    }

    @Test
    void hash_that_does_not_match_the_bytes_fails_and_poisons_nothing() throws Exception {
        var square = example("square");
        var unreachable = testModule("unreachable");

        var lying = runtime.run(task(unreachable).sha256(ModuleCache.sha256(square)).build());
        var honest = runtime.run(task(square).input("5").build());

        assertThat(lying.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(lying.reason()).startsWith("module sha256 is ");
        assertThat(new String(honest.output(), UTF_8)).isEqualTo("25\n");
    }
}

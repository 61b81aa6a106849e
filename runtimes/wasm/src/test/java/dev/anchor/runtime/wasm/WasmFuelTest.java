package dev.anchor.runtime.wasm;

import static dev.anchor.runtime.wasm.WasmTasks.example;
import static dev.anchor.runtime.wasm.WasmTasks.task;
import static dev.anchor.runtime.wasm.WasmTasks.testModule;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.spi.Outcome;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fuel is metered on every engine, reported in usage, and running out fails the task. */
final class WasmFuelTest {

    @ParameterizedTest
    @ValueSource(strings = {"compiler", "interpreter", "v8"})
    void loop_forever_runs_out_of_fuel_naming_the_limit(String engine) throws Exception {
        try (var runtime = WasmTasks.runtime(Map.of("wasm.engine", engine))) {
            var result = runtime.run(task(testModule("loop_forever")).fuel(1_000_000).build());

            assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(result.reason()).isEqualTo("fuel limit of 1000000 exceeded");
            assertThat(result.usage().fuel()).isEqualTo(1_000_000);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"compiler", "interpreter", "v8"})
    void fuel_follows_the_documented_cost_model(String engine) throws Exception {
        try (var runtime = WasmTasks.runtime(Map.of("wasm.engine", engine))) {
            var result = runtime.run(task(testModule("fuel_cost_model")).build());

            assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
            // _start: 3 on entry (the loop instruction, and what follows the loop's last branch
            // back: the loop's end and the function's), 7 at the top of each of the 10
            // iterations; $next: 4 per call.
            assertThat(result.usage().fuel()).isEqualTo(3 + 10 * 7 + 10 * 4);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"compiler", "interpreter", "v8"})
    void code_an_inner_loop_repeats_is_charged_on_every_iteration(String engine) throws Exception {
        try (var runtime = WasmTasks.runtime(Map.of("wasm.engine", engine))) {
            var result = runtime.run(task(testModule("fuel_nested_loops")).build());

            // Entry 2 (outer loop, function end); outer top 3 (inner loop, both ends), once; inner
            // top 8 and the 8 after the branch to the outer loop, each on all 10 iterations.
            assertThat(result.usage().fuel()).isEqualTo(2 + 3 + 10 * 8 + 10 * 8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"compiler", "interpreter", "v8"})
    void rewritten_control_flow_computes_what_the_original_does(String engine) throws Exception {
        try (var runtime = WasmTasks.runtime(Map.of("wasm.engine", engine))) {
            var result = runtime.run(task(testModule("control_flow")).build());

            // (100 + 721 + 3) & 255: see control_flow.wat.
            assertThat(result.reason()).isEqualTo("exit code 56");
            assertThat(result.usage().fuel()).isPositive();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"compiler", "interpreter", "v8"})
    void start_function_is_metered_too(String engine) throws Exception {
        try (var runtime = WasmTasks.runtime(Map.of("wasm.engine", engine))) {
            var result = runtime.run(task(testModule("start_function_loops")).fuel(10_000).build());

            assertThat(result.reason()).isEqualTo("fuel limit of 10000 exceeded");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"compiler", "v8"})
    void recursion_past_the_depth_bound_fails_naming_it(String engine) throws Exception {
        try (var runtime = WasmTasks.runtime(Map.of("wasm.engine", engine))) {
            var result = runtime.run(task(testModule("deep_recursion")).build());

            assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(result.reason()).isEqualTo("call depth limit of 2000 exceeded (too deep recursion)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"compiler", "v8"})
    void enough_fuel_runs_to_the_end_and_reports_what_it_used(String engine) throws Exception {
        try (var runtime = WasmTasks.runtime(Map.of("wasm.engine", engine))) {
            var unlimited = runtime.run(task(example("square")).input("12").build());
            long used = unlimited.usage().fuel();

            var exact = runtime.run(task(example("square")).input("12").fuel(used).build());
            var short1 = runtime.run(task(example("square")).input("12").fuel(used - 1).build());

            assertThat(new String(exact.output(), UTF_8)).isEqualTo("144\n");
            assertThat(exact.usage().fuel()).isEqualTo(used);
            assertThat(short1.reason()).isEqualTo("fuel limit of " + (used - 1) + " exceeded");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"compiler", "v8"})
    void more_work_costs_more_fuel(String engine) throws Exception {
        try (var runtime = WasmTasks.runtime(Map.of("wasm.engine", engine))) {
            var small = runtime.run(task(example("sha256")).input("a".repeat(10)).build());
            var large = runtime.run(task(example("sha256")).input("a".repeat(10_000)).build());

            assertThat(large.usage().fuel()).isGreaterThan(small.usage().fuel() * 10);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"compiler", "v8"})
    void module_using_threads_is_refused(String engine) throws Exception {
        // (module (memory 1 1 shared) (func (export "_start")))
        byte[] module = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
                0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x05, 0x04, 0x01, 0x03, 0x01, 0x01,
                0x07, 0x0A, 0x01, 0x06, '_', 's', 't', 'a', 'r', 't', 0x00, 0x00, 0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B};
        try (var runtime = WasmTasks.runtime(Map.of("wasm.engine", engine))) {
            var result = runtime.run(task(module).build());

            assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(result.reason()).isEqualTo("module uses a shared memory (threads), which is not metered");
        }
    }
}

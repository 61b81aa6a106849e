package dev.anchor.runtime.wasm;

import static dev.anchor.runtime.wasm.WasmTasks.example;
import static dev.anchor.runtime.wasm.WasmTasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.spi.Outcome;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Prints what instantiating and running a cached module costs; asserts no timing. */
final class WasmInstantiationCostTest {

    private static final int WARM_UP = 2_000;
    private static final int RUNS = 1_000;

    @Test
    void instantiate_and_run_of_a_cached_module_is_measured() throws Exception {
        for (var engine : new String[] {"compiler", "interpreter", "v8"}) {
            try (var runtime = WasmTasks.runtime(Map.of("wasm.engine", engine))) {
                var context = task(example("square")).input("12345").build();
                long firstStart = System.nanoTime();
                assertThat(runtime.run(context).outcome()).isEqualTo(Outcome.SUCCEEDED);
                long firstMicros = (System.nanoTime() - firstStart) / 1_000;
                for (int i = 0; i < WARM_UP; i++) {
                    runtime.run(context);
                }
                var micros = new double[RUNS];
                for (int i = 0; i < RUNS; i++) {
                    long start = System.nanoTime();
                    var result = runtime.run(context);
                    micros[i] = (System.nanoTime() - start) / 1_000.0;
                    assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
                }
                Arrays.sort(micros);
                System.out.printf("wasm %s: square.wasm first run (parse+compile+run) %d us; cached instantiate+run"
                                + " median %.1f us, p90 %.1f us, p99 %.1f us over %d runs%n",
                        engine, firstMicros, micros[RUNS / 2], micros[RUNS * 9 / 10], micros[RUNS * 99 / 100], RUNS);
            }
        }
    }
}

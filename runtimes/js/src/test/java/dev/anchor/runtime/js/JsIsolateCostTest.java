package dev.anchor.runtime.js;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.spi.Outcome;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Prints what a fresh isolate per task costs (create, prepare, run 1+1, close); asserts no timing. */
final class JsIsolateCostTest {

    private static final int WARM_UP = 50;
    private static final int RUNS = 200;

    @Test
    void isolate_create_run_and_dispose_is_measured() throws Exception {
        try (var runtime = JsTasks.runtime()) {
            var context = JsTasks.task("1+1").build();
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
            System.out.printf("js: isolate create + sandbox + run '1+1' + dispose: median %.0f us, p90 %.0f us,"
                    + " p99 %.0f us over %d runs%n", micros[RUNS / 2], micros[RUNS * 9 / 10], micros[RUNS * 99 / 100], RUNS);
        }
    }
}

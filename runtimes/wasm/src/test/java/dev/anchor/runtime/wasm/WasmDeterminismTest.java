package dev.anchor.runtime.wasm;

import static dev.anchor.runtime.wasm.WasmTasks.task;
import static dev.anchor.runtime.wasm.WasmTasks.testModule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.spi.Outcome;
import dev.anchor.spi.Runtime;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The guest's clocks and random bytes come from the task, so every run sees the same world. */
final class WasmDeterminismTest {

    private final Runtime runtime = WasmTasks.runtime();

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void two_runs_with_the_same_clock_and_seed_print_the_same_bytes() throws Exception {
        var first = runtime.run(task(testModule("clock_and_random")).seed(7).build());
        var second = runtime.run(task(testModule("clock_and_random")).seed(7).build());

        assertThat(first.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(first.output()).hasSize(32).isEqualTo(second.output());
    }

    @Test
    void both_clocks_read_the_task_instant() throws Exception {
        var output = runtime.run(task(testModule("clock_and_random")).build()).output();

        var bytes = ByteBuffer.wrap(output).order(ByteOrder.LITTLE_ENDIAN);
        long expected = WasmTasks.CLOCK.getEpochSecond() * 1_000_000_000L + WasmTasks.CLOCK.getNano();
        assertThat(bytes.getLong(0)).isEqualTo(expected);
        assertThat(bytes.getLong(8)).isEqualTo(expected);
    }

    @Test
    void another_seed_gives_other_random_bytes() throws Exception {
        var first = runtime.run(task(testModule("clock_and_random")).seed(1).build()).output();
        var second = runtime.run(task(testModule("clock_and_random")).seed(2).build()).output();

        assertThat(Arrays.copyOfRange(first, 16, 32)).isNotEqualTo(Arrays.copyOfRange(second, 16, 32));
    }
}

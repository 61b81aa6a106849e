package dev.anchor.runtime.wasm;

import static dev.anchor.runtime.wasm.WasmTasks.example;
import static dev.anchor.runtime.wasm.WasmTasks.task;
import static dev.anchor.runtime.wasm.WasmTasks.testModule;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.spi.Outcome;
import dev.anchor.spi.RunResult;
import dev.anchor.spi.Runtime;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One runtime serves many threads at once, and faults on some leave the others and the pool intact. */
final class WasmConcurrencyTest {

    private final Runtime runtime = WasmTasks.runtime();

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void eight_tasks_run_in_parallel_with_faults_among_them() throws Exception {
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (int round = 0; round < 3; round++) {
                var squares = new ArrayList<Future<RunResult>>();
                for (int i = 0; i < 5; i++) {
                    var input = String.valueOf(1000 + i);
                    squares.add(pool.submit(run(task(example("square")).input(input))));
                }
                var loop = pool.submit(run(task(testModule("loop_forever")).timeoutMs(300)));
                var recursion = pool.submit(run(task(testModule("deep_recursion"))));
                var trap = pool.submit(run(task(testModule("unreachable"))));

                for (int i = 0; i < squares.size(); i++) {
                    long n = 1000 + i;
                    assertThat(new String(squares.get(i).get().output(), UTF_8)).isEqualTo(n * n + "\n");
                }
                assertThat(loop.get().outcome()).isEqualTo(Outcome.TIMED_OUT);
                assertThat(recursion.get().reason()).isEqualTo("call depth limit of 2000 exceeded (too deep recursion)");
                assertThat(trap.get().reason()).startsWith("trap: ");
            }
        }
    }

    private Callable<RunResult> run(WasmTasks.Task task) {
        var context = task.build();
        return () -> runtime.run(context);
    }
}

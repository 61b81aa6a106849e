package dev.anchor.runtime.js;

import static dev.anchor.runtime.js.JsTasks.output;
import static dev.anchor.runtime.js.JsTasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.spi.Outcome;
import dev.anchor.spi.RunResult;
import dev.anchor.spi.Runtime;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** One runtime serves several threads at once; a fault in one task leaves the others intact. */
final class JsConcurrencyTest {

    private static final Runtime RUNTIME = JsTasks.runtime();

    @AfterAll
    static void close() {
        RUNTIME.close();
    }

    @Test
    void four_tasks_run_in_parallel_with_faults_among_them() throws Exception {
        try (var pool = Executors.newFixedThreadPool(4)) {
            for (int round = 0; round < 3; round++) {
                var squares = new ArrayList<Future<RunResult>>();
                for (int i = 0; i < 2; i++) {
                    squares.add(pool.submit(run(task("""
                            let n = Number(input); let sum = 0;
                            for (let i = 0; i < 1e6; i++) sum += i % 7;
                            n * n + ':' + sum
                            """).input(String.valueOf(1000 + i)))));
                }
                var loop = pool.submit(run(task("while (true) {}").timeoutMs(300)));
                var bomb = pool.submit(run(task("let a = []; while (true) a.push(new Array(1e6).fill(1))").memoryMb(32)));

                for (int i = 0; i < squares.size(); i++) {
                    long n = 1000 + i;
                    assertThat(output(squares.get(i).get())).isEqualTo(n * n + ":2999997");
                }
                assertThat(loop.get().outcome()).isEqualTo(Outcome.TIMED_OUT);
                assertThat(bomb.get().reason()).isEqualTo("heap limit of 32 MiB exceeded");
            }
        }
    }

    private static Callable<RunResult> run(JsTasks.Task task) {
        var context = task.build();
        return () -> RUNTIME.run(context);
    }
}

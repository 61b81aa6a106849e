package dev.anchor.runtime.container;

import static dev.anchor.runtime.container.ContainerTasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Prints (never asserts) what a container task costs against a bare {@code docker run --rm} of the
 * same image and command: medians over ten runs each, after one warm-up run of each.
 */
final class ContainerOverheadTest {

    private static final int RUNS = 10;
    private static final String SCRIPT = "read x; echo $((x*x))";

    @Test
    void prints_the_median_of_a_task_against_a_bare_docker_run() throws Exception {
        try (var runtime = ContainerTasks.runtime()) {
            var context = task("sh", "-c", SCRIPT).input("7\n").build();
            var tasks = new ArrayList<Long>();
            for (int i = 0; i <= RUNS; i++) {
                long started = System.nanoTime();
                var result = runtime.run(context);
                if (i > 0) tasks.add(System.nanoTime() - started);
                assertThat(ContainerTasks.text(result.output())).isEqualTo("49\n");
            }
            var bare = new ArrayList<Long>();
            for (int i = 0; i <= RUNS; i++) {
                long started = System.nanoTime();
                var process = new ProcessBuilder("docker", "run", "--rm", "-i", "--network", "none", ContainerTasks.IMAGE, "sh", "-c", SCRIPT)
                        .redirectErrorStream(true).start();
                try (var in = process.getOutputStream()) {
                    in.write("7\n".getBytes());
                }
                var out = new String(process.getInputStream().readAllBytes());
                process.waitFor();
                if (i > 0) bare.add(System.nanoTime() - started);
                assertThat(out).isEqualTo("49\n");
            }
            double task = median(tasks);
            double cli = median(bare);
            System.out.printf("container task (hardened, stdin attach): median %.1f ms over %d runs%n", task, RUNS);
            System.out.printf("bare `docker run --rm -i --network none`: median %.1f ms over %d runs%n", cli, RUNS);
            System.out.printf("ratio task / bare: %.2f%n", task / cli);
        }
    }

    private static double median(List<Long> nanos) {
        var sorted = nanos.stream().sorted().toList();
        int n = sorted.size();
        long middle = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return middle / (double) TimeUnit.MILLISECONDS.toNanos(1);
    }
}

package dev.anchor.runtime.container;

import static dev.anchor.runtime.container.ContainerTasks.task;
import static dev.anchor.runtime.container.ContainerTasks.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.spi.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Wall clock, output, memory, CPU: each limit ends the task with a reason naming it. */
final class ContainerLimitsTest {

    private ContainerRuntime runtime;

    @BeforeEach
    void start() {
        runtime = ContainerTasks.runtime();
    }

    @AfterEach
    void no_container_is_left() throws Exception {
        if (runtime == null) return;
        ContainerTasks.assertNoContainersLeft(runtime);
        runtime.close();
    }

    @Test
    void a_sleep_past_the_wall_clock_times_out() throws Exception {
        var result = runtime.run(task("sleep", "30").timeoutMs(500).build());

        assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(result.reason()).isEqualTo("wall-clock limit of 500 ms exceeded");
        assertThat(result.usage().wallMillis()).isBetween(500L, 15_000L);
    }

    @Test
    void endless_stdout_is_cut_at_the_output_limit() throws Exception {
        var result = runtime.run(task("yes").maxOutputBytes(1 << 20).build());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("output limit of 1048576 bytes exceeded");
        assertThat(result.output()).hasSize(1 << 20);
        assertThat(text(result.output())).startsWith("y\ny\n");
    }

    @Test
    void an_output_file_over_the_limit_is_refused() throws Exception {
        var result = runtime.run(task("sh", "-c", "head -c 2000 /dev/zero > /output/big").outputFile("big").maxOutputBytes(1000).build());

        assertThat(result.reason()).isEqualTo("output file /output/big is 2000 bytes; the output limit is 1000 bytes");
    }

    @Test
    void a_pipeline_buffering_200_mib_meets_the_memory_limit() throws Exception {
        var result = runtime.run(task("sh", "-c", "head -c 200m /dev/zero | tail").memoryMb(32).build());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("memory limit of 32 MiB reached");
    }

    @Test
    void an_oom_kill_fails_the_task_even_when_the_main_process_exits_zero() throws Exception {
        var result = runtime.run(task("sh", "-c", "head -c 200m /dev/zero | tail | wc -c").memoryMb(32).build());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("memory limit of 32 MiB reached");
    }

    @Test
    void the_memory_limit_includes_swap_and_is_what_the_cgroup_says() throws Exception {
        var result = runtime.run(task("sh", "-c",
                "cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes").memoryMb(48).build());

        assertThat(text(result.output()).trim()).isEqualTo(String.valueOf(48L << 20));
    }

    @Test
    void the_cpu_share_becomes_a_cfs_quota() throws Exception {
        var result = runtime.run(task("sh", "-c",
                "cat /sys/fs/cgroup/cpu.max 2>/dev/null || echo $(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us) $(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us)")
                .cpus(0.5).build());

        assertThat(text(result.output()).trim()).isEqualTo("50000 100000");
    }

    @Test
    void tmp_is_a_writable_tmpfs_capped_in_size() throws Exception {
        var result = runtime.run(task("sh", "-c", "echo ok > /tmp/f && cat /tmp/f; head -c 100m /dev/zero > /tmp/big; echo $?; du -m /tmp/big")
                .memoryMb(256).build());

        var lines = text(result.output()).lines().toList();
        assertThat(lines.get(0)).isEqualTo("ok");
        assertThat(lines.get(1)).isEqualTo("1");
        assertThat(Integer.parseInt(lines.get(2).split("\\s+")[0])).isLessThanOrEqualTo(64);
    }
}

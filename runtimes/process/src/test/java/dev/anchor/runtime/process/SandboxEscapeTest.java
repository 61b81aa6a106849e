package dev.anchor.runtime.process;

import static dev.anchor.runtime.process.ProcessTasks.task;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.anchor.spi.LogSink.Stream;
import dev.anchor.spi.Outcome;
import dev.anchor.spi.RunResult;
import dev.anchor.spi.Runtime;
import dev.anchor.spi.TestingLogSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The escape catalogue: each attempt is contained with a clear reason, leaves nothing running, and
 * the next task still runs.
 */
final class SandboxEscapeTest {

    private Runtime runtime;
    private TestingLogSink logs;

    @BeforeEach
    void start() {
        runtime = ProcessTasks.runtime();
        logs = new TestingLogSink();
    }

    @AfterEach
    void the_sandbox_is_gone_and_the_next_task_runs() throws Exception {
        if (runtime == null) return;
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.current().descendants().findAny().isEmpty());
        var next = runtime.run(task("sh", "-c", "read x; echo $((x*x))").input("7").build());
        assertThat(new String(next.output(), UTF_8)).isEqualTo("49\n");
        runtime.close();
    }

    @Test
    void etc_shadow_is_not_there() throws Exception {
        var result = run(task("cat", "/etc/shadow"));

        assertThat(result.reason()).isEqualTo("exit code 1");
        assertThat(stderr()).singleElement().asString().endsWith("No such file or directory");
    }

    @Test
    void the_agents_key_file_is_invisible(@TempDir Path agentData) throws Exception {
        var key = Files.writeString(agentData.resolve("agent.key"), "secret");

        var result = run(task("cat", key.toString()));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(stderr()).singleElement().asString().endsWith("No such file or directory");
        assertThat(new String(result.output(), UTF_8)).doesNotContain("secret");
    }

    @Test
    void an_output_file_linked_to_a_host_file_is_refused(@TempDir Path agentData) throws Exception {
        var key = Files.writeString(agentData.resolve("agent.key"), "secret");

        var result = run(task("ln", "-s", key.toString(), "out").outputFile("out"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("output file out is a symbolic link; expected a regular file");
        assertThat(new String(result.output(), UTF_8)).doesNotContain("secret");
    }

    @Test
    void an_output_file_under_a_linked_directory_is_refused() throws Exception {
        var result = run(task("ln", "-s", "/etc", "dir").outputFile("dir/hostname"));

        assertThat(result.reason()).isEqualTo("output file dir/hostname lies outside the work directory (through a symbolic link)");
    }

    @Test
    void home_root_var_and_run_are_not_there() throws Exception {
        var result = run(task("ls", "/"));

        assertThat(new String(result.output(), UTF_8).lines().toList())
                .contains("usr", "work", "tmp", "proc", "dev", "etc")
                .doesNotContain("root", "home", "var", "run", "opt", "srv", "mnt", "media", "boot", "sys");
    }

    @Test
    void writing_outside_the_work_directory_fails_read_only() throws Exception {
        var result = run(task("sh", "-c", "touch /usr/x; touch /x; touch /etc/x; touch /dev/x"));

        assertThat(result.reason()).isEqualTo("exit code 1");
        assertThat(stderr()).hasSize(4).allMatch(line -> line.endsWith("Read-only file system"));
    }

    @Test
    void the_hosts_postgresql_port_on_loopback_is_unreachable() throws Exception {
        var result = run(task("bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/5432 && echo connected"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(new String(result.output(), UTF_8)).doesNotContain("connected");
        assertThat(stderr()).anyMatch(line -> line.contains("Connection refused"));
    }

    @Test
    void the_internet_is_unreachable() throws Exception {
        var result = run(task("bash", "-c", "exec 3<>/dev/tcp/1.1.1.1/80 && echo connected"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(new String(result.output(), UTF_8)).doesNotContain("connected");
        assertThat(stderr()).anyMatch(line -> line.contains("Network is unreachable"));
    }

    @Test
    void only_loopback_exists() throws Exception {
        var result = run(task("sh", "-c", "ls /sys/class/net 2>/dev/null || cut -d: -f1 /proc/net/dev | tail -n +3"));

        assertThat(new String(result.output(), UTF_8).trim()).isEqualTo("lo");
    }

    @Test
    void the_docker_socket_is_not_there() throws Exception {
        var result = run(task("sh", "-c", "ls -l /run/docker.sock /var/run/docker.sock"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(stderr()).hasSize(2).allMatch(line -> line.contains("No such file or directory"));
    }

    @Test
    void host_processes_are_invisible() throws Exception {
        var result = run(task("sh", "-c", "ls /proc | grep -c '^[0-9]'"));

        assertThat(Integer.parseInt(new String(result.output(), UTF_8).trim())).isLessThan(8);
    }

    @Test
    void the_sandbox_runs_as_an_unprivileged_user_without_capabilities() throws Exception {
        var result = run(task("sh", "-c", "id -u; grep CapEff /proc/self/status; unshare -U true || echo no-userns"));

        assertThat(new String(result.output(), UTF_8)).isEqualTo("1000\nCapEff:\t0000000000000000\nno-userns\n");
    }

    @Test
    void a_fork_bomb_is_contained() throws Exception {
        var result = run(task("bash", "-c", ":(){ :|:& };: ; while :; do sleep 1; done").timeoutMs(3_000));

        assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(result.reason()).isEqualTo("wall-clock limit of 3000 ms exceeded");
        assertThat(stderr()).anyMatch(line -> line.contains("fork") || line.contains("Resource temporarily unavailable"));
    }

    @Test
    void a_process_count_loop_meets_the_process_limit() throws Exception {
        var result = run(task("sh", "-c", "i=0; while [ $i -lt 200 ]; do sleep 5 & i=$((i+1)); done; wait"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).contains("process limit of 64");
    }

    @Test
    void a_memory_bomb_fails_under_the_address_space_limit() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "no /usr/bin/python3 on this node");

        var result = run(task("python3", "-c", "x = bytearray(10**10)").memoryMb(128));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("exit code 1 (it ran out of memory: probably the address-space limit of 128 MiB)");
    }

    @Test
    void a_memory_bomb_in_a_pipeline_fails() throws Exception {
        var result = run(task("sh", "-c", "head -c 2G /dev/zero | tail").memoryMb(128));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).contains("memory");
    }

    @Test
    void a_gigabyte_of_stdout_is_cut_at_the_output_limit() throws Exception {
        var result = run(task("head", "-c", "1G", "/dev/zero").timeoutMs(60_000));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("output limit of 1048576 bytes exceeded");
        assertThat(result.output()).hasSize(1 << 20);
    }

    @Test
    void an_infinite_loop_times_out() throws Exception {
        var result = run(task("sh", "-c", "while :; do :; done").timeoutMs(500));

        assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(result.reason()).isEqualTo("wall-clock limit of 500 ms exceeded");
    }

    @Test
    void filling_tmp_stops_at_the_memory_limit() throws Exception {
        var result = run(task("sh", "-c", "i=0; while head -c 1000000 /dev/zero > /tmp/f$i; do i=$((i+1)); done; echo $i").memoryMb(16));

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(Integer.parseInt(new String(result.output(), UTF_8).trim())).isLessThanOrEqualTo(17);
    }

    private RunResult run(ProcessTasks.Task task) throws InterruptedException {
        return runtime.run(task.logs(logs).build());
    }

    private java.util.List<String> stderr() {
        return logs.texts(Stream.STDERR);
    }
}

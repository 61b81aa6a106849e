package dev.anchor.runtime.container;

import static dev.anchor.runtime.container.ContainerTasks.task;
import static dev.anchor.runtime.container.ContainerTasks.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.spi.LogSink.Stream;
import dev.anchor.spi.Outcome;
import dev.anchor.spi.RunResult;
import dev.anchor.spi.TestingLogSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The escape catalogue: each attempt is contained with a clear reason, leaves no container behind,
 * and the next task still runs.
 */
final class ContainerEscapeTest {

    private ContainerRuntime runtime;
    private TestingLogSink logs;

    @BeforeEach
    void start() {
        runtime = ContainerTasks.runtime();
        logs = new TestingLogSink();
    }

    @AfterEach
    void the_container_is_gone_and_the_next_task_runs() throws Exception {
        if (runtime == null) return;
        ContainerTasks.assertNoContainersLeft(runtime);
        var next = runtime.run(task("sh", "-c", "read x; echo $((x*x))").input("7").build());
        assertThat(text(next.output())).isEqualTo("49\n");
        ContainerTasks.assertNoContainersLeft(runtime);
        runtime.close();
    }

    @Test
    void a_file_of_the_host_is_not_there(@TempDir Path agentData) throws Exception {
        var marker = Files.writeString(agentData.resolve("agent.key-" + UUID.randomUUID()), "host-secret");

        var result = run(task("cat", marker.toString()));

        assertThat(result.reason()).isEqualTo("exit code 1");
        assertThat(stderr()).singleElement().asString().endsWith("No such file or directory");
        assertThat(text(result.output())).doesNotContain("host-secret");
    }

    @Test
    void etc_shadow_is_the_images_and_unreadable_to_the_task() throws Exception {
        var hostShadow = Path.of("/etc/shadow");
        var result = run(task("cat", "/etc/shadow"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(stderr()).singleElement().asString().endsWith("Permission denied");
        if (Files.isReadable(hostShadow)) {
            var hostLines = Files.readAllLines(hostShadow).stream().filter(line -> !line.isBlank()).toList();
            assertThat(text(result.output())).doesNotContain(hostLines.getFirst());
        }
    }

    @Test
    void writing_outside_output_and_tmp_fails_read_only() throws Exception {
        var result = run(task("sh", "-c", "touch /x; touch /etc/x; touch /bin/x; touch /input/x; touch /output/ok && touch /tmp/ok && echo writable"));

        assertThat(text(result.output())).isEqualTo("writable\n");
        assertThat(stderr()).hasSize(4).allMatch(line -> line.endsWith("Read-only file system"));
    }

    @Test
    void the_hosts_postgresql_port_on_loopback_is_unreachable() throws Exception {
        var result = run(task("sh", "-c", "nc -w 2 127.0.0.1 5432 </dev/null && echo connected"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(text(result.output())).doesNotContain("connected");
        assertThat(stderr()).anyMatch(line -> line.contains("Connection refused"));
    }

    @Test
    void the_internet_is_unreachable() throws Exception {
        var result = run(task("sh", "-c", "nc -w 2 1.1.1.1 80 </dev/null && echo connected"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(text(result.output())).doesNotContain("connected");
        assertThat(stderr()).anyMatch(line -> line.contains("Network is unreachable"));
    }

    @Test
    void only_loopback_exists() throws Exception {
        var result = run(task("sh", "-c", "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '"));

        assertThat(text(result.output()).trim()).isEqualTo("lo");
    }

    @Test
    void the_docker_socket_is_not_there() throws Exception {
        var result = run(task("ls", "-l", "/run/docker.sock", "/var/run/docker.sock"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(stderr()).hasSize(2).allMatch(line -> line.contains("No such file or directory"));
    }

    @Test
    void it_runs_as_nobody_without_capabilities_or_privilege_gain() throws Exception {
        var result = run(task("sh", "-c", "id -u; id -g; grep -E '^(CapEff|CapBnd|NoNewPrivs)' /proc/self/status"));

        assertThat(text(result.output())).isEqualTo(
                "65534\n65534\nCapEff:\t0000000000000000\nCapBnd:\t0000000000000000\nNoNewPrivs:\t1\n");
    }

    @Test
    void a_fork_bomb_is_contained_by_the_pids_limit_and_the_wall_clock() throws Exception {
        var result = run(task("sh", "-c", "bomb() { bomb | bomb & }; bomb; sleep 30").timeoutMs(3_000));

        assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(result.reason()).isEqualTo("wall-clock limit of 3000 ms exceeded");
    }

    @Test
    void a_process_count_loop_meets_the_pids_limit() throws Exception {
        var result = run(task("sh", "-c", "i=0; while [ $i -lt 200 ]; do sleep 5 & i=$((i+1)); done; wait"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(stderr()).anyMatch(line -> line.contains("can't fork") || line.contains("Resource temporarily unavailable"));
    }

    @Test
    void host_processes_are_invisible() throws Exception {
        var result = run(task("sh", "-c", "ls /proc | grep -c '^[0-9]'"));

        assertThat(Integer.parseInt(text(result.output()).trim())).isLessThan(8);
    }

    private RunResult run(ContainerTasks.Task task) throws InterruptedException {
        return runtime.run(task.logs(logs).build());
    }

    private List<String> stderr() {
        return logs.texts(Stream.STDERR);
    }
}

package dev.anchor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.api.JobState;
import dev.anchor.api.JobView;
import dev.anchor.api.LimitsSpec;
import dev.anchor.client.AnchorClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile or broken modules through a real coordinator and agent: each ends FAILED or TIMED_OUT with a
 * reason that says which, and the same agent then runs a good task.
 */
final class WasmFailuresIT {
    @TempDir
    static Path root;
    private static TestingCluster cluster;
    private static AnchorClient client;
    private static String square;

    @BeforeAll
    static void start() {
        cluster = new TestingCluster(root, TestingCluster.Store.SQLITE, 5_000);
        cluster.startAgent(2);
        client = cluster.admin();
        square = client.upload(TestingCluster.wasm("examples/wasm/square.wasm")).sha256();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private JobView runModule(byte[] module, LimitsSpec limits) {
        String sha = client.upload(module).sha256();
        JobView job = client.submit(TestingCluster.task(sha, "", limits));
        JobView done = client.await(job.id(), Duration.ofSeconds(60));
        JobView good = client.await(client.submit(TestingCluster.task(square, "7", null)).id(), Duration.ofSeconds(30));
        assertThat(good.state()).as("the agent still serves after %s", done.task().reason()).isEqualTo(JobState.SUCCEEDED);
        assertThat(good.task().output().text()).isEqualTo("49\n");
        return done;
    }

    private static byte[] testModule(String name) {
        return TestingCluster.wasm("runtimes/wasm/src/test/resources/wasm/" + name + ".wasm");
    }

    @Test
    void an_invalid_module_fails_with_a_reason() {
        JobView job = runModule("not wasm at all".getBytes(), null);
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.task().reason()).startsWith("invalid wasm module");
    }

    @Test
    void a_module_that_loops_forever_times_out() {
        JobView job = runModule(testModule("loop_forever"), new LimitsSpec(null, 500L, null, null, null, null));
        assertThat(job.state()).isEqualTo(JobState.TIMED_OUT);
        assertThat(job.task().reason()).contains("wall-clock limit of 500 ms");
    }

    @Test
    void a_module_that_grows_memory_past_its_cap_fails() {
        JobView job = runModule(testModule("grow_memory_until_failure"), new LimitsSpec(8, null, null, null, null, null));
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.task().reason()).contains("memory limit of 8 MiB");
    }

    @Test
    void a_module_that_prints_without_end_fails_at_the_output_cap() {
        JobView job = runModule(testModule("print_forever"), new LimitsSpec(null, 10_000L, null, null, 4096L, null));
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.task().reason()).contains("output limit of 4096 bytes");
        assertThat(job.task().output().size()).isLessThanOrEqualTo(4096);
    }

    @Test
    void a_trap_fails_with_its_message() {
        JobView job = runModule(testModule("unreachable"), null);
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.task().reason()).startsWith("trap");
    }
}

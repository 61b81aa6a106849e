package dev.anchor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.anchor.api.JobState;
import dev.anchor.api.JobSubmission;
import dev.anchor.api.JobView;
import dev.anchor.api.LogLine;
import dev.anchor.api.ServiceSpec;
import dev.anchor.api.TaskSpec;
import dev.anchor.api.TaskState;
import dev.anchor.client.AnchorClient;
import dev.anchor.testing.AnchorProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long-running services with real processes (docs/services.md): a service's agent is killed with
 * {@code kill -9} and the service comes back on the same node when the agent restarts, then on
 * another node when that one is killed, its log lines flowing from each run; cancelling stops the run.
 * A service that keeps failing is restarted with backoff until {@code maxRestarts}.
 */
final class ServiceIT {
    private static final long LEASE_MS = 2_000;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path root;

    /** A process that writes a numbered heartbeat line to stderr (the log) five times a second, forever. */
    private static JobSubmission heartbeat() {
        TaskSpec task = new TaskSpec(null, null, null, null, null, null, null, null, null, null,
                List.of("sh", "-c", "i=0; while :; do i=$((i+1)); echo \"beat $i run $ANCHOR_TRY\" >&2; sleep 0.2; done"), null, null,
                null);
        return JobSubmission.ofService("heartbeat", task, ServiceSpec.always());
    }

    @Test
    void a_service_comes_back_when_its_agent_restarts_then_on_another_node_and_stops_when_cancelled() {
        try (TestingCluster cluster = new TestingCluster(root, TestingCluster.Store.SQLITE, LEASE_MS)) {
            AnchorProcess first = cluster.startAgent(1);
            AnchorClient client = cluster.admin();
            assumeProcessRuntime(client);
            String jobId = client.submit(heartbeat()).id();
            awaitLine(client, jobId, "beat 3 run 1");
            assertThat(client.get(jobId).task().node()).isEqualTo(first.readyValue());

            first.kill9();
            long killedAt = System.currentTimeMillis();
            try (AnchorProcess restarted = AnchorProcess.journalingAgent(cluster.url(), AnchorProcess.joinToken(cluster.coordinatorData()),
                    cluster.agentData(1), 1)) {
                assertThat(restarted.readyValue()).as("the same identity").isEqualTo(first.readyValue());
                LogLine back = awaitLine(client, jobId, "beat 1 run 2");
                System.out.printf("service: agent kill -9 and restart: first log line of the new run %d ms after the kill "
                        + "(the agent's JVM start included)%n",
                        back.at() - killedAt);
                JobView job = client.get(jobId);
                assertThat(job.state()).isEqualTo(JobState.RUNNING);
                assertThat(job.kind()).isEqualTo("service");
                assertThat(job.task().node()).isEqualTo(restarted.readyValue());
                assertThat(job.task().service().restarts()).isEqualTo(1);
                assertThat(job.task().service().lastExit()).startsWith("lost: ");
                awaitLine(client, jobId, "beat 5 run 2");

                AnchorProcess other = cluster.startAgent(1);
                restarted.kill9();
                killedAt = System.currentTimeMillis();
                back = awaitLine(client, jobId, "beat 3 run 3");
                System.out.printf("service: agent kill -9, no restart: log lines flow from the other node %d ms after the kill "
                        + "(lease timeout %d ms)%n", back.at() - killedAt, LEASE_MS);
                assertThat(client.get(jobId).task().node()).isEqualTo(other.readyValue());

                assertThat(sandboxes(other)).as("the run's sandbox on the other node").isPositive();
                JobView cancelled = client.cancel(jobId);
                assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
                assertThat(cancelled.task().state()).isEqualTo(TaskState.CANCELLED);
                // The agent hears at its next heartbeat and kills the sandbox.
                await().atMost(WAIT).until(() -> sandboxes(other) == 0);
                assertThat(client.get(jobId).state()).isEqualTo(JobState.CANCELLED);
            }
        }
    }

    @Test
    void a_failing_service_is_restarted_with_backoff_until_max_restarts() {
        try (TestingCluster cluster = new TestingCluster(root, TestingCluster.Store.SQLITE, LEASE_MS)) {
            cluster.startAgent(1);
            AnchorClient client = cluster.admin();
            assumeProcessRuntime(client);
            TaskSpec task = new TaskSpec(null, null, null, null, null, null, null, null, null, null,
                    List.of("sh", "-c", "echo \"run $ANCHOR_TRY\" >&2; exit 3"), null, null, null);
            ServiceSpec service = new ServiceSpec("on-failure", new ServiceSpec.Backoff(300L, 1_000L, 2.0), 2);
            JobView job = client.await(client.submit(JobSubmission.ofService("crashing", task, service)).id(), WAIT);
            assertThat(job.state()).isEqualTo(JobState.FAILED);
            assertThat(job.task().reason()).contains("run 3 ended (FAILED: ").contains("maxRestarts is 2");
            assertThat(job.task().service().restarts()).isEqualTo(2);
            List<LogLine> lines = logs(client, job.id());
            assertThat(lines).extracting(LogLine::text).containsSubsequence("run 1", "run 2", "run 3");
            List<StoreProbe.Attempt> attempts = StoreProbe.sqlite(cluster.coordinatorData()).attempts(job.id());
            assertThat(attempts).extracting(StoreProbe.Attempt::state).containsExactly("FAILED", "FAILED", "FAILED");
            // Each restart waited at least its backoff (300 ms, then 600 ms) after the run before it ended.
            assertThat(attempts.get(1).createdAt() - attempts.get(0).createdAt()).isGreaterThanOrEqualTo(300);
            assertThat(attempts.get(2).createdAt() - attempts.get(1).createdAt()).isGreaterThanOrEqualTo(600);
        }
    }

    @Test
    void the_example_service_runs_from_the_cli_and_status_shows_its_restarts() throws Exception {
        try (TestingCluster cluster = new TestingCluster(root, TestingCluster.Store.SQLITE, LEASE_MS)) {
            cluster.startAgent(1);
            AnchorClient client = cluster.admin();
            assumeProcessRuntime(client);
            String[] auth = {"--url", cluster.url(), "--api-key", AnchorProcess.adminKey(cluster.coordinatorData())};
            String jobId = cli(auth, "submit", "examples/service-heartbeat.yaml").strip();
            awaitLine(client, jobId, "heartbeat 2 (run 1)");
            String status = cli(auth, "status", jobId);
            assertThat(status).contains("state    RUNNING").contains("service  restarts=0");
            assertThat(cli(auth, "status")).contains(jobId).contains("heartbeat  (service, 0 restarts)");
            cli(auth, "cancel", jobId);
            assertThat(client.get(jobId).state()).isEqualTo(JobState.CANCELLED);
        }
    }

    private Path cliHome() {
        return root.resolve("cli-home");
    }

    /** Runs the {@code anchor} CLI from the repository root; answers its stdout, failing on a non-zero exit. */
    private String cli(String[] auth, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", AnchorProcess.jar().toString()));
        command.addAll(List.of(args));
        command.addAll(List.of(auth));
        ProcessBuilder builder = new ProcessBuilder(command).directory(Path.of(System.getProperty("anchor.root", "..")).toFile());
        builder.environment().put("ANCHOR_CONFIG", cliHome().resolve("config.json").toString());
        builder.environment().remove("ANCHOR_API_KEY");
        builder.environment().remove("ANCHOR_URL");
        Files.createDirectories(cliHome());
        Path out = cliHome().resolve("out.txt");
        Path err = cliHome().resolve("err.txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("anchor %s finished", List.of(args)).isTrue();
        assertThat(process.exitValue()).as("anchor %s: %s", List.of(args), Files.readString(err)).isZero();
        return Files.readString(out);
    }

    private static void assumeProcessRuntime(AnchorClient client) {
        boolean present = client.nodes().stream().allMatch(node -> node.runtimes().contains("process"));
        if (!present && "true".equals(System.getenv("CI"))) throw new AssertionError("the process runtime is missing under CI=true");
        if (!present) System.err.println("!!! SKIPPING ServiceIT: the agent has no process runtime (needs bubblewrap and util-linux)");
        assumeTrue(present, "the process runtime is available");
    }

    private static LogLine awaitLine(AnchorClient client, String jobId, String text) {
        return await().atMost(WAIT).until(() -> logs(client, jobId).stream().filter(line -> line.text().equals(text)).findFirst(),
                Optional::isPresent).orElseThrow();
    }

    private static List<LogLine> logs(AnchorClient client, String jobId) {
        List<LogLine> all = new ArrayList<>();
        for (List<LogLine> page = client.logs(jobId, 0); !page.isEmpty(); page = client.logs(jobId, page.get(page.size() - 1).seq())) {
            all.addAll(page);
        }
        return all;
    }

    /** The bubblewrap sandboxes the agent process has running. */
    private static long sandboxes(AnchorProcess agent) {
        return ProcessHandle.of(agent.pid()).map(handle -> handle.descendants()
                .filter(p -> p.info().command().orElse("").endsWith("bwrap")).count()).orElse(0L);
    }
}

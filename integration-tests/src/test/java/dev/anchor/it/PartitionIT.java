package dev.anchor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.anchor.api.JobState;
import dev.anchor.api.JobView;
import dev.anchor.client.AnchorClient;
import dev.anchor.testing.AnchorProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network partition of one agent, made with a network namespace and a veth pair whose host end is
 * taken down: the agent's task runs again on another agent once its lease runs out; when the link
 * comes back, the partitioned agent's late result is refused (it is fenced) and it is then served again.
 */
final class PartitionIT {
    private static final long LEASE_MS = 2_000;

    @TempDir
    Path root;

    @Test
    void partitioned_agent_loses_its_task_and_is_fenced_when_the_network_heals() {
        int subnet = 16 + ThreadLocalRandom.current().nextInt(200);
        String id = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000));
        try (Namespace net = Namespace.create("anchor_it_" + id, "anh" + id, "ann" + id, "10.231." + subnet)) {
            // The coordinator listens on every address, so the agent in the namespace reaches it at the veth's host end.
            Path data = root.resolve("coordinator");
            try (AnchorProcess coordinator = AnchorProcess.coordinator(data, 0, null, LEASE_MS, "--host", "0.0.0.0")) {
                int port = URI.create(coordinator.readyValue()).getPort();
                String token = AnchorProcess.joinToken(data);
                AnchorProcess partitioned = AnchorProcess.agentWithPrefix(List.of("ip", "netns", "exec", net.name()),
                        "http://" + net.hostAddress() + ":" + port, token, root.resolve("partitioned"), 1);
                try (partitioned) {
                    AnchorClient client = new AnchorClient("http://127.0.0.1:" + port, AnchorProcess.adminKey(data));
                    String spin = client.upload(TestingCluster.wasm("integration-tests/src/test/resources/wasm/spin.wasm")).sha256();
                    String square = client.upload(TestingCluster.wasm("examples/wasm/square.wasm")).sha256();
                    String jobId = client.submit(TestingCluster.task(spin, "2000", null)).id();
                    assertThat(AgentFaultIT.awaitRunning(client, jobId)).isEqualTo(partitioned.readyValue());
                    // Cut at once, while the task is surely still running: starting the other agent first
                    // took long enough under CI load for the task to finish before the cut.
                    long cutAt = System.currentTimeMillis();
                    net.cut();
                    StoreProbe store = StoreProbe.sqlite(data);
                    String cutAttempt = store.attempts(jobId).get(0).id();
                    assertThat(store.attempts(jobId).get(0).state()).as("the partitioned attempt at the cut").isIn("LEASED", "RUNNING");
                    AnchorProcess other = AnchorProcess.agent("http://127.0.0.1:" + port, token, root.resolve("other"), 1);
                    try (other) {
                        JobView job = client.await(jobId, Duration.ofSeconds(60));
                        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
                        assertThat(job.task().node()).isEqualTo(other.readyValue());
                        List<StoreProbe.Attempt> attempts = store.attempts(jobId);
                        long redispatchMs = attempts.get(1).createdAt() - cutAt;
                        // The partitioned agent finished too, and holds a result nobody has heard of yet.
                        await().atMost(Duration.ofSeconds(30)).until(() -> journalNames(root.resolve("partitioned"), cutAttempt));

                        long healedAt = System.currentTimeMillis();
                        net.heal();
                        await().atMost(Duration.ofSeconds(45)).until(() -> AgentFaultIT.fenced(partitioned.log(), cutAttempt));
                        long fencedMs = System.currentTimeMillis() - healedAt;
                        assertThat(store.attempts(jobId)).extracting(StoreProbe.Attempt::id, StoreProbe.Attempt::state)
                                .containsExactly(org.assertj.core.groups.Tuple.tuple(cutAttempt, "EXPIRED"),
                                        org.assertj.core.groups.Tuple.tuple(attempts.get(1).id(), "SUCCEEDED"));
                        assertThat(client.get(jobId).task().output().text()).isEqualTo("spun 2000\n");
                        System.out.printf("partition of one agent: re-dispatched %d ms after the cut (lease timeout %d ms); "
                                + "its late report refused %d ms after the link came back%n", redispatchMs, LEASE_MS, fencedMs);
                    }
                    // Healed and with the other agent gone, the partitioned agent must take new work.
                    JobView next = client.await(client.submit(TestingCluster.task(square, "7", null)).id(), Duration.ofSeconds(60));
                    assertThat(next.state()).isEqualTo(JobState.SUCCEEDED);
                    assertThat(next.task().output().text()).isEqualTo("49\n");
                    assertThat(next.task().node()).isEqualTo(partitioned.readyValue());
                }
            }
        }
    }

    private static boolean journalNames(Path agentData, String attemptId) {
        try {
            Path journal = agentData.resolve("journal.txt");
            return Files.exists(journal) && Files.readString(journal).contains(attemptId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A network namespace joined to the host by a veth pair: {@code PREFIX.1} on the host, {@code PREFIX.2} inside. */
    record Namespace(String name, String hostEnd, String innerEnd, String prefix) implements AutoCloseable {
        static Namespace create(String name, String hostEnd, String innerEnd, String prefix) {
            String reason = unavailableReason();
            if (reason != null) {
                if ("true".equals(System.getenv("CI"))) throw new AssertionError(reason + "; under CI=true this is a failure");
                System.err.println("!!! SKIPPING partition test: " + reason);
                assumeTrue(false, reason);
            }
            Namespace namespace = new Namespace(name, hostEnd, innerEnd, prefix);
            try {
                run("ip", "netns", "add", name);
                run("ip", "link", "add", hostEnd, "type", "veth", "peer", "name", innerEnd);
                run("ip", "link", "set", innerEnd, "netns", name);
                run("ip", "addr", "add", prefix + ".1/24", "dev", hostEnd);
                run("ip", "link", "set", hostEnd, "up");
                run("ip", "netns", "exec", name, "ip", "addr", "add", prefix + ".2/24", "dev", innerEnd);
                run("ip", "netns", "exec", name, "ip", "link", "set", innerEnd, "up");
                run("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");
            } catch (RuntimeException e) {
                namespace.close();
                throw e;
            }
            return namespace;
        }

        private static String unavailableReason() {
            try {
                Process probe = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
                String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!probe.waitFor(10, TimeUnit.SECONDS) || probe.exitValue() != 0) return "'ip netns' does not work here: " + output;
                if (!"root".equals(System.getProperty("user.name"))) return "network namespaces need root";
                return null;
            } catch (IOException e) {
                return "'ip' (iproute2) is not installed: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }

        String hostAddress() {
            return prefix + ".1";
        }

        /** Takes the host end down: nothing passes either way, and neither side is told. */
        void cut() {
            run("ip", "link", "set", hostEnd, "down");
        }

        void heal() {
            run("ip", "link", "set", hostEnd, "up");
        }

        /** Deleting the namespace deletes its veth end, and with it the pair. */
        @Override
        public void close() {
            runQuietly("ip", "netns", "del", name);
            runQuietly("ip", "link", "del", hostEnd);
        }

        private static void run(String... command) {
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static void runQuietly(String... command) {
            try {
                new ProcessBuilder(command).redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
            } catch (IOException e) {
                // Nothing left to clean.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

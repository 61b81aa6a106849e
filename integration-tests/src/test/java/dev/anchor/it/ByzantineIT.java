package dev.anchor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anchor.api.DataRef;
import dev.anchor.api.JobState;
import dev.anchor.api.JobSubmission;
import dev.anchor.api.JobView;
import dev.anchor.api.ReputationView;
import dev.anchor.api.TaskSpec;
import dev.anchor.api.VerificationSpec;
import dev.anchor.client.AnchorClient;
import dev.anchor.testing.AnchorProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seven agents, four of which cheat (docs/verification.md): one flips a byte of every output, one
 * returns its first output for every task, and two nodes of one owner flip the same byte (they collude).
 * Every task asks for 3 runs and a quorum of 2. No wrong output may be accepted, every cheater must be
 * excluded, no honest node may be.
 */
final class ByzantineIT {
    private static final int JOBS = 60;

    @TempDir
    Path directory;

    private record Node(String name, String owner, String misbehave) {}

    @Test
    void no_wrong_output_is_accepted_and_every_cheater_is_excluded() throws Exception {
        List<Node> fleet = List.of(
                new Node("honest-1", "alice", null), new Node("honest-2", "bob", null), new Node("honest-3", "carol", null),
                new Node("flipper", "frank", "flip:frank"), new Node("cacher", "cathy", "cached"),
                new Node("colluder-1", "mallory", "flip:mallory"), new Node("colluder-2", "mallory", "flip:mallory"));
        List<AnchorProcess> agents = new ArrayList<>();
        try (AnchorProcess coordinator = AnchorProcess.coordinator(directory.resolve("coordinator"), 0, null, 5_000)) {
            String url = coordinator.readyValue();
            AnchorClient admin = new AnchorClient(url, AnchorProcess.adminKey(directory.resolve("coordinator")));
            Map<String, String> tokens = new HashMap<>();
            Map<String, String> nodeIds = new LinkedHashMap<>();
            for (Node node : fleet) {
                String token = tokens.computeIfAbsent(node.owner(),
                        owner -> new AnchorClient(url, admin.createUser(owner, "user").apiKey()).createJoinToken());
                Map<String, String> environment = node.misbehave() == null ? Map.of() : Map.of("ANCHOR_TEST_MISBEHAVE", node.misbehave());
                AnchorProcess agent = AnchorProcess.agentWithEnvironment(url, token, directory.resolve(node.name()), 2, environment);
                agents.add(agent);
                nodeIds.put(agent.readyValue(), node.name());
            }

            AnchorClient customer = new AnchorClient(url, admin.createUser("customer", "user").apiKey());
            VerificationSpec verification = new VerificationSpec("fixed", 3, 2, 7, null, null);
            List<String> jobIds = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                TaskSpec sha = new TaskSpec(null, null, null, null, DataRef.ofText("input-" + i), null, null, "crypto", "sha256", null,
                        null, null, null, null);
                jobIds.add(customer.submit(new JobSubmission("sha-" + i, sha, null, null, verification)).id());
            }
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> jobIds.stream().allMatch(id -> customer.get(id).state().isTerminal()));

            int succeeded = 0;
            for (int i = 0; i < JOBS; i++) {
                JobView job = customer.get(jobIds.get(i));
                if (job.state() == JobState.SUCCEEDED) {
                    succeeded++;
                    assertThat(job.task().output().text()).as("the accepted output of job " + i).isEqualTo(sha256("input-" + i));
                } else {
                    assertThat(job.task().reason()).as("job " + i + " may only fail unverified").startsWith("unverified");
                }
            }
            assertThat(succeeded).as("honest nodes of three owners can always form a quorum").isEqualTo(JOBS);

            Map<String, ReputationView> byName = new LinkedHashMap<>();
            for (ReputationView reputation : admin.reputations()) byName.put(nodeIds.get(reputation.nodeId()), reputation);
            System.out.printf("%-11s %9s %10s %13s %9s%n", "node", "runs", "agreed", "disagreed", "excluded");
            for (Node node : fleet) {
                ReputationView r = byName.get(node.name());
                System.out.printf("%-11s %9d %10d %13d %9s%n", node.name(), r.ended(), r.agreements(), r.disagreements(), r.excluded());
            }
            for (Node node : fleet) {
                ReputationView r = byName.get(node.name());
                if (node.misbehave() == null) {
                    assertThat(r.excluded()).as(node.name() + " is honest").isFalse();
                    assertThat(r.disagreements()).as(node.name() + " never disagreed").isZero();
                } else {
                    assertThat(r.excluded()).as(node.name() + " cheats").isTrue();
                    // Runs leased before its first disagreement was settled count too: the bound is about one lease round.
                    System.out.printf("%s was excluded after %d run(s)%n", node.name(), r.ended());
                }
            }
            Map<String, Long> credits = admin.credits();
            assertThat(credits.values().stream().mapToLong(Long::longValue).sum()).as("double entry").isZero();
            assertThat(credits.get("user:" + customer.me().id())).isNegative();
        } finally {
            agents.forEach(AnchorProcess::close);
        }
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}

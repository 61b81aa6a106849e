package dev.anchor.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.anchor.api.DataRef;
import dev.anchor.api.JobSubmission;
import dev.anchor.api.LimitsSpec;
import dev.anchor.api.TaskSpec;
import dev.anchor.client.AnchorClient;
import dev.anchor.testing.AnchorProcess;
import dev.anchor.testing.TestingPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A coordinator process and agent processes on loopback, on SQLite or on a fresh PostgreSQL schema. */
final class TestingCluster implements AutoCloseable {
    enum Store { SQLITE, POSTGRES }

    private final Path root;
    private final String databaseUrl;
    private final long leaseTimeoutMs;
    private AnchorProcess coordinator;
    private final List<AnchorProcess> agents = new ArrayList<>();
    private int agentCount;

    TestingCluster(Path root, Store store, long leaseTimeoutMs) {
        this.root = root;
        this.leaseTimeoutMs = leaseTimeoutMs;
        this.databaseUrl = store == Store.POSTGRES ? postgresUrl() : null;
        this.coordinator = AnchorProcess.coordinator(coordinatorData(), 0, databaseUrl, leaseTimeoutMs);
    }

    private static String postgresUrl() {
        String reason = TestingPostgres.unavailableReason();
        if (reason != null) {
            if ("true".equals(System.getenv("CI"))) throw new AssertionError(reason + "; under CI=true this is a failure");
            System.err.println("!!! SKIPPING PostgreSQL integration test: " + reason);
            assumeTrue(false, reason);
        }
        return TestingPostgres.freshSchemaUrl();
    }

    Path coordinatorData() {
        return root.resolve("coordinator");
    }

    String url() {
        return coordinator.readyValue();
    }

    AnchorProcess coordinator() {
        return coordinator;
    }

    /** The data directory of the n-th agent started (1-based); its journal is {@code journal.txt} there. */
    Path agentData(int n) {
        return root.resolve("agent-" + n);
    }

    int agentCount() {
        return agentCount;
    }

    AnchorProcess startAgent(int slots) {
        // Every agent keeps a journal, so tests can compare what ran with what the store recorded.
        AnchorProcess agent = AnchorProcess.journalingAgent(url(), AnchorProcess.joinToken(coordinatorData()),
                root.resolve("agent-" + (++agentCount)), slots);
        agents.add(agent);
        return agent;
    }

    /** Kills the coordinator with SIGKILL and starts it again on the same port and data. */
    void crashAndRestartCoordinator() {
        int port = java.net.URI.create(url()).getPort();
        coordinator.kill9();
        coordinator = AnchorProcess.coordinator(coordinatorData(), port, databaseUrl, leaseTimeoutMs);
    }

    AnchorClient admin() {
        return new AnchorClient(url(), AnchorProcess.adminKey(coordinatorData()));
    }

    static byte[] wasm(String relativeToRoot) {
        try {
            return Files.readAllBytes(Path.of(System.getProperty("anchor.root", "..")).resolve(relativeToRoot));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JobSubmission task(String moduleSha, String input, LimitsSpec limits) {
        return JobSubmission.of(null, new TaskSpec("wasm", DataRef.ofBlob(moduleSha), null, null,
                input == null ? null : DataRef.ofText(input), limits, null));
    }

    @Override
    public void close() {
        for (AnchorProcess agent : agents) agent.close();
        coordinator.close();
    }
}

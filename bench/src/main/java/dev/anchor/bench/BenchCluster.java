package dev.anchor.bench;

import static java.util.Objects.requireNonNull;

import dev.anchor.testing.AnchorProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One coordinator process and its agent processes under one directory, started from the shaded
 * {@code anchor.jar} with the testing kit and stopped together by {@link #close()}.
 */
final class BenchCluster implements AutoCloseable {
    private static final long LEASE_TIMEOUT_MS = 15_000;

    private final AnchorProcess coordinator;
    private final String apiKey;
    private final List<AnchorProcess> agents = new ArrayList<>();

    private BenchCluster(AnchorProcess coordinator, String apiKey) {
        this.coordinator = requireNonNull(coordinator, "coordinator is null");
        this.apiKey = requireNonNull(apiKey, "apiKey is null");
    }

    /**
     * Starts a coordinator on a free port ({@code databaseUrl} null for SQLite in its data directory),
     * then {@code agentCount} agents with {@code slots} each, and answers once all have registered.
     */
    static BenchCluster start(Path directory, String databaseUrl, int agentCount, int slots) {
        Path data = directory.resolve("coordinator");
        AnchorProcess coordinator = AnchorProcess.coordinator(data, 0, databaseUrl, LEASE_TIMEOUT_MS);
        BenchCluster cluster = null;
        try {
            cluster = new BenchCluster(coordinator, AnchorProcess.adminKey(data));
            String joinToken = AnchorProcess.joinToken(data);
            for (int i = 0; i < agentCount; i++) {
                cluster.agents.add(AnchorProcess.agent(cluster.url(), joinToken, directory.resolve("agent-" + i), slots));
            }
            return cluster;
        } catch (RuntimeException e) {
            if (cluster != null) cluster.close();
            else coordinator.close();
            throw e;
        }
    }

    String url() {
        return coordinator.readyValue();
    }

    String apiKey() {
        return apiKey;
    }

    /** For CPU accounting and for attaching a profiler from outside (jcmd, perf). */
    long coordinatorPid() {
        return coordinator.pid();
    }

    List<Long> agentPids() {
        return agents.stream().map(AnchorProcess::pid).toList();
    }

    /** Stops the agents, then the coordinator (SIGTERM, SIGKILL after 10 s). */
    @Override
    public void close() {
        agents.forEach(AnchorProcess::close);
        coordinator.close();
    }
}

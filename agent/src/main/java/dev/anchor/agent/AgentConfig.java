package dev.anchor.agent;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;

/**
 * How an agent runs.
 *
 * @param coordinatorUrl  the coordinator's base URL, or several separated by commas (coordinators that
 *                        share one PostgreSQL): the agent fails over to the next when one is unreachable
 * @param joinToken       the secret that admits nodes
 * @param dataDirectory   the node key, caches and runtime scratch space
 * @param name            a display name; defaults to the host name
 * @param slots           how many attempts run at once
 * @param runtimeOptions  options passed to runtimes ({@code wasm.engine=...})
 * @param journal         a file to append one line per executed attempt to (an audit trail that does
 *                        not depend on the coordinator), or null
 * @param sandboxWorkers  whether the JVM runtimes (wasm, js, builtin) run in supervised worker processes
 *                        instead of the agent's own JVM (also on with the runtime option {@code sandbox.workers=true})
 * @param workers         how many warm workers to keep; 0 = one per slot
 * @param labels          {@code key=value} labels sent at registration, for placement; empty for none
 * @param memoryMb        the memory (MiB) the node offers to placement, or null for its physical memory: a task
 *                        whose {@code limits.memoryMb} is larger is never leased to it (docs/scheduling.md)
 */
public record AgentConfig(String coordinatorUrl, String joinToken, Path dataDirectory, String name, int slots,
                          Map<String, String> runtimeOptions, Path journal, boolean sandboxWorkers, int workers,
                          Map<String, String> labels, Long memoryMb) {
    public AgentConfig {
        requireNonNull(coordinatorUrl, "coordinatorUrl is null");
        if (coordinatorUrl.isBlank()) throw new IllegalArgumentException("coordinatorUrl must name at least one coordinator");
        requireNonNull(joinToken, "joinToken is null");
        requireNonNull(dataDirectory, "dataDirectory is null");
        if (slots < 1) throw new IllegalArgumentException("slots must be at least 1");
        runtimeOptions = Map.copyOf(runtimeOptions == null ? Map.of() : runtimeOptions);
        if (workers < 0) throw new IllegalArgumentException("workers must not be negative");
        labels = Map.copyOf(labels == null ? Map.of() : labels);
        if (memoryMb != null && memoryMb < 1) throw new IllegalArgumentException("memoryMb must be at least 1");
    }

    /** An agent that offers its physical memory. */
    public AgentConfig(String coordinatorUrl, String joinToken, Path dataDirectory, String name, int slots,
                       Map<String, String> runtimeOptions, Path journal, boolean sandboxWorkers, int workers,
                       Map<String, String> labels) {
        this(coordinatorUrl, joinToken, dataDirectory, name, slots, runtimeOptions, journal, sandboxWorkers, workers, labels, null);
    }

    /** An agent without labels. */
    public AgentConfig(String coordinatorUrl, String joinToken, Path dataDirectory, String name, int slots,
                       Map<String, String> runtimeOptions, Path journal, boolean sandboxWorkers, int workers) {
        this(coordinatorUrl, joinToken, dataDirectory, name, slots, runtimeOptions, journal, sandboxWorkers, workers, Map.of());
    }

    /** An agent that runs every runtime in its own JVM, as before sandbox workers existed. */
    public AgentConfig(String coordinatorUrl, String joinToken, Path dataDirectory, String name, int slots,
                       Map<String, String> runtimeOptions, Path journal) {
        this(coordinatorUrl, joinToken, dataDirectory, name, slots, runtimeOptions, journal, false, 0, Map.of());
    }

    /** The coordinators' URLs, in failover order. */
    public java.util.List<String> coordinatorUrls() {
        return java.util.Arrays.stream(coordinatorUrl.split(",")).map(String::trim).filter(url -> !url.isEmpty()).toList();
    }

    /** Whether sandbox workers are on, by the flag or by the runtime option. */
    public boolean sandboxWorkersEnabled() {
        return sandboxWorkers || "true".equals(runtimeOptions.get(dev.anchor.agent.worker.WorkerPool.ENABLED_OPTION));
    }
}

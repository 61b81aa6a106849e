package dev.anchor.agent;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;

/**
 * How an agent runs.
 *
 * @param coordinatorUrl  the coordinator's base URL
 * @param joinToken       the secret that admits nodes
 * @param dataDirectory   the node key, caches and runtime scratch space
 * @param name            a display name; defaults to the host name
 * @param slots           how many attempts run at once
 * @param runtimeOptions  options passed to runtimes ({@code wasm.engine=...})
 * @param journal         a file to append one line per executed attempt to (an audit trail that does
 *                        not depend on the coordinator), or null
 */
public record AgentConfig(String coordinatorUrl, String joinToken, Path dataDirectory, String name, int slots,
                          Map<String, String> runtimeOptions, Path journal) {
    public AgentConfig {
        requireNonNull(coordinatorUrl, "coordinatorUrl is null");
        requireNonNull(joinToken, "joinToken is null");
        requireNonNull(dataDirectory, "dataDirectory is null");
        if (slots < 1) throw new IllegalArgumentException("slots must be at least 1");
        runtimeOptions = Map.copyOf(runtimeOptions == null ? Map.of() : runtimeOptions);
    }
}

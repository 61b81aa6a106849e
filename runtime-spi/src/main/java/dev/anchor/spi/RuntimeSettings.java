package dev.anchor.spi;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;

/**
 * Node-level settings a runtime is made with.
 *
 * @param workDirectory a directory the runtime may use for caches and scratch files
 * @param options       runtime-specific options from the agent's configuration ({@code wasm.engine=...})
 */
public record RuntimeSettings(Path workDirectory, Map<String, String> options) {
    public RuntimeSettings {
        requireNonNull(workDirectory, "workDirectory is null");
        options = Map.copyOf(requireNonNull(options, "options is null"));
    }
}

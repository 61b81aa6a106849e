package dev.anchor.spi;

import java.util.Optional;

/**
 * Makes a {@link Runtime}. Found with {@link java.util.ServiceLoader}; one instance per agent process.
 * Implementations are public, have a public no-argument constructor and are listed in
 * {@code META-INF/services/dev.anchor.spi.RuntimeProvider}.
 */
public interface RuntimeProvider {

    /** The runtime's name as tasks write it ({@code "wasm"}, {@code "js"}, ...). */
    String name();

    /**
     * Why this runtime cannot run on this node (a missing engine, an unsupported platform), or empty
     * when it can. Called once at agent start; a node advertises only runtimes that answer empty.
     */
    Optional<String> unavailableReason();

    /** Makes the runtime. Called once, after {@link #unavailableReason()} answered empty. */
    Runtime create(RuntimeSettings settings);
}

package dev.anchor.runtime.wasm;

import static java.util.Objects.requireNonNull;

import dev.anchor.spi.Runtime;
import dev.anchor.spi.RuntimeProvider;
import dev.anchor.spi.RuntimeSettings;
import java.util.Optional;

/**
 * Provides the {@code wasm} runtime: WebAssembly modules with WASI preview 1, metered with
 * deterministic fuel, on Chicory or V8. Found with
 * {@link java.util.ServiceLoader}; the agent makes one runtime per process and calls it from many
 * threads.
 *
 * <p>Options read from {@link RuntimeSettings#options()} (all optional):
 * <ul>
 *   <li>{@code wasm.engine}: {@code compiler} (default; JVM bytecode), {@code interpreter} or
 *       {@code v8} (V8's WebAssembly through Javet; creating the runtime fails where V8 cannot load)</li>
 *   <li>{@code wasm.fuel.default}: fuel of a task whose limits set none (default 10<sup>12</sup>)</li>
 *   <li>{@code wasm.cache.maxBytes}: total size of the module bytes whose compiled form is kept
 *       (default 256 MiB)</li>
 *   <li>{@code wasm.logs.maxBytes}: stderr bytes kept per task before lines are dropped
 *       (default 1 MiB)</li>
 * </ul>
 */
public final class WasmRuntimeProvider implements RuntimeProvider {

    /** The name tasks use for this runtime. */
    public static final String NAME = "wasm";

    /** Called by {@link java.util.ServiceLoader}. */
    public WasmRuntimeProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    /** Always available: Chicory is pure Java and needs nothing from the node. */
    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    /**
     * Makes the runtime.
     *
     * @throws IllegalArgumentException when a {@code wasm.*} option is unknown or malformed
     */
    @Override
    public Runtime create(RuntimeSettings settings) {
        requireNonNull(settings, "settings is null");
        return new WasmRuntime(WasmOptions.from(settings.options()));
    }
}

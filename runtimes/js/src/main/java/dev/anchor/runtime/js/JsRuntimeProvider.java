package dev.anchor.runtime.js;

import static java.util.Objects.requireNonNull;

import dev.anchor.spi.Runtime;
import dev.anchor.spi.RuntimeProvider;
import dev.anchor.spi.RuntimeSettings;
import java.util.Optional;

/**
 * Provides the {@code js} runtime: JavaScript in V8 (through Javet), one isolate per task, no host
 * objects, deterministic time and randomness. Found with {@link java.util.ServiceLoader}; the agent
 * makes one runtime per process and calls it from many threads.
 *
 * <p>Options read from {@link RuntimeSettings#options()} (all optional):
 * <ul>
 *   <li>{@code js.cache.maxBytes}: total size of the V8 code caches kept by script hash
 *       (default 64 MiB; 0 turns caching off)</li>
 *   <li>{@code js.logs.maxBytes}: console bytes kept per task before lines are dropped
 *       (default 1 MiB)</li>
 * </ul>
 */
public final class JsRuntimeProvider implements RuntimeProvider {

    /** The name tasks use for this runtime. */
    public static final String NAME = "js";

    /** Called by {@link java.util.ServiceLoader}. */
    public JsRuntimeProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Loads V8 and makes and closes one isolate; answers why not when that fails (another
     * platform, a missing or mismatched native library, no writable temporary directory for it).
     * The first call sets V8's process-wide flags and takes a few hundred milliseconds; later calls
     * answer from memory.
     */
    @Override
    public Optional<String> unavailableReason() {
        return V8Engine.unavailableReason();
    }

    /**
     * Makes the runtime.
     *
     * @throws IllegalArgumentException when a {@code js.*} option is unknown or malformed
     * @throws IllegalStateException    when V8 is unavailable on this node
     */
    @Override
    public Runtime create(RuntimeSettings settings) {
        requireNonNull(settings, "settings is null");
        var options = JsOptions.from(settings.options());
        var reason = V8Engine.unavailableReason();
        if (reason.isPresent()) {
            throw new IllegalStateException("the js runtime is unavailable: " + reason.get());
        }
        return new JsRuntime(options);
    }
}

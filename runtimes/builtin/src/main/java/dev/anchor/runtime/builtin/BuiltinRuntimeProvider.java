package dev.anchor.runtime.builtin;

import static java.util.Objects.requireNonNull;

import dev.anchor.spi.Runtime;
import dev.anchor.spi.RuntimeProvider;
import dev.anchor.spi.RuntimeSettings;
import java.util.Map;
import java.util.Optional;

/**
 * Provides the {@code builtin} runtime: library operations by name ({@code crypto.sha256},
 * {@code image.resize}, ...), run in the agent's JVM on the task's input bytes. Found with
 * {@link java.util.ServiceLoader}; the agent makes one runtime per process and calls it from many
 * threads.
 *
 * <p>A task's payload holds {@code library} (a string), {@code method} (a string) and optionally
 * {@code params} (an object, checked against the method's JSON Schema before anything runs). See
 * {@link #catalog()} for what is offered. The runtime takes no options.
 */
public final class BuiltinRuntimeProvider implements RuntimeProvider {

    /** The name tasks use for this runtime. */
    public static final String NAME = "builtin";

    /** Called by {@link java.util.ServiceLoader}. */
    public BuiltinRuntimeProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    /** Always available: everything is pure Java (the JDK's ImageIO and BouncyCastle). */
    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public Runtime create(RuntimeSettings settings) {
        requireNonNull(settings, "settings is null");
        return new BuiltinRuntime(MethodRegistry.standard());
    }

    /**
     * What this runtime offers: library name → method name → the JSON Schema (draft 2020-12) of the
     * method's {@code params}, as parsed JSON (maps, lists, strings, numbers, booleans). Each schema
     * has a {@code description} of the method and one per param. Libraries and methods are sorted
     * by name. The answer is a fresh copy on every call; callers may keep or change it. Safe to call
     * from any thread, without making a runtime (the coordinator serves it to clients).
     */
    public static Map<String, Map<String, Map<String, Object>>> catalog() {
        return MethodRegistry.standard().catalog();
    }
}

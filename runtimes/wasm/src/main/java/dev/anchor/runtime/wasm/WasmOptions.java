package dev.anchor.runtime.wasm;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Map;

/**
 * The node-level settings of the wasm runtime.
 *
 * @param engine        how guest code runs
 * @param cacheMaxBytes total module bytes whose parsed and compiled form the cache keeps
 * @param logMaxBytes   stderr bytes forwarded to the log sink per task
 * @param defaultFuel   fuel of a task whose limits set none ({@code fuel = 0}): large, but still
 *                      metered, so that every task reports the fuel it used
 */
record WasmOptions(Engine engine, long cacheMaxBytes, long logMaxBytes, long defaultFuel) {

    static final WasmOptions DEFAULT = new WasmOptions(Engine.COMPILER, 256L << 20, 1L << 20, 1_000_000_000_000L);

    WasmOptions {
        requireNonNull(engine, "engine is null");
        if (cacheMaxBytes <= 0) throw new IllegalArgumentException("wasm.cache.maxBytes must be positive");
        if (logMaxBytes <= 0) throw new IllegalArgumentException("wasm.logs.maxBytes must be positive");
        if (defaultFuel <= 0) throw new IllegalArgumentException("wasm.fuel.default must be positive");
    }

    /** How guest code runs. */
    enum Engine {
        /** Each module is compiled to JVM bytecode once (functions too large fall back to the interpreter). */
        COMPILER,
        /** Chicory's interpreter: no compile step, much slower; for debugging and comparison. */
        INTERPRETER,
        /** V8's WebAssembly through Javet: the fastest; needs Javet's native V8 (linux x86_64). */
        V8
    }

    /** Reads the {@code wasm.*} options; options of other runtimes are ignored. */
    static WasmOptions from(Map<String, String> options) {
        var engine = DEFAULT.engine();
        var cacheMaxBytes = DEFAULT.cacheMaxBytes();
        var logMaxBytes = DEFAULT.logMaxBytes();
        var defaultFuel = DEFAULT.defaultFuel();
        for (var option : options.entrySet()) {
            var value = option.getValue().trim();
            switch (option.getKey()) {
                case "wasm.engine" -> engine = parseEngine(value);
                case "wasm.cache.maxBytes" -> cacheMaxBytes = parseBytes(option.getKey(), value);
                case "wasm.logs.maxBytes" -> logMaxBytes = parseBytes(option.getKey(), value);
                case "wasm.fuel.default" -> defaultFuel = parseNumber(option.getKey(), value, "an amount of fuel");
                default -> {
                    // A typo in a wasm option should stop the agent, not be silently ignored.
                    if (option.getKey().startsWith("wasm.")) {
                        throw new IllegalArgumentException("unknown option " + option.getKey()
                                + "; expected wasm.engine, wasm.cache.maxBytes, wasm.logs.maxBytes or wasm.fuel.default");
                    }
                }
            }
        }
        return new WasmOptions(engine, cacheMaxBytes, logMaxBytes, defaultFuel);
    }

    private static Engine parseEngine(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "compiler" -> Engine.COMPILER;
            case "interpreter" -> Engine.INTERPRETER;
            case "v8" -> Engine.V8;
            default -> throw new IllegalArgumentException(
                    "wasm.engine is '" + value + "'; expected compiler, interpreter or v8");
        };
    }

    private static long parseBytes(String key, String value) {
        return parseNumber(key, value, "a number of bytes");
    }

    private static long parseNumber(String key, String value, String expected) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is '" + value + "'; expected " + expected, e);
        }
    }
}

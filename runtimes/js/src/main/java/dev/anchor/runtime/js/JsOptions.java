package dev.anchor.runtime.js;

import java.util.Map;

/**
 * The node-level settings of the js runtime.
 *
 * @param cacheMaxBytes total size of the V8 code caches kept, one per script hash
 * @param logMaxBytes   console bytes forwarded to the log sink per task
 */
record JsOptions(long cacheMaxBytes, long logMaxBytes) {

    static final JsOptions DEFAULT = new JsOptions(64L << 20, 1L << 20);

    JsOptions {
        if (cacheMaxBytes < 0) throw new IllegalArgumentException("js.cache.maxBytes must not be negative");
        if (logMaxBytes <= 0) throw new IllegalArgumentException("js.logs.maxBytes must be positive");
    }

    /** Reads the {@code js.*} options; options of other runtimes are ignored. */
    static JsOptions from(Map<String, String> options) {
        var cacheMaxBytes = DEFAULT.cacheMaxBytes();
        var logMaxBytes = DEFAULT.logMaxBytes();
        for (var option : options.entrySet()) {
            var value = option.getValue().trim();
            switch (option.getKey()) {
                case "js.cache.maxBytes" -> cacheMaxBytes = parseBytes(option.getKey(), value);
                case "js.logs.maxBytes" -> logMaxBytes = parseBytes(option.getKey(), value);
                default -> {
                    // A typo in a js option should stop the agent, not be silently ignored.
                    if (option.getKey().startsWith("js.")) {
                        throw new IllegalArgumentException("unknown option " + option.getKey()
                                + "; expected js.cache.maxBytes or js.logs.maxBytes");
                    }
                }
            }
        }
        return new JsOptions(cacheMaxBytes, logMaxBytes);
    }

    private static long parseBytes(String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is '" + value + "'; expected a number of bytes", e);
        }
    }
}

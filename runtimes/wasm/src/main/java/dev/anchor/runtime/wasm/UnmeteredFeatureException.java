package dev.anchor.runtime.wasm;

/**
 * The module uses a WebAssembly proposal whose cost the fuel instrumenter does not model (threads,
 * garbage collection, exception handling, memory64, typed function references), so it may not run.
 */
final class UnmeteredFeatureException extends RuntimeException {
    UnmeteredFeatureException(String message) {
        super(message, null, false, false);
    }
}

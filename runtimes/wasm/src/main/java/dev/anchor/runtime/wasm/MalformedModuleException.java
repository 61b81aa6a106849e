package dev.anchor.runtime.wasm;

/** The fuel instrumenter met bytes that are not a well-formed module. */
final class MalformedModuleException extends RuntimeException {
    MalformedModuleException(String message) {
        super(message, null, false, false);
    }
}

package dev.anchor.runtime.wasm;

/** A trap or error in a guest run by V8, with V8's message (for example {@code unreachable}). */
final class V8TrapException extends RuntimeException {
    V8TrapException(String message) {
        super(message, null, false, false);
    }
}

package dev.anchor.runtime.wasm;

import static java.util.Objects.requireNonNull;

/**
 * Thrown from inside a host call (a stdout write, the memory factory) to stop the guest because it
 * went past a limit. Unchecked so it unwinds through Chicory's frames unchanged; its message is the
 * task's failure reason. No stack trace: it is control flow, and a guest may hit it often.
 */
final class LimitExceededException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    LimitExceededException(String reason) {
        super(requireNonNull(reason, "reason is null"), null, false, false);
    }
}

package dev.anchor.runtime.wasm;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.runtime.WasmException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.UnlinkableException;
import java.util.Optional;

/**
 * Turns whatever stopped a guest into the one-line reason a task fails with. Chicory sometimes
 * wraps the throwable that matters (a stack overflow inside "call stack exhausted", an interrupt
 * inside a ChicoryException), so the cause chain is searched, not just the top.
 */
final class FailureReasons {

    private FailureReasons() {}

    /** Whether the guest stopped because its thread was interrupted. */
    static boolean interrupted(Throwable failure) {
        return find(failure, ChicoryInterruptedException.class).isPresent()
                || find(failure, InterruptedException.class).isPresent();
    }

    /** A limit the runtime itself enforced from inside the guest, with its reason. */
    static Optional<String> limit(Throwable failure) {
        return find(failure, LimitExceededException.class).map(Throwable::getMessage);
    }

    /** The reason for any other failure: a trap, a link error, an exhausted stack or heap. */
    static String of(Throwable failure) {
        if (find(failure, StackOverflowError.class).isPresent()) {
            return "stack overflow: the guest's call stack is exhausted (too deep recursion)";
        }
        if (find(failure, OutOfMemoryError.class).isPresent()) {
            return "out of memory: the node could not allocate what the guest asked for";
        }
        if (failure instanceof UnlinkableException || failure instanceof UninstantiableException) {
            return "module cannot be instantiated: " + failure.getMessage();
        }
        if (failure instanceof WasmException) {
            return "trap: uncaught wasm exception";
        }
        if (failure instanceof TrapException || failure instanceof ChicoryException || failure instanceof V8TrapException) {
            return "trap: " + message(failure);
        }
        // Not a wasm trap but a fault in the host code the guest called into; still the task's
        // failure, never the runtime's.
        return "trap: host error " + failure;
    }

    private static String message(Throwable failure) {
        var message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }

    private static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
        // Bounded: a malicious cause cycle must not hang the agent.
        var current = failure;
        for (int depth = 0; current != null && depth < 16; depth++, current = current.getCause()) {
            if (type.isInstance(current)) {
                return Optional.of(type.cast(current));
            }
        }
        return Optional.empty();
    }
}

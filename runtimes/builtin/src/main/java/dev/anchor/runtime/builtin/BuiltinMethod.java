package dev.anchor.runtime.builtin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One method a library offers: its name, the JSON Schema of its params and what it does.
 *
 * @param library   the library's name ({@code image})
 * @param name      the method's name within it ({@code resize})
 * @param schema    the JSON Schema (draft 2020-12) its params must match; never changed after
 *                  construction
 * @param operation what it does, called on a worker thread once the params are valid
 */
record BuiltinMethod(String library, String name, ObjectNode schema, Operation operation) {

    BuiltinMethod {
        requireNonNull(library, "library is null");
        requireNonNull(name, "name is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(operation, "operation is null");
    }

    /** {@code library.method}, as log lines and reasons name it. */
    String fullName() {
        return library + "." + name;
    }

    /** The work of one method. Throws {@link MethodFailure} for the caller's mistakes. */
    @FunctionalInterface
    interface Operation {
        /**
         * Runs the method. Long loops check the thread's interrupt flag and throw
         * {@link InterruptedException} when it is set (a timeout or a cancellation).
         */
        MethodOutput apply(Invocation invocation) throws Exception;
    }
}

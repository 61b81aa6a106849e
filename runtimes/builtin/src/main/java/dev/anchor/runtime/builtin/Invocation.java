package dev.anchor.runtime.builtin;

import static java.util.Objects.requireNonNull;

import dev.anchor.spi.Limits;

/**
 * One call of a method: the bytes it works on, its validated params and the task's limits.
 *
 * @param input  the task's input, already within {@code limits.maxInputBytes}; not copied, not to
 *               be changed
 * @param params the params, already checked against the method's schema
 * @param limits the task's limits (methods use the memory cap and the output cap)
 */
record Invocation(byte[] input, Params params, Limits limits) {
    Invocation {
        requireNonNull(input, "input is null");
        requireNonNull(params, "params is null");
        requireNonNull(limits, "limits is null");
    }
}

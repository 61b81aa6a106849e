package dev.anchor.runtime.builtin;

import static java.util.Objects.requireNonNull;

/**
 * What a method produced.
 *
 * @param bytes       the task's output
 * @param summary     what the method did, for the task's log line ({@code 640×480 → 320×240})
 * @param memoryBytes the estimated memory the method worked in (pixels × 4 for images), 0 if small
 */
record MethodOutput(byte[] bytes, String summary, long memoryBytes) {

    MethodOutput {
        requireNonNull(bytes, "bytes is null");
        requireNonNull(summary, "summary is null");
    }

    /** Output of a method that turns bytes into bytes, summarised by their sizes. */
    static MethodOutput of(byte[] input, byte[] output) {
        return new MethodOutput(output, input.length + " bytes → " + output.length + " bytes", 0);
    }
}

package dev.anchor.spi;

/** How a run ended, from the runtime's point of view. */
public enum Outcome {
    /** The guest finished and its output is the task's result. */
    SUCCEEDED,
    /** The guest or its payload failed: a trap, a non-zero exit, an invalid module, a limit hit. */
    FAILED,
    /** The wall-clock limit ran out before the guest finished. */
    TIMED_OUT
}

package dev.anchor.spi;

/**
 * Runs one task in a sandbox. Thread-safe: the agent calls {@link #run} from several threads at once,
 * one task per call.
 */
public interface Runtime extends AutoCloseable {

    /** The runtime's name, equal to its provider's. */
    String name();

    /**
     * Runs the task to completion and returns its outcome. Guest failures (a trap, a limit hit, a
     * bad module) are returned as a {@link RunResult} with the matching {@link Outcome}, never thrown.
     *
     * <p>The runtime enforces {@link TaskContext#limits()} itself: wall time, memory, output bytes
     * and, where it can, fuel. When the calling thread is interrupted (the task was cancelled) the
     * runtime stops the guest promptly and throws {@link InterruptedException}.
     *
     * @throws InterruptedException when the task was cancelled
     */
    RunResult run(TaskContext context) throws InterruptedException;

    @Override
    default void close() {}
}

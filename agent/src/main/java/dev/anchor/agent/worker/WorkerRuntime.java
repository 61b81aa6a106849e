package dev.anchor.agent.worker;

import static java.util.Objects.requireNonNull;

import dev.anchor.spi.Outcome;
import dev.anchor.spi.RunResult;
import dev.anchor.spi.Runtime;
import dev.anchor.spi.TaskContext;

/**
 * Stands in for a JVM runtime in the agent: each task runs in a worker borrowed from the pool, with
 * its log lines forwarded live. A worker that dies mid-task costs only that task, which fails with a
 * reason starting with {@link #CRASHED}; the agent reports it as retryable. Thread-safe.
 */
public final class WorkerRuntime implements Runtime {
    /** How the reason of a task whose worker died begins; only the agent side ever writes it. */
    public static final String CRASHED = "sandbox crashed";

    private final String name;
    private final WorkerPool pool;

    public WorkerRuntime(String name, WorkerPool pool) {
        this.name = requireNonNull(name, "name is null");
        this.pool = requireNonNull(pool, "pool is null");
    }

    /** Whether a result says the sandbox, not the task, failed: such a task may run again elsewhere. */
    public static boolean crashed(RunResult result) {
        return result.outcome() == Outcome.FAILED && result.reason() != null && result.reason().startsWith(CRASHED);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RunResult run(TaskContext context) throws InterruptedException {
        WorkerProcess worker = pool.borrow();
        try {
            return worker.run(name, context);
        } finally {
            pool.release(worker);
        }
    }
}

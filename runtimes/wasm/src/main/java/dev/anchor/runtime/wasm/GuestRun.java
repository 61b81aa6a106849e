package dev.anchor.runtime.wasm;

import static java.util.Objects.requireNonNull;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiExitException;
import dev.anchor.spi.RunResult;
import dev.anchor.spi.TaskContext;
import dev.anchor.spi.Usage;

/**
 * One run of one task: instantiates the module with the task's WASI world and limits, calls
 * {@code _start} on the calling thread and turns how it ended into a {@link RunResult}. Used once.
 */
final class GuestRun {

    private final LoadedModule.Ready module;
    private final TaskContext context;
    private final BoundedOutput stdout;
    private final LogLineStream stderr;
    private final MemoryCap memory;

    GuestRun(LoadedModule.Ready module, TaskContext context, long logMaxBytes) {
        this.module = requireNonNull(module, "module is null");
        this.context = requireNonNull(context, "context is null");
        this.stdout = new BoundedOutput(context.limits().maxOutputBytes());
        this.stderr = new LogLineStream(context.logs(), logMaxBytes);
        this.memory = new MemoryCap(context.limits().memoryBytes());
    }

    /**
     * @param startedNanos when the task's run began, for its wall time
     * @throws InterruptedException when the calling thread was interrupted by someone other than
     *                              the watchdog: the task was cancelled
     */
    RunResult run(Watchdog watchdog, long startedNanos) throws InterruptedException {
        Throwable failure = null;
        boolean timedOut;
        var watch = watchdog.watch(context.limits().timeoutMs());
        try (var wasi = new TaskWasi(context, stdout, stderr)) {
            // Instantiation is watched too: a module's start function is guest code and may spin.
            var instance = Instance.builder(module.module())
                    .withMachineFactory(module.machines())
                    .withImportValues(wasi.imports())
                    .withMemoryFactory(memory::create)
                    .withStart(false)
                    .build();
            instance.export("_start").apply();
        } catch (RuntimeException | Error e) {
            // Errors too: a guest that exhausts the stack or the heap fails; the thread lives on.
            failure = e;
        } finally {
            timedOut = watch.stop();
            stderr.finish();
        }

        var usage = new Usage(
                (System.nanoTime() - startedNanos) / 1_000_000, memory.peakBytes(), 0, stdout.size());
        var output = stdout.toByteArray();
        if (timedOut) {
            return RunResult.timedOut(
                    "wall-clock limit of " + context.limits().timeoutMs() + " ms exceeded", output, usage);
        }
        if (Thread.interrupted() || (failure != null && FailureReasons.interrupted(failure))) {
            throw new InterruptedException("task " + context.taskId() + " was cancelled");
        }
        if (failure == null) {
            return RunResult.succeeded(output, usage);
        }
        var limit = FailureReasons.limit(failure);
        if (limit.isPresent()) {
            return RunResult.failed(limit.get(), output, usage);
        }
        String reason;
        if (failure instanceof WasiExitException exit) {
            if (exit.exitCode() == 0) {
                return RunResult.succeeded(output, usage);
            }
            reason = "exit code " + exit.exitCode();
        } else {
            reason = FailureReasons.of(failure);
        }
        // A guest that cannot get memory usually fails some other way soon after (a trap, exit 1
        // from a failed malloc); name the limit, which is the cause.
        if (memory.reached()) {
            reason = memory.limitDescription() + " (" + reason + ")";
        }
        return RunResult.failed(reason, output, usage);
    }
}

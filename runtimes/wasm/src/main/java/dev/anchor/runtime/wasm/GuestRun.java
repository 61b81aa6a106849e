package dev.anchor.runtime.wasm;

import static java.util.Objects.requireNonNull;

import com.dylibso.chicory.wasi.WasiExitException;
import dev.anchor.spi.RunResult;
import dev.anchor.spi.TaskContext;
import dev.anchor.spi.Usage;

/**
 * One run of one task: gives the engine the task's WASI world, fuel and limits, and turns however
 * the guest ended into a {@link RunResult}. Used once.
 */
final class GuestRun {

    private final LoadedModule.Ready module;
    private final TaskContext context;
    private final long fuel;
    private final BoundedOutput stdout;
    private final LogLineStream stderr;
    private final MemoryCap memory;

    /**
     * @param defaultFuel the fuel a task that sets none ({@code limits.fuel = 0}) starts with
     */
    GuestRun(LoadedModule.Ready module, TaskContext context, long logMaxBytes, long defaultFuel) {
        this.module = requireNonNull(module, "module is null");
        this.context = requireNonNull(context, "context is null");
        this.fuel = context.limits().fuel() > 0 ? context.limits().fuel() : defaultFuel;
        this.stdout = new BoundedOutput(context.limits().maxOutputBytes());
        this.stderr = new LogLineStream(context.logs(), logMaxBytes);
        this.memory = new MemoryCap(context.limits().memoryBytes());
    }

    /**
     * @param startedNanos when the task's run began, for its wall time
     * @throws InterruptedException when the calling thread was interrupted by someone other than
     *                              the watchdog: the task was cancelled
     */
    RunResult run(GuestEngine engine, Watchdog watchdog, long startedNanos) throws InterruptedException {
        GuestEngine.Ending ending;
        boolean timedOut;
        var budget = new GuestEngine.Budget(fuel, memory);
        var watch = watchdog.watch(context.limits().timeoutMs());
        try (var wasi = new TaskWasi(context, stdout, stderr)) {
            if (module.hasMemory()) {
                memory.checkInitial(module.initialPages());
            }
            ending = engine.run(module, wasi, budget, watch);
        } catch (LimitExceededException e) {
            ending = GuestEngine.Ending.beforeStart(e, budget);
        } finally {
            timedOut = watch.stop();
            stderr.finish();
        }

        boolean outOfFuel = ending.fuelLeft() < 0;
        long used = outOfFuel ? fuel : fuel - ending.fuelLeft();
        var usage = new Usage(
                (System.nanoTime() - startedNanos) / 1_000_000, ending.memoryBytes(), used, stdout.size());
        var output = stdout.toByteArray();
        var failure = ending.failure();
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
        if (outOfFuel) {
            return RunResult.failed("fuel limit of " + fuel + " exceeded", output, usage);
        }
        if (ending.depthLeft() == -1) {
            return RunResult.failed("call depth limit of " + FuelInstrumenter.MAX_CALL_DEPTH
                    + " exceeded (too deep recursion)", output, usage);
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
        if (ending.memoryRefused()) {
            reason = memory.limitDescription() + " (" + reason + ")";
        }
        return RunResult.failed(reason, output, usage);
    }
}

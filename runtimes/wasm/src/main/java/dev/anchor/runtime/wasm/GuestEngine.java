package dev.anchor.runtime.wasm;

/**
 * Runs a fuel-instrumented module once: instantiates it with the task's WASI world, sets the
 * metering globals, calls the start function (if any) and {@code _start}, and reads the globals
 * back. Every engine runs the same instrumented bytes, so fuel and output agree between engines.
 * Implementations are thread-safe; each call runs on the caller's thread.
 */
interface GuestEngine extends AutoCloseable {

    /**
     * @return how the guest ended; guest faults are returned, never thrown
     */
    Ending run(LoadedModule.Ready module, TaskWasi wasi, Budget budget, Watchdog.Watch watch);

    @Override
    default void close() {}

    /**
     * What one run may use.
     *
     * @param fuel     fuel the guest starts with
     * @param memory   the task's memory cap
     */
    record Budget(long fuel, MemoryCap memory) {}

    /**
     * How a run ended.
     *
     * @param failure        what stopped the guest, or null when {@code _start} returned
     * @param fuelLeft       the fuel global at the end; below 0 when the fuel ran out
     * @param depthLeft      the call depth global at the end; -1 when the depth bound was hit
     * @param memoryRefused  whether the memory cap refused a grow the module's maximum allowed
     * @param memoryBytes    linear memory at the end (its peak), 0 if unknown
     */
    record Ending(Throwable failure, long fuelLeft, int depthLeft, boolean memoryRefused, long memoryBytes) {

        /** The guest never started (instantiation failed): nothing was used. */
        static Ending beforeStart(Throwable failure, Budget budget) {
            return new Ending(failure, budget.fuel(), FuelInstrumenter.MAX_CALL_DEPTH, false, 0);
        }
    }
}

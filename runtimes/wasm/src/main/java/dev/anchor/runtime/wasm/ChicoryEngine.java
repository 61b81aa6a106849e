package dev.anchor.runtime.wasm;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;

/** Runs guests on Chicory: compiled to JVM bytecode or interpreted, as the cached module says. */
final class ChicoryEngine implements GuestEngine {

    @Override
    public Ending run(LoadedModule.Ready module, TaskWasi wasi, Budget budget, Watchdog.Watch watch) {
        Instance instance;
        try {
            // Instantiation is watched too: a module's start function is guest code and may spin.
            instance = Instance.builder(module.module())
                    .withMachineFactory(module.machines())
                    .withImportValues(wasi.imports())
                    .withMemoryFactory(budget.memory()::create)
                    .withStart(false)
                    .build();
        } catch (RuntimeException | Error e) {
            return Ending.beforeStart(e, budget);
        }
        var exports = instance.exports();
        var fuel = exports.global(FuelInstrumenter.FUEL_EXPORT);
        Throwable failure = null;
        try {
            fuel.setValue(budget.fuel());
            exports.global(FuelInstrumenter.MEMORY_CAP_EXPORT).setValue(budget.memory().limitPages());
            if (module.hasStart()) {
                instance.export(FuelInstrumenter.START_EXPORT).apply();
            }
            instance.export("_start").apply();
        } catch (RuntimeException | Error e) {
            // Errors too: a guest that exhausts the stack or the heap fails; the thread lives on.
            failure = e;
        }
        long memoryBytes = module.hasMemory() ? (long) instance.memory().pages() * Memory.PAGE_SIZE : 0;
        return new Ending(failure, fuel.getValue(),
                (int) exports.global(FuelInstrumenter.DEPTH_EXPORT).getValue(),
                exports.global(FuelInstrumenter.MEMORY_REFUSED_EXPORT).getValue() != 0,
                memoryBytes);
    }
}

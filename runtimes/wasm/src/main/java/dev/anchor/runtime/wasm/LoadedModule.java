package dev.anchor.runtime.wasm;

import static java.util.Objects.requireNonNull;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import java.util.function.Function;

/** What the cache holds for one module hash: a module ready to instantiate, or why it cannot run. */
sealed interface LoadedModule {

    /** Module bytes this entry stands for; the cache's weight. */
    int sizeBytes();

    /**
     * A checked module, instrumented to meter fuel, parsed and validated, with the machine factory
     * its Chicory instances run on.
     *
     * @param sha256       the original module's hash; names the module in per-engine caches
     * @param instrumented the fuel-instrumented bytes every engine runs
     * @param module       the instrumented module as Chicory parsed it; immutable, shared by every instance
     * @param machines     makes the machine (compiled code or interpreter) for one Chicory instance
     * @param hasStart     whether the module had a start function (exported as {@code __anchor_start})
     * @param initialPages the memory's initial size in pages; -1 when the module has no memory
     * @param sizeBytes    the original module's size; the cache's weight
     */
    record Ready(String sha256, byte[] instrumented, WasmModule module, Function<Instance, Machine> machines,
            boolean hasStart, int initialPages, int sizeBytes) implements LoadedModule {
        public Ready {
            requireNonNull(sha256, "sha256 is null");
            requireNonNull(instrumented, "instrumented is null");
            requireNonNull(module, "module is null");
            requireNonNull(machines, "machines is null");
        }

        boolean hasMemory() {
            return initialPages >= 0;
        }
    }

    /** A module that can never run, with the reason every task that names it fails with. */
    record Rejected(String reason, int sizeBytes) implements LoadedModule {
        public Rejected {
            requireNonNull(reason, "reason is null");
        }
    }
}

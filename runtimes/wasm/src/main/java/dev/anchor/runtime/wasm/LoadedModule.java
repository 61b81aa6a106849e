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
     * A parsed, validated and checked module with the machine factory its instances run on.
     *
     * @param module   the parsed module; immutable, shared by every instance
     * @param machines makes the machine (compiled code or interpreter) for one instance
     */
    record Ready(WasmModule module, Function<Instance, Machine> machines, int sizeBytes) implements LoadedModule {
        public Ready {
            requireNonNull(module, "module is null");
            requireNonNull(machines, "machines is null");
        }
    }

    /** A module that can never run, with the reason every task that names it fails with. */
    record Rejected(String reason, int sizeBytes) implements LoadedModule {
        public Rejected {
            requireNonNull(reason, "reason is null");
        }
    }
}

package dev.anchor.runtime.wasm;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.Import;
import java.util.Optional;

/**
 * What a module must satisfy beyond Chicory's validation before it may run: import only granted
 * WASI functions, export a {@code _start} that takes and returns nothing, and declare at most one
 * memory (the memory cap is per task, so a second memory would double it).
 */
final class ModuleChecks {

    private ModuleChecks() {}

    /** Why the module cannot run here, or empty when it can. */
    static Optional<String> problem(WasmModule module) {
        var imports = module.importSection();
        for (int i = 0; i < imports.importCount(); i++) {
            var imported = imports.getImport(i);
            if (!granted(imported)) {
                return Optional.of("module imports " + imported.module() + "." + imported.name()
                        + ", which is not granted");
            }
        }
        int memories = module.memorySection().map(section -> section.memoryCount()).orElse(0);
        if (memories > 1) {
            return Optional.of("module declares " + memories + " memories; at most one is supported");
        }
        return startProblem(module);
    }

    private static boolean granted(Import imported) {
        return imported.importType() == ExternalType.FUNCTION
                && TaskWasi.MODULE_NAME.equals(imported.module())
                && TaskWasi.FUNCTION_NAMES.contains(imported.name());
    }

    private static Optional<String> startProblem(WasmModule module) {
        var exports = module.exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            var export = exports.getExport(i);
            if (!export.name().equals("_start")) {
                continue;
            }
            if (export.exportType() != ExternalType.FUNCTION) {
                return Optional.of("module exports _start, but it is not a function");
            }
            int importedFunctions = module.importSection().count(ExternalType.FUNCTION);
            int local = export.index() - importedFunctions;
            // Every import is a granted WASI function by now, none of which takes no arguments
            // and returns nothing, so an imported _start could never be called as an entry point.
            if (local < 0) {
                return Optional.of("module's _start is an imported function; it must be defined in the module");
            }
            var type = module.typeSection().getType(module.functionSection().getFunctionType(local));
            if (!type.params().isEmpty() || !type.returns().isEmpty()) {
                return Optional.of("module's _start has type " + type + "; it must take and return nothing");
            }
            return Optional.empty();
        }
        return Optional.of("module exports no _start function, the WASI command entry point");
    }
}

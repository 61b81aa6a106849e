package dev.anchor.runtime.wasm;

import static java.util.Objects.requireNonNull;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.anchor.spi.TaskContext;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * Parses, checks, instruments for fuel ({@link FuelInstrumenter}) and compiles each module once per SHA-256 and keeps the result, bounded by the
 * total size of the module bytes. Thread-safe: concurrent tasks with the same module wait for one
 * compilation instead of each doing it.
 */
final class ModuleCache {

    private final WasmOptions.Engine engine;
    private final Cache<String, LoadedModule> modules;

    ModuleCache(WasmOptions.Engine engine, long maxBytes) {
        this.engine = requireNonNull(engine, "engine is null");
        this.modules = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String sha256, LoadedModule module) -> Math.max(1, module.sizeBytes()))
                // Evict on the loading thread: the bound holds the moment load returns, not "soon".
                .executor(Runnable::run)
                .build();
    }

    /** The module for this code: from the cache, or loaded now. Never throws for a bad module. */
    LoadedModule load(TaskContext.Code code) {
        var cached = modules.getIfPresent(code.sha256());
        if (cached != null) {
            return cached;
        }
        // Checked before anything is cached under the hash: a task whose hash lies about its bytes
        // must not plant its module under another module's name.
        var actual = sha256(code.bytes());
        if (!actual.equals(code.sha256())) {
            return new LoadedModule.Rejected("module sha256 is " + actual
                    + " but the task says " + code.sha256(), code.bytes().length);
        }
        return modules.get(code.sha256(), sha256 -> load(sha256, code.bytes()));
    }

    long size() {
        return modules.estimatedSize();
    }

    private LoadedModule load(String sha256, byte[] bytes) {
        WasmModule original;
        try {
            original = Parser.parse(bytes);
        } catch (ChicoryException e) {
            return new LoadedModule.Rejected("invalid wasm module: " + e.getMessage(), bytes.length);
        } catch (RuntimeException | StackOverflowError e) {
            // The parser is not hardened against every malformed input; whatever it throws, the
            // bytes are not a module we can run.
            return new LoadedModule.Rejected("invalid wasm module: " + e, bytes.length);
        }
        var problem = ModuleChecks.problem(original);
        if (problem.isPresent()) {
            return new LoadedModule.Rejected(problem.get(), bytes.length);
        }
        FuelInstrumenter.Instrumented instrumented;
        WasmModule module;
        try {
            instrumented = FuelInstrumenter.instrument(bytes);
            module = Parser.parse(instrumented.bytes());
        } catch (UnmeteredFeatureException e) {
            return new LoadedModule.Rejected(e.getMessage(), bytes.length);
        } catch (MalformedModuleException e) {
            return new LoadedModule.Rejected("invalid wasm module: " + e.getMessage(), bytes.length);
        } catch (ChicoryException e) {
            // The instrumenter wrote something Chicory refuses: our bug, but still this module's failure.
            return new LoadedModule.Rejected("module could not be instrumented for fuel: " + e.getMessage(), bytes.length);
        }
        int initialPages = module.memorySection()
                .filter(section -> section.memoryCount() > 0)
                .map(section -> section.getMemory(0).limits().initialPages())
                .orElse(-1);
        return new LoadedModule.Ready(sha256, instrumented.bytes(), module, machines(module),
                instrumented.hasStart(), initialPages, bytes.length);
    }

    private Function<Instance, Machine> machines(WasmModule module) {
        if (engine != WasmOptions.Engine.COMPILER) {
            // The interpreter, or V8, which compiles the instrumented bytes itself and never uses this.
            return InterpreterMachine::new;
        }
        try {
            // SILENT: functions too large for one JVM method are interpreted; WARN would print to
            // System.err once per module.
            return MachineFactoryCompiler.builder(module)
                    .withInterpreterFallback(InterpreterFallback.SILENT)
                    .compile();
        } catch (RuntimeException | LinkageError e) {
            // A valid module the compiler cannot handle still runs, only slower.
            return InterpreterMachine::new;
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}

package dev.anchor.runtime.wasm;

import static java.util.Objects.requireNonNull;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.interop.callback.IJavetDirectCallable;
import com.caoccao.javet.interop.callback.JavetCallbackContext;
import com.caoccao.javet.interop.callback.JavetCallbackType;
import com.caoccao.javet.values.V8Value;
import com.caoccao.javet.values.primitive.V8ValueBigInteger;
import com.caoccao.javet.values.primitive.V8ValueDouble;
import com.caoccao.javet.values.primitive.V8ValueInteger;
import com.caoccao.javet.values.primitive.V8ValueLong;
import com.caoccao.javet.values.reference.V8ValueArrayBuffer;
import com.caoccao.javet.values.reference.V8ValueFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;

/**
 * One V8 isolate that runs wasm guests, one at a time. Its JavaScript side keeps the compiled
 * {@code WebAssembly.Module} of each module it has run, instantiates it per run with imports that
 * call back into {@link #host}, sets the metering globals, calls the entry points and reports the
 * globals and any error as one line-separated string. WASI calls go to Chicory's host functions
 * (the same objects the Chicory engine uses) over a {@link V8Memory} view of the guest's memory,
 * through a small Chicory instance that does nothing but lend them that memory.
 */
final class V8Guest implements AutoCloseable {

    /** Compiled modules an isolate keeps before it forgets them all. */
    private static final int MAX_MODULES = 64;

    private static final String RUNNER = """
            (function (host) {
              const modules = new Map();
              return function (sha, bytes, names, fuel, cap, hasStart, forget) {
                if (forget) modules.clear();
                let module = modules.get(sha);
                if (module === undefined) {
                  module = new WebAssembly.Module(bytes);
                  modules.set(sha, module);
                }
                let memory = null;
                const wasi = {};
                const list = names === "" ? [] : names.split(",");
                for (let i = 0; i < list.length; i++) {
                  const index = i;
                  wasi[list[i]] = (...args) => host(index, memory === null ? null : memory.buffer, ...args);
                }
                let exports = null;
                let error = "";
                try {
                  exports = new WebAssembly.Instance(module, { wasi_snapshot_preview1: wasi }).exports;
                  memory = exports.__anchor_memory ?? null;
                  exports.__anchor_fuel.value = BigInt(fuel);
                  exports.__anchor_memory_cap.value = cap;
                  if (hasStart) exports.__anchor_start();
                  exports._start();
                } catch (e) {
                  error = "E" + (e instanceof Error ? e.message : String(e));
                }
                if (exports === null) return "\\n\\n\\n\\n" + error;
                return exports.__anchor_fuel.value + "\\n" + exports.__anchor_depth.value + "\\n"
                    + exports.__anchor_memory_refused.value + "\\n"
                    + (memory === null ? 0 : memory.buffer.byteLength) + "\\n" + error;
              };
            })
            """;

    /** (module (import "env" "memory" (memory 0))): lends Chicory's WASI functions the guest's memory. */
    private static final WasmModule MEMORY_HOLDER = Parser.parse(new byte[] {
            0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
            0x02, 0x0F, 0x01, 0x03, 'e', 'n', 'v', 0x06, 'm', 'e', 'm', 'o', 'r', 'y', 0x02, 0x00, 0x00});

    private final V8Runtime isolate;
    private final V8ValueFunction runner;
    private final V8Memory memory = new V8Memory();
    private final Instance holder;
    private final JavetCallbackContext hostCallback;
    private final Set<String> compiled = new HashSet<>();
    private HostFunction[] functions = new HostFunction[0];
    private RuntimeException hostFailure;
    private volatile boolean terminated;

    V8Guest(V8Runtime isolate) throws JavetException {
        this.isolate = requireNonNull(isolate, "isolate is null");
        isolate.setLogger(JavetLog.INSTANCE);
        this.holder = Instance.builder(MEMORY_HOLDER)
                .withImportValues(ImportValues.builder().addMemory(new ImportMemory("env", "memory", memory)).build())
                .build();
        this.hostCallback = new JavetCallbackContext("host", JavetCallbackType.DirectCallNoThisAndResult,
                (IJavetDirectCallable.NoThisAndResult<Exception>) this::host);
        try (V8ValueFunction factory = isolate.getExecutor(RUNNER).execute();
                V8ValueFunction host = isolate.createV8ValueFunction(hostCallback)) {
            this.runner = factory.call(null, host);
        }
    }

    GuestEngine.Ending run(LoadedModule.Ready module, TaskWasi wasi, GuestEngine.Budget budget) {
        hostFailure = null;
        try {
            functions = hostFunctions(module.module(), wasi);
            boolean known = compiled.contains(module.sha256());
            boolean forget = !known && compiled.size() >= MAX_MODULES;
            if (forget) {
                compiled.clear();
            }
            String result;
            try (var bytes = known ? null : isolate.createV8ValueArrayBuffer(module.instrumented().length)) {
                if (bytes != null) bytes.fromBytes(module.instrumented());
                result = runner.callString(null, module.sha256(), bytes, String.join(",", names(module.module())),
                        Long.toString(budget.fuel()), budget.memory().limitPages(), module.hasStart(), forget);
            }
            compiled.add(module.sha256());
            return ending(result, budget);
        } catch (JavetException | RuntimeException e) {
            return new GuestEngine.Ending(hostFailure != null ? hostFailure : e, budget.fuel(),
                    FuelInstrumenter.MAX_CALL_DEPTH, false, 0);
        } finally {
            functions = new HostFunction[0];
            memory.release();
        }
    }

    /** Stops the running guest; from any thread. The isolate is not reused afterwards. */
    void terminate() {
        terminated = true;
        isolate.terminateExecution();
    }

    boolean reusable() {
        return !terminated && !isolate.isDead();
    }

    @Override
    public void close() {
        try {
            runner.close();
            isolate.removeCallbackContext(hostCallback.getHandle());
            isolate.close();
        } catch (JavetException e) {
            // Closing frees native memory; nothing is left to do if it fails.
        }
    }

    private GuestEngine.Ending ending(String result, GuestEngine.Budget budget) {
        var parts = result.split("\n", 5);
        Throwable failure = null;
        if (hostFailure != null) {
            failure = hostFailure;
        } else if (!parts[4].isEmpty()) {
            failure = new V8TrapException(parts[4].substring(1));
        }
        if (parts[0].isEmpty()) {
            return GuestEngine.Ending.beforeStart(failure, budget);
        }
        return new GuestEngine.Ending(failure, Long.parseLong(parts[0]), Integer.parseInt(parts[1]),
                !parts[2].equals("0"), Long.parseLong(parts[3]));
    }

    /** A WASI call from the guest: (index, memory buffer or null, arguments...) -> errno or undefined. */
    private V8Value host(V8Value... arguments) throws JavetException {
        int index = ((V8ValueInteger) arguments[0]).getValue();
        if (arguments[1] instanceof V8ValueArrayBuffer buffer) {
            memory.use(buffer.getByteBuffer());
        } else {
            memory.release();
        }
        var values = new long[arguments.length - 2];
        for (int i = 0; i < values.length; i++) {
            values[i] = toLong(arguments[i + 2]);
        }
        try {
            long[] results = functions[index].handle().apply(holder, values);
            if (results == null || results.length == 0) {
                return isolate.createV8ValueUndefined();
            }
            return isolate.createV8ValueInteger((int) results[0]);
        } catch (RuntimeException e) {
            // proc_exit, the output limit, a fault: remembered, and thrown into the guest to unwind it.
            hostFailure = e;
            throw e;
        } finally {
            memory.release();
        }
    }

    private static long toLong(V8Value value) {
        return switch (value) {
            case V8ValueInteger integer -> integer.getValue();
            case V8ValueLong number -> number.getValue();
            case V8ValueBigInteger big -> big.getValue().longValue();
            case V8ValueDouble number -> (long) number.getValue().doubleValue();
            default -> throw new IllegalArgumentException("unexpected WASI argument " + value);
        };
    }

    private static String[] names(WasmModule module) {
        var imports = module.importSection();
        var names = new String[imports.importCount()];
        for (int i = 0; i < names.length; i++) {
            names[i] = imports.getImport(i).name();
        }
        return names;
    }

    private static HostFunction[] hostFunctions(WasmModule module, TaskWasi wasi) {
        var byName = new HashMap<String, HostFunction>();
        for (var function : wasi.imports().functions()) {
            byName.put(function.name(), (HostFunction) function);
        }
        var imports = module.importSection();
        var functions = new HostFunction[imports.importCount()];
        for (int i = 0; i < functions.length; i++) {
            var imported = imports.getImport(i);
            if (imported.importType() != ExternalType.FUNCTION || !TaskWasi.MODULE_NAME.equals(imported.module())) {
                throw new IllegalStateException("module imports " + imported.name() + ", which V8 cannot provide");
            }
            functions[i] = requireNonNull(byName.get(imported.name()), imported.name());
        }
        return functions;
    }
}

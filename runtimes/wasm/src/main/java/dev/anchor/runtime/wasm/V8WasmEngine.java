package dev.anchor.runtime.wasm;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.V8Host;
import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.interop.options.V8RuntimeOptions;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Runs guests on V8's WebAssembly (through Javet): the same instrumented module as Chicory, with
 * the same WASI host functions (Chicory's, called from V8 through {@link V8Guest}), so output and
 * fuel are identical; only speed differs. Isolates are pooled, each compiling a module once.
 * Thread-safe: a run takes an idle isolate or makes one, and gives it back unless it was stopped.
 */
final class V8WasmEngine implements GuestEngine {

    /**
     * V8's heap ceiling, a process-wide flag fixed by the first isolate: the same as the js
     * runtime sets, so that whichever runtime makes the first isolate, the js runtime's heap cap
     * holds. Wasm linear memory is not on V8's heap.
     */
    private static final int HEAP_CEILING_MB = 128;

    private final ConcurrentLinkedDeque<V8Guest> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    /** Loads V8; throws {@link IllegalArgumentException} saying why when it cannot run here. */
    V8WasmEngine() {
        var problem = check();
        if (problem.isPresent()) {
            throw new IllegalArgumentException("wasm.engine is v8, but " + problem.get());
        }
    }

    @Override
    public Ending run(LoadedModule.Ready module, TaskWasi wasi, Budget budget, Watchdog.Watch watch) {
        V8Guest guest = idle.pollFirst();
        if (guest == null) {
            try {
                guest = new V8Guest(newIsolate());
            } catch (JavetException | RuntimeException e) {
                return Ending.beforeStart(e, budget);
            }
        }
        watch.onTimeout(guest::terminate);
        var ending = guest.run(module, wasi, budget);
        watch.onTimeout(null);
        if (guest.reusable() && !closed) {
            idle.addFirst(guest);
        } else {
            guest.close();
        }
        return ending;
    }

    @Override
    public void close() {
        closed = true;
        for (V8Guest guest; (guest = idle.pollFirst()) != null; ) {
            guest.close();
        }
    }

    private static V8Runtime newIsolate() throws JavetException {
        return V8Host.getV8Instance().createV8Runtime();
    }

    private static Optional<String> check() {
        var os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        var arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return Optional.of("this build bundles V8 for linux x86_64 only; this node is " + os + " " + arch);
        }
        try {
            var flags = V8RuntimeOptions.V8_FLAGS;
            synchronized (V8RuntimeOptions.class) {
                if (!flags.isSealed()) {
                    flags.setMaxHeapSize(HEAP_CEILING_MB).setExposeGC(false);
                }
            }
            try (V8Runtime isolate = newIsolate()) {
                isolate.setLogger(JavetLog.INSTANCE);
                if (!isolate.getExecutor("typeof WebAssembly.Module").executeString().equals("function")) {
                    return Optional.of("V8 has no WebAssembly");
                }
            }
            return Optional.empty();
        } catch (Exception | LinkageError e) {
            return Optional.of("V8 (Javet) could not be loaded: " + e);
        }
    }
}

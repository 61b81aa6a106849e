package dev.anchor.runtime.wasm;

import static java.util.Objects.requireNonNull;

import dev.anchor.spi.RunResult;
import dev.anchor.spi.Runtime;
import dev.anchor.spi.TaskContext;
import dev.anchor.spi.Usage;

/**
 * Runs WebAssembly command modules (WASI preview 1), metered with deterministic fuel, on Chicory or V8. Thread-safe: each task runs on its
 * caller's thread; the module cache and the watchdog are shared.
 */
final class WasmRuntime implements Runtime {

    private final WasmOptions options;
    private final ModuleCache modules;
    private final Watchdog watchdog = new Watchdog();
    private final GuestEngine engine;

    WasmRuntime(WasmOptions options) {
        this.options = requireNonNull(options, "options is null");
        this.modules = new ModuleCache(options.engine(), options.cacheMaxBytes());
        this.engine = switch (options.engine()) {
            case COMPILER, INTERPRETER -> new ChicoryEngine();
            case V8 -> new V8WasmEngine();
        };
    }

    @Override
    public String name() {
        return WasmRuntimeProvider.NAME;
    }

    @Override
    public RunResult run(TaskContext context) throws InterruptedException {
        requireNonNull(context, "context is null");
        if (Thread.interrupted()) {
            throw new InterruptedException("task " + context.taskId() + " was cancelled before it started");
        }
        long started = System.nanoTime();
        var limits = context.limits();
        if (context.input().length > limits.maxInputBytes()) {
            return failed("input of " + context.input().length + " bytes exceeds the input limit of "
                    + limits.maxInputBytes() + " bytes", started);
        }
        if (context.code() == null) {
            return failed("the task has no wasm module to run", started);
        }
        return switch (modules.load(context.code())) {
            case LoadedModule.Rejected rejected -> failed(rejected.reason(), started);
            case LoadedModule.Ready ready -> new GuestRun(ready, context, options.logMaxBytes(), options.defaultFuel())
                    .run(engine, watchdog, started);
        };
    }

    @Override
    public void close() {
        watchdog.close();
        engine.close();
    }

    private static RunResult failed(String reason, long started) {
        return RunResult.failed(reason, new byte[0], new Usage((System.nanoTime() - started) / 1_000_000, 0, 0, 0));
    }
}

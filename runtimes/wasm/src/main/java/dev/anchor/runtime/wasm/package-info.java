/**
 * The {@code wasm} runtime: runs WebAssembly modules (WASI preview 1) metered with deterministic
 * fuel, on Chicory (compiled to JVM bytecode, or interpreted) or on V8.
 *
 * <p>{@link dev.anchor.runtime.wasm.WasmRuntimeProvider} is the only public type; the agent finds it
 * with {@link java.util.ServiceLoader}. A run goes: {@code ModuleCache} parses and checks a module,
 * rewrites it to meter fuel ({@code FuelInstrumenter}, {@code FunctionMeter}) and compiles it once
 * per SHA-256; {@code GuestRun} gives a {@code GuestEngine} ({@code ChicoryEngine} or
 * {@code V8WasmEngine}) the task's {@code TaskWasi} world (stdin, stdout, stderr, args, env, a frozen
 * clock and a seeded random; no files), its fuel, a {@code MemoryCap} and a {@code Watchdog} on wall
 * time, then turns however the guest ended into a {@link dev.anchor.spi.RunResult} with
 * {@code FailureReasons}.
 */
package dev.anchor.runtime.wasm;

/**
 * The {@code wasm} runtime: runs WebAssembly modules (WASI preview 1) on Chicory, compiled to JVM
 * bytecode.
 *
 * <p>{@link dev.anchor.runtime.wasm.WasmRuntimeProvider} is the only public type; the agent finds it
 * with {@link java.util.ServiceLoader}. A run goes: {@code ModuleCache} parses, checks and compiles a
 * module once per SHA-256; {@code GuestRun} instantiates it per task with {@code TaskWasi} (stdin,
 * stdout, stderr, args, env, a frozen clock and a seeded random; no files), a {@code MemoryCap} on
 * linear memory and a {@code Watchdog} on wall time, then turns however the guest ended into a
 * {@link dev.anchor.spi.RunResult} with {@code FailureReasons}.
 */
package dev.anchor.runtime.wasm;

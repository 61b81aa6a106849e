/**
 * The {@code js} runtime: runs JavaScript in V8 through Javet, one isolate per task.
 *
 * <p>{@link dev.anchor.runtime.js.JsRuntimeProvider} is the only public type; the agent finds it
 * with {@link java.util.ServiceLoader}. {@code V8Engine} loads V8 once and sets its process-wide
 * flags. A run goes: {@code JsRuntime} checks the script's hash and encoding and hands it to a
 * worker thread with a large native stack; there {@code ScriptRun} makes an isolate, arms an
 * {@code IsolateGuard} (wall clock, heap and external-memory caps, cancellation, all by terminating
 * execution), prepares the global scope with {@code sandbox.js} (input, env, output(), a console
 * that feeds {@code ConsoleLines}, a frozen clock, a seeded Math.random), runs the script with a
 * V8 code cache from {@code CodeCache}, turns its completion value into output and closes the
 * isolate.
 */
package dev.anchor.runtime.js;

/**
 * Sandbox workers: the JVM runtimes (wasm, js, builtin) run guest code in child worker JVMs that the
 * agent starts, supervises and replaces, so a guest that brings its engine down (V8 aborts its whole
 * process on some inputs) costs only the task inside that worker, never the agent.
 *
 * <p>{@link dev.anchor.agent.worker.WorkerPool} keeps the warm workers; a
 * {@link dev.anchor.agent.worker.WorkerRuntime} per runtime name stands in for the real runtime in the
 * agent and sends each task to a borrowed worker; {@link dev.anchor.agent.worker.WorkerMain} is the
 * worker's entry point. They talk over the worker's stdin and stdout in {@code Frame}s.
 * See {@code docs/sandbox-workers.md}.
 */
package dev.anchor.agent.worker;

/**
 * The {@code builtin} runtime: library operations run in the agent's JVM by name, as
 * {@code {library, method, params}} over the task's input bytes.
 *
 * <p>{@link dev.anchor.runtime.builtin.BuiltinRuntimeProvider} is the only public type; the agent
 * finds it with {@link java.util.ServiceLoader}, and the coordinator can list what it offers with
 * {@link dev.anchor.runtime.builtin.BuiltinRuntimeProvider#catalog()}. A run goes:
 * {@code MethodRegistry} resolves the payload to a {@code BuiltinMethod} and checks its params
 * against the method's JSON Schema ({@code ParamSchema}); {@code BuiltinRuntime} checks the input
 * cap, runs the method on a worker thread under the wall-clock limit and checks the output cap.
 * The libraries are {@code CryptoLibrary} (digests, Ed25519, AES-GCM) and {@code ImageLibrary}
 * ({@code ImageCodec} reads and writes PNG and JPEG, refusing decompression bombs from the header;
 * {@code PixelOperations} works on {@code Pixels}).
 */
package dev.anchor.runtime.builtin;

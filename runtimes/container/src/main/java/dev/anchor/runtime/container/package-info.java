/**
 * The {@code container} runtime: runs OCI images through the Docker Engine API (docker-java with its
 * httpclient5 transport).
 *
 * <p>{@link dev.anchor.runtime.container.ContainerRuntimeProvider} is the only public type; the agent
 * finds it with {@link java.util.ServiceLoader}. A run goes: {@code TaskPayload} reads the image,
 * command and output file; {@code TaskDirectory} makes the host directories bound at /input and
 * /output; {@code ContainerRun} checks the image is on the node, has {@code SandboxSpec} create the
 * locked-down container, attaches {@code AttachedOutput} (stdout bounded, stderr as live log lines
 * through {@code LogLines}) and, with input, {@code StdinFeed}, starts it, waits on {@code ExitWatch}
 * for the first of exit, output limit, wall clock or cancel, reads the result (stdout or
 * {@code OutputFile}) and always removes the container.
 */
package dev.anchor.runtime.container;

package dev.anchor.runtime.container;

import static java.util.Objects.requireNonNull;

import dev.anchor.spi.Runtime;
import dev.anchor.spi.RuntimeProvider;
import dev.anchor.spi.RuntimeSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Provides the {@code container} runtime: an OCI image run through the Docker Engine API with no
 * network, a read-only root, a tmpfs /tmp, no capabilities, no privilege gain, a non-root user, pids,
 * memory and CPU limits, the input at /input (and on stdin) and the output from stdout or a file
 * under /output. Found with {@link java.util.ServiceLoader}; the agent makes one runtime per process
 * and calls it from many threads.
 *
 * <p>Task payload: {@code image} (required; it must already be on the node unless pulling is on),
 * {@code command} (a list of strings replacing the image's CMD), {@code outputFile} (a relative path
 * under /output whose content is the output; default: stdout).
 *
 * <p>Options read from {@link RuntimeSettings#options()} (all optional):
 * <ul>
 *   <li>{@code container.dockerHost}: the engine (default: {@code DOCKER_HOST}, else
 *       {@code unix:///var/run/docker.sock}); it must run on this node, since /input and /output are
 *       bind mounts of the node's directories</li>
 *   <li>{@code container.ociRuntime}: an OCI runtime the engine knows, e.g. {@code runsc} (default: the engine's)</li>
 *   <li>{@code container.pullImages}: pull an image missing on the node (default false)</li>
 *   <li>{@code container.pidsLimit}: processes per container (default 128)</li>
 *   <li>{@code container.tmpfsMb}: size of /tmp (default 64; it counts against the memory limit)</li>
 *   <li>{@code container.user}: {@code uid:gid} the task runs as, never root (default 65534:65534)</li>
 *   <li>{@code container.logs.maxBytes}: log bytes forwarded per task (default 1 MiB)</li>
 *   <li>{@code container.scratchDirectory}: where per-task directories are made (default: the
 *       settings' work directory)</li>
 * </ul>
 */
public final class ContainerRuntimeProvider implements RuntimeProvider {

    /** The name tasks use for this runtime. */
    public static final String NAME = "container";

    /** Called by {@link java.util.ServiceLoader}. */
    public ContainerRuntimeProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Pings the engine at {@code DOCKER_HOST} (else {@code unix:///var/run/docker.sock}) and answers
     * why it did not answer. Takes at most a few seconds.
     */
    @Override
    public Optional<String> unavailableReason() {
        return DockerEngine.problem(ContainerOptions.defaults(Path.of(".")).effectiveDockerHost());
    }

    /**
     * Makes the runtime.
     *
     * @throws IllegalArgumentException when a {@code container.*} option is unknown or malformed
     * @throws IllegalStateException    when the engine does not answer
     */
    @Override
    public Runtime create(RuntimeSettings settings) {
        requireNonNull(settings, "settings is null");
        return new ContainerRuntime(ContainerOptions.from(Map.copyOf(settings.options()), settings.workDirectory()));
    }
}

package dev.anchor.runtime.process;

import static java.util.Objects.requireNonNull;

import dev.anchor.spi.Runtime;
import dev.anchor.spi.RuntimeProvider;
import dev.anchor.spi.RuntimeSettings;
import java.util.Optional;

/**
 * Provides the {@code process} runtime: a command of the node (ffmpeg, python3, ...) run inside a
 * bubblewrap sandbox with no network, a read-only system, a private work directory and rlimits.
 * Found with {@link java.util.ServiceLoader}; the agent makes one runtime per process and calls it
 * from many threads.
 *
 * <p>Options read from {@link RuntimeSettings#options()} (all optional):
 * <ul>
 *   <li>{@code process.bwrap}: path of the bubblewrap binary (default: {@code bwrap} on the PATH)</li>
 *   <li>{@code process.scratchDirectory}: where per-task work directories are made (default: the
 *       JVM's temporary directory); every directory above it must be searchable by the sandbox user</li>
 *   <li>{@code process.sandboxUid}, {@code process.sandboxGid}: the host user the sandbox runs as
 *       when the agent runs as root (default 65534, nobody)</li>
 *   <li>{@code process.maxProcesses}: the process rlimit inside the sandbox (default 64)</li>
 *   <li>{@code process.logs.maxBytes}: log bytes forwarded per task (default 1 MiB)</li>
 *   <li>{@code process.readOnlyPaths}: comma-separated absolute paths also bound read-only (for
 *       tools that need e.g. {@code /etc/fonts}); never a secret</li>
 * </ul>
 */
public final class ProcessRuntimeProvider implements RuntimeProvider {

    /** The name tasks use for this runtime. */
    public static final String NAME = "process";

    /** Called by {@link java.util.ServiceLoader}. */
    public ProcessRuntimeProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Runs {@code true} in the real sandbox, with the default options, and answers why it failed:
     * bubblewrap or util-linux missing, user namespaces refused by the kernel, a bind that fails.
     * Takes a few tens of milliseconds.
     */
    @Override
    public Optional<String> unavailableReason() {
        return SandboxProbe.check(ProcessOptions.DEFAULT);
    }

    /**
     * Makes the runtime.
     *
     * @throws IllegalArgumentException when a {@code process.*} option is unknown or malformed
     */
    @Override
    public Runtime create(RuntimeSettings settings) {
        requireNonNull(settings, "settings is null");
        return new ProcessRuntime(ProcessOptions.from(settings.options()));
    }
}

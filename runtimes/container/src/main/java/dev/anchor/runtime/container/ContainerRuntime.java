package dev.anchor.runtime.container;

import static java.util.Objects.requireNonNull;

import com.github.dockerjava.api.DockerClient;
import dev.anchor.spi.RunResult;
import dev.anchor.spi.Runtime;
import dev.anchor.spi.TaskContext;
import dev.anchor.spi.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Runs OCI images through the Docker Engine API, one container per task. Thread-safe: the engine
 * client is shared, everything else belongs to one {@link ContainerRun}. Every container carries this
 * runtime's instance label, so {@link #close()} can remove any that a failed removal left behind.
 */
final class ContainerRuntime implements Runtime {

    private final ContainerOptions options;
    private final DockerClient docker;
    private final String instance = UUID.randomUUID().toString();
    private final double engineCpus;
    private final Path scratch;

    /**
     * @throws IllegalStateException when the engine does not answer
     * @throws UncheckedIOException  when the scratch directory cannot be made
     */
    ContainerRuntime(ContainerOptions options) {
        this.options = requireNonNull(options, "options is null");
        this.docker = DockerEngine.connect(options.effectiveDockerHost());
        try {
            // The engine refuses a CPU limit above its CPU count; tasks asking for more get all of them.
            Integer cpus = docker.infoCmd().exec().getNCPU();
            this.engineCpus = cpus == null || cpus <= 0 ? 1 : cpus;
        } catch (RuntimeException e) {
            closeQuietly();
            throw new IllegalStateException("the Docker engine at " + options.effectiveDockerHost() + " did not answer: " + DockerEngine.describe(e), e);
        }
        try {
            Files.createDirectories(options.scratchDirectory());
            this.scratch = Files.createTempDirectory(options.scratchDirectory(), "anchor-container-");
            Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwx--x--x"));
        } catch (IOException e) {
            closeQuietly();
            throw new UncheckedIOException("cannot make a scratch directory in " + options.scratchDirectory(), e);
        }
    }

    @Override
    public String name() {
        return ContainerRuntimeProvider.NAME;
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
        if (limits.memoryMb() < SandboxSpec.MIN_MEMORY_MB) {
            return failed("memory limit of " + limits.memoryMb() + " MiB is below the engine's minimum of "
                    + SandboxSpec.MIN_MEMORY_MB + " MiB", started);
        }
        TaskPayload payload;
        try {
            payload = TaskPayload.from(context.payload(), context.args());
        } catch (IllegalArgumentException e) {
            return failed(e.getMessage(), started);
        }
        var taskOptions = new ContainerOptions(options.dockerHost(), options.ociRuntime(), options.pullImages(),
                options.pidsLimit(), options.tmpfsMb(), options.uid(), options.gid(), options.logMaxBytes(), scratch);
        return new ContainerRun(docker, taskOptions, engineCpus, instance, context, payload, started).run();
    }

    /** The label value this runtime's containers carry under {@code dev.anchor.runtime.instance}. */
    String instance() {
        return instance;
    }

    /** Removes any container of this runtime still there, closes the engine client, deletes the scratch directory. */
    @Override
    public void close() {
        try {
            var leftovers = docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(SandboxSpec.LABEL_INSTANCE, instance)).exec();
            for (var container : leftovers) {
                docker.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec();
            }
        } catch (RuntimeException e) {
            // The engine is gone; so are its containers, or there is nothing more to do here.
        }
        closeQuietly();
        TaskDirectory.deleteTree(scratch);
    }

    private void closeQuietly() {
        try {
            docker.close();
        } catch (IOException e) {
            // Nothing left to release.
        }
    }

    private static RunResult failed(String reason, long started) {
        return RunResult.failed(reason, new byte[0],
                new Usage(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), 0, 0, 0));
    }
}

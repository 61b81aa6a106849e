package dev.anchor.runtime.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import dev.anchor.spi.LogSink;
import dev.anchor.spi.RunResult;
import dev.anchor.spi.TaskContext;
import dev.anchor.spi.Usage;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One task's container from creation to removal. The calling thread creates the container, attaches
 * to its streams before starting it, and waits for the first of: exit, output limit, wall clock,
 * cancel. Any but exit kills it. Whatever happens, the container and the host directories are
 * removed before {@link #run} returns or throws.
 */
final class ContainerRun {

    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final DockerClient docker;
    private final ContainerOptions options;
    private final double engineCpus;
    private final String instance;
    private final TaskContext context;
    private final TaskPayload payload;
    private final long started;
    private final long deadline;
    private final CountDownLatch wake = new CountDownLatch(1);
    private String step = "checking the image";

    ContainerRun(DockerClient docker, ContainerOptions options, double engineCpus, String instance,
                 TaskContext context, TaskPayload payload, long started) {
        this.docker = docker;
        this.options = options;
        this.engineCpus = engineCpus;
        this.instance = instance;
        this.context = context;
        this.payload = payload;
        this.started = started;
        this.deadline = started + TimeUnit.MILLISECONDS.toNanos(context.limits().timeoutMs());
    }

    RunResult run() throws InterruptedException {
        String id = null;
        AttachedOutput output = null;
        StdinFeed stdin = null;
        ExitWatch exit = null;
        try (var directory = TaskDirectory.create(options.scratchDirectory(), context.input(), options.uid(), options.gid())) {
            var missing = ensureImage();
            if (missing != null) return missing;

            step = "creating the container";
            id = SandboxSpec.create(docker, options, engineCpus, instance, payload, context, directory);

            step = "attaching to the container";
            var budget = new LogBudget(context.logs(), options.logMaxBytes());
            output = docker.attachContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(true)
                    .exec(new AttachedOutput(budget, payload.outputFile() != null, context.limits().maxOutputBytes(), wake::countDown));
            awaitAttached(output);
            if (context.input().length > 0) {
                var feed = new StdinFeed(context.input());
                stdin = docker.attachContainerCmd(id).withStdIn(feed.stream()).withFollowStream(true).exec(feed);
                awaitAttached(stdin);
                stdin.closeWhenWritten(context.taskId());
            }

            step = "starting the container";
            docker.startContainerCmd(id).exec();
            exit = docker.waitContainerCmd(id).exec(new ExitWatch(wake::countDown));

            boolean finished = wake.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            var limits = context.limits();
            if (!finished) {
                kill(id);
                return RunResult.timedOut("wall-clock limit of " + limits.timeoutMs() + " ms exceeded", output.stdout(), usage(output.stdout().length));
            }
            if (output.exceeded()) {
                kill(id);
                return RunResult.failed("output limit of " + limits.maxOutputBytes() + " bytes exceeded", output.stdout(), usage(output.stdout().length));
            }
            step = "reading the container's exit";
            // The container has exited; its last frames may still be on the way.
            output.awaitEnded(DRAIN_NANOS);
            return result(id, exit, output, directory);
        } catch (InterruptedException e) {
            throw cancelled();
        } catch (IOException e) {
            return failed("the task's /input and /output directories could not be made: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return failed(e.getMessage());
        } catch (RuntimeException e) {
            // An interrupt while blocked in an engine call closes the connection under it.
            if (Thread.interrupted()) throw cancelled();
            return failed("the engine failed while " + step + ": " + DockerEngine.describe(e));
        } finally {
            // Engine calls on an interrupted thread fail at once, and removal must not.
            boolean interrupted = Thread.interrupted();
            if (id != null) remove(id);
            if (stdin != null) stdin.close();
            if (output != null) output.close();
            if (exit != null) exit.close();
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** Null when the image is on the node (pulled if allowed), else the failure to return. */
    private RunResult ensureImage() throws InterruptedException {
        try {
            docker.inspectImageCmd(payload.image()).exec();
            return null;
        } catch (NotFoundException e) {
            if (!options.pullImages()) {
                return failed("image " + payload.image() + " is not on this node (pulling is off: container.pullImages=false)");
            }
        }
        step = "pulling image " + payload.image();
        var pull = docker.pullImageCmd(payload.image());
        if (!ImageReference.hasTagOrDigest(payload.image())) pull.withTag("latest");
        try (var callback = pull.exec(new ResultCallback.Adapter<PullResponseItem>())) {
            if (!callback.awaitCompletion(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return RunResult.timedOut("wall-clock limit of " + context.limits().timeoutMs()
                        + " ms exceeded while pulling image " + payload.image(), new byte[0], usage(0));
            }
        } catch (IOException e) {
            // Closing the finished pull's stream cannot fail in a way that matters.
        }
        docker.inspectImageCmd(payload.image()).exec();
        return null;
    }

    private void awaitAttached(Subscription<?> attach) throws InterruptedException {
        long remaining = Math.max(1, deadline - System.nanoTime());
        if (!attach.awaitStarted(remaining)) {
            throw new IllegalStateException("no answer before the wall-clock limit");
        }
        if (attach.error() != null) throw new IllegalStateException(DockerEngine.describe(attach.error()), attach.error());
    }

    private RunResult result(String id, ExitWatch exit, AttachedOutput output, TaskDirectory directory) {
        var state = docker.inspectContainerCmd(id).exec().getState();
        Integer status = exit.status();
        if (status == null) {
            if (Boolean.TRUE.equals(state.getRunning())) {
                var why = exit.error() == null ? "the wait ended early" : DockerEngine.describe(exit.error());
                return failed("the engine stopped reporting on the container: " + why);
            }
            status = state.getExitCode();
        }
        var stdout = output.stdout();
        var limits = context.limits();
        // An OOM kill anywhere in the container fails the task, even when its main process exits 0
        // (a shell pipeline): the output of a killed process is not a result to trust.
        if (Boolean.TRUE.equals(state.getOOMKilled())) {
            return RunResult.failed("memory limit of " + limits.memoryMb() + " MiB reached", stdout, usage(stdout.length));
        }
        if (status == 137) {
            // SIGKILL that we did not send (timeouts and cancellations are handled before this): on
            // cgroup v1 the engine's OOM flag misses kills of processes other than the main one.
            return RunResult.failed("exit code 137 (killed by SIGKILL): most likely the memory limit of " + limits.memoryMb()
                    + " MiB", stdout, usage(stdout.length));
        }
        if (status != 0) {
            return RunResult.failed("exit code " + status, stdout, usage(stdout.length));
        }
        if (payload.outputFile() == null) return RunResult.succeeded(stdout, usage(stdout.length));
        return OutputFile.read(directory.output(), payload.outputFile(), limits.maxOutputBytes(), this::failed, this::usage);
    }

    private void kill(String id) {
        try {
            docker.killContainerCmd(id).exec();
        } catch (RuntimeException e) {
            // It exited meanwhile; removal below makes sure either way.
        }
    }

    /**
     * Removes the container, trying a few times: after a cancellation the interrupted engine call can
     * leave a pooled connection broken, and the first request on it fails although the engine is fine.
     */
    private void remove(String id) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
                return;
            } catch (NotFoundException e) {
                return; // Already gone.
            } catch (RuntimeException e) {
                last = e;
                try {
                    Thread.sleep(20L << attempt); // Backoff between removal attempts, not synchronisation.
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        context.logs().line(LogSink.Stream.SYSTEM, "container " + id + " could not be removed: "
                + DockerEngine.describe(last) + "; the runtime removes it when it closes");
    }

    private InterruptedException cancelled() {
        return new InterruptedException("task " + context.taskId() + " was cancelled");
    }

    private RunResult failed(String reason) {
        return RunResult.failed(reason, new byte[0], usage(0));
    }

    private Usage usage(long outputBytes) {
        return new Usage(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), 0, 0, outputBytes);
    }
}

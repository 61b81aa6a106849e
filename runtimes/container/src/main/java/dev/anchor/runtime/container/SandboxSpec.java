package dev.anchor.runtime.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Volume;
import dev.anchor.spi.TaskContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sandbox every task container gets, as the engine's create call: no network, a read-only root
 * with a size-capped tmpfs at /tmp, no capabilities, no privilege gain, a non-root user, pids,
 * memory (swap included) and CPU limits, /input read-only and /output read-write, no log driver
 * (the run reads the streams itself, so nothing piles up on the node's disk), and only the task's
 * environment on top of the image's.
 */
final class SandboxSpec {

    /** The engine refuses memory limits below this. */
    static final int MIN_MEMORY_MB = 6;
    static final String LABEL_RUNTIME = "dev.anchor.runtime";
    static final String LABEL_INSTANCE = "dev.anchor.runtime.instance";

    private SandboxSpec() {}

    /**
     * Creates the container and answers its id.
     *
     * @throws IllegalArgumentException when an environment variable's name is unusable
     */
    static String create(DockerClient docker, ContainerOptions options, double engineCpus, String instance,
                         TaskPayload payload, TaskContext context, TaskDirectory directory) {
        var limits = context.limits();
        double cpus = Math.max(0.01, Math.min(limits.cpus(), engineCpus));
        var host = HostConfig.newHostConfig()
                .withNetworkMode("none")
                .withReadonlyRootfs(true)
                .withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,size=" + options.tmpfsMb() + "m,mode=1777"))
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withPidsLimit((long) options.pidsLimit())
                .withMemory(limits.memoryBytes())
                .withMemorySwap(limits.memoryBytes())
                .withNanoCPUs(Math.round(cpus * 1e9))
                .withBinds(
                        new Bind(directory.input().toString(), new Volume("/input"), AccessMode.ro),
                        new Bind(directory.output().toString(), new Volume("/output"), AccessMode.rw))
                .withLogConfig(new LogConfig(LogConfig.LoggingType.NONE))
                .withRuntime(options.ociRuntime());
        boolean stdin = context.input().length > 0;
        var create = docker.createContainerCmd(payload.image())
                .withHostConfig(host)
                .withUser(options.user())
                .withHostName("task")
                .withEnv(environment(context.env()))
                .withLabels(Map.of(
                        LABEL_RUNTIME, ContainerRuntimeProvider.NAME,
                        LABEL_INSTANCE, instance,
                        "dev.anchor.task", context.taskId(),
                        "dev.anchor.attempt", context.attemptId()))
                .withTty(false)
                .withAttachStdout(true)
                .withAttachStderr(true)
                .withAttachStdin(stdin)
                .withStdinOpen(stdin)
                .withStdInOnce(stdin);
        if (payload.command() != null) create.withCmd(payload.command());
        return create.exec().getId();
    }

    private static List<String> environment(Map<String, String> env) {
        var list = new ArrayList<String>();
        for (var entry : env.entrySet()) {
            var name = entry.getKey();
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0 || entry.getValue().indexOf('\0') >= 0) {
                throw new IllegalArgumentException("environment variable '" + name.replace('\0', '?')
                        + "' is unusable; a name is non-empty without '=' or NUL, a value has no NUL");
            }
            list.add(name + "=" + entry.getValue());
        }
        return list;
    }
}

package dev.anchor.runtime.container;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The node-level settings of the container runtime.
 *
 * @param dockerHost       the engine's address; null means {@code DOCKER_HOST}, else the local socket
 * @param ociRuntime       the engine's OCI runtime to run tasks with (e.g. {@code runsc}); null for its default
 * @param pullImages       whether an image missing on the node is pulled; off, so a node runs only
 *                         images its operator put there
 * @param pidsLimit        processes and threads a container may have at once
 * @param tmpfsMb          size cap of the tmpfs at /tmp (it also counts against the memory limit)
 * @param uid              user the task runs as; never root
 * @param gid              group the task runs as; never root
 * @param logMaxBytes      log bytes forwarded to the log sink per task
 * @param scratchDirectory where the per-task /input and /output directories are made; it must be a
 *                         path the engine sees, so the engine must run on this node
 */
record ContainerOptions(
        URI dockerHost,
        String ociRuntime,
        boolean pullImages,
        int pidsLimit,
        int tmpfsMb,
        int uid,
        int gid,
        long logMaxBytes,
        Path scratchDirectory) {

    static final String DEFAULT_SOCKET = "unix:///var/run/docker.sock";

    private static final List<String> KEYS = List.of("container.dockerHost", "container.ociRuntime",
            "container.pullImages", "container.pidsLimit", "container.tmpfsMb", "container.user",
            "container.logs.maxBytes", "container.scratchDirectory");

    ContainerOptions {
        requireNonNull(scratchDirectory, "scratchDirectory is null");
        if (ociRuntime != null && ociRuntime.isBlank()) ociRuntime = null;
        if (pidsLimit <= 0) throw new IllegalArgumentException("container.pidsLimit must be positive");
        if (tmpfsMb <= 0) throw new IllegalArgumentException("container.tmpfsMb must be positive");
        // Root in the container, even without capabilities, owns the image's files and is one kernel bug from the host's root.
        if (uid <= 0 || gid <= 0) throw new IllegalArgumentException("container.user must be a non-root uid:gid, e.g. 65534:65534");
        if (logMaxBytes <= 0) throw new IllegalArgumentException("container.logs.maxBytes must be positive");
        scratchDirectory = scratchDirectory.toAbsolutePath();
    }

    /** The defaults, with scratch directories under {@code workDirectory}. */
    static ContainerOptions defaults(Path workDirectory) {
        return new ContainerOptions(null, null, false, 128, 64, 65534, 65534, 1L << 20, workDirectory);
    }

    /**
     * Reads the {@code container.*} options; options of other runtimes are ignored.
     *
     * @throws IllegalArgumentException naming the option that is unknown or malformed
     */
    static ContainerOptions from(Map<String, String> options, Path workDirectory) {
        var d = defaults(workDirectory);
        URI host = d.dockerHost();
        String ociRuntime = d.ociRuntime();
        boolean pull = d.pullImages();
        int pids = d.pidsLimit();
        int tmpfs = d.tmpfsMb();
        int uid = d.uid();
        int gid = d.gid();
        long logMaxBytes = d.logMaxBytes();
        Path scratch = d.scratchDirectory();
        for (var option : options.entrySet()) {
            var key = option.getKey();
            var value = option.getValue().trim();
            switch (key) {
                case "container.dockerHost" -> host = dockerHost(value);
                case "container.ociRuntime" -> ociRuntime = value;
                case "container.pullImages" -> pull = bool(key, value);
                case "container.pidsLimit" -> pids = (int) number(key, value, "a number of processes", Integer.MAX_VALUE);
                case "container.tmpfsMb" -> tmpfs = (int) number(key, value, "a size in MiB", Integer.MAX_VALUE);
                case "container.user" -> {
                    var parts = value.split(":", -1);
                    if (parts.length != 2) throw new IllegalArgumentException("container.user is '" + value + "'; expected uid:gid, e.g. 65534:65534");
                    uid = (int) number(key, parts[0], "a numeric uid:gid", Integer.MAX_VALUE);
                    gid = (int) number(key, parts[1], "a numeric uid:gid", Integer.MAX_VALUE);
                }
                case "container.logs.maxBytes" -> logMaxBytes = number(key, value, "a number of bytes", Long.MAX_VALUE);
                case "container.scratchDirectory" -> scratch = Path.of(value);
                default -> {
                    // A typo in a container option should stop the agent, not be silently ignored.
                    if (key.startsWith("container.")) {
                        throw new IllegalArgumentException("unknown option " + key + "; expected one of " + KEYS);
                    }
                }
            }
        }
        return new ContainerOptions(host, ociRuntime, pull, pids, tmpfs, uid, gid, logMaxBytes, scratch);
    }

    /** The engine address to use: the option, else {@code DOCKER_HOST}, else the local socket. */
    URI effectiveDockerHost() {
        if (dockerHost != null) return dockerHost;
        var fromEnvironment = System.getenv("DOCKER_HOST");
        return dockerHost(fromEnvironment == null || fromEnvironment.isBlank() ? DEFAULT_SOCKET : fromEnvironment.trim());
    }

    String user() {
        return uid + ":" + gid;
    }

    private static URI dockerHost(String value) {
        try {
            var uri = URI.create(value);
            if (!List.of("unix", "tcp", "npipe").contains(String.valueOf(uri.getScheme()))) throw new IllegalArgumentException();
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("docker host is '" + value + "'; expected unix:///path, tcp://host:port or npipe:////./pipe/name", e);
        }
    }

    private static boolean bool(String key, String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " is '" + value + "'; expected true or false");
        };
    }

    private static long number(String key, String value, String expected, long max) {
        try {
            long number = Long.parseLong(value.trim());
            if (number > max) throw new NumberFormatException();
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is '" + value + "'; expected " + expected, e);
        }
    }
}

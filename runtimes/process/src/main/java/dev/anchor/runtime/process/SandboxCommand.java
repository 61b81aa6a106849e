package dev.anchor.runtime.process;

import dev.anchor.spi.Limits;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The argv that runs one task: {@code [setpriv ...] bwrap ... -- prlimit ... -- command...}. The
 * sandbox sees only /usr and the top-level links into it, a few read-only files of /etc, fresh
 * /proc, /dev, /tmp and the task's work dir; the root is read-only and every namespace is private.
 */
final class SandboxCommand {

    static final String PATH = "/usr/bin:/bin";

    /** Top-level entries that are links into /usr on merged-/usr systems, directories elsewhere. */
    private static final List<String> SYSTEM_ROOTS = List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");

    /** What the dynamic linker and common tools read from /etc; none of it is secret. */
    private static final List<String> SYSTEM_FILES = List.of(
            "/etc/alternatives", "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime");

    private SandboxCommand() {}

    /**
     * Builds the argv.
     *
     * @param bwrap    the resolved bubblewrap binary
     * @param setpriv  the resolved setpriv binary, used only when {@code hostUser} is not null
     * @param hostUser the unprivileged host user to switch to first, or null
     * @throws IllegalArgumentException when an environment variable's name cannot be passed on
     */
    static List<String> build(Path bwrap, Path setpriv, HostUser hostUser, ProcessOptions options,
            TaskDirectory directory, Limits limits, Map<String, String> env, List<String> command) {
        var argv = new ArrayList<String>();
        if (hostUser != null) {
            argv.addAll(List.of(setpriv.toString(), "--reuid=" + hostUser.uid(), "--regid=" + hostUser.gid(),
                    "--clear-groups", "--"));
        }
        argv.addAll(List.of(bwrap.toString(),
                "--unshare-all", "--unshare-user", "--disable-userns",
                "--die-with-parent", "--new-session",
                "--uid", String.valueOf(TaskDirectory.SANDBOX_UID), "--gid", String.valueOf(TaskDirectory.SANDBOX_UID),
                "--hostname", "anchor",
                "--ro-bind", "/usr", "/usr"));
        for (var root : SYSTEM_ROOTS) {
            var path = Path.of(root);
            if (Files.isSymbolicLink(path)) {
                try {
                    argv.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), root));
                } catch (IOException e) {
                    // Unreadable link: leave it out; what needs it fails visibly inside.
                }
            } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                argv.addAll(List.of("--ro-bind", root, root));
            }
        }
        for (var file : SYSTEM_FILES) {
            argv.addAll(List.of("--ro-bind-try", file, file));
        }
        for (var path : options.readOnlyPaths()) {
            argv.addAll(List.of("--ro-bind-try", path.toString(), path.toString()));
        }
        // A tmpfs is RAM outside the address-space limit, so each is capped at the memory limit.
        var tmpfsBytes = String.valueOf(limits.memoryBytes());
        argv.addAll(List.of(
                "--ro-bind", directory.passwd().toString(), "/etc/passwd",
                "--ro-bind", directory.group().toString(), "/etc/group",
                "--proc", "/proc",
                "--dev", "/dev",
                "--size", tmpfsBytes, "--tmpfs", "/dev/shm",
                "--size", tmpfsBytes, "--tmpfs", "/tmp",
                "--bind", directory.work().toString(), "/work",
                "--remount-ro", "/dev",
                "--remount-ro", "/",
                "--chdir", "/work",
                "--clearenv"));
        for (var variable : environment(env).entrySet()) {
            argv.addAll(List.of("--setenv", variable.getKey(), variable.getValue()));
        }
        argv.addAll(List.of("--cap-drop", "ALL", "--"));
        argv.addAll(rlimits(limits, options.maxProcesses()));
        argv.addAll(command);
        return argv;
    }

    /** CPU seconds: the wall limit rounded up, plus one, so only a busy task meets it first. */
    static long cpuSeconds(Limits limits) {
        return (limits.timeoutMs() + 999) / 1000 + 1;
    }

    private static List<String> rlimits(Limits limits, int maxProcesses) {
        long cpu = cpuSeconds(limits);
        // Soft CPU limit sends SIGXCPU (which the reason names); the hard one a second later SIGKILL.
        return List.of("prlimit",
                "--as=" + limits.memoryBytes(),
                "--cpu=" + cpu + ":" + (cpu + 1),
                "--nproc=" + maxProcesses,
                "--fsize=" + limits.maxOutputBytes(),
                "--core=0",
                "--");
    }

    private static Map<String, String> environment(Map<String, String> taskEnv) {
        var env = new TreeMap<String, String>();
        for (var variable : taskEnv.entrySet()) {
            var name = variable.getKey();
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("env name '" + name + "' is not valid; expected a name without '=' or NUL");
            }
            if (variable.getValue().indexOf('\0') >= 0) {
                throw new IllegalArgumentException("env " + name + " contains a NUL character");
            }
            env.put(name, variable.getValue());
        }
        // These win over the task's: argv[0] is resolved on PATH, and HOME and TMPDIR must be writable.
        env.put("PATH", PATH);
        env.put("HOME", "/work");
        env.put("TMPDIR", "/tmp");
        return env;
    }

    /** Finds an executable: a path as given, or a name on the agent's PATH (then /usr/bin, /bin). */
    static Optional<Path> executable(String nameOrPath) {
        if (nameOrPath.contains("/")) {
            var path = Path.of(nameOrPath);
            return Files.isExecutable(path) ? Optional.of(path.toAbsolutePath()) : Optional.empty();
        }
        var directories = new ArrayList<String>();
        var pathVariable = System.getenv("PATH");
        if (pathVariable != null) directories.addAll(List.of(pathVariable.split(File.pathSeparator)));
        directories.addAll(List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin"));
        for (var directory : directories) {
            if (directory.isEmpty()) continue;
            var candidate = Path.of(directory, nameOrPath);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }
}

package dev.anchor.agent.worker;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The argv that starts one worker: {@code [bwrap ... --] prlimit ... -- java ... WorkerMain}. The
 * bubblewrap layer (same idea as the process runtime's) gives the worker no network, a read-only view
 * of /usr, the JDK and its class path, fresh /proc and /dev, and a private, size-capped /tmp.
 */
final class WorkerCommand {
    /** Top-level entries that are links into /usr on merged-/usr systems, directories elsewhere. */
    private static final List<String> SYSTEM_ROOTS = List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
    private static final List<String> SYSTEM_FILES = List.of(
            "/etc/alternatives", "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime", "/etc/os-release");
    /** JVM flags of the agent that the worker needs too (native access for V8, opened modules). */
    private static final List<String> INHERITED_FLAGS = List.of("--enable-native-access", "--add-opens", "--add-exports",
            "--add-modules", "-Djava.library.path");
    private static final long TMP_BYTES = 1L << 30;

    private WorkerCommand() {}

    /** The agent's own java binary. */
    static Path javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** The agent's own class path, every entry made absolute (the worker starts in another directory). */
    static String classPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) entries.add(Path.of(entry).toAbsolutePath().toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    static List<String> inheritedJvmFlags() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(arg -> INHERITED_FLAGS.stream().anyMatch(arg::startsWith)).toList();
    }

    /** The worker's java command line, without any sandbox. */
    static List<String> java(Path java, String classPath, int heapMb, List<String> jvmFlags) {
        List<String> argv = new ArrayList<>(List.of(java.toString(), "-Xmx" + heapMb + "m", "-Xss8m", "-Xshare:auto",
                "-XX:+UseSerialGC", "-XX:-CreateCoredumpOnCrash", "-XX:ErrorFile=/tmp/anchor-worker-hs_err_%p.log"));
        argv.addAll(jvmFlags);
        argv.addAll(List.of("-cp", classPath, WorkerMain.class.getName()));
        return argv;
    }

    /** rlimits: no core files, bounded open files and file size (memory is bounded by -Xmx and each runtime's caps). */
    static List<String> prlimit(Path prlimit) {
        return List.of(prlimit.toString(), "--core=0", "--nofile=4096", "--fsize=" + TMP_BYTES, "--");
    }

    /** The bubblewrap prefix that makes {@code java} (and the class path) readable and nothing else writable but /tmp. */
    static List<String> bubblewrap(Path bwrap, Path java, String classPath) {
        List<String> argv = new ArrayList<>(List.of(bwrap.toString(), "--unshare-all", "--die-with-parent", "--new-session",
                "--hostname", "anchor-worker", "--ro-bind", "/usr", "/usr"));
        for (String root : SYSTEM_ROOTS) {
            Path path = Path.of(root);
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
        for (String file : SYSTEM_FILES) argv.addAll(List.of("--ro-bind-try", file, file));
        // The private /tmp comes first: the JDK or the class path may live under /tmp (a CI checkout,
        // surefire's jars), and binds made after it are mounted on top of it.
        argv.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--size", Long.toString(TMP_BYTES), "--tmpfs", "/tmp"));
        List<Path> readable = new ArrayList<>();
        readable.add(java.toAbsolutePath().getParent().getParent());
        for (String entry : classPath.split(File.pathSeparator)) readable.add(Path.of(entry));
        for (Path path : readable) {
            argv.addAll(List.of("--ro-bind-try", path.toString(), path.toString()));
            try {
                Path real = path.toRealPath();
                if (!real.equals(path)) argv.addAll(List.of("--ro-bind-try", real.toString(), real.toString()));
            } catch (IOException e) {
                // Missing entry: the JVM skips it as it would outside.
            }
        }
        argv.addAll(List.of("--remount-ro", "/", "--chdir", "/tmp",
                "--clearenv", "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", "/tmp", "--setenv", "TMPDIR", "/tmp",
                "--cap-drop", "ALL", "--"));
        return argv;
    }

    /** Whether {@code java -version} runs under this prefix: bubblewrap can be missing or refused (no user namespaces). */
    static Optional<String> probe(List<String> prefix, Path java) {
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(List.of(java.toString(), "-Xshare:auto", "-version"));
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.of("java -version did not finish in 30 s inside it");
            }
            if (process.exitValue() != 0) {
                String text = new String(output, StandardCharsets.UTF_8).strip();
                return Optional.of("java -version exited with " + process.exitValue() + ": "
                        + text.substring(0, Math.min(300, text.length())));
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /** Finds an executable by name on the agent's PATH, then in /usr/bin and /bin. */
    static Optional<Path> executable(String name) {
        List<String> directories = new ArrayList<>();
        String pathVariable = System.getenv("PATH");
        if (pathVariable != null) directories.addAll(List.of(pathVariable.split(File.pathSeparator)));
        directories.addAll(List.of("/usr/bin", "/bin"));
        for (String directory : directories) {
            if (directory.isEmpty()) continue;
            Path candidate = Path.of(directory, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate.toAbsolutePath());
        }
        return Optional.empty();
    }
}

package dev.anchor.runtime.process;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The node-level settings of the process runtime.
 *
 * @param bwrap            the bubblewrap binary: a path, or a name looked up on the agent's PATH
 * @param scratchDirectory where per-task directories are made
 * @param sandboxUid       host uid the sandbox runs as when the agent is root
 * @param sandboxGid       host gid the sandbox runs as when the agent is root
 * @param maxProcesses     RLIMIT_NPROC inside the sandbox
 * @param logMaxBytes      log bytes forwarded to the log sink per task
 * @param readOnlyPaths    extra host paths bound read-only at the same place
 */
record ProcessOptions(
        String bwrap,
        Path scratchDirectory,
        int sandboxUid,
        int sandboxGid,
        int maxProcesses,
        long logMaxBytes,
        List<Path> readOnlyPaths) {

    static final ProcessOptions DEFAULT = new ProcessOptions(
            "bwrap", Path.of(System.getProperty("java.io.tmpdir")), 65534, 65534, 64, 1L << 20, List.of());

    private static final List<String> KEYS = List.of("process.bwrap", "process.scratchDirectory",
            "process.sandboxUid", "process.sandboxGid", "process.maxProcesses", "process.logs.maxBytes",
            "process.readOnlyPaths");

    ProcessOptions {
        requireNonNull(bwrap, "bwrap is null");
        requireNonNull(scratchDirectory, "scratchDirectory is null");
        // Host root in the sandbox would bypass RLIMIT_NPROC (the kernel exempts uid 0).
        if (sandboxUid <= 0) throw new IllegalArgumentException("process.sandboxUid must be a positive uid");
        if (sandboxGid <= 0) throw new IllegalArgumentException("process.sandboxGid must be a positive gid");
        if (maxProcesses <= 0) throw new IllegalArgumentException("process.maxProcesses must be positive");
        if (logMaxBytes <= 0) throw new IllegalArgumentException("process.logs.maxBytes must be positive");
        readOnlyPaths = List.copyOf(readOnlyPaths);
        for (var path : readOnlyPaths) {
            if (!path.isAbsolute()) {
                throw new IllegalArgumentException("process.readOnlyPaths entry '" + path + "' is not an absolute path");
            }
        }
    }

    /** Reads the {@code process.*} options; options of other runtimes are ignored. */
    static ProcessOptions from(Map<String, String> options) {
        var bwrap = DEFAULT.bwrap();
        var scratch = DEFAULT.scratchDirectory();
        int uid = DEFAULT.sandboxUid();
        int gid = DEFAULT.sandboxGid();
        int maxProcesses = DEFAULT.maxProcesses();
        long logMaxBytes = DEFAULT.logMaxBytes();
        var readOnly = new ArrayList<Path>();
        for (var option : options.entrySet()) {
            var key = option.getKey();
            var value = option.getValue().trim();
            switch (key) {
                case "process.bwrap" -> bwrap = value;
                case "process.scratchDirectory" -> scratch = Path.of(value);
                case "process.sandboxUid" -> uid = (int) parse(key, value, "a uid");
                case "process.sandboxGid" -> gid = (int) parse(key, value, "a gid");
                case "process.maxProcesses" -> maxProcesses = (int) parse(key, value, "a number of processes");
                case "process.logs.maxBytes" -> logMaxBytes = parse(key, value, "a number of bytes");
                case "process.readOnlyPaths" -> {
                    for (var path : value.split(",")) {
                        if (!path.isBlank()) readOnly.add(Path.of(path.trim()));
                    }
                }
                default -> {
                    // A typo in a process option should stop the agent, not be silently ignored.
                    if (key.startsWith("process.")) {
                        throw new IllegalArgumentException("unknown option " + key + "; expected one of " + KEYS);
                    }
                }
            }
        }
        return new ProcessOptions(bwrap, scratch, uid, gid, maxProcesses, logMaxBytes, readOnly);
    }

    private static long parse(String key, String value, String expected) {
        try {
            long number = Long.parseLong(value);
            if (number > Integer.MAX_VALUE && !key.endsWith("Bytes")) throw new NumberFormatException();
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is '" + value + "'; expected " + expected, e);
        }
    }
}

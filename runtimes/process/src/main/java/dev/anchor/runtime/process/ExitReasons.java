package dev.anchor.runtime.process;

import dev.anchor.spi.Limits;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a non-zero exit status of the sandbox into the one-line reason a task fails with. bwrap
 * exits with the command's status, or 128 + N when a signal N killed it. When an rlimit is the
 * likely cause (from the signal, or from what the command last wrote to stderr) the reason says
 * which; the hint is a best guess, the status is always stated.
 */
final class ExitReasons {

    private static final Map<Integer, String> SIGNALS = Map.ofEntries(
            Map.entry(1, "SIGHUP"), Map.entry(2, "SIGINT"), Map.entry(3, "SIGQUIT"), Map.entry(4, "SIGILL"),
            Map.entry(6, "SIGABRT"), Map.entry(7, "SIGBUS"), Map.entry(8, "SIGFPE"), Map.entry(9, "SIGKILL"),
            Map.entry(11, "SIGSEGV"), Map.entry(13, "SIGPIPE"), Map.entry(14, "SIGALRM"), Map.entry(15, "SIGTERM"),
            Map.entry(24, "SIGXCPU"), Map.entry(25, "SIGXFSZ"), Map.entry(31, "SIGSYS"));

    private ExitReasons() {}

    static String of(int status, Limits limits, int maxProcesses, List<String> stderrTail) {
        var setup = stderrTail.stream().filter(line -> line.startsWith("bwrap: ")).findFirst();
        if (status == 1 && setup.isPresent()) {
            return "the sandbox could not be set up: " + setup.get();
        }
        if (status > 128 && status < 128 + 65) {
            int signal = status - 128;
            var name = SIGNALS.getOrDefault(signal, "SIG" + signal);
            var reason = "killed by signal " + signal + " (" + name + ")";
            return switch (signal) {
                case 24 -> reason + ": CPU time limit of " + SandboxCommand.cpuSeconds(limits) + " s exceeded";
                case 25 -> reason + ": file size limit of " + limits.maxOutputBytes() + " bytes exceeded";
                case 6, 11 -> reason + hint(limits, maxProcesses, stderrTail, true);
                default -> reason + hint(limits, maxProcesses, stderrTail, false);
            };
        }
        var reason = "exit code " + status;
        if (status == 127 || status == 126) {
            var exec = stderrTail.stream().filter(line -> line.startsWith("prlimit: failed to execute")).findFirst();
            if (exec.isPresent()) {
                return reason + ": the command could not be started (" + exec.get()
                        + "); the sandbox has only /usr and PATH=" + SandboxCommand.PATH;
            }
        }
        return reason + hint(limits, maxProcesses, stderrTail, false);
    }

    private static String hint(Limits limits, int maxProcesses, List<String> stderrTail, boolean memoryFault) {
        var text = String.join("\n", stderrTail).toLowerCase(Locale.ROOT);
        if (text.contains("memoryerror") || text.contains("cannot allocate memory") || text.contains("out of memory")
                || text.contains("bad_alloc") || text.contains("memory exhausted") || text.contains("failed to allocate")) {
            return " (it ran out of memory: probably the address-space limit of " + limits.memoryMb() + " MiB)";
        }
        if (text.contains("fork") || text.contains("resource temporarily unavailable")) {
            return " (it failed to start processes: probably the process limit of " + maxProcesses + ")";
        }
        if (text.contains("file too large")) {
            return " (a file reached the file size limit of " + limits.maxOutputBytes() + " bytes)";
        }
        if (memoryFault) {
            return " (possibly the address-space limit of " + limits.memoryMb() + " MiB)";
        }
        return "";
    }
}

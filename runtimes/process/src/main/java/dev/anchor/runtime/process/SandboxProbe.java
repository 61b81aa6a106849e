package dev.anchor.runtime.process;

import dev.anchor.spi.Limits;
import dev.anchor.spi.Outcome;
import dev.anchor.spi.TaskContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Answers whether sandboxes work on this node by running {@code true} in one, the way tasks run. */
final class SandboxProbe {

    private static final Limits PROBE_LIMITS = new Limits(64, 10_000, 0, 1.0, 1 << 20, 1 << 20);

    private SandboxProbe() {}

    static Optional<String> check(ProcessOptions options) {
        var os = System.getProperty("os.name", "");
        if (!os.toLowerCase(Locale.ROOT).contains("linux")) {
            return Optional.of("the process runtime needs Linux (bubblewrap); this node runs " + os);
        }
        if (SandboxCommand.executable(options.bwrap()).isEmpty()) {
            return Optional.of("bubblewrap is not installed (no executable '" + options.bwrap()
                    + "'); install the bubblewrap package");
        }
        if (HostUser.agentIsRoot() && SandboxCommand.executable("setpriv").isEmpty()) {
            return Optional.of("setpriv (util-linux) is not installed; the agent runs as root and needs it"
                    + " to run sandboxes as an unprivileged user");
        }
        if (!Files.isExecutable(Path.of("/usr/bin/prlimit")) && !Files.isExecutable(Path.of("/bin/prlimit"))) {
            return Optional.of("prlimit (util-linux) is not installed in /usr/bin or /bin; it applies the rlimits inside the sandbox");
        }
        var logs = new CopyOnWriteArrayList<String>();
        var context = new TaskContext("sandbox-probe", "sandbox-probe", null, new byte[0], List.of(), Map.of(),
                Map.of("command", List.of("true")), PROBE_LIMITS, 0, Instant.EPOCH, (stream, line) -> logs.add(line));
        try (var runtime = new ProcessRuntime(options)) {
            var result = runtime.run(context);
            if (result.outcome() == Outcome.SUCCEEDED) {
                return Optional.empty();
            }
            return Optional.of("the bubblewrap sandbox does not work on this node: " + result.reason()
                    + (logs.isEmpty() ? "" : " [" + String.join(" | ", logs) + "]"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while checking that the bubblewrap sandbox works");
        } catch (RuntimeException e) {
            return Optional.of("the process runtime cannot start: " + e.getMessage());
        }
    }
}

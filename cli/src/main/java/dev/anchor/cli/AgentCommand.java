package dev.anchor.cli;

import dev.anchor.agent.Agent;
import dev.anchor.agent.AgentConfig;
import dev.anchor.api.agent.RegisterRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs an agent that joins a coordinator and runs its tasks until stopped. */
@Command(name = "agent", mixinStandardHelpOptions = true, description = "Run an agent (a node).")
final class AgentCommand implements Callable<Integer> {
    @Option(names = "--coordinator", required = true, split = ",", description = "The coordinator's URL; repeat it (or "
            + "separate URLs by commas) for coordinators that share one PostgreSQL: the agent fails over between them.")
    List<String> coordinators;

    @Option(names = "--join-token", description = "The join token (env ANCHOR_JOIN_TOKEN).")
    String joinToken;

    @Option(names = "--data", description = "Data directory for the node key and caches (default ~/.local/share/anchor/agent).")
    Path data;

    @Option(names = "--name", description = "Display name (default: the node id's start).")
    String name;

    @Option(names = "--slots", description = "Attempts run at once (default: the number of cores).")
    Integer slots;

    @Option(names = "--runtime-option", description = "A runtime option, e.g. wasm.engine=interpreter.")
    Map<String, String> runtimeOptions;

    @Option(names = "--journal", description = "Append a line per executed attempt to this file (an audit trail).")
    Path journal;

    @Option(names = "--sandbox-workers", description = "Run the JVM runtimes (wasm, js, builtin) in supervised worker "
            + "processes (bubblewrap where it works), so a crashing engine costs only its task (default off).")
    boolean sandboxWorkers;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A label sent at registration for placement, e.g. "
            + "zone=eu-1; repeat for more.")
    Map<String, String> labels;

    @Option(names = "--memory-mb", paramLabel = "MIB", description = "Memory to offer for placement, in MiB (default: the "
            + "machine's): tasks whose limits.memoryMb is larger are never given to this node.")
    Long memoryMb;

    @Override
    public Integer call() throws InterruptedException {
        String token = joinToken != null ? joinToken : System.getenv("ANCHOR_JOIN_TOKEN");
        if (token == null || token.isBlank()) throw new CliException("no join token: pass --join-token or set ANCHOR_JOIN_TOKEN", ExitCodes.USAGE);
        Path directory = data != null ? data : Path.of(System.getProperty("user.home"), ".local", "share", "anchor", "agent");
        int slotCount = slots != null ? slots : Runtime.getRuntime().availableProcessors();
        checkLabels(labels);
        if (memoryMb != null && memoryMb < 1) throw new CliException("--memory-mb: must be at least 1", ExitCodes.USAGE);
        Agent agent = Agent.start(new AgentConfig(String.join(",", coordinators), token, directory, name, slotCount, runtimeOptions, journal,
                sandboxWorkers, 0, labels, memoryMb));
        System.out.println("anchor agent " + agent.nodeId() + " serving " + agent.runtimes() + " with " + slotCount + " slots");
        System.out.flush();
        ServerCommand.awaitShutdown(agent);
        return ExitCodes.OK;
    }

    /** The coordinator refuses bad labels too; saying so here names the flag. */
    static void checkLabels(Map<String, String> labels) {
        if (labels == null) return;
        if (labels.size() > RegisterRequest.MAX_LABELS) {
            throw new CliException("--label: at most " + RegisterRequest.MAX_LABELS + " labels", ExitCodes.USAGE);
        }
        labels.forEach((key, value) -> {
            if (!RegisterRequest.LABEL_KEY.matcher(key).matches()) {
                throw new CliException("--label: key '" + key + "' must be 1 to 63 letters, digits, '.', '_', '-' or '/', "
                        + "starting with a letter or digit", ExitCodes.USAGE);
            }
            if (value.length() > RegisterRequest.MAX_LABEL_VALUE) {
                throw new CliException("--label " + key + ": the value is longer than " + RegisterRequest.MAX_LABEL_VALUE + " characters",
                        ExitCodes.USAGE);
            }
        });
    }
}

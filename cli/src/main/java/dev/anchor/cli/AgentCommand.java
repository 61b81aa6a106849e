package dev.anchor.cli;

import dev.anchor.agent.Agent;
import dev.anchor.agent.AgentConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs an agent that joins a coordinator and runs its tasks until stopped. */
@Command(name = "agent", mixinStandardHelpOptions = true, description = "Run an agent (a node).")
final class AgentCommand implements Callable<Integer> {
    @Option(names = "--coordinator", required = true, description = "The coordinator's URL.")
    String coordinator;

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

    @Override
    public Integer call() throws InterruptedException {
        String token = joinToken != null ? joinToken : System.getenv("ANCHOR_JOIN_TOKEN");
        if (token == null || token.isBlank()) throw new CliException("no join token: pass --join-token or set ANCHOR_JOIN_TOKEN", ExitCodes.USAGE);
        Path directory = data != null ? data : Path.of(System.getProperty("user.home"), ".local", "share", "anchor", "agent");
        int slotCount = slots != null ? slots : Runtime.getRuntime().availableProcessors();
        Agent agent = Agent.start(new AgentConfig(coordinator, token, directory, name, slotCount, runtimeOptions, journal,
                sandboxWorkers, 0));
        System.out.println("anchor agent " + agent.nodeId() + " serving " + agent.runtimes() + " with " + slotCount + " slots");
        System.out.flush();
        ServerCommand.awaitShutdown(agent);
        return ExitCodes.OK;
    }
}

package dev.anchor.cli;

import dev.anchor.agent.Agent;
import dev.anchor.agent.AgentConfig;
import dev.anchor.api.CliConfig;
import dev.anchor.client.AnchorClient;
import dev.anchor.coordinator.Coordinator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The all-in-one: a coordinator on the embedded store plus local agents in one process. With
 * {@code --run FILE} it runs that job, prints its output and exits with the job's outcome.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Run a coordinator and local agents in one process.",
                "With --run FILE: run that job end to end, print its output, and exit."})
final class UpCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server;

    @Option(names = "--agents", defaultValue = "2", description = "Local agents to start (default ${DEFAULT-VALUE}).")
    int agents;

    @Option(names = "--slots", description = "Slots per agent (default: the number of cores).")
    Integer slots;

    @Option(names = "--run", paramLabel = "JOBFILE", description = "Run this job file, print its output, then stop.")
    Path run;

    @Override
    public Integer call() throws Exception {
        if (agents < 0 || agents > 64) throw new CliException("--agents must be between 0 and 64", ExitCodes.USAGE);
        // A one-shot run takes any free port, so it never collides with a running Anchor.
        Coordinator coordinator = Coordinator.start(server.config(run != null ? 0 : 7070));
        List<AutoCloseable> parts = new ArrayList<>(List.of(coordinator));
        try {
            String token = coordinator.joinToken().orElseThrow(() -> new CliException(
                    "the data directory has no join-token file; cannot start local agents", ExitCodes.INTERNAL));
            int slotCount = slots != null ? slots : Math.max(2, Runtime.getRuntime().availableProcessors());
            for (int i = 1; i <= agents; i++) {
                Path directory = server.dataDirectory().resolve("agents").resolve("agent-" + i);
                parts.add(Agent.start(new AgentConfig(coordinator.url(), token, directory, "local-" + i, slotCount, Map.of(), null)));
            }
            if (run == null) {
                ServerCommand.announce(coordinator);
                System.out.println(agents + " local agent(s) with " + slotCount + " slots each; Ctrl-C stops");
                ServerCommand.awaitShutdown(parts.toArray(AutoCloseable[]::new));
                return ExitCodes.OK;
            }
            System.err.println("anchor up: coordinator at " + coordinator.url() + " with " + agents + " local agent(s)");
            return RunCommand.run(client(coordinator), run, true, false, System.out, System.err);
        } finally {
            if (run != null) closeAll(parts);
        }
    }

    private AnchorClient client(Coordinator coordinator) {
        String key = coordinator.firstAdminKey().orElseGet(() -> CliConfig.read(CliConfig.defaultPath())
                .map(CliConfig::apiKey)
                .orElseThrow(() -> new CliException("no API key for this data directory in " + CliConfig.defaultPath(), 4)));
        return new AnchorClient(coordinator.url(), key);
    }

    private static void closeAll(List<AutoCloseable> parts) {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception ignored) {
                // Stopping; the process ends next.
            }
        }
    }
}

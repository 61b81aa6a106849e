package dev.anchor.cli;

import dev.anchor.api.NodeView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The nodes the coordinator knows, with their state and last telemetry. */
@Command(name = "nodes", mixinStandardHelpOptions = true, description = "List nodes.")
final class NodesCommand implements Callable<Integer> {
    @Mixin
    ClientOptions options;

    @Override
    public Integer call() {
        System.out.printf("%-14s %-16s %-6s %-12s %5s %7s %6s %9s%n", "NODE", "NAME", "STATE", "RUNTIMES", "SLOTS", "RUNNING", "LOAD", "FREE MiB");
        for (NodeView node : options.client().nodes()) {
            System.out.printf("%-14s %-16s %-6s %-12s %5d %7d %6.2f %9d%n", JobPrinter.shortId(node.id()), node.name(), node.state(),
                    String.join(",", node.runtimes()), node.slots(), node.running(), node.load(), node.freeMemoryMb());
        }
        return ExitCodes.OK;
    }
}

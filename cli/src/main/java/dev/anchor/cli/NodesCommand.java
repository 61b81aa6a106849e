package dev.anchor.cli;

import dev.anchor.api.NodeView;
import dev.anchor.api.ReputationView;
import dev.anchor.api.agent.GpuInfo;
import dev.anchor.client.AnchorClient;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * The nodes the coordinator knows, with their state and last telemetry: memory available of total,
 * free disk, and one indented line per GPU and for the labels. Subcommands put an operator's hold on a
 * node or lift it (docs/scheduling.md).
 */
@Command(name = "nodes", mixinStandardHelpOptions = true, description = "List nodes, their memory, disk, GPUs and trust record.",
        subcommands = {NodesCommand.Cordon.class, NodesCommand.Drain.class, NodesCommand.Uncordon.class})
final class NodesCommand implements Callable<Integer> {
    private static final String ROW = "%-14s %-16s %-8s %-12s %5s %7s %6s %-15s %9s %4s%n";

    @Mixin
    ClientOptions options;

    @Override
    public Integer call() {
        System.out.printf(ROW, "NODE", "NAME", "STATE", "RUNTIMES", "SLOTS", "RUNNING", "LOAD", "MEM FREE/TOTAL", "DISK FREE", "GPUS");
        AnchorClient client = options.client();
        Map<String, ReputationView> reputations = new HashMap<>();
        for (ReputationView reputation : client.reputations()) reputations.put(reputation.nodeId(), reputation);
        for (NodeView node : client.nodes()) {
            System.out.print(row(node));
            ReputationView reputation = reputations.get(node.id());
            if (reputation != null) System.out.println("    " + trust(reputation));
        }
        return ExitCodes.OK;
    }

    /** {@code trust: score 0.98, 50 agreed, 0 disagreed, 0 receipts rejected, 100 % succeeded, trusted} (docs/verification.md). */
    static String trust(ReputationView r) {
        String verdict = r.excluded() ? "EXCLUDED" : r.trusted() ? "trusted" : "not yet trusted";
        return String.format(Locale.ROOT, "trust: score %.2f, %d agreed, %d disagreed, %d receipts rejected, %.0f %% succeeded, %s%s",
                r.score(), r.agreements(), r.disagreements(), r.receiptsRejected(), 100 * r.successRate(), verdict,
                r.ownerId() == null ? "" : ", owner " + r.ownerId());
    }

    /** Base of the hold subcommands: the node by its id, a unique start of it, or its name. */
    abstract static class Hold implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Parameters(index = "0", paramLabel = "NODE", description = "The node: its id, a unique start of it (as `anchor nodes` shows), or its name.")
        String node;

        abstract String action();

        @Override
        public Integer call() {
            AnchorClient client = options.client();
            NodeView changed = client.holdNode(resolve(client.nodes(), node), action());
            System.out.println("node " + changed.id() + " (" + changed.name() + ") is " + changed.state());
            return ExitCodes.OK;
        }
    }

    @Command(name = "cordon", mixinStandardHelpOptions = true, description = "Give a node no new tasks; its running tasks go on (admin).")
    static final class Cordon extends Hold {
        @Override
        String action() {
            return "cordon";
        }
    }

    @Command(name = "drain", mixinStandardHelpOptions = true,
            description = "Give a node no new tasks and let its running ones finish; it shows DRAINED when idle (admin).")
    static final class Drain extends Hold {
        @Override
        String action() {
            return "drain";
        }
    }

    @Command(name = "uncordon", mixinStandardHelpOptions = true, description = "Lift a cordon or drain: the node takes tasks again (admin).")
    static final class Uncordon extends Hold {
        @Override
        String action() {
            return "uncordon";
        }
    }

    /** The one node {@code given} names: an exact id or name, else the only id starting with it. */
    static String resolve(List<NodeView> nodes, String given) {
        for (NodeView node : nodes) {
            if (node.id().equals(given)) return node.id();
        }
        List<NodeView> matches = nodes.stream().filter(n -> n.name().equals(given)).toList();
        if (matches.isEmpty()) matches = nodes.stream().filter(n -> n.id().startsWith(given)).toList();
        if (matches.size() == 1) return matches.getFirst().id();
        if (matches.isEmpty()) throw new CliException("no node " + given + "; `anchor nodes` lists them", ExitCodes.USAGE);
        throw new CliException(given + " names " + matches.size() + " nodes (" + matches.stream().map(NodeView::id)
                .collect(Collectors.joining(", ")) + "); give more of the id", ExitCodes.USAGE);
    }

    static String row(NodeView node) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, ROW, JobPrinter.shortId(node.id()), node.name(), node.state(),
                String.join(",", node.runtimes()), node.slots(), node.running(), String.format(Locale.ROOT, "%.2f", node.load()),
                gib(node.freeMemoryMb()) + "/" + (node.memoryTotalMb() == null ? gib(node.memoryMb()) : gib(node.memoryTotalMb())) + " GiB",
                node.diskFreeMb() == null ? "-" : gib(node.diskFreeMb()) + " GiB", node.gpuCount()));
        for (GpuInfo gpu : node.gpus()) out.append("    ").append(gpu(gpu)).append('\n');
        if (!node.labels().isEmpty()) {
            out.append("    labels: ").append(node.labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", "))).append('\n');
        }
        return out.toString();
    }

    /** {@code gpu 0  NVIDIA H100 80GB HBM3  1.0/79.6 GiB  37 %  41 C  118/700 W}; figures the GPU lacks show as '-'. */
    static String gpu(GpuInfo gpu) {
        return String.format(Locale.ROOT, "gpu %d  %s  %s/%s GiB  %s %%  %s C  %s/%s W", gpu.index(), gpu.name() == null ? "(unnamed)" : gpu.name(),
                gpu.memoryUsedMb() == null ? "-" : gib(gpu.memoryUsedMb()), gpu.memoryTotalMb() == null ? "-" : gib(gpu.memoryTotalMb()),
                orDash(gpu.utilizationPercent()), orDash(gpu.temperatureC()),
                gpu.powerDrawW() == null ? "-" : Math.round(gpu.powerDrawW()), gpu.powerLimitW() == null ? "-" : Math.round(gpu.powerLimitW()));
    }

    private static String gib(long mib) {
        return String.format(Locale.ROOT, "%.1f", mib / 1024.0);
    }

    private static String orDash(Integer value) {
        return value == null ? "-" : value.toString();
    }
}

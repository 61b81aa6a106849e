package dev.anchor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * CPU time spent by each party of a run, for telling where the cores went: the coordinator, the
 * agents together, this client, and the whole machine (from {@code /proc/stat}, so it also counts
 * PostgreSQL and anything else running; absent off Linux).
 */
final class CpuMeter {
    private static final long UNKNOWN = -1;
    /** USER_HZ, the unit of /proc/stat; 100 on every mainstream Linux. */
    private static final long TICKS_PER_SECOND = 100;

    /** CPU nanoseconds consumed so far by each party. */
    record Snapshot(long coordinator, long agents, long client, long machineBusy, long wallNanos) {}

    /**
     * CPU per task in milliseconds between two snapshots, and the machine's busy share of its cores.
     *
     * @param machineBusyShare 0..1 of all cores busy, or NaN when unknown
     */
    record Usage(double coordinatorMsPerTask, double agentsMsPerTask, double clientMsPerTask, double machineMsPerTask,
                 double machineBusyShare) {
        String summary() {
            String machine = Double.isNaN(machineMsPerTask) ? "" : String.format(
                    ", whole machine %.2f (cores %.0f%% busy, so %.2f ms/task went to PostgreSQL, the kernel and other work)",
                    machineMsPerTask, machineBusyShare * 100,
                    Math.max(0, machineMsPerTask - coordinatorMsPerTask - agentsMsPerTask - clientMsPerTask));
            return String.format("CPU ms per task: coordinator %.2f, agents %.2f, client %.2f%s",
                    coordinatorMsPerTask, agentsMsPerTask, clientMsPerTask, machine);
        }
    }

    private final long coordinatorPid;
    private final List<Long> agentPids;

    CpuMeter(long coordinatorPid, List<Long> agentPids) {
        this.coordinatorPid = coordinatorPid;
        this.agentPids = List.copyOf(agentPids);
    }

    Snapshot snapshot() {
        long agents = 0;
        for (long pid : agentPids) agents += cpu(ProcessHandle.of(pid).orElse(null));
        return new Snapshot(cpu(ProcessHandle.of(coordinatorPid).orElse(null)), agents, cpu(ProcessHandle.current()), machineBusy(),
                System.nanoTime());
    }

    static Usage between(Snapshot before, Snapshot after, long tasks) {
        double perTask = 1e6 * Math.max(1, tasks);
        boolean machineKnown = before.machineBusy() != UNKNOWN && after.machineBusy() != UNKNOWN;
        double machine = machineKnown ? (after.machineBusy() - before.machineBusy()) / perTask : Double.NaN;
        double share = machineKnown ? (after.machineBusy() - before.machineBusy())
                / (double) ((after.wallNanos() - before.wallNanos()) * Runtime.getRuntime().availableProcessors()) : Double.NaN;
        return new Usage((after.coordinator() - before.coordinator()) / perTask, (after.agents() - before.agents()) / perTask,
                (after.client() - before.client()) / perTask, machine, share);
    }

    private static long cpu(ProcessHandle process) {
        if (process == null) return 0;
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** Busy (not idle, not iowait) CPU nanoseconds of all cores since boot. */
    private static long machineBusy() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long busy = 0;
            // cpu user nice system idle iowait irq softirq (steal, guest: time not ours)
            for (int i = 1; i < Math.min(fields.length, 8); i++) {
                if (i != 4 && i != 5) busy += Long.parseLong(fields[i]);
            }
            return busy * (1_000_000_000L / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }
}

package dev.anchor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * CPU time spent by each party of a run, for telling where the cores went: the coordinator, the
 * agents together, this client, the local PostgreSQL server processes, and the whole machine (from
 * {@code /proc/stat}; absent off Linux). What the machine spent beyond these parties went to the
 * kernel's own threads and to whatever else runs here, which on a shared machine can be a lot.
 */
final class CpuMeter {
    private static final long UNKNOWN = -1;
    /** USER_HZ, the unit of /proc/stat; 100 on every mainstream Linux. */
    private static final long TICKS_PER_SECOND = 100;

    /** CPU nanoseconds consumed so far by each party. */
    record Snapshot(long coordinator, long agents, long client, long postgres, long machineBusy, long wallNanos) {}

    /**
     * CPU per task in milliseconds between two snapshots, and the machine's busy share of its cores.
     *
     * @param machineBusyShare 0..1 of all cores busy, or NaN when unknown
     */
    record Usage(double coordinator, double agents, double client, double postgres, double machine, double machineBusyShare) {
        /** What the system under test and the client spent; PostgreSQL's share only when it is the store. */
        double ours(boolean withPostgres) {
            return coordinator + agents + client + (withPostgres ? postgres : 0);
        }

        String summary() {
            String base = String.format("CPU ms per task: coordinator %.2f, agents %.2f, client %.2f, PostgreSQL %.2f",
                    coordinator, agents, client, postgres);
            if (Double.isNaN(machine)) return base;
            return base + String.format("; whole machine %.2f (cores %.0f%% busy; %.2f elsewhere)", machine, machineBusyShare * 100,
                    Math.max(0, machine - coordinator - agents - client - postgres));
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
        long postgres = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .mapToLong(CpuMeter::cpu).sum();
        return new Snapshot(cpu(ProcessHandle.of(coordinatorPid).orElse(null)), agents, cpu(ProcessHandle.current()), postgres,
                machineBusy(), System.nanoTime());
    }

    static Usage between(Snapshot before, Snapshot after, long tasks) {
        double perTask = 1e6 * Math.max(1, tasks);
        boolean machineKnown = before.machineBusy() != UNKNOWN && after.machineBusy() != UNKNOWN;
        double machine = machineKnown ? (after.machineBusy() - before.machineBusy()) / perTask : Double.NaN;
        double share = machineKnown ? (after.machineBusy() - before.machineBusy())
                / (double) ((after.wallNanos() - before.wallNanos()) * Runtime.getRuntime().availableProcessors()) : Double.NaN;
        return new Usage((after.coordinator() - before.coordinator()) / perTask, (after.agents() - before.agents()) / perTask,
                (after.client() - before.client()) / perTask, Math.max(0, after.postgres() - before.postgres()) / perTask, machine, share);
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

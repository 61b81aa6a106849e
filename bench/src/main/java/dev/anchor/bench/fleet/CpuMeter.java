package dev.anchor.bench.fleet;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where a phase's CPU time went, on this machine: the coordinator processes, PostgreSQL (every process
 * whose command is {@code postgres}: its backends are pooled, so they live through a phase), and this
 * JVM (the simulated fleet and the submitters), plus how busy the whole machine was (from
 * {@code /proc/stat}). Take a {@link #snapshot()} before and after; {@link Snapshot#since} prints the
 * difference per placement. Linux only; elsewhere the figures read as unknown.
 */
final class CpuMeter {
    private final List<Long> coordinatorPids;

    CpuMeter(List<Long> coordinatorPids) {
        this.coordinatorPids = List.copyOf(coordinatorPids);
    }

    record Snapshot(long coordinatorNanos, long postgresNanos, long selfNanos, long busyTicks, long totalTicks, long wallNanos) {
        /** One line: CPU ms per placement by process, and the machine's busy share, between {@code before} and this. */
        String since(Snapshot before, long placements) {
            double per = Math.max(1, placements);
            long wall = wallNanos - before.wallNanos;
            long total = totalTicks - before.totalTicks;
            return String.format("cpu ms per placement: coordinator(s) %.3f, PostgreSQL %.3f, fleet and submitters %.3f; "
                            + "machine %.0f %% busy over %.1f s", (coordinatorNanos - before.coordinatorNanos) / 1e6 / per,
                    (postgresNanos - before.postgresNanos) / 1e6 / per, (selfNanos - before.selfNanos) / 1e6 / per,
                    total <= 0 ? Double.NaN : 100.0 * (busyTicks - before.busyTicks) / total, wall / 1e9);
        }
    }

    Snapshot snapshot() {
        long coordinators = coordinatorPids.stream().mapToLong(pid -> ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration())
                .map(Duration::toNanos).orElse(0L)).sum();
        long postgres = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres") || c.equals("postgres")).orElse(false))
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
        long self = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
        long busy = 0;
        long total = 0;
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            for (int i = 1; i < cpu.length && i <= 8; i++) {
                long ticks = Long.parseLong(cpu[i]);
                total += ticks;
                if (i != 4 && i != 5) busy += ticks; // idle and iowait are not busy
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: the machine's share reads as unknown.
        }
        return new Snapshot(coordinators, postgres, self, busy, total, System.nanoTime());
    }
}

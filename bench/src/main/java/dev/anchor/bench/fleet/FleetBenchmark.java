package dev.anchor.bench.fleet;

import dev.anchor.api.JobState;
import dev.anchor.client.AnchorClient;
import dev.anchor.testing.AnchorProcess;
import dev.anchor.testing.TestingPostgres;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The scale benchmark of issue 6: a simulated fleet of 10, 100 and 1,000 nodes against one
 * coordinator on PostgreSQL, then against two coordinators sharing one PostgreSQL schema (and one data
 * directory for blobs and the join token), nodes and submitters split between them. Prints placements/s
 * (leases granted per second) and submit→start latency p50/p99 per run, then a table against the
 * target (≥ 2,000 placements/s at 1,000 nodes). Exits 1 when a run failed or a task was lost; never
 * because of a timing.
 */
public final class FleetBenchmark {
    static final double TARGET_PLACEMENTS_PER_SECOND = 2_000;
    static final int TARGET_NODES = 1_000;
    private static final long LEASE_TIMEOUT_MS = 15_000;
    /** The least backlog queued before the fleet may poll. */
    static final int BACKLOG_MIN = 2_000;

    private final FleetOptions options;
    private final PrintStream out = System.out;
    private final List<String> rows = new ArrayList<>();
    private boolean failed;

    private FleetBenchmark(FleetOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws InterruptedException {
        if (Stream.of(args).anyMatch(a -> a.equals("--help") || a.equals("-h"))) {
            System.out.print(FleetOptions.USAGE);
            return;
        }
        FleetOptions options;
        try {
            options = FleetOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(FleetOptions.USAGE);
            System.exit(2);
            return;
        }
        System.exit(new FleetBenchmark(options).run() ? 0 : 1);
    }

    private boolean run() throws InterruptedException {
        String reason = TestingPostgres.unavailableReason();
        printHeader();
        if (reason != null) {
            out.println("!!! PostgreSQL is needed (127.0.0.1:5432, database test, user postgres, or ANCHOR_TEST_PG_URL): " + reason);
            return false;
        }
        for (int coordinators : options.coordinators()) {
            for (int size : options.sizes()) {
                try {
                    measure(coordinators, size);
                } catch (RuntimeException e) {
                    failed = true;
                    out.println("!!! " + coordinators + " coordinator(s), " + size + " nodes could not be measured: " + e);
                    rows.add(String.format("%-14s %6d  %s", coordinators + " coordinator" + (coordinators > 1 ? "s" : ""), size,
                            "(failed: " + e.getMessage() + ")"));
                }
            }
        }
        out.println();
        out.printf("%-14s %6s %12s %10s %12s %9s %9s %9s  %s%n", "setup", "nodes", "steady pl/s", "drain pl/s", "running pl/s",
                "p50 ms", "p99 ms", "target", "verdict");
        out.println("-".repeat(105));
        rows.forEach(out::println);
        out.printf("""
                target: >= %,.0f placements/s at %,d nodes, judged on "running" (placement alone, the shape of Nomad's figures).
                steady: leases granted per second to tasks submitted in the window by %d closed-loop submitters (submit, lease and
                  report all in the window); p50/p99: its submit->start.
                drain: the median of %d drains of a queue of max(%,d, nodes x slots) tasks, submitted while the fleet was held and
                  then drained by it; each task finishes at once, so each placement also pays for its report and receipt.
                running: the same with tasks that keep running (reported STARTED; finished after the run): a queue of
                  nodes x slots tasks, placed onto the idle fleet, as Nomad's C1M/C2M place long-running containers.
                Both drains come after the steady stream has warmed the coordinators.
                """, TARGET_PLACEMENTS_PER_SECOND, TARGET_NODES, options.concurrency(), options.backlogRuns(), BACKLOG_MIN);
        return !failed;
    }

    private void printHeader() {
        Runtime runtime = Runtime.getRuntime();
        out.println("Anchor fleet benchmark - " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        out.println("revision: " + System.getProperty("anchor.bench.revision", "unknown"));
        out.printf("machine: %d cores, %s %s, Java %s%n", runtime.availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"));
        out.printf("setup: coordinator process(es) on PostgreSQL; simulated nodes (%d slots each, advertising builtin, answering every lease "
                + "at once, or keeping it running in the running drains) and %d submitting threads in this JVM; steady: warm-up %d s, then %d s "
                + "measured; then %d drains of each kind, per run%n", options.slots(), options.concurrency(), options.warmupSeconds(),
                options.seconds(), options.backlogRuns());
        out.println("note: the coordinators, PostgreSQL, the fleet and the submitters all share this machine's cores.");
    }

    private void measure(int coordinatorCount, int size) throws InterruptedException {
        String databaseUrl = TestingPostgres.freshSchemaUrl();
        Path data = options.work().resolve(coordinatorCount + "c-" + size + "n-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        out.println();
        out.printf("== %d coordinator(s), %,d nodes: load average %.2f; data and logs in %s%n", coordinatorCount, size,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), data);
        List<AnchorProcess> coordinators = new ArrayList<>();
        try {
            for (int i = 0; i < coordinatorCount; i++) {
                // One data directory for all: the blobs and the join token file are shared, as the store is.
                coordinators.add(AnchorProcess.coordinator(data, 0, databaseUrl, LEASE_TIMEOUT_MS));
            }
            List<String> urls = coordinators.stream().map(AnchorProcess::readyValue).toList();
            out.println("   coordinators " + urls + ", pids " + coordinators.stream().map(AnchorProcess::pid).toList());
            String apiKey = AnchorProcess.adminKey(data);
            List<AnchorClient> clients = urls.stream().map(url -> new AnchorClient(url, apiKey)).toList();
            CpuMeter cpu = new CpuMeter(coordinators.stream().map(AnchorProcess::pid).toList());
            FleetLoad load = new FleetLoad();
            Phases phases = new Phases(load);
            int backlogSize = Math.max(BACKLOG_MIN, size * options.slots());
            long overflowsBefore = ListenOverflows.now();
            long registering = System.nanoTime();
            try (SimulatedFleet fleet = SimulatedFleet.startHeld(new SimulatedFleet.Settings(urls, AnchorProcess.joinToken(data), size,
                    options.slots(), List.of("builtin")), phases, Duration.ofMinutes(3))) {
                out.printf("   %,d nodes registered in %.1f s%n", size, (System.nanoTime() - registering) / 1e9);
                // The steady stream first: its warm-up also warms the coordinators (their JIT) before the backlog is timed.
                fleet.release();
                CpuMeter.Snapshot steadyFrom = cpu.snapshot();
                FleetLoad.Result result = load.run(clients, options.concurrency(), options.warmupSeconds(), options.seconds());
                CpuMeter.Snapshot steadyTo = cpu.snapshot();
                long steadyLeases = fleet.leased();
                long unfinished = awaitSucceeded(clients.getFirst(), result.jobIds());
                out.printf("-- steady: %,d placements in %d s: %,.0f placements/s; submit -> start p50 %.2f ms, p99 %.2f ms%n",
                        result.placements(), options.seconds(), result.perSecond(), result.millis(0.50), result.millis(0.99));
                out.printf("   of which the submit call (POST /jobs): p50 %.2f ms, p99 %.2f ms%n", result.submitMillis(0.50), result.submitMillis(0.99));
                out.println("   " + steadyTo.since(steadyFrom, steadyLeases) + " (warm-up included; submit, lease and report)");
                // The backlog, drained several times (each on a held fleet): the median is reported. First with tasks that
                // finish at once (each placement also pays for its task's end), then with tasks that keep running (placement
                // alone, as Nomad's C1M/C2M figures place long-running containers): a queue that fills every slot once.
                PgStatements statements = new PgStatements(TestingPostgres.URL, "1".equals(System.getenv("ANCHOR_FLEET_PG_STATEMENTS")));
                double drained = drainBacklogs(fleet, phases, clients, cpu, statements, backlogSize, false);
                double placed = drainBacklogs(fleet, phases, clients, cpu, statements, size * options.slots(), true);
                out.printf("   fleet: %,d leases, %,d reported, %,d refused, %,d heartbeats, %,d retried calls; %d tasks did not start, "
                        + "%d measured tasks not SUCCEEDED%n", fleet.leased(), fleet.reported(), fleet.refused(), fleet.heartbeats(),
                        fleet.errors(), result.failures(), unfinished);
                if (fleet.firstProblem() != null) out.println("   first problem: " + fleet.firstProblem());
                long overflows = ListenOverflows.now();
                if (overflows >= 0 && overflowsBefore >= 0) {
                    out.printf("   kernel: %,d connections dropped by a full listen queue during the run (TcpExt ListenOverflows)%n",
                            overflows - overflowsBefore);
                }
                if (result.failures() > 0 || unfinished > 0 || fleet.refused() > 0) failed = true;
                boolean atTarget = size >= TARGET_NODES;
                rows.add(String.format("%-14s %6d %,12.0f %,10.0f %,12.0f %9.1f %9.1f %9s  %s",
                        coordinatorCount + " coordinator" + (coordinatorCount > 1 ? "s" : ""), size, result.perSecond(), drained, placed,
                        result.millis(0.50), result.millis(0.99), atTarget ? ">= 2,000" : "",
                        atTarget ? (placed >= TARGET_PLACEMENTS_PER_SECOND ? "meets" : "MISSES") : ""));
            }
        } finally {
            coordinators.forEach(AnchorProcess::close);
            dropSchema(databaseUrl);
        }
    }

    /**
     * Queues and drains {@code size} tasks {@code backlogRuns} times on a held fleet, printing each run;
     * answers the median placements/s. With {@code keepRunning} the nodes report each task STARTED only and
     * finish them all after the run, before the next (the queue must then fit the fleet's slots).
     */
    private double drainBacklogs(SimulatedFleet fleet, Phases phases, List<AnchorClient> clients, CpuMeter cpu, PgStatements statements,
                                 int size, boolean keepRunning) throws InterruptedException {
        double[] drains = new double[options.backlogRuns()];
        String kind = keepRunning ? "running" : "backlog";
        for (int run = 0; run < drains.length; run++) {
            hold(fleet, clients);
            if (run == drains.length - 1) statements.reset(out);
            Backlog backlog = new Backlog(size);
            phases.current = backlog;
            fleet.keepTasksRunning(lease -> keepRunning && backlog.owns(lease.jobId()));
            CpuMeter.Snapshot[] used = new CpuMeter.Snapshot[2];
            drains[run] = backlog.drain(clients, options.concurrency(), fleet, cpu, used);
            out.printf("-- %s %d: %,d queued tasks placed in %.2f s: %,.0f placements/s (queued in %.1f s while the fleet was held)%n",
                    kind, run + 1, backlog.size(), backlog.seconds(), drains[run], backlog.queueSeconds());
            out.println("   " + used[1].since(used[0], backlog.size()));
            if (run == drains.length - 1) statements.print(out, size, 25);
            if (keepRunning) fleet.finishRunning(Duration.ofMinutes(2));
        }
        fleet.keepTasksRunning(lease -> false);
        return median(drains);
    }

    /**
     * Holds the fleet: no node polls again, and the polls under way (idle long polls of up to 20 s) are
     * answered with filler tasks, a few at a time, rather than waited out. A filler no poll took is
     * drained with the next backlog, unmeasured.
     */
    private static void hold(SimulatedFleet fleet, List<AnchorClient> clients) throws InterruptedException {
        fleet.stopPolling();
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        int submitted = 0;
        while (!fleet.awaitIdle(Duration.ofMillis(100))) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("the fleet's polls did not all return within a minute");
            int fillers = Math.min(fleet.polling(), 64);
            try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < fillers; i++) {
                    AnchorClient client = clients.get(submitted++ % clients.size());
                    threads.submit(() -> client.submit(dev.anchor.api.JobSubmission.of("filler", FleetLoad.TASK)));
                }
            }
        }
    }

    /**
     * The backlog phase, after the steady stream: with the fleet held (no poll under way), {@code size}
     * tasks are queued; the fleet is then let poll, and the time from that moment to the last task's
     * start gives placements/s. Leases of other jobs go on to {@code next} (the steady load).
     */
    /** The fleet's listener: a lease of the current backlog's jobs goes to it, any other to the steady load. */
    private static final class Phases implements SimulatedFleet.Listener {
        private final SimulatedFleet.Listener load;
        volatile Backlog current;

        Phases(SimulatedFleet.Listener load) {
            this.load = load;
        }

        @Override
        public void started(dev.anchor.api.agent.Lease lease, long nanoTime) {
            Backlog backlog = current;
            if (backlog == null || !backlog.started(lease, nanoTime)) load.started(lease, nanoTime);
        }
    }

    private static final class Backlog {
        private final int size;
        private final java.util.Set<String> jobIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final java.util.Set<String> started = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final java.util.concurrent.CountDownLatch done;
        private final java.util.concurrent.atomic.AtomicLong lastStart = new java.util.concurrent.atomic.AtomicLong();
        private long released;
        private double queueSeconds;

        Backlog(int size) {
            this.size = size;
            this.done = new java.util.concurrent.CountDownLatch(size);
        }

        boolean owns(String jobId) {
            return jobIds.contains(jobId);
        }

        /** Counts the lease's start when it is one of this backlog's tasks; answers whether it was. */
        boolean started(dev.anchor.api.agent.Lease lease, long nanoTime) {
            if (!jobIds.contains(lease.jobId())) return false;
            if (started.add(lease.jobId())) {
                lastStart.accumulateAndGet(nanoTime, Math::max);
                done.countDown();
            }
            return true;
        }

        int size() {
            return size;
        }

        double seconds() {
            return (lastStart.get() - released) / 1e9;
        }

        double queueSeconds() {
            return queueSeconds;
        }

        /**
         * Queues the backlog, releases the fleet, waits for every task to start; answers placements/s.
         * {@code cpu[0]} and {@code cpu[1]} receive the CPU meter's readings at the release and at the end.
         */
        double drain(List<AnchorClient> clients, int concurrency, SimulatedFleet fleet, CpuMeter meter, CpuMeter.Snapshot[] cpu)
                throws InterruptedException {
            long queueing = System.nanoTime();
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (int t = 0; t < concurrency; t++) {
                    AnchorClient client = clients.get(t % clients.size());
                    threads.submit(() -> {
                        while (next.getAndIncrement() < size) {
                            jobIds.add(client.submit(dev.anchor.api.JobSubmission.of("backlog", FleetLoad.TASK)).id());
                        }
                        return null;
                    });
                }
            }
            if (jobIds.size() != size) throw new IllegalStateException("only " + jobIds.size() + " of " + size + " backlog tasks were queued");
            queueSeconds = (System.nanoTime() - queueing) / 1e9;
            cpu[0] = meter.snapshot();
            released = System.nanoTime();
            fleet.release();
            if (!done.await(3, java.util.concurrent.TimeUnit.MINUTES)) {
                throw new IllegalStateException("only " + started.size() + " of " + size + " backlog tasks started within 3 minutes");
            }
            cpu[1] = meter.snapshot();
            return size / seconds();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** Reads back the last measured jobs (up to 200) and counts those that did not end SUCCEEDED. */
    private static long awaitSucceeded(AnchorClient client, List<String> jobIds) {
        long bad = 0;
        for (String jobId : jobIds.subList(Math.max(0, jobIds.size() - 200), jobIds.size())) {
            if (client.await(jobId, Duration.ofSeconds(30)).state() != JobState.SUCCEEDED) bad++;
        }
        return bad;
    }

    private void dropSchema(String databaseUrl) {
        Matcher schema = Pattern.compile("currentSchema=(\\w+)").matcher(databaseUrl);
        if (!schema.find()) return;
        if ("1".equals(System.getenv("ANCHOR_FLEET_KEEP_SCHEMA"))) {
            out.println("   (schema " + schema.group(1) + " kept, as ANCHOR_FLEET_KEEP_SCHEMA=1 asks)");
            return;
        }
        try (Connection connection = DriverManager.getConnection(TestingPostgres.URL);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema.group(1) + " CASCADE");
        } catch (SQLException e) {
            out.println("   (could not drop schema " + schema.group(1) + ": " + e.getMessage() + ")");
        }
    }
}

package dev.anchor.bench;

import dev.anchor.bench.BenchOptions.Store;
import dev.anchor.bench.ResultTable.Goal;
import dev.anchor.client.AnchorClient;
import dev.anchor.testing.TestingPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The foundation benchmark from the issue: trivial wasm tasks ({@code square.wasm}) on a coordinator
 * with two agents on this machine, once per store. Prints submit→result latency (sequential, one
 * task in flight) and sustained tasks/s (many client threads, each submit→await in a loop), then a
 * table against the targets: p50 ≤ 10 ms and ≥ 1,000 tasks/s. Exits 1 when a result was wrong or a
 * store could not be measured; never because of a timing.
 */
public final class FoundationBenchmark {
    static final double TARGET_P50_MS = 10;
    static final double TARGET_TASKS_PER_SECOND = 1_000;
    private static final int FAILURES_SHOWN = 10;

    private final BenchOptions options;
    private final byte[] module;
    private final PrintStream out = System.out;
    private final ResultTable table = new ResultTable();
    private boolean failed;

    private FoundationBenchmark(BenchOptions options, byte[] module) {
        this.options = options;
        this.module = module;
    }

    public static void main(String[] args) throws IOException {
        if (Stream.of(args).anyMatch(a -> a.equals("--help") || a.equals("-h"))) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        FoundationBenchmark benchmark = new FoundationBenchmark(options, Files.readAllBytes(squareModule()));
        System.exit(benchmark.run() ? 0 : 1);
    }

    private boolean run() {
        printHeader();
        for (Store store : options.stores()) {
            String name = store.name().toLowerCase(Locale.ROOT);
            if (store == Store.POSTGRES) {
                String reason = TestingPostgres.unavailableReason();
                if (reason != null) {
                    out.println();
                    out.println("!!! SKIPPING POSTGRESQL: " + reason);
                    out.println("!!! Start it (127.0.0.1:5432, database test, user postgres) or set ANCHOR_TEST_PG_URL; --stores=sqlite runs SQLite only.");
                    table.note(name, "(skipped)", "PostgreSQL unavailable: " + reason);
                    continue;
                }
            }
            try {
                measure(store, name);
            } catch (RuntimeException e) {
                failed = true;
                out.println("!!! " + name + " could not be measured: " + e);
                table.note(name, "(failed)", e.getMessage());
            }
        }
        out.println();
        table.print(out);
        return !failed;
    }

    private void printHeader() {
        Runtime runtime = Runtime.getRuntime();
        out.println("Anchor foundation benchmark - " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        out.println("revision: " + System.getProperty("anchor.bench.revision", "unknown"));
        out.printf("machine: %d cores (%s), %s %s, Java %s%n", runtime.availableProcessors(), cpuModel(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
        out.printf("setup: 1 coordinator + %d agents x %d slots, all on this machine; task: square.wasm, blob module, text input%n",
                options.agents(), options.slots());
        out.println("client JVM: " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-X")).toList()) + "; 1 virtual thread per task in flight, each submit -> await in a loop");
        out.println("note: the client, the coordinator, the agents (and PostgreSQL) share these cores, with anything else");
        out.println("      running here: every figure includes the client's own CPU and HTTP work; see 'elsewhere' below.");
    }

    /** What one store's run measured. */
    private record StoreRun(List<LoadPhase> all, List<Measured> loads, LoadPhase latency) {}

    private void measure(Store store, String name) {
        String databaseUrl = store == Store.POSTGRES ? TestingPostgres.freshSchemaUrl() : null;
        Path directory = options.work().resolve(name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        out.println();
        out.printf("== %s: load average %.2f before start; data and logs in %s%n", name,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), directory);
        try {
            StoreRun run;
            try (BenchCluster cluster = BenchCluster.start(directory, databaseUrl, options.agents(), options.slots())) {
                out.printf("   coordinator %s (pid %d), agent pids %s%s%n", cluster.url(), cluster.coordinatorPid(), cluster.agentPids(),
                        databaseUrl == null ? "" : "; PostgreSQL " + databaseUrl + " (schema dropped at the end)");
                run = runPhases(cluster);
            }
            printTimelines(databaseUrl != null ? databaseUrl : "jdbc:sqlite:" + directory.resolve("coordinator/anchor.db"), run);
            addRows(store, name, run);
        } finally {
            if (databaseUrl != null) dropSchema(databaseUrl);
        }
    }

    private StoreRun runPhases(BenchCluster cluster) {
        AnchorClient client = new AnchorClient(cluster.url(), cluster.apiKey());
        SquareWorkload workload = SquareWorkload.upload(client, module);
        CpuMeter cpu = new CpuMeter(cluster.coordinatorPid(), cluster.agentPids());
        AtomicLong inputs = new AtomicLong();
        List<LoadPhase> all = new ArrayList<>();
        if (options.warmupSeconds() > 0) {
            CpuMeter.Snapshot before = cpu.snapshot();
            LoadPhase warmup = LoadPhase.runFor("warm-up", workload, options.warmupSeconds(), options.concurrencies().getFirst(), inputs);
            print(warmup, CpuMeter.between(before, cpu.snapshot(), warmup.samples().size()));
            all.add(warmup);
        }
        // Throughput right after the warm-up, at its concurrency, so it measures the state the warm-up reached.
        List<Measured> loads = new ArrayList<>();
        for (int concurrency : options.concurrencies()) {
            loads.add(phase("throughput", workload, options.throughputTasks(), concurrency, inputs, cpu));
        }
        LoadPhase latency = phase("latency", workload, options.latencyTasks(), 1, inputs, cpu).phase();
        loads.forEach(m -> all.add(m.phase()));
        all.add(latency);
        return new StoreRun(all, loads, latency);
    }

    private void printTimelines(String storeUrl, StoreRun run) {
        out.println("   where the time went, from the coordinator's event stamps:");
        List<LoadPhase> phases = new ArrayList<>(run.loads().stream().map(Measured::phase).toList());
        phases.add(run.latency());
        for (LoadPhase phase : phases) {
            List<String> jobs = phase.samples().stream().map(SquareWorkload.Sample::jobId).filter(id -> id != null).toList();
            try {
                Timeline.Steps steps = Timeline.of(storeUrl, jobs.subList(Math.max(0, jobs.size() - 2_000), jobs.size()));
                out.printf("   %-11s %d in flight: %s%n", phase.name(), phase.concurrency(), steps.summary());
            } catch (SQLException | RuntimeException e) {
                out.println("   (cannot read the event stamps: " + e.getMessage() + ")");
                return;
            }
        }
    }

    private void addRows(Store store, String name, StoreRun run) {
        LoadPhase latency = run.latency();
        table.add(name, "latency p50, 1 in flight", latency.latency().p50(), "ms", Goal.AT_MOST, TARGET_P50_MS);
        table.add(name, "latency p99, 1 in flight", latency.latency().p99(), "ms", Goal.NONE, 0);
        int cores = Runtime.getRuntime().availableProcessors();
        for (Measured load : run.loads()) {
            String inFlight = load.phase().concurrency() + " in flight";
            table.add(name, "throughput, " + inFlight, load.phase().tasksPerSecond(), "tasks/s", Goal.AT_LEAST, TARGET_TASKS_PER_SECOND);
            table.add(name, "latency p50, " + inFlight, load.phase().latency().p50(), "ms", Goal.NONE, 0);
            table.add(name, "latency p99, " + inFlight, load.phase().latency().p99(), "ms", Goal.NONE, 0);
            // The target on this machine's cores leaves this much CPU per task for all parties together.
            table.add(name, "CPU per task, all parties, " + inFlight, load.cpu().ours(store == Store.POSTGRES), "ms", Goal.AT_MOST,
                    cores * 1_000 / TARGET_TASKS_PER_SECOND);
        }
        reportFailures(name, run.all());
    }

    /** A phase and the CPU each party spent in it. */
    private record Measured(LoadPhase phase, CpuMeter.Usage cpu) {}

    private Measured phase(String label, SquareWorkload workload, int tasks, int concurrency, AtomicLong inputs, CpuMeter cpu) {
        CpuMeter.Snapshot before = cpu.snapshot();
        LoadPhase phase = LoadPhase.run(label, workload, tasks, concurrency, inputs);
        CpuMeter.Usage usage = CpuMeter.between(before, cpu.snapshot(), phase.samples().size());
        print(phase, usage);
        return new Measured(phase, usage);
    }

    private void print(LoadPhase phase, CpuMeter.Usage usage) {
        out.printf("-- %s: %,d tasks, %d in flight, %.2f s, %,.0f tasks/s, %d wrong or failed%n", phase.name(), phase.samples().size(),
                phase.concurrency(), phase.wallNanos() / 1e9, phase.tasksPerSecond(), phase.failures().size());
        out.println("   tasks/s in each fifth of the phase: " + Arrays.toString(phase.ratesBySlice(5)));
        String line = "   %-43s %s%n";
        out.printf(line, "submit -> result", phase.latency().summary());
        out.printf(line, "  submit call (POST /jobs)", phase.submit().summary());
        out.printf(line, "  await (GET /jobs/{id}?waitMs)", phase.await().summary());
        out.printf(line, "coordinator createdAt -> finishedAt (1 ms)", phase.server().summary());
        out.printf(line, "guest run as the agent timed it (1 ms)", phase.guest().summary());
        out.println("   " + usage.summary());
    }

    private void reportFailures(String name, List<LoadPhase> phases) {
        List<String> failures = phases.stream().flatMap(p -> p.failures().stream()).toList();
        table.add(name, "wrong or failed results", failures.size(), "tasks", Goal.AT_MOST, 0);
        if (failures.isEmpty()) return;
        failed = true;
        out.printf("!!! %s: %d task(s) failed or answered wrongly; the first %d:%n", name, failures.size(),
                Math.min(FAILURES_SHOWN, failures.size()));
        failures.stream().limit(FAILURES_SHOWN).forEach(f -> out.println("    " + f));
    }

    private void dropSchema(String databaseUrl) {
        Matcher schema = Pattern.compile("currentSchema=(\\w+)").matcher(databaseUrl);
        if (!schema.find()) return;
        try (Connection connection = DriverManager.getConnection(TestingPostgres.URL);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema.group(1) + " CASCADE");
        } catch (SQLException e) {
            out.println("   (could not drop schema " + schema.group(1) + ": " + e.getMessage() + ")");
        }
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("cpu unknown");
        } catch (IOException | RuntimeException e) {
            return "cpu unknown";
        }
    }

    /** {@code examples/wasm/square.wasm}: system property {@code anchor.bench.module}, else found above the working directory. */
    private static Path squareModule() {
        String property = System.getProperty("anchor.bench.module");
        if (property != null) return Path.of(property);
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("examples/wasm/square.wasm");
            if (Files.exists(candidate)) return candidate;
        }
        throw new IllegalStateException("cannot find examples/wasm/square.wasm; run from the repository (bench/run does)");
    }
}

package dev.anchor.bench.runtimes;

import dev.anchor.spi.Runtime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The wasm runtime with fuel metering on (every module is instrumented; tasks get the node's default
 * fuel), on both of its fast engines, Chicory's compiler ({@code wasm.engine=compiler}, the default)
 * and V8 ({@code wasm.engine=v8}), against the same C kernels ({@code bench/peers/*.c}) built natively
 * with {@code gcc -O2} and run, uninstrumented, by node's WebAssembly ({@code node:wasi}); and a
 * cached module's instantiate+run on each engine.
 *
 * <p>The kernels time themselves with {@code clock_gettime} and print it, which native and node
 * report truthfully (process start excluded). Our wasm runtime freezes the guest's clock, so ours is
 * timed from Java around {@code runtime.run} with the kernel's size, less the median with size 0 (the
 * same module instantiated, its start-up and output, no work). Runs alternate between the four.
 */
final class WasmVsPeers {
    /** Kernel and argument, sized for about 50–100 ms natively here. */
    private static final List<List<String>> KERNELS = List.of(
            List.of("fib", "38"), List.of("matmul", "600"), List.of("mix", "40000"));
    private static final int WARMUP = 2;
    private static final int RUNS = 5;
    private static final int TRIVIAL_WARMUP = 2000;
    private static final int TRIVIAL_RUNS = 3000;

    private WasmVsPeers() {}

    static void run(Path root, Path work, Table table) throws Exception {
        var chicory = Spi.load("wasm", work, table, Map.of("wasm.engine", "compiler"));
        if (chicory.isEmpty()) return;
        Runtime v8 = null;
        try {
            v8 = Spi.load("wasm", work.resolve("v8"), table, Map.of("wasm.engine", "v8")).orElse(null);
        } catch (IllegalArgumentException e) {
            Spi.skip(table, "wasm v8", e.getMessage());
        }
        try (Runtime compiler = chicory.get(); Runtime v8Engine = v8) {
            trivial(root, compiler, "compiler", table);
            if (v8Engine != null) trivial(root, v8Engine, "v8", table);
            Path natives = Files.createDirectories(root.resolve("bench/target/peers"));
            var chicoryRatios = new ArrayList<Double>();
            var v8Ratios = new ArrayList<Double>();
            for (var kernel : KERNELS) {
                var ratios = kernel(root, natives, compiler, v8Engine, kernel.get(0), kernel.get(1), table);
                chicoryRatios.add(ratios[0]);
                if (v8Engine != null) v8Ratios.add(ratios[1]);
            }
            table.ratio("wasm", "Chicory compiler: geomean of the " + KERNELS.size() + " kernels vs native", "", "",
                    Samples.geomean(chicoryRatios), Table.Goal.AT_MOST, 3.0);
            if (v8Engine != null) {
                table.ratio("wasm", "V8: geomean of the " + KERNELS.size() + " kernels vs native", "", "",
                        Samples.geomean(v8Ratios), Table.Goal.AT_MOST, 1.3);
            }
        }
    }

    private static void trivial(Path root, Runtime wasm, String engine, Table table) throws Exception {
        var code = Spi.code(Files.readAllBytes(root.resolve("examples/wasm/square.wasm")));
        for (int i = 0; i < TRIVIAL_WARMUP; i++) Spi.run(wasm, Spi.task(code, "12", List.of(), Map.of()));
        var nanos = new ArrayList<Long>();
        for (int i = 0; i < TRIVIAL_RUNS; i++) nanos.add(Spi.time(wasm, Spi.task(code, "12", List.of(), Map.of())));
        var samples = Samples.of(nanos);
        System.err.printf("wasm %s: cached square.wasm instantiate+run: p50 %.1f µs, p99 %.1f µs (%d runs)%n",
                engine, samples.p50() * 1000, samples.millis(0.99) * 1000, nanos.size());
        table.absolute("wasm", engine + ": cached module instantiate+run, p50", samples.p50(), "", 0.1);
    }

    /** Returns {Chicory / native, V8 / native} for one kernel (the second NaN without V8). */
    private static double[] kernel(Path root, Path natives, Runtime chicory, Runtime v8, String name, String size,
            Table table) throws Exception {
        Path binary = natives.resolve(name);
        Commands.run(root, List.of("gcc", "-O2", "-o", binary.toString(), "bench/peers/" + name + ".c"));
        Path module = root.resolve("bench/peers/" + name + ".wasm");
        var code = Spi.code(Files.readAllBytes(module));
        var nodeCommand = List.of("node", "--no-warnings", "bench/peers/wasi-run.mjs", module.toString(), size);
        var chicoryRuns = new Ours();
        var v8Runs = new Ours();
        var gcc = new ArrayList<Long>();
        var node = new ArrayList<Long>();
        for (int i = 0; i < WARMUP + RUNS; i++) {
            boolean keep = i >= WARMUP;
            String output = chicoryRuns.measure(chicory, code, size, keep);
            String v8Output = v8 == null ? output : v8Runs.measure(v8, code, size, keep);
            String nativeOutput = Commands.run(root, List.of(binary.toString(), size));
            String nodeOutput = Commands.run(root, nodeCommand);
            String sum = Commands.checksum(nativeOutput);
            if (!Commands.checksum(output).equals(sum) || !Commands.checksum(v8Output).equals(sum)
                    || !Commands.checksum(nodeOutput).equals(sum)) {
                throw new IllegalStateException(name + ": checksums differ: chicory " + output.trim() + ", v8 "
                        + v8Output.trim() + ", native " + nativeOutput.trim() + ", node " + nodeOutput.trim());
            }
            if (!keep) continue;
            gcc.add(Commands.reportedNanos(nativeOutput));
            node.add(Commands.reportedNanos(nodeOutput));
        }
        double nativeMs = Samples.of(gcc).p50();
        double nodeMs = Samples.of(node).p50();
        double chicoryMs = chicoryRuns.millis();
        System.err.printf("wasm %-7s %-6s chicory %.1f ms, v8 %s, gcc -O2 %.1f ms, node %.1f ms%n", name, size,
                chicoryMs, v8 == null ? "-" : String.format("%.1f ms", v8Runs.millis()), nativeMs, nodeMs);
        table.ratio("wasm", "Chicory " + name + "(" + size + ") vs gcc -O2 / node", Table.ms(chicoryMs),
                Table.ms(nativeMs) + " / " + Table.ms(nodeMs), chicoryMs / nativeMs, Table.Goal.NONE, 0);
        double v8Ratio = Double.NaN;
        if (v8 != null) {
            double v8Ms = v8Runs.millis();
            v8Ratio = v8Ms / nativeMs;
            table.ratio("wasm", "V8 " + name + "(" + size + ") vs gcc -O2 / node", Table.ms(v8Ms),
                    Table.ms(nativeMs) + " / " + Table.ms(nodeMs), v8Ratio, Table.Goal.NONE, 0);
        }
        return new double[] {chicoryMs / nativeMs, v8Ratio};
    }

    /** One engine's runs of a kernel: the sized run and the size-0 baseline, alternating. */
    private static final class Ours {
        private final List<Long> runs = new ArrayList<>();
        private final List<Long> baselines = new ArrayList<>();

        String measure(Runtime wasm, dev.anchor.spi.TaskContext.Code code, String size, boolean keep) throws Exception {
            long base = Spi.time(wasm, Spi.task(code, "", List.of("0"), Map.of()));
            long start = System.nanoTime();
            String output = Spi.run(wasm, Spi.task(code, "", List.of(size), Map.of()));
            long run = System.nanoTime() - start;
            if (keep) {
                baselines.add(base);
                runs.add(run);
            }
            return output;
        }

        double millis() {
            return Samples.of(runs).p50() - Samples.of(baselines).p50();
        }
    }
}

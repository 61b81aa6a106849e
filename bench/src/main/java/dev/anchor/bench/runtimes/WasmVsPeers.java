package dev.anchor.bench.runtimes;

import dev.anchor.spi.Runtime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The wasm runtime (Chicory's compiler engine, the default; no fuel metering, which does not exist
 * yet) against the same C kernels ({@code bench/peers/*.c}) built natively with {@code gcc -O2} and
 * run as wasm by node's WebAssembly ({@code node:wasi}); and a cached module's instantiate+run.
 *
 * <p>The kernels time themselves with {@code clock_gettime} and print it, which native and node
 * report truthfully (process start excluded). Our wasm runtime freezes the guest's clock, so ours is
 * timed from Java around {@code runtime.run} with the kernel's size, less the median with size 0 (the
 * same module instantiated, its start-up and output, no work). Runs alternate between the three.
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
        var loaded = Spi.load("wasm", work, table);
        if (loaded.isEmpty()) return;
        try (Runtime wasm = loaded.get()) {
            trivial(root, wasm, table);
            Path natives = Files.createDirectories(root.resolve("bench/target/peers"));
            var ratios = new ArrayList<Double>();
            for (var kernel : KERNELS) {
                ratios.add(kernel(root, natives, wasm, kernel.get(0), kernel.get(1), table));
            }
            table.ratio("wasm", "geomean of the " + KERNELS.size() + " kernels vs native", "", "",
                    Samples.geomean(ratios), Table.Goal.AT_MOST, 3.0);
        }
    }

    private static void trivial(Path root, Runtime wasm, Table table) throws Exception {
        var code = Spi.code(Files.readAllBytes(root.resolve("examples/wasm/square.wasm")));
        for (int i = 0; i < TRIVIAL_WARMUP; i++) Spi.run(wasm, Spi.task(code, "12", List.of(), Map.of()));
        var nanos = new ArrayList<Long>();
        for (int i = 0; i < TRIVIAL_RUNS; i++) nanos.add(Spi.time(wasm, Spi.task(code, "12", List.of(), Map.of())));
        var samples = Samples.of(nanos);
        System.err.printf("wasm cached square.wasm instantiate+run: p50 %.1f µs, p99 %.1f µs (%d runs)%n",
                samples.p50() * 1000, samples.millis(0.99) * 1000, nanos.size());
        table.absolute("wasm", "cached module instantiate+run, p50", samples.p50(), "", 0.1);
    }

    /** Returns ours / native for one kernel. */
    private static double kernel(Path root, Path natives, Runtime wasm, String name, String size, Table table)
            throws Exception {
        Path binary = natives.resolve(name);
        Commands.run(root, List.of("gcc", "-O2", "-o", binary.toString(), "bench/peers/" + name + ".c"));
        Path module = root.resolve("bench/peers/" + name + ".wasm");
        var code = Spi.code(Files.readAllBytes(module));
        var nodeCommand = List.of("node", "--no-warnings", "bench/peers/wasi-run.mjs", module.toString(), size);
        var ours = new ArrayList<Long>();
        var base = new ArrayList<Long>();
        var gcc = new ArrayList<Long>();
        var node = new ArrayList<Long>();
        for (int i = 0; i < WARMUP + RUNS; i++) {
            long b = Spi.time(wasm, Spi.task(code, "", List.of("0"), Map.of()));
            long start = System.nanoTime();
            String output = Spi.run(wasm, Spi.task(code, "", List.of(size), Map.of()));
            long o = System.nanoTime() - start;
            String nativeOutput = Commands.run(root, List.of(binary.toString(), size));
            String nodeOutput = Commands.run(root, nodeCommand);
            String sum = Commands.checksum(nativeOutput);
            if (!Commands.checksum(output).equals(sum) || !Commands.checksum(nodeOutput).equals(sum)) {
                throw new IllegalStateException(name + ": checksums differ: ours " + output.trim() + ", native "
                        + nativeOutput.trim() + ", node " + nodeOutput.trim());
            }
            if (i < WARMUP) continue;
            base.add(b);
            ours.add(o);
            gcc.add(Commands.reportedNanos(nativeOutput));
            node.add(Commands.reportedNanos(nodeOutput));
        }
        double baseMs = Samples.of(base).p50();
        double oursMs = Samples.of(ours).p50() - baseMs;
        double nativeMs = Samples.of(gcc).p50();
        double nodeMs = Samples.of(node).p50();
        System.err.printf("wasm %-7s %-6s ours %.1f ms (run %.1f − baseline %.1f), gcc -O2 %.1f ms, node %.1f ms%n",
                name, size, oursMs, Samples.of(ours).p50(), baseMs, nativeMs, nodeMs);
        double ratio = oursMs / nativeMs;
        table.ratio("wasm", name + "(" + size + ") vs gcc -O2", Table.ms(oursMs), Table.ms(nativeMs), ratio,
                Table.Goal.NONE, 0);
        table.ratio("wasm", name + "(" + size + ") vs node WebAssembly", Table.ms(oursMs), Table.ms(nodeMs),
                oursMs / nodeMs, Table.Goal.NONE, 0);
        return ratio;
    }
}

package dev.anchor.bench.runtimes;

import dev.anchor.spi.Runtime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The js runtime against {@code node} on the same scripts ({@code bench/peers/js}: each defines
 * {@code work()}), and the js runtime's isolate create+run+dispose of {@code 1+1}.
 *
 * <p>Our runtime freezes the clock a script sees, so ours is timed from Java around
 * {@code runtime.run} of a script that calls {@code work()}, less the median of the same source that
 * does not call it (isolate, sandbox set-up, compile and output stay in the baseline). Node is timed
 * inside with {@code process.hrtime} around {@code work()}, in a fresh process per run, so both are a
 * cold isolate's first call. Runs alternate between the two.
 */
final class JsVsNode {
    private static final List<String> SCRIPTS = List.of("fib", "sieve", "json", "strings");
    private static final int WARMUP = 2;
    private static final int RUNS = 7;
    private static final int ISOLATE_WARMUP = 200;
    private static final int ISOLATE_RUNS = 1000;

    private JsVsNode() {}

    static void run(Path root, Path work, Table table) throws Exception {
        var loaded = Spi.load("js", work, table);
        if (loaded.isEmpty()) return;
        try (Runtime js = loaded.get()) {
            isolate(js, table);
            var ratios = new ArrayList<Double>();
            for (String name : SCRIPTS) {
                String source = Files.readString(root.resolve("bench/peers/js/" + name + ".js"));
                ratios.add(script(js, root, name, source, table));
            }
            table.ratio("js", "geomean of the " + SCRIPTS.size() + " scripts (speed vs node)", "", "",
                    Samples.geomean(ratios), Table.Goal.AT_LEAST, 0.95);
        }
    }

    private static void isolate(Runtime js, Table table) throws InterruptedException {
        var code = Spi.code("1+1".getBytes());
        for (int i = 0; i < ISOLATE_WARMUP; i++) Spi.run(js, Spi.task(code, "", List.of(), Map.of()));
        var nanos = new ArrayList<Long>();
        for (int i = 0; i < ISOLATE_RUNS; i++) nanos.add(Spi.time(js, Spi.task(code, "", List.of(), Map.of())));
        var samples = Samples.of(nanos);
        System.err.printf("js isolate create+run+dispose of 1+1: p50 %.3f ms, p99 %.3f ms (%d runs)%n",
                samples.p50(), samples.millis(0.99), nanos.size());
        table.absolute("js", "isolate create+run+dispose `1+1`, p50", samples.p50(), "", 2.0);
    }

    /** Returns node's time / ours for one script. */
    private static double script(Runtime js, Path root, String name, String source, Table table) throws Exception {
        var withWork = Spi.code((source + "\nString(work())\n").getBytes());
        var baseline = Spi.code((source + "\n'0'\n").getBytes());
        var node = List.of("node", "-e", source + "\nconst t0 = process.hrtime.bigint(); const r = work();"
                + " const ns = process.hrtime.bigint() - t0; console.log(String(r) + ' ns=' + ns);");
        var ours = new ArrayList<Long>();
        var base = new ArrayList<Long>();
        var peer = new ArrayList<Long>();
        String expected = null;
        for (int i = 0; i < WARMUP + RUNS; i++) {
            long b = Spi.time(js, Spi.task(baseline, "", List.of(), Map.of()));
            long start = System.nanoTime();
            String output = Spi.run(js, Spi.task(withWork, "", List.of(), Map.of())).trim();
            long o = System.nanoTime() - start;
            String nodeOutput = Commands.run(root, node);
            if (expected == null) expected = Commands.checksum(nodeOutput);
            if (!output.equals(expected)) throw new IllegalStateException(name + ": ours " + output + ", node " + expected);
            if (i < WARMUP) continue;
            base.add(b);
            ours.add(o);
            peer.add(Commands.reportedNanos(nodeOutput));
        }
        double baseMs = Samples.of(base).p50();
        double oursMs = Samples.of(ours).p50() - baseMs;
        double nodeMs = Samples.of(peer).p50();
        System.err.printf("js %-8s ours %.1f ms (run %.1f − baseline %.1f), node %.1f ms (min %.1f)%n", name, oursMs,
                Samples.of(ours).p50(), baseMs, nodeMs, Samples.of(peer).min());
        double ratio = nodeMs / oursMs;
        table.ratio("js", name + ".js, median of " + RUNS, Table.ms(oursMs), Table.ms(nodeMs), ratio, Table.Goal.AT_LEAST, 0.95);
        return ratio;
    }
}

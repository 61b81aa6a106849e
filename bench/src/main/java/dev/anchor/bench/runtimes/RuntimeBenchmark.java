package dev.anchor.bench.runtimes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Issue 3's runtime benchmark, in one run: js vs node, wasm vs gcc -O2 and node's WebAssembly,
 * container vs bare docker run, process vs bare bwrap; then the table of figures, ratios, targets and
 * verdicts. Arguments name the parts to run ({@code js wasm process container}; default all). Exits 0
 * whatever the figures are; non-zero only when a part errored.
 */
public final class RuntimeBenchmark {
    private static final List<String> PARTS = List.of("js", "wasm", "process", "container");

    private RuntimeBenchmark() {}

    public static void main(String[] args) throws Exception {
        Set<String> parts = new LinkedHashSet<>(args.length == 0 ? PARTS : List.of(args));
        for (String part : parts) {
            if (!PARTS.contains(part)) {
                System.err.println("usage: bench/run-runtimes [" + String.join("|", PARTS) + "]...");
                System.exit(2);
            }
        }
        Path root = Path.of(System.getProperty("anchor.root", ".")).toAbsolutePath().normalize();
        Path work = Files.createDirectories(root.resolve("bench/target/runtimes"));
        var table = new Table();
        boolean failed = false;
        for (String part : parts) {
            System.err.println("== " + part);
            try {
                switch (part) {
                    case "js" -> JsVsNode.run(root, work, table);
                    case "wasm" -> WasmVsPeers.run(root, work, table);
                    case "process" -> SandboxVsBare.process(root, work, table);
                    case "container" -> SandboxVsBare.container(root, work, table);
                    default -> throw new AssertionError(part);
                }
            } catch (Exception e) {
                failed = true;
                System.err.println("!!! " + part + " errored: " + e);
                e.printStackTrace();
                table.note(part, "(all)", "ERRORED: " + e.getMessage());
            }
        }
        System.out.printf("%nruntime benchmark, %s, %d cores, %s%n%n", LocalDate.now(),
                java.lang.Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
        table.print(System.out);
        System.out.println("wasm: fuel metering on (node default fuel); Chicory compiler engine and V8 engine, module caches warm.");
        System.exit(failed ? 1 : 0);
    }
}

package dev.anchor.bench.runtimes;

import dev.anchor.spi.Runtime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The container runtime against a bare {@code docker run --rm} of the same image and command, and the
 * process runtime against a bare {@code bwrap} with a comparable flag set. Each side's wall time is
 * start to exit with the output read; runs alternate between ours and the peer.
 */
final class SandboxVsBare {
    static final String IMAGE = System.getenv().getOrDefault("ANCHOR_TEST_IMAGE", "anchor-test/busybox:1");
    private static final List<String> COMMAND = List.of("sh", "-c", "echo hello");
    private static final List<String> BWRAP = List.of("bwrap", "--unshare-all", "--die-with-parent",
            "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib",
            "--symlink", "usr/lib64", "/lib64", "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp");

    private SandboxVsBare() {}

    static void process(Path root, Path work, Table table) throws Exception {
        var loaded = Spi.load("process", work, table);
        if (loaded.isEmpty()) return;
        var bare = new ArrayList<>(BWRAP);
        bare.addAll(COMMAND);
        try (Runtime process = loaded.get()) {
            compare(root, process, Map.of("command", COMMAND), bare, 3, 20, "bare bwrap", table);
        }
    }

    static void container(Path root, Path work, Table table) throws Exception {
        var loaded = Spi.load("container", work, table);
        if (loaded.isEmpty()) return;
        var bare = new ArrayList<>(List.of("docker", "run", "--rm", IMAGE));
        bare.addAll(COMMAND);
        try (Runtime container = loaded.get()) {
            compare(root, container, Map.of("image", IMAGE, "command", COMMAND), bare, 2, 10, "bare docker run", table);
        }
    }

    private static void compare(Path root, Runtime runtime, Map<String, Object> payload, List<String> bare, int warmup,
            int runs, String peerName, Table table) throws Exception {
        var ours = new ArrayList<Long>();
        var peer = new ArrayList<Long>();
        for (int i = 0; i < warmup + runs; i++) {
            long start = System.nanoTime();
            String output = Spi.run(runtime, Spi.task(null, "", List.of(), payload));
            long o = System.nanoTime() - start;
            if (!output.equals("hello\n")) throw new IllegalStateException(runtime.name() + " printed " + output);
            long p = Commands.time(root, bare);
            if (i < warmup) continue;
            ours.add(o);
            peer.add(p);
        }
        var o = Samples.of(ours);
        var p = Samples.of(peer);
        System.err.printf("%-9s ours p50 %.1f ms (min %.1f), %s p50 %.1f ms (min %.1f), %d runs each%n", runtime.name(),
                o.p50(), o.min(), peerName, p.p50(), p.min(), runs);
        boolean container = runtime.name().equals("container");
        table.ratio(runtime.name(), "echo hello vs " + peerName + ", p50 of " + runs, Table.ms(o.p50()),
                Table.ms(p.p50()), o.p50() / p.p50(), container ? Table.Goal.AT_MOST : Table.Goal.NONE,
                container ? 1.1 : 0);
    }
}

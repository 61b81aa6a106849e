package dev.anchor.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of its own for a test that stops and starts the server: made with Debian's
 * {@code pg_createcluster} (trust authentication, a free port), driven with {@code pg_ctlcluster}, and
 * dropped on {@link #close()}. The shared server on 5432 stays up, so tests that use it are not
 * disturbed. Without the tools (or without root) the test is skipped loudly, and under {@code CI=true}
 * that fails.
 */
final class ThrowawayPostgres implements AutoCloseable {
    private final String version;
    private final String name;
    private final int port;

    private ThrowawayPostgres(String version, String name, int port) {
        this.version = version;
        this.name = name;
        this.port = port;
    }

    static ThrowawayPostgres create() {
        String version = installedVersion();
        String name = "anchor_it_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
        int port = freePort();
        ThrowawayPostgres cluster = new ThrowawayPostgres(version, name, port);
        cluster.run("pg_createcluster", version, name, "-p", Integer.toString(port), "--start", "--",
                "--auth-host=trust", "--auth-local=trust");
        return cluster;
    }

    private static String installedVersion() {
        Path etc = Path.of("/etc/postgresql");
        String reason = null;
        if (!Files.isDirectory(etc) || !Files.isExecutable(Path.of("/usr/bin/pg_createcluster"))
                || !Files.isExecutable(Path.of("/usr/bin/pg_ctlcluster"))) {
            reason = "pg_createcluster/pg_ctlcluster (Debian postgresql-common) are not installed";
        } else if (!"root".equals(System.getProperty("user.name"))) {
            reason = "making a PostgreSQL cluster needs root";
        }
        if (reason == null) {
            try (Stream<Path> versions = Files.list(etc)) {
                var newest = versions.map(p -> p.getFileName().toString()).filter(v -> v.matches("\\d+"))
                        .max(Comparator.comparingInt(Integer::parseInt));
                if (newest.isPresent()) return newest.get();
                reason = "no PostgreSQL version under " + etc;
            } catch (IOException e) {
                reason = "cannot read " + etc + ": " + e.getMessage();
            }
        }
        if ("true".equals(System.getenv("CI"))) throw new AssertionError(reason + "; under CI=true this is a failure");
        System.err.println("!!! SKIPPING PostgreSQL outage test: " + reason);
        assumeTrue(false, reason);
        throw new IllegalStateException("unreachable");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    /** Stops the server (fast shutdown: sessions are ended, as in a restart by an operator). */
    void stop() {
        run("pg_ctlcluster", version, name, "stop", "-m", "fast");
    }

    void start() {
        run("pg_ctlcluster", version, name, "start");
    }

    private void run(String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        try {
            Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", args) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Drops the cluster, stopping it first. */
    @Override
    public void close() {
        run("pg_dropcluster", "--stop", version, name);
    }
}

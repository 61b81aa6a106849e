package dev.anchor.bench;

import static java.util.Objects.requireNonNull;

import dev.anchor.api.CliConfig;
import dev.anchor.testing.AnchorProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One coordinator process and its agent processes under one directory, stopped together by
 * {@link #close()}. The coordinator is started here rather than with {@link AnchorProcess#coordinator}
 * because the harness needs the admin API key, which a coordinator only writes to its CLI config, and
 * {@code AnchorProcess} starts it with {@code --no-cli-config}. Agents are plain {@link AnchorProcess}es.
 */
final class BenchCluster implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("anchor coordinator at (http://\\S+)");
    private static final long LEASE_TIMEOUT_MS = 15_000;

    private final Process coordinator;
    private final List<AnchorProcess> agents = new ArrayList<>();
    private final String url;
    private final String apiKey;
    private final Path directory;

    private BenchCluster(Process coordinator, String url, String apiKey, Path directory) {
        this.coordinator = requireNonNull(coordinator, "coordinator is null");
        this.url = requireNonNull(url, "url is null");
        this.apiKey = requireNonNull(apiKey, "apiKey is null");
        this.directory = requireNonNull(directory, "directory is null");
    }

    /**
     * Starts a coordinator on a free port ({@code databaseUrl} null for SQLite in its data directory),
     * then {@code agentCount} agents with {@code slots} each, and answers once all have registered.
     */
    static BenchCluster start(Path directory, String databaseUrl, int agentCount, int slots) {
        Path data = directory.resolve("coordinator");
        BenchCluster cluster = startCoordinator(data, databaseUrl);
        try {
            String joinToken = AnchorProcess.joinToken(data);
            for (int i = 0; i < agentCount; i++) {
                cluster.agents.add(AnchorProcess.agent(cluster.url, joinToken, directory.resolve("agent-" + i), slots));
            }
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private static BenchCluster startCoordinator(Path data, String databaseUrl) {
        Path log = data.resolve("coordinator.log");
        Path cliConfig = data.resolve("cli-config.json");
        List<String> command = new ArrayList<>(List.of(javaBinary(), "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-jar",
                AnchorProcess.jar().toString(), "server", "--port", "0", "--data", data.toString(),
                "--lease-timeout", Long.toString(LEASE_TIMEOUT_MS)));
        if (databaseUrl != null) command.addAll(List.of("--db", databaseUrl));
        Process process;
        try {
            Files.createDirectories(data);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("ANCHOR_CONFIG", cliConfig.toString());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the coordinator", e);
        }
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("coordinator-log").start(() -> pump(process, log, ready));
        try {
            String url = ready.get(60, TimeUnit.SECONDS);
            // The coordinator writes its CLI config before it prints the ready line.
            String apiKey = CliConfig.read(cliConfig).map(CliConfig::apiKey)
                    .orElseThrow(() -> new IllegalStateException("the coordinator wrote no admin key to " + cliConfig));
            return new BenchCluster(process, url, apiKey, data.getParent());
        } catch (TimeoutException | ExecutionException | RuntimeException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the coordinator did not become ready; see " + log, e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the coordinator", e);
        }
    }

    private static void pump(Process process, Path log, CompletableFuture<String> ready) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                     StandardOpenOption.CREATE, StandardOpenOption.APPEND), true)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                out.println(line);
                Matcher matcher = READY.matcher(line);
                if (!ready.isDone() && matcher.find()) ready.complete(matcher.group(1));
            }
        } catch (IOException ignored) {
            // The process ended; its exit is reported below.
        }
        ready.completeExceptionally(new IllegalStateException("the coordinator exited before it was ready"));
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    String url() {
        return url;
    }

    String apiKey() {
        return apiKey;
    }

    /** Where the processes keep their data and logs. */
    Path directory() {
        return directory;
    }

    /** For CPU accounting and for attaching a profiler from outside (jcmd, async-profiler). */
    long coordinatorPid() {
        return coordinator.pid();
    }

    List<Long> agentPids() {
        return agents.stream().map(AnchorProcess::pid).toList();
    }

    /** Stops the agents, then the coordinator (SIGTERM, SIGKILL after 10 s). Safe to call twice. */
    @Override
    public void close() {
        agents.forEach(AnchorProcess::close);
        coordinator.destroy();
        try {
            if (!coordinator.waitFor(10, TimeUnit.SECONDS)) coordinator.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            coordinator.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

package dev.anchor.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code anchor} process (coordinator or agent) started from the shaded jar. Its output goes to
 * a log file next to its data, and the process is ready when it prints its ready line.
 */
public final class AnchorProcess implements AutoCloseable {
    private static final Pattern COORDINATOR_READY = Pattern.compile("anchor coordinator at (http://\\S+)");
    private static final Pattern AGENT_READY = Pattern.compile("anchor agent (\\S+) serving");

    private final Process process;
    private final String readyValue;
    private final Path log;

    private AnchorProcess(Process process, String readyValue, Path log) {
        this.process = process;
        this.readyValue = readyValue;
        this.log = log;
    }

    /** The shaded jar: system property {@code anchor.jar}, else {@code cli/target/anchor.jar} above the working directory. */
    public static Path jar() {
        String property = System.getProperty("anchor.jar");
        if (property != null) return Path.of(property);
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("cli/target/anchor.jar");
            if (Files.exists(candidate)) return candidate;
        }
        throw new IllegalStateException("cannot find cli/target/anchor.jar; build it with ./mvnw -pl cli -am package");
    }

    /**
     * Starts {@code anchor server} on {@code port} (0 for any) and waits until it serves. Its CLI config
     * (with the admin key made at first start) is {@code cli-config.json} in the data directory.
     */
    public static AnchorProcess coordinator(Path data, int port, String databaseUrl, long leaseTimeoutMs, String... extra) {
        List<String> args = new ArrayList<>(List.of("server", "--port", Integer.toString(port), "--data", data.toString(),
                "--lease-timeout", Long.toString(leaseTimeoutMs)));
        if (databaseUrl != null) args.addAll(List.of("--db", databaseUrl));
        args.addAll(List.of(extra));
        return start(args, data.resolve("coordinator.log"), COORDINATOR_READY);
    }

    /** Starts {@code anchor agent} and waits until it has registered. */
    public static AnchorProcess agent(String coordinatorUrl, String joinToken, Path data, int slots) {
        return start(List.of("agent", "--coordinator", coordinatorUrl, "--join-token", joinToken, "--data", data.toString(),
                "--slots", Integer.toString(slots)), data.resolve("agent.log"), AGENT_READY);
    }

    /** Starts an agent that journals every attempt it executes to {@code journal.txt} in its data directory. */
    public static AnchorProcess journalingAgent(String coordinatorUrl, String joinToken, Path data, int slots) {
        return start(List.of("agent", "--coordinator", coordinatorUrl, "--join-token", joinToken, "--data", data.toString(),
                "--slots", Integer.toString(slots), "--journal", data.resolve("journal.txt").toString()), data.resolve("agent.log"),
                AGENT_READY);
    }

    /** Starts an agent with extra command-line arguments (e.g. {@code --sandbox-workers}). */
    public static AnchorProcess agent(String coordinatorUrl, String joinToken, Path data, int slots, String... extra) {
        List<String> args = new ArrayList<>(List.of("agent", "--coordinator", coordinatorUrl, "--join-token", joinToken,
                "--data", data.toString(), "--slots", Integer.toString(slots)));
        args.addAll(List.of(extra));
        return start(args, data.resolve("agent.log"), AGENT_READY);
    }

    /**
     * Starts an agent whose command line begins with {@code prefix} (e.g. {@code ip netns exec NS}, which
     * runs it inside a network namespace). {@code coordinatorUrls} may list several, separated by commas.
     */
    public static AnchorProcess agentWithPrefix(List<String> prefix, String coordinatorUrls, String joinToken, Path data, int slots,
                                                String... extra) {
        List<String> args = new ArrayList<>(List.of("agent", "--coordinator", coordinatorUrls, "--join-token", joinToken,
                "--data", data.toString(), "--slots", Integer.toString(slots), "--journal", data.resolve("journal.txt").toString()));
        args.addAll(List.of(extra));
        return start(prefix, args, data.resolve("agent.log"), AGENT_READY);
    }

    /** Starts an agent with extra environment variables (e.g. the test-only {@code ANCHOR_TEST_MISBEHAVE}). */
    public static AnchorProcess agentWithEnvironment(String coordinatorUrl, String joinToken, Path data, int slots,
                                                     java.util.Map<String, String> environment) {
        return start(List.of(), List.of("agent", "--coordinator", coordinatorUrl, "--join-token", joinToken, "--data", data.toString(),
                "--slots", Integer.toString(slots)), data.resolve("agent.log"), AGENT_READY, environment);
    }

    private static AnchorProcess start(List<String> args, Path log, Pattern ready) {
        return start(List.of(), args, log, ready);
    }

    private static AnchorProcess start(List<String> prefix, List<String> args, Path log, Pattern ready) {
        return start(prefix, args, log, ready, java.util.Map.of());
    }

    private static AnchorProcess start(List<String> prefix, List<String> args, Path log, Pattern ready,
                                       java.util.Map<String, String> environment) {
        try {
            Files.createDirectories(log.getParent());
            List<String> command = new ArrayList<>(prefix);
            command.addAll(List.of(javaBinary(), "--enable-native-access=ALL-UNNAMED", "-Xmx512m"));
            // Extra JVM options for every process started here, e.g. a flight recording while profiling a benchmark.
            String extra = System.getenv().getOrDefault("ANCHOR_PROCESS_JAVA_OPTS", "").trim();
            if (!extra.isEmpty()) command.addAll(List.of(extra.split("\\s+")));
            command.addAll(List.of("-jar", jar().toString()));
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("ANCHOR_CONFIG", log.getParent().resolve("cli-config.json").toString());
            builder.environment().putAll(environment);
            Process process = builder.start();
            CompletableFuture<String> readyValue = new CompletableFuture<>();
            Thread pump = new Thread(() -> pump(process, log, ready, readyValue), "pump-" + log.getFileName());
            pump.setDaemon(true);
            pump.start();
            try {
                return new AnchorProcess(process, readyValue.get(60, TimeUnit.SECONDS), log);
            } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                process.destroyForcibly();
                throw new IllegalStateException("process did not become ready; its log: " + log + "\n" + tail(log), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void pump(Process process, Path log, Pattern ready, CompletableFuture<String> readyValue) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                     java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND), true)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                out.println(line);
                Matcher matcher = ready.matcher(line);
                if (!readyValue.isDone() && matcher.find()) readyValue.complete(matcher.group(1));
            }
        } catch (IOException ignored) {
            // The process ended.
        }
        // The output can end a moment before the process does; wait for its exit code.
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        readyValue.completeExceptionally(new IllegalStateException("process ended"
                + (process.isAlive() ? "" : " with exit code " + process.exitValue())));
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** The coordinator's URL, or the agent's node id. */
    public String readyValue() {
        return readyValue;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** SIGKILL: no shutdown hooks, no flushing, exactly like a crash. */
    public void kill9() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGSTOP: the process freezes where it is (a long GC pause, a hung VM), holding its sockets. */
    public void freeze() {
        signal("STOP");
    }

    /** SIGCONT after {@link #freeze()}: the process goes on as if nothing happened. */
    public void thaw() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The admin API key a coordinator wrote at first start to {@code cli-config.json} in its data directory. */
    public static String adminKey(Path coordinatorData) {
        try {
            return dev.anchor.api.Json.mapper().readTree(coordinatorData.resolve("cli-config.json").toFile()).get("apiKey").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The join token a coordinator wrote to its data directory. */
    public static String joinToken(Path coordinatorData) {
        try {
            return Files.readString(coordinatorData.resolve("join-token")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

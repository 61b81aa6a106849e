package dev.anchor.agent.telemetry;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs {@code nvidia-smi} once and parses what it prints. A missing binary, a hung driver (the call is
 * killed after its timeout), a failing exit or unreadable text all give no GPUs and a reason, never an
 * exception. Thread-safe; each {@link #probe()} starts a process, so callers cache (see {@link GpuMonitor}).
 */
public final class NvidiaSmi {
    private static final int MAX_OUTPUT = 64 * 1024;

    private final List<String> command;
    private final Duration timeout;

    /** A probe that runs {@code executable} (normally {@code nvidia-smi}) with the query arguments. */
    public NvidiaSmi(String executable, Duration timeout) {
        this(List.of(requireNonNull(executable, "executable is null"), "--query-gpu=" + NvidiaSmiParser.QUERY,
                "--format=csv,noheader,nounits"), timeout);
    }

    /** A probe running {@code command} as given (tests use a script standing in for the tool). */
    NvidiaSmi(List<String> command, Duration timeout) {
        this.command = List.copyOf(command);
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /** The default probe: {@code nvidia-smi} from the PATH, killed after 5 seconds. */
    public static NvidiaSmi onPath() {
        return new NvidiaSmi("nvidia-smi", Duration.ofSeconds(5));
    }

    /** Whether the failure says the tool is not installed (worth probing again later or not). */
    public record Probe(NvidiaSmiParser.Result result, boolean absent) {}

    public Probe probe() {
        Process process;
        try {
            process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            return new Probe(NvidiaSmiParser.Result.none("no " + command.getFirst() + " here (" + e.getMessage() + "): reporting no GPUs"), true);
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readCapped(process.getInputStream()),
                work -> Thread.ofVirtual().name("nvidia-smi-output").start(work));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Probe(NvidiaSmiParser.Result.none(command.getFirst() + " did not answer within " + timeout.toMillis()
                        + " ms (a hung driver?); killed it"), false);
            }
            String text = output.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (process.exitValue() != 0) {
                String first = text.strip().lines().findFirst().orElse("(no output)");
                return new Probe(NvidiaSmiParser.Result.none(command.getFirst() + " exited with code " + process.exitValue() + ": " + first),
                        false);
            }
            return new Probe(NvidiaSmiParser.parse(text), false);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Probe(NvidiaSmiParser.Result.none("interrupted while waiting for " + command.getFirst()), false);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            return new Probe(NvidiaSmiParser.Result.none("cannot read the output of " + command.getFirst() + ": " + e), false);
        }
    }

    private static String readCapped(InputStream in) {
        try (in) {
            byte[] bytes = in.readNBytes(MAX_OUTPUT);
            in.transferTo(java.io.OutputStream.nullOutputStream()); // Drain the rest so the process never blocks on a full pipe.
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}

package dev.anchor.agent.worker;

import dev.anchor.spi.RunResult;
import dev.anchor.spi.Runtime;
import dev.anchor.spi.RuntimeProvider;
import dev.anchor.spi.RuntimeSettings;
import dev.anchor.spi.Usage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * A worker JVM's entry point: loads the runtimes it is told to (once, so their caches stay warm), then
 * runs one task at a time as the agent sends them, streaming log lines and ending each with a result.
 * Exits when its stdin closes (the agent went away or retired it).
 *
 * <p>stdout carries the protocol, so everything else that would print there goes to stderr.
 */
public final class WorkerMain {
    private final DataOutputStream out;
    private final Map<String, Runtime> runtimes;
    private volatile Thread current;

    private WorkerMain(DataOutputStream out, Map<String, Runtime> runtimes) {
        this.out = out;
        this.runtimes = runtimes;
    }

    public static void main(String[] args) throws IOException {
        var out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
        System.setOut(System.err);
        var in = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16));
        Frame init;
        try {
            init = Frame.read(in);
        } catch (EOFException e) {
            return;
        }
        if (!Frame.INIT.equals(init.type())) throw new IllegalStateException("expected INIT first, got " + init.type());
        @SuppressWarnings("unchecked")
        var worker = new WorkerMain(out, load((List<String>) init.header().get("runtimes"),
                (Map<String, String>) init.header().get("options")));
        worker.send(Messages.ready(List.copyOf(worker.runtimes.keySet())));
        worker.serve(in);
    }

    private static Map<String, Runtime> load(List<String> names, Map<String, String> options) {
        Map<String, Runtime> loaded = new LinkedHashMap<>();
        Path scratch = Path.of(System.getProperty("java.io.tmpdir"), "anchor-runtimes");
        for (RuntimeProvider provider : ServiceLoader.load(RuntimeProvider.class)) {
            if (!names.contains(provider.name()) || provider.unavailableReason().isPresent()) continue;
            loaded.put(provider.name(), provider.create(new RuntimeSettings(scratch.resolve(provider.name()), options)));
        }
        return loaded;
    }

    private void serve(DataInputStream in) throws IOException {
        while (true) {
            Frame frame;
            try {
                frame = Frame.read(in);
            } catch (EOFException e) {
                // The agent closed our stdin: nothing more will come. Halt: runtimes need no orderly close.
                java.lang.Runtime.getRuntime().halt(0);
                return;
            }
            switch (frame.type()) {
                case Frame.RUN -> start(frame);
                case Frame.CANCEL -> {
                    Thread running = current;
                    if (running != null) running.interrupt();
                }
                default -> System.err.println("worker: ignoring a " + frame.type() + " frame");
            }
        }
    }

    private void start(Frame run) {
        if (current != null) {
            send(Messages.result(RunResult.failed("worker protocol error: a task is already running", new byte[0], Usage.NONE)));
            return;
        }
        Thread thread = Thread.ofPlatform().name("worker-run").unstarted(() -> {
            RunResult result = runOne(run);
            // Free before answering: the agent may send the next RUN the moment it reads the result.
            current = null;
            send(Messages.result(result));
        });
        current = thread;
        thread.start();
    }

    private RunResult runOne(Frame run) {
        String name = run.text("runtime");
        Runtime runtime = runtimes.get(name);
        if (runtime == null) return RunResult.failed("this worker has no runtime '" + name + "'", new byte[0], Usage.NONE);
        long started = System.nanoTime();
        try {
            RunResult result = runtime.run(Messages.context(run, (stream, text) -> send(Messages.log(stream, text))));
            // Only the agent may say a sandbox crashed: that reason makes the task retryable.
            if (result.reason() != null && result.reason().startsWith(WorkerRuntime.CRASHED)) {
                return new RunResult(result.outcome(), result.output(), "guest: " + result.reason(), result.usage());
            }
            return result;
        } catch (InterruptedException e) {
            return RunResult.failed("cancelled", new byte[0], new Usage((System.nanoTime() - started) / 1_000_000, 0, 0, 0));
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            return RunResult.failed("worker error: " + e, new byte[0], new Usage((System.nanoTime() - started) / 1_000_000, 0, 0, 0));
        }
    }

    private void send(Frame frame) {
        synchronized (out) {
            try {
                frame.write(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

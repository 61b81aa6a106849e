package dev.anchor.agent.worker;

import dev.anchor.spi.LogSink;
import dev.anchor.spi.RunResult;
import dev.anchor.spi.TaskContext;
import dev.anchor.spi.Usage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker JVM as the agent sees it: its frames arrive on a reader thread and wait in an inbox, so
 * the thread running a task can wait for them interruptibly (a pipe read cannot be interrupted).
 * Used by one task at a time; once it is not {@link #reusable()} the pool kills and replaces it.
 */
final class WorkerProcess {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerProcess.class);
    /** How long a cancelled run may take to answer before its worker is killed. */
    static final long CANCEL_GRACE_MS = 2_000;
    /** Beyond the task's own wall limit (which the runtime enforces), how long before the worker counts as hung. */
    private static final long HUNG_AFTER_MS = 10_000;
    private static final long READY_WITHIN_MS = 60_000;
    private static final Frame END = Frame.of(Map.of("type", "END"));

    private final String name;
    private final Process process;
    private final DataOutputStream out;
    private final BlockingQueue<Frame> inbox = new LinkedBlockingQueue<>();
    private volatile boolean reusable = true;
    private List<String> runtimes = List.of();

    private WorkerProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
        DataInputStream in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
        Thread.ofPlatform().name(name + "-reader").daemon().start(() -> {
            try {
                while (true) inbox.add(Frame.read(in));
            } catch (IOException | RuntimeException e) {
                inbox.add(END);
            }
        });
    }

    /** Starts a worker and waits until it has loaded its runtimes. */
    static WorkerProcess start(String name, List<String> argv, List<String> runtimes, Map<String, String> options)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        WorkerProcess worker = new WorkerProcess(name, process);
        try {
            worker.send(Messages.init(runtimes, options));
            Frame ready = worker.inbox.poll(READY_WITHIN_MS, TimeUnit.MILLISECONDS);
            if (ready == null || !Frame.READY.equals(ready.type())) {
                throw new IOException("worker " + name + " did not become ready"
                        + (ready == null ? " within " + READY_WITHIN_MS + " ms" : "; " + worker.exitDescription()));
            }
            @SuppressWarnings("unchecked")
            List<String> loaded = (List<String>) ready.header().get("runtimes");
            worker.runtimes = List.copyOf(loaded);
            return worker;
        } catch (IOException | InterruptedException | RuntimeException e) {
            worker.kill();
            throw e;
        }
    }

    String name() {
        return name;
    }

    List<String> runtimes() {
        return runtimes;
    }

    long pid() {
        return process.pid();
    }

    boolean reusable() {
        return reusable && process.isAlive();
    }

    /**
     * Runs one task in the worker. A worker that dies meanwhile yields a FAILED result whose reason
     * starts with {@link WorkerRuntime#CRASHED}; an interrupt cancels the run and rethrows.
     */
    RunResult run(String runtime, TaskContext context) throws InterruptedException {
        long started = System.nanoTime();
        try {
            send(Messages.run(runtime, context));
        } catch (IOException e) {
            return crashed(started);
        }
        long deadline = started + TimeUnit.MILLISECONDS.toNanos(context.limits().timeoutMs() + HUNG_AFTER_MS);
        while (true) {
            Frame frame;
            try {
                frame = inbox.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                cancel(context);
                throw e;
            }
            if (frame == null) {
                LOG.warn("worker {} did not stop task {} at its time limit; killing it", name, context.taskId());
                kill();
                return RunResult.timedOut("wall time limit of " + context.limits().timeoutMs() + " ms exceeded; the sandbox "
                        + "worker did not stop and was killed", new byte[0], usage(started));
            }
            switch (frame.type()) {
                case Frame.LOG -> context.logs().line(LogSink.Stream.valueOf(frame.text("stream")), frame.text("text"));
                case Frame.RESULT -> {
                    return Messages.result(frame);
                }
                case "END" -> {
                    return crashed(started);
                }
                default -> LOG.warn("worker {} sent an unexpected {} frame", name, frame.type());
            }
        }
    }

    /** Asks the worker to stop the run; kills it when it does not answer within the grace period. */
    private void cancel(TaskContext context) {
        try {
            send(Messages.cancel());
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CANCEL_GRACE_MS);
            while (true) {
                Frame frame = inbox.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (frame == null || "END".equals(frame.type())) break;
                if (Frame.RESULT.equals(frame.type())) return;
                if (Frame.LOG.equals(frame.type())) context.logs().line(LogSink.Stream.valueOf(frame.text("stream")), frame.text("text"));
            }
        } catch (IOException e) {
            // The worker is gone already.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.warn("worker {} did not stop cancelled task {} within {} ms; killing it", name, context.taskId(), CANCEL_GRACE_MS);
        kill();
    }

    private RunResult crashed(long started) {
        reusable = false;
        String exit = exitDescription();
        LOG.warn("worker {} crashed: {}", name, exit);
        kill();
        return RunResult.failed(WorkerRuntime.CRASHED + ": the worker running the task " + exit, new byte[0], usage(started));
    }

    private String exitDescription() {
        try {
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                int code = process.exitValue();
                return code > 128 ? "died with signal " + (code - 128) : "exited with code " + code;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "closed its output";
    }

    private static Usage usage(long started) {
        return new Usage(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), 0, 0, 0);
    }

    private void send(Frame frame) throws IOException {
        synchronized (out) {
            frame.write(out);
        }
    }

    /** Kills the worker and whatever it started (under bubblewrap the JVM is a child of bwrap). */
    void kill() {
        reusable = false;
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}

package dev.anchor.runtime.process;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts every sandbox from one long-lived platform thread. bwrap's {@code --die-with-parent} uses
 * PR_SET_PDEATHSIG, which fires when the <em>thread</em> that forked it ends, not the process: a
 * sandbox forked from a short-lived or virtual thread's carrier would be killed when that thread
 * is retired. This thread lives as long as the runtime, so sandboxes die with the agent and not
 * before. Thread-safe.
 */
final class Launcher implements AutoCloseable {

    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("process-runtime-launcher").factory());

    /**
     * Starts the process. If the caller is interrupted meanwhile, the process is still started (it
     * takes milliseconds), then killed, and the interrupt is thrown.
     */
    Process start(ProcessBuilder builder) throws IOException, InterruptedException {
        Future<Process> started = thread.submit(builder::start);
        boolean interrupted = false;
        Process process;
        while (true) {
            try {
                process = started.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                if (interrupted) throw new InterruptedException("cancelled while the sandbox was starting");
                if (e.getCause() instanceof IOException io) throw io;
                throw new IOException(e.getCause());
            }
        }
        if (interrupted) {
            ProcessTree.kill(process);
            throw new InterruptedException("cancelled while the sandbox was starting");
        }
        return process;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}

package dev.anchor.runtime.js;

import static java.util.Objects.requireNonNull;

import dev.anchor.spi.RunResult;
import dev.anchor.spi.Runtime;
import dev.anchor.spi.TaskContext;
import dev.anchor.spi.Usage;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs JavaScript tasks, each in a fresh V8 isolate. Thread-safe: the caller's thread only waits;
 * the script runs on a worker thread of this runtime's own, because V8 sizes its stack limit for
 * a native stack far larger than an agent thread may have (a deep recursion on a small stack would
 * crash the process instead of throwing RangeError). The code cache, the workers and the timer are
 * shared by all tasks.
 */
final class JsRuntime implements Runtime {

    /** Native stack of a worker thread; V8 itself uses about 1 MiB of it. */
    static final long WORKER_STACK_BYTES = 8L << 20;

    /** How long past its deadline a script that ignores termination is waited for. */
    static final long GRACE_MS = 5_000;

    private final JsOptions options;
    private final CodeCache cache;
    private final ExecutorService workers;
    private final ScheduledThreadPoolExecutor timer;

    JsRuntime(JsOptions options) {
        this.options = requireNonNull(options, "options is null");
        this.cache = new CodeCache(options.cacheMaxBytes());
        var count = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                runnable -> {
                    var thread = new Thread(null, runnable, "anchor-js-" + count.incrementAndGet(), WORKER_STACK_BYTES);
                    thread.setDaemon(true);
                    return thread;
                });
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            var thread = new Thread(runnable, "anchor-js-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        // Almost every deadline is cancelled long before it fires; without this they pile up.
        timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public String name() {
        return JsRuntimeProvider.NAME;
    }

    @Override
    public RunResult run(TaskContext context) throws InterruptedException {
        requireNonNull(context, "context is null");
        if (Thread.interrupted()) {
            throw new InterruptedException("task " + context.taskId() + " was cancelled before it started");
        }
        long started = System.nanoTime();
        var limits = context.limits();
        if (context.input().length > limits.maxInputBytes()) {
            return failed("input of " + context.input().length + " bytes exceeds the input limit of "
                    + limits.maxInputBytes() + " bytes", started);
        }
        if (context.code() == null) {
            return failed("the task has no script to run", started);
        }
        var code = context.code();
        var actual = CodeCache.sha256(code.bytes());
        if (!actual.equals(code.sha256())) {
            return failed("script sha256 is " + actual + " but the task says " + code.sha256(), started);
        }
        String source;
        try {
            source = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(code.bytes()))
                    .toString();
        } catch (CharacterCodingException e) {
            return failed("the script is not valid UTF-8: " + e.getMessage(), started);
        }

        var run = new ScriptRun(source, actual, context, options, cache, timer, started);
        Future<RunResult> future = workers.submit(run);
        try {
            return future.get(limits.timeoutMs() + GRACE_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            run.cancel();
            awaitQuietly(future);
            throw new InterruptedException("task " + context.taskId() + " was cancelled");
        } catch (TimeoutException e) {
            // The script ignored termination (stuck in native code). Its worker closes the isolate
            // when it does stop; the task is over either way.
            run.cancel();
            return RunResult.timedOut("wall-clock limit of " + limits.timeoutMs()
                    + " ms exceeded; the script did not stop when terminated", new byte[0], usage(started));
        } catch (ExecutionException e) {
            return failed("js runtime error: " + e.getCause(), started);
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
        timer.shutdownNow();
    }

    CodeCache cache() {
        return cache;
    }

    /** Lets a cancelled script's worker close its isolate before the caller hears of the cancellation. */
    private static void awaitQuietly(Future<?> future) {
        try {
            future.get(GRACE_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The cancellation is what the caller hears about.
        }
    }

    private static Usage usage(long started) {
        return new Usage((System.nanoTime() - started) / 1_000_000, 0, 0, 0);
    }

    private static RunResult failed(String reason, long started) {
        return RunResult.failed(reason, new byte[0], usage(started));
    }
}

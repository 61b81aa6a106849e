package dev.anchor.runtime.builtin;

import static java.util.Objects.requireNonNull;

import dev.anchor.spi.LogSink;
import dev.anchor.spi.RunResult;
import dev.anchor.spi.Runtime;
import dev.anchor.spi.TaskContext;
import dev.anchor.spi.Usage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one library method per task. Each run resolves the payload, checks the input cap, then runs
 * the method on a thread of its own so that the wall-clock limit holds whatever the method does:
 * when time runs out the run ends TIMED_OUT at once and the worker is interrupted (the methods'
 * loops and ImageIO's progress listeners stop on that). Thread-safe: runs share only the
 * immutable registry.
 */
final class BuiltinRuntime implements Runtime {

    private final MethodRegistry registry;

    BuiltinRuntime(MethodRegistry registry) {
        this.registry = requireNonNull(registry, "registry is null");
    }

    @Override
    public String name() {
        return BuiltinRuntimeProvider.NAME;
    }

    @Override
    public RunResult run(TaskContext context) throws InterruptedException {
        long started = System.nanoTime();
        var limits = context.limits();
        MethodRegistry.Call call;
        try {
            call = registry.resolve(context.payload());
        } catch (MethodFailure failure) {
            log(context, "builtin: " + failure.reason());
            return RunResult.failed(failure.reason(), new byte[0], usage(started, 0, 0));
        }
        var name = call.method().fullName();
        if (context.input().length > limits.maxInputBytes()) {
            var reason = "input of " + context.input().length + " bytes exceeds limits.maxInputBytes of "
                    + limits.maxInputBytes() + " bytes";
            log(context, name + " failed: " + reason);
            return RunResult.failed(reason, new byte[0], usage(started, 0, 0));
        }

        var invocation = new Invocation(context.input(), call.params(), limits);
        var done = new CompletableFuture<MethodOutput>();
        var worker = Thread.ofPlatform().daemon(true).name("builtin " + name + " " + context.taskId()).unstarted(() -> {
            try {
                done.complete(call.method().operation().apply(invocation));
            } catch (Throwable failure) {
                done.completeExceptionally(failure);
            }
        });
        worker.start();

        MethodOutput output;
        try {
            long remainingNanos = TimeUnit.MILLISECONDS.toNanos(limits.timeoutMs()) - (System.nanoTime() - started);
            output = done.get(Math.max(0, remainingNanos), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            worker.interrupt();
            var reason = "wall-clock limit of " + limits.timeoutMs() + " ms exceeded";
            log(context, name + " timed out: " + reason);
            return RunResult.timedOut(reason, new byte[0], usage(started, 0, 0));
        } catch (InterruptedException e) {
            worker.interrupt();
            log(context, name + " cancelled");
            throw e;
        } catch (ExecutionException e) {
            var reason = reason(name, e.getCause());
            log(context, name + " failed: " + reason);
            return RunResult.failed(reason, new byte[0], usage(started, 0, 0));
        }

        var bytes = output.bytes();
        if (bytes.length > limits.maxOutputBytes()) {
            var reason = "output limit of " + limits.maxOutputBytes() + " bytes exceeded (the result is " + bytes.length + " bytes)";
            log(context, name + " failed: " + reason);
            return RunResult.failed(reason, new byte[0], usage(started, output.memoryBytes(), 0));
        }
        log(context, name + " " + output.summary());
        return RunResult.succeeded(bytes, usage(started, output.memoryBytes(), bytes.length));
    }

    /** The one-line reason for whatever a method threw. */
    static String reason(String method, Throwable failure) {
        if (failure instanceof MethodFailure expected) return expected.reason();
        if (failure instanceof OutOfMemoryError) {
            return "out of memory: the node could not allocate what " + method + " needed";
        }
        if (failure instanceof StackOverflowError) return method + " failed: stack overflow";
        // A fault in the library code itself; still this task's failure, never the agent's.
        var message = failure.getMessage();
        return method + " failed: " + failure.getClass().getSimpleName()
                + (message == null || message.isBlank() ? "" : ": " + message);
    }

    private static Usage usage(long started, long memoryBytes, long outputBytes) {
        return new Usage(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), memoryBytes, 0, outputBytes);
    }

    private static void log(TaskContext context, String line) {
        context.logs().line(LogSink.Stream.SYSTEM, line);
    }
}

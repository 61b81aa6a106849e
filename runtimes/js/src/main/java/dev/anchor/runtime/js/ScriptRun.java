package dev.anchor.runtime.js;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.caoccao.javet.enums.V8ValueReferenceType;
import com.caoccao.javet.exceptions.BaseJavetScriptingException;
import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.exceptions.JavetTerminatedException;
import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.interop.callback.IJavetDirectCallable;
import com.caoccao.javet.interop.callback.JavetCallbackContext;
import com.caoccao.javet.interop.callback.JavetCallbackType;
import com.caoccao.javet.values.V8Value;
import com.caoccao.javet.values.primitive.V8ValueInteger;
import com.caoccao.javet.values.primitive.V8ValueString;
import com.caoccao.javet.values.reference.IV8ValuePromise;
import com.caoccao.javet.values.reference.V8ValueArray;
import com.caoccao.javet.values.reference.V8ValueFunction;
import com.caoccao.javet.values.reference.V8ValuePromise;
import com.caoccao.javet.values.reference.V8ValueTypedArray;
import dev.anchor.spi.LogSink;
import dev.anchor.spi.RunResult;
import dev.anchor.spi.TaskContext;
import dev.anchor.spi.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One run of one script in a fresh isolate, on a worker thread: makes the isolate, arms an
 * {@link IsolateGuard}, prepares the global scope with {@code sandbox.js}, runs the script, turns
 * its completion value into output and closes the isolate, whatever happened. Used once.
 */
final class ScriptRun implements Callable<RunResult> {

    /** The name the script has in stack traces. */
    static final String RESOURCE_NAME = "task.js";

    private static final String SANDBOX = resource("sandbox.js");

    private final String source;
    private final String sha256;
    private final TaskContext context;
    private final JsOptions options;
    private final CodeCache cache;
    private final ScheduledExecutorService timer;
    private final long startedNanos;
    private final long capBytes;
    private IsolateGuard guard;
    private boolean cancelled;

    ScriptRun(String source, String sha256, TaskContext context, JsOptions options, CodeCache cache,
            ScheduledExecutorService timer, long startedNanos) {
        this.source = requireNonNull(source, "source is null");
        this.sha256 = requireNonNull(sha256, "sha256 is null");
        this.context = requireNonNull(context, "context is null");
        this.options = requireNonNull(options, "options is null");
        this.cache = requireNonNull(cache, "cache is null");
        this.timer = requireNonNull(timer, "timer is null");
        this.startedNanos = startedNanos;
        this.capBytes = Math.min(context.limits().memoryBytes(), (long) V8Engine.HEAP_CEILING_MB << 20);
    }

    /** Stops the script because the task was cancelled; from any thread, at any time. */
    void cancel() {
        IsolateGuard armed;
        synchronized (this) {
            cancelled = true;
            armed = guard;
        }
        if (armed != null) {
            armed.stop(IsolateGuard.Stop.CANCELLED);
        }
    }

    @Override
    public RunResult call() {
        V8Runtime isolate;
        try {
            isolate = V8Engine.newIsolate();
        } catch (JavetException | RuntimeException e) {
            return RunResult.failed("could not create a V8 isolate: " + e.getMessage(), new byte[0], usage(0, 0));
        }
        var isolateGuard = new IsolateGuard(isolate, capBytes);
        Ending ending;
        try {
            isolateGuard.arm(timer, context.limits().timeoutMs() - elapsedMillis());
            synchronized (this) {
                guard = isolateGuard;
                if (cancelled) {
                    isolateGuard.stop(IsolateGuard.Stop.CANCELLED);
                }
            }
            ending = execute(isolate, isolateGuard);
        } finally {
            isolateGuard.measureNow();
            isolateGuard.close();
            try {
                isolate.close();
            } catch (JavetException e) {
                // Nothing left to save; the isolate's memory is V8's to reclaim.
            }
        }
        return result(ending, isolateGuard);
    }

    /** How the script ended: its output, and a failure reason unless it succeeded. */
    private record Ending(byte[] output, String failure, boolean terminated) {
        static Ending succeeded(byte[] output) {
            return new Ending(output, null, false);
        }

        static Ending failed(String reason, byte[] partialOutput) {
            return new Ending(partialOutput, reason, false);
        }

        static Ending stopped() {
            return new Ending(new byte[0], null, true);
        }
    }

    private Ending execute(V8Runtime isolate, IsolateGuard isolateGuard) {
        var console = new ConsoleLines(context.logs(), options.logMaxBytes());
        try {
            V8ValueArray hooks;
            try (V8ValueFunction sandbox = isolate.getExecutor(SANDBOX).setResourceName("anchor:sandbox.js").execute()) {
                hooks = sandbox.callExtended(isolate.createV8ValueUndefined(), true,
                        logHook(isolate, console), inputHook(isolate), inputBytesHook(isolate), env(isolate),
                        isolate.createV8ValueDouble(context.clock().toEpochMilli()),
                        isolate.createV8ValueString(Long.toUnsignedString(context.seed())));
            }
            V8ValueFunction finish = hooks.get(0);
            V8ValueFunction describe = hooks.get(1);

            var cachedData = cache.get(sha256);
            var executor = cachedData == null ? isolate.getExecutor(source) : isolate.getExecutor(source, cachedData);
            executor.setResourceName(RESOURCE_NAME);
            V8Value completion;
            try (var script = executor.compileV8Script()) {
                completion = script.execute(true);
                if (cachedData == null) {
                    // Taken after the run, so it holds the functions the run compiled too.
                    cache.put(sha256, script.getCachedData());
                }
            }
            if (completion instanceof V8ValuePromise promise) {
                // Microtasks have run by now; with no timers or I/O nothing else could settle it.
                switch (promise.getState()) {
                    case IV8ValuePromise.STATE_FULFILLED -> completion = promise.getResult();
                    case IV8ValuePromise.STATE_REJECTED -> {
                        V8ValueArray described = describe.callExtended(isolate.createV8ValueUndefined(), true,
                                (V8Value) promise.getResult());
                        return Ending.failed(ScriptErrors.reason(described.getString(0), described.getString(1)),
                                new byte[0]);
                    }
                    default -> {
                        return Ending.failed("the script's promise never settled: there are no timers or I/O"
                                + " to wait for", new byte[0]);
                    }
                }
            }
            return output(finish.callExtended(isolate.createV8ValueUndefined(), true, completion));
        } catch (JavetTerminatedException e) {
            return Ending.stopped();
        } catch (BaseJavetScriptingException e) {
            return isolateGuard.stopped() != null ? Ending.stopped()
                    : Ending.failed(ScriptErrors.reason(e), new byte[0]);
        } catch (JavetException | RuntimeException e) {
            return isolateGuard.stopped() != null ? Ending.stopped()
                    : Ending.failed("js runtime error: " + e.getMessage(), new byte[0]);
        }
    }

    private Ending output(V8Value value) throws JavetException {
        long max = context.limits().maxOutputBytes();
        byte[] bytes;
        boolean over;
        if (value instanceof V8ValueString string) {
            var text = string.getValue();
            // A UTF-16 unit is at least one UTF-8 byte: a longer string is over the limit, and
            // only what could fit is encoded.
            over = text.length() > max;
            bytes = (over ? text.substring(0, (int) Math.min(max, Integer.MAX_VALUE - 8)) : text).getBytes(UTF_8);
        } else if (value instanceof V8ValueTypedArray array) {
            bytes = array.toBytes();
            over = false;
        } else {
            bytes = new byte[0];
            over = false;
        }
        if (over || bytes.length > max) {
            return Ending.failed("output limit of " + max + " bytes exceeded",
                    Arrays.copyOf(bytes, (int) Math.min(bytes.length, max)));
        }
        return Ending.succeeded(bytes);
    }

    private RunResult result(Ending ending, IsolateGuard isolateGuard) {
        var usage = usage(isolateGuard.peakBytes(), ending.output().length);
        var stop = isolateGuard.stopped();
        if (ending.failure() == null && !ending.terminated()) {
            return RunResult.succeeded(ending.output(), usage);
        }
        if (stop == null) {
            return RunResult.failed(ending.terminated() ? "the script was terminated" : ending.failure(),
                    ending.output(), usage);
        }
        long capMb = capBytes >> 20;
        return switch (stop) {
            case TIMEOUT -> RunResult.timedOut(
                    "wall-clock limit of " + context.limits().timeoutMs() + " ms exceeded", ending.output(), usage);
            case HEAP -> RunResult.failed("heap limit of " + capMb + " MiB exceeded", ending.output(), usage);
            case EXTERNAL_MEMORY -> RunResult.failed("external memory limit of " + capMb
                    + " MiB exceeded (ArrayBuffer and typed array storage)", ending.output(), usage);
            case CANCELLED -> RunResult.failed("the task was cancelled", ending.output(), usage);
        };
    }

    private V8ValueFunction logHook(V8Runtime isolate, ConsoleLines console) throws JavetException {
        return isolate.createV8ValueFunction(new JavetCallbackContext("log", JavetCallbackType.DirectCallNoThisAndNoResult,
                (IJavetDirectCallable.NoThisAndNoResult<RuntimeException>) values -> {
                    if (values.length == 2 && values[0] instanceof V8ValueInteger stream
                            && values[1] instanceof V8ValueString text) {
                        try {
                            console.write(stream.getValue() == 0 ? LogSink.Stream.STDOUT : LogSink.Stream.STDERR,
                                    text.getValue());
                        } catch (RuntimeException e) {
                            // A failing sink is the agent's problem, never the script's.
                        }
                    }
                }));
    }

    private V8ValueFunction inputHook(V8Runtime isolate) throws JavetException {
        return isolate.createV8ValueFunction(new JavetCallbackContext("input", JavetCallbackType.DirectCallNoThisAndResult,
                (IJavetDirectCallable.NoThisAndResult<JavetException>) values ->
                        isolate.createV8ValueString(new String(context.input(), UTF_8))));
    }

    private V8ValueFunction inputBytesHook(V8Runtime isolate) throws JavetException {
        return isolate.createV8ValueFunction(new JavetCallbackContext("inputBytes",
                JavetCallbackType.DirectCallNoThisAndResult,
                (IJavetDirectCallable.NoThisAndResult<JavetException>) values -> {
                    var bytes = context.input();
                    var array = isolate.createV8ValueTypedArray(V8ValueReferenceType.Uint8Array, bytes.length);
                    array.fromBytes(bytes);
                    return array;
                }));
    }

    private V8Value env(V8Runtime isolate) throws JavetException {
        var env = isolate.createV8ValueObject();
        for (var variable : context.env().entrySet()) {
            env.set(variable.getKey(), variable.getValue());
        }
        return env;
    }

    private Usage usage(long memoryBytes, long outputBytes) {
        return new Usage(elapsedMillis(), memoryBytes, 0, outputBytes);
    }

    private long elapsedMillis() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private static String resource(String name) {
        try (var in = ScriptRun.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

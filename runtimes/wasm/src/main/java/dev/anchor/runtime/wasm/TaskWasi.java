package dev.anchor.runtime.wasm;

import static java.util.Objects.requireNonNull;

import com.dylibso.chicory.log.Logger;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import dev.anchor.spi.TaskContext;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The WASI preview 1 world one task sees: stdin is the task's input, stdout and stderr go where the
 * run says, argv is {@code task} followed by the task's args, the environment is the task's env,
 * there are no preopened directories (so no files at all), both clocks are frozen at the task's
 * instant and random bytes come from the task's seed. The last three make two runs of a module on
 * two nodes see the same world.
 */
final class TaskWasi implements AutoCloseable {

    static final String MODULE_NAME = "wasi_snapshot_preview1";

    /** WASI's errno for success; Chicory's WasiErrno is not public. */
    private static final long ERRNO_SUCCESS = 0;

    /** WASI's clock ids; Chicory's WasiClockId is not public. */
    private static final int CLOCK_REALTIME = 0;

    private static final int CLOCK_MONOTONIC = 1;

    /** Every WASI function Chicory implements; a module may import these and nothing else. */
    static final Set<String> FUNCTION_NAMES;

    static {
        try (var wasi = WasiPreview1.builder().withLogger(QuietLogger.INSTANCE).build()) {
            FUNCTION_NAMES = Arrays.stream(wasi.toHostFunctions())
                    .map(ImportFunction::name)
                    .collect(Collectors.toUnmodifiableSet());
        }
    }

    private final WasiPreview1 wasi;
    private final ImportValues imports;

    TaskWasi(TaskContext context, OutputStream stdout, OutputStream stderr) {
        requireNonNull(context, "context is null");
        requireNonNull(stdout, "stdout is null");
        requireNonNull(stderr, "stderr is null");
        var arguments = new ArrayList<String>(context.args().size() + 1);
        arguments.add("task");
        arguments.addAll(context.args());
        var options = WasiOptions.builder()
                .withStdin(new ByteArrayInputStream(context.input()), false)
                .withStdout(stdout, false)
                .withStderr(stderr, false)
                .withArguments(arguments)
                .withClock(Clock.fixed(context.clock(), ZoneOffset.UTC))
                // java.util.Random's sequence for a seed is fixed by its specification, so every
                // JVM on every node hands the guest the same bytes.
                .withRandom(new Random(context.seed()));
        // Sorted: the task's env map has no stable order, and the guest sees environ in order.
        new TreeMap<>(context.env()).forEach(options::withEnvironment);
        this.wasi = WasiPreview1.builder().withLogger(QuietLogger.INSTANCE).withOptions(options.build()).build();

        long frozenNanos = TimeUnit.SECONDS.toNanos(context.clock().getEpochSecond()) + context.clock().getNano();
        var functions = wasi.toHostFunctions();
        for (int i = 0; i < functions.length; i++) {
            if (functions[i].name().equals("clock_time_get")) {
                functions[i] = frozenClock(functions[i], frozenNanos);
            }
        }
        this.imports = ImportValues.builder().addFunction(functions).build();
    }

    ImportValues imports() {
        return imports;
    }

    @Override
    public void close() {
        wasi.close();
    }

    /**
     * Chicory reads the monotonic clock from {@link System#nanoTime()}, which differs on every run;
     * here it answers the same frozen instant as the realtime clock.
     */
    private static HostFunction frozenClock(HostFunction original, long frozenNanos) {
        return new HostFunction(original.module(), original.name(), original.functionType(), (instance, args) -> {
            int clockId = (int) args[0];
            if (clockId == CLOCK_REALTIME || clockId == CLOCK_MONOTONIC) {
                instance.memory().writeLong((int) args[2], frozenNanos);
                return new long[] {ERRNO_SUCCESS};
            }
            return original.handle().apply(instance, args);
        });
    }

    /** Chicory's WASI traces every call; nobody reads those traces, so they cost nothing here. */
    private enum QuietLogger implements Logger {
        INSTANCE;

        @Override
        public void log(Level level, String message, Throwable throwable) {}

        @Override
        public boolean isLoggable(Level level) {
            return false;
        }
    }
}

package dev.anchor.runtime.container;

import static java.util.Objects.requireNonNull;

import dev.anchor.spi.LogSink;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The log bytes one task may still send, shared by its stderr and (when the output is a file) its
 * stdout. Copied from the process runtime: runtimes share only the SPI. Once spent, one SYSTEM line says so and later lines are dropped. Thread-safe.
 */
final class LogBudget {

    private final LogSink sink;
    private final long maxBytes;
    private final AtomicLong remaining;
    private final AtomicBoolean announced = new AtomicBoolean();

    LogBudget(LogSink sink, long maxBytes) {
        this.sink = requireNonNull(sink, "sink is null");
        if (maxBytes <= 0) throw new IllegalArgumentException("maxBytes must be positive");
        this.maxBytes = maxBytes;
        this.remaining = new AtomicLong(maxBytes);
    }

    /** Sends the line if the budget allows (its bytes plus one for the terminator). */
    void send(LogSink.Stream stream, String text, int bytes) {
        if (remaining.addAndGet(-(bytes + 1L)) >= 0) {
            sink.line(stream, text);
        } else if (announced.compareAndSet(false, true)) {
            sink.line(LogSink.Stream.SYSTEM, "log limit of " + describe(maxBytes)
                    + " reached; further log output of this task is dropped");
        }
    }

    private static String describe(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }
}

package dev.anchor.runtime.wasm;

import static java.util.Objects.requireNonNull;

import dev.anchor.spi.LogSink;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The guest's stderr: cut into lines that go to the log sink as soon as each one ends, so a
 * long-running task's logs are live. A line longer than the line cap is split; once the task has
 * logged its total cap, one SYSTEM line says so and the rest is dropped cheaply, without stopping
 * the guest. Used by one guest thread only.
 */
final class LogLineStream extends OutputStream {

    static final int MAX_LINE_BYTES = 8 * 1024;

    private final LogSink sink;
    private final long maxTotalBytes;
    private final byte[] line = new byte[MAX_LINE_BYTES];
    private int length;
    private long total;
    private boolean dropping;

    LogLineStream(LogSink sink, long maxTotalBytes) {
        this.sink = requireNonNull(sink, "sink is null");
        if (maxTotalBytes <= 0) throw new IllegalArgumentException("maxTotalBytes must be positive");
        this.maxTotalBytes = maxTotalBytes;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int count) {
        java.util.Objects.checkFromIndexSize(offset, count, bytes.length);
        for (int i = offset, end = offset + count; i < end && !dropping; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                emit();
            } else {
                if (length == line.length) {
                    emit();
                }
                line[length++] = b;
            }
        }
    }

    /** Sends a last line that had no terminator. Called once the guest has stopped. */
    void finish() {
        if (length > 0 && !dropping) {
            emit();
        }
    }

    @Override
    public void close() {
        finish();
    }

    boolean dropped() {
        return dropping;
    }

    private void emit() {
        int end = length;
        if (end > 0 && line[end - 1] == '\r') {
            end--;
        }
        length = 0;
        total += end + 1;
        if (total > maxTotalBytes) {
            dropping = true;
            sink.line(LogSink.Stream.SYSTEM, "log limit of " + describe(maxTotalBytes)
                    + " reached; further stderr output of this task is dropped");
            return;
        }
        sink.line(LogSink.Stream.STDERR, new String(line, 0, end, StandardCharsets.UTF_8));
    }

    private static String describe(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }
}

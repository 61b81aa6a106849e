package dev.anchor.runtime.container;

import static java.util.Objects.requireNonNull;

import dev.anchor.spi.LogSink;
import java.nio.charset.StandardCharsets;

/**
 * One stream of the container cut into lines, each sent as soon as its {@code \n} arrives, so a
 * long-running task's logs are live. Lines over 8 KiB are split. Used by the one thread that reads
 * the attached streams.
 */
final class LogLines {

    static final int MAX_LINE_BYTES = 8 * 1024;

    private final LogBudget budget;
    private final LogSink.Stream stream;
    private final byte[] line = new byte[MAX_LINE_BYTES];
    private int length;

    LogLines(LogBudget budget, LogSink.Stream stream) {
        this.budget = requireNonNull(budget, "budget is null");
        this.stream = requireNonNull(stream, "stream is null");
    }

    void write(byte[] bytes, int offset, int count) {
        for (int i = offset, end = offset + count; i < end; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                emit();
            } else {
                if (length == line.length) emit();
                line[length++] = b;
            }
        }
    }

    /** Sends a last line that had no terminator. Called once the stream has ended. */
    void finish() {
        if (length > 0) emit();
    }

    private void emit() {
        int end = length;
        if (end > 0 && line[end - 1] == '\r') end--;
        length = 0;
        budget.send(stream, new String(line, 0, end, StandardCharsets.UTF_8), end);
    }
}

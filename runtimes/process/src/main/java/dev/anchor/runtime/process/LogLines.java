package dev.anchor.runtime.process;

import static java.util.Objects.requireNonNull;

import dev.anchor.spi.LogSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;

/**
 * One stream of the process cut into lines, each sent as soon as its {@code \n} arrives, so a
 * long-running task's logs are live. Lines over 8 KiB are split. The last few lines are kept even
 * after the budget is spent, because the failure reason quotes them. Used by one pump thread;
 * {@link #tail()} is read after that thread has finished.
 */
final class LogLines {

    static final int MAX_LINE_BYTES = 8 * 1024;
    private static final int TAIL_LINES = 8;
    private static final int TAIL_LINE_CHARS = 300;

    private final LogBudget budget;
    private final LogSink.Stream stream;
    private final byte[] line = new byte[MAX_LINE_BYTES];
    private final ArrayDeque<String> tail = new ArrayDeque<>();
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

    /** The last lines of the stream, oldest first. */
    List<String> tail() {
        return List.copyOf(tail);
    }

    private void emit() {
        int end = length;
        if (end > 0 && line[end - 1] == '\r') end--;
        length = 0;
        var text = new String(line, 0, end, StandardCharsets.UTF_8);
        if (tail.size() == TAIL_LINES) tail.removeFirst();
        tail.addLast(text.length() > TAIL_LINE_CHARS ? text.substring(0, TAIL_LINE_CHARS) : text);
        budget.send(stream, text, end);
    }
}

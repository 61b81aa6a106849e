package dev.anchor.runtime.js;

import static java.util.Objects.requireNonNull;

import dev.anchor.spi.LogSink;

/**
 * The script's console: each call's text is cut into lines that go to the log sink at once, so a
 * long-running task's logs are live. A line longer than {@link #MAX_LINE_CHARS} is split; once the
 * task has logged its total cap, one SYSTEM line says so and the rest is dropped without stopping
 * the script. Used by the isolate's thread only.
 */
final class ConsoleLines {

    static final int MAX_LINE_CHARS = 8 * 1024;

    private final LogSink sink;
    private final long maxTotalBytes;
    private long total;
    private boolean dropping;

    ConsoleLines(LogSink sink, long maxTotalBytes) {
        this.sink = requireNonNull(sink, "sink is null");
        if (maxTotalBytes <= 0) throw new IllegalArgumentException("maxTotalBytes must be positive");
        this.maxTotalBytes = maxTotalBytes;
    }

    /** One console call's text, which may hold several lines. */
    void write(LogSink.Stream stream, String text) {
        int start = 0;
        while (!dropping) {
            int newline = text.indexOf('\n', start);
            int end = newline < 0 ? text.length() : newline;
            int lineEnd = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
            emitSplit(stream, text, start, lineEnd);
            if (newline < 0) {
                return;
            }
            start = newline + 1;
        }
    }

    boolean dropped() {
        return dropping;
    }

    private void emitSplit(LogSink.Stream stream, String text, int start, int end) {
        do {
            int chunkEnd = Math.min(end, start + MAX_LINE_CHARS);
            // Never split a surrogate pair across two lines.
            if (chunkEnd < end && Character.isHighSurrogate(text.charAt(chunkEnd - 1))) {
                chunkEnd--;
            }
            emit(stream, text.substring(start, chunkEnd));
            start = chunkEnd;
        } while (start < end && !dropping);
    }

    private void emit(LogSink.Stream stream, String line) {
        total += utf8Length(line) + 1;
        if (total > maxTotalBytes) {
            dropping = true;
            sink.line(LogSink.Stream.SYSTEM, "log limit of " + describe(maxTotalBytes)
                    + " reached; further console output of this task is dropped");
            return;
        }
        sink.line(stream, line);
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static String describe(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }
}

package dev.anchor.spi;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A log sink for runtime tests that keeps every line it is given, readable from any thread while a
 * task runs. Shared with every runtime module through runtime-spi's test jar.
 */
public final class TestingLogSink implements LogSink {

    /** One line as a runtime sent it. */
    public record Line(Stream stream, String text) {}

    private final List<Line> lines = new CopyOnWriteArrayList<>();

    @Override
    public void line(Stream stream, String text) {
        lines.add(new Line(stream, text));
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    public List<String> texts(Stream stream) {
        return lines.stream().filter(line -> line.stream() == stream).map(Line::text).toList();
    }
}

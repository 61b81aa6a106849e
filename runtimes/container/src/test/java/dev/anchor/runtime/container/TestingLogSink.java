package dev.anchor.runtime.container;

import dev.anchor.spi.LogSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A log sink that keeps every line it is given, readable from any thread while a task runs. */
final class TestingLogSink implements LogSink {

    record Line(Stream stream, String text) {}

    private final List<Line> lines = new CopyOnWriteArrayList<>();

    @Override
    public void line(Stream stream, String text) {
        lines.add(new Line(stream, text));
    }

    List<Line> lines() {
        return List.copyOf(lines);
    }

    List<String> texts(Stream stream) {
        return lines.stream().filter(line -> line.stream() == stream).map(Line::text).toList();
    }
}

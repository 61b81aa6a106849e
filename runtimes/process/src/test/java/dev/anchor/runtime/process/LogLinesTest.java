package dev.anchor.runtime.process;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.spi.LogSink.Stream;
import dev.anchor.spi.TestingLogSink;
import org.junit.jupiter.api.Test;

final class LogLinesTest {

    @Test
    void lines_are_sent_as_they_end_and_the_last_one_at_finish() {
        var sink = new TestingLogSink();
        var lines = new LogLines(new LogBudget(sink, 1 << 20), Stream.STDERR);

        write(lines, "one\r\ntw");
        assertThat(sink.texts(Stream.STDERR)).containsExactly("one");
        write(lines, "o\nthree");
        lines.finish();

        assertThat(sink.texts(Stream.STDERR)).containsExactly("one", "two", "three");
        assertThat(lines.tail()).containsExactly("one", "two", "three");
    }

    @Test
    void long_lines_are_split() {
        var sink = new TestingLogSink();
        var lines = new LogLines(new LogBudget(sink, 1 << 20), Stream.STDERR);

        write(lines, "x".repeat(LogLines.MAX_LINE_BYTES + 10) + "\n");

        assertThat(sink.texts(Stream.STDERR)).extracting(String::length).containsExactly(LogLines.MAX_LINE_BYTES, 10);
    }

    @Test
    void a_shared_budget_drops_lines_once_with_one_system_line() {
        var sink = new TestingLogSink();
        var budget = new LogBudget(sink, 10);
        var stderr = new LogLines(budget, Stream.STDERR);
        var stdout = new LogLines(budget, Stream.STDOUT);

        write(stderr, "abcd\n");
        write(stdout, "efgh\n");
        write(stderr, "ijkl\nmnop\n");

        assertThat(sink.lines()).containsExactly(
                new TestingLogSink.Line(Stream.STDERR, "abcd"),
                new TestingLogSink.Line(Stream.STDOUT, "efgh"),
                new TestingLogSink.Line(Stream.SYSTEM, "log limit of 10 bytes reached; further log output of this task is dropped"));
        assertThat(stderr.tail()).containsExactly("abcd", "ijkl", "mnop");
        assertThat(budget.exhausted()).isTrue();
    }

    private static void write(LogLines lines, String text) {
        var bytes = text.getBytes(UTF_8);
        lines.write(bytes, 0, bytes.length);
    }
}

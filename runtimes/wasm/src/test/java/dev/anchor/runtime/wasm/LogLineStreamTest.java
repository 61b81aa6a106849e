package dev.anchor.runtime.wasm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.spi.LogSink.Stream;
import dev.anchor.spi.TestingLogSink;
import org.junit.jupiter.api.Test;

final class LogLineStreamTest {

    private final TestingLogSink sink = new TestingLogSink();

    @Test
    void lines_go_out_as_each_newline_arrives() {
        var stream = new LogLineStream(sink, 1 << 20);

        write(stream, "one\ntw");
        assertThat(sink.texts(Stream.STDERR)).containsExactly("one");
        write(stream, "o\r\nthree");
        assertThat(sink.texts(Stream.STDERR)).containsExactly("one", "two");
    }

    @Test
    void a_final_line_without_newline_is_sent_on_finish() {
        var stream = new LogLineStream(sink, 1 << 20);

        write(stream, "last");
        stream.finish();

        assertThat(sink.texts(Stream.STDERR)).containsExactly("last");
    }

    @Test
    void a_line_longer_than_the_line_cap_is_split() {
        var stream = new LogLineStream(sink, 1 << 20);

        write(stream, ("x".repeat(LogLineStream.MAX_LINE_BYTES * 2 + 5) + "\n"));

        assertThat(sink.texts(Stream.STDERR)).extracting(String::length)
                .containsExactly(LogLineStream.MAX_LINE_BYTES, LogLineStream.MAX_LINE_BYTES, 5);
    }

    @Test
    void past_the_total_cap_one_system_line_is_sent_and_the_rest_dropped() {
        var stream = new LogLineStream(sink, 10);

        write(stream, "1234\n5678\nabcd\nefgh\n");
        write(stream, "more\n");
        stream.finish();

        assertThat(sink.texts(Stream.STDERR)).containsExactly("1234", "5678");
        assertThat(sink.texts(Stream.SYSTEM))
                .containsExactly("log limit of 10 bytes reached; further stderr output of this task is dropped");
        assertThat(stream.dropped()).isTrue();
    }

    private static void write(LogLineStream stream, String text) {
        var bytes = text.getBytes(UTF_8);
        stream.write(bytes, 0, bytes.length);
    }
}

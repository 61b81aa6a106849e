package dev.anchor.agent.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anchor.spi.Limits;
import dev.anchor.spi.LogSink;
import dev.anchor.spi.RunResult;
import dev.anchor.spi.TaskContext;
import dev.anchor.spi.Usage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class FrameTest {
    @Test
    void a_run_frame_carries_the_whole_task_context() throws IOException {
        TaskContext context = new TaskContext("t1", "a1", new TaskContext.Code("abc", new byte[] {0, 'a', 's', 'm'}),
                "input".getBytes(StandardCharsets.UTF_8), List.of("x", "y"), Map.of("K", "V"),
                Map.of("library", "image", "params", Map.of("width", 3)), new Limits(64, 1_000, 5, 0.5, 100, 200), 42L,
                Instant.parse("2024-01-02T03:04:05.678Z"), (stream, text) -> {});
        Frame back = roundTrip(Messages.run("wasm", context));
        TaskContext read = Messages.context(back, (stream, text) -> {});
        assertThat(back.text("runtime")).isEqualTo("wasm");
        assertThat(read.taskId()).isEqualTo("t1");
        assertThat(read.attemptId()).isEqualTo("a1");
        assertThat(read.code().sha256()).isEqualTo("abc");
        assertThat(read.code().bytes()).containsExactly(0, 'a', 's', 'm');
        assertThat(new String(read.input(), StandardCharsets.UTF_8)).isEqualTo("input");
        assertThat(read.args()).containsExactly("x", "y");
        assertThat(read.env()).isEqualTo(Map.of("K", "V"));
        assertThat(read.payload()).isEqualTo(Map.of("library", "image", "params", Map.of("width", 3)));
        assertThat(read.limits()).isEqualTo(context.limits());
        assertThat(read.seed()).isEqualTo(42L);
        assertThat(read.clock()).isEqualTo(context.clock());
    }

    @Test
    void results_and_log_lines_round_trip() throws IOException {
        RunResult result = RunResult.timedOut("wall time", new byte[] {1, 2, 3}, new Usage(1, 2, 3, 4));
        RunResult back = Messages.result(roundTrip(Messages.result(result)));
        assertThat(back.outcome()).isEqualTo(result.outcome());
        assertThat(back.reason()).isEqualTo("wall time");
        assertThat(back.output()).containsExactly(1, 2, 3);
        assertThat(back.usage()).isEqualTo(result.usage());
        Frame log = roundTrip(Messages.log(LogSink.Stream.STDERR, "héllo"));
        assertThat(log.text("stream")).isEqualTo("STDERR");
        assertThat(log.text("text")).isEqualTo("héllo");
    }

    @Test
    void a_stream_cut_inside_a_frame_is_an_end_of_stream() throws IOException {
        byte[] whole = bytes(Messages.result(RunResult.succeeded(new byte[1000], Usage.NONE)));
        byte[] cut = Arrays.copyOf(whole, whole.length - 10);
        assertThatThrownBy(() -> Frame.read(new DataInputStream(new ByteArrayInputStream(cut)))).isInstanceOf(EOFException.class);
    }

    private static Frame roundTrip(Frame frame) throws IOException {
        return Frame.read(new DataInputStream(new ByteArrayInputStream(bytes(frame))));
    }

    private static byte[] bytes(Frame frame) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        frame.write(new DataOutputStream(buffer));
        return buffer.toByteArray();
    }
}

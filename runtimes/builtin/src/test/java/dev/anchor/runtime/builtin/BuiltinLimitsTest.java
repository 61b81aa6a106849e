package dev.anchor.runtime.builtin;

import static dev.anchor.runtime.builtin.BuiltinTasks.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anchor.spi.LogSink;
import dev.anchor.spi.Outcome;
import dev.anchor.spi.TestingLogSink;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class BuiltinLimitsTest {

    /** 2000×2000 (16 MB of pixels, well within the caps); a radius-50 blur of it takes seconds. */
    private static final byte[] BIG_IMAGE = TestImages.png(TestImages.uniform(2000, 2000, TestImages.GREEN));

    @Test
    void input_over_the_cap_fails_naming_max_input_bytes() throws Exception {
        var result = task("crypto", "sha256").input("0123456789").maxInputBytes(9).run();

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("input of 10 bytes exceeds limits.maxInputBytes of 9 bytes");
    }

    @Test
    void output_over_the_cap_fails_naming_max_output_bytes() throws Exception {
        var result = task("crypto", "sha512").input("abc").maxOutputBytes(64).run();

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("output limit of 64 bytes exceeded (the result is 128 bytes)");
        assertThat(result.output()).isEmpty();
    }

    @Test
    void output_at_the_cap_is_allowed() throws Exception {
        var result = task("crypto", "sha256").input("abc").maxOutputBytes(64).run();

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.usage().outputBytes()).isEqualTo(64);
        assertThat(result.usage().memoryBytes()).isZero();
    }

    @Test
    void huge_blur_ends_timed_out_at_the_wall_clock_limit() throws Exception {
        var logs = new TestingLogSink();

        var result = task("image", "blur").params(Map.of("radius", 50)).input(BIG_IMAGE).timeoutMs(50).logs(logs).run();

        assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(result.reason()).isEqualTo("wall-clock limit of 50 ms exceeded");
        assertThat(logs.lines()).containsExactly(new TestingLogSink.Line(LogSink.Stream.SYSTEM,
                "image.blur timed out: wall-clock limit of 50 ms exceeded"));
    }

    @Test
    void cancelled_run_throws_interrupted_exception() {
        var task = task("image", "blur").params(Map.of("radius", 50)).input(BIG_IMAGE).build();

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> BuiltinTasks.runtime().run(task)).isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void runtime_keeps_working_after_a_timeout() throws Exception {
        task("image", "blur").params(Map.of("radius", 50)).input(BIG_IMAGE).timeoutMs(1).run();

        var result = task("crypto", "sha256").input("abc").run();

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
    }
}

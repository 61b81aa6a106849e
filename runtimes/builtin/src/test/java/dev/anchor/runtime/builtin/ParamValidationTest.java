package dev.anchor.runtime.builtin;

import static dev.anchor.runtime.builtin.BuiltinTasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.spi.LogSink;
import dev.anchor.spi.Outcome;
import dev.anchor.spi.RunResult;
import dev.anchor.spi.TestingLogSink;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class ParamValidationTest {

    private static final byte[] NOT_AN_IMAGE = {1, 2, 3};

    @Test
    void a_param_below_its_minimum_is_named() throws Exception {
        var result = task("image", "resize").params(Map.of("width", 0, "height", 10)).input(NOT_AN_IMAGE).run();

        assertFailed(result, "params.width: must be at least 1");
    }

    @Test
    void a_param_above_its_maximum_is_named() throws Exception {
        var result = task("image", "blur").params(Map.of("radius", 51)).input(NOT_AN_IMAGE).run();

        assertFailed(result, "params.radius: must be at most 50");
    }

    @Test
    void a_missing_param_is_named() throws Exception {
        var result = task("image", "resize").params(Map.of("width", 10)).run();

        assertFailed(result, "params.height: is required");
    }

    @Test
    void a_param_of_the_wrong_type_is_named_with_both_types() throws Exception {
        var result = task("image", "resize").params(Map.of("width", "wide", "height", 10)).run();

        assertFailed(result, "params.width: must be an integer, not a string");
    }

    @Test
    void a_value_outside_an_enumeration_lists_the_choices() throws Exception {
        var result = task("image", "invert").params(Map.of("format", "gif")).run();

        assertFailed(result, "params.format: must be one of png, jpeg");
    }

    @Test
    void an_unknown_param_is_named_with_those_the_method_takes() throws Exception {
        var result = task("image", "blur").params(Map.of("radius", 2, "sigma", 1)).run();

        assertFailed(result, "params.sigma: is not a param of image.blur; it takes radius, format, quality");
    }

    @Test
    void several_problems_are_reported_together_in_path_order() throws Exception {
        var result = task("image", "crop").params(Map.of("x", -1, "y", 0, "width", 0, "height", 1)).run();

        assertFailed(result, "params.width: must be at least 1; params.x: must be at least 0");
    }

    @Test
    void params_are_checked_before_the_input_is_read() throws Exception {
        var logs = new TestingLogSink();

        var result = task("image", "resize").params(Map.of("width", 0, "height", 1)).input(NOT_AN_IMAGE).logs(logs).run();

        assertThat(result.reason()).doesNotContain("PNG");
        assertThat(logs.lines()).containsExactly(
                new TestingLogSink.Line(LogSink.Stream.SYSTEM, "builtin: params.width: must be at least 1"));
    }

    @Test
    void absent_params_mean_none() throws Exception {
        var result = task("crypto", "sha256").input("abc").run();

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void a_method_without_params_refuses_any() throws Exception {
        var result = task("crypto", "sha256").params(Map.of("rounds", 2)).run();

        assertFailed(result, "params.rounds: is not a param of crypto.sha256; it takes no params");
    }

    @Test
    void invalid_base64_is_named() throws Exception {
        var result = task("crypto", "ed25519_sign").params(Map.of("privateKey", "not base64!")).run();

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).startsWith("params.privateKey: is not valid base64");
    }

    @Test
    void an_unknown_method_lists_the_library_s_methods() throws Exception {
        var result = task("image", "foo").run();

        assertFailed(result, "unknown method image.foo; image has: blur, brighten, contrast, crop, fliph, flipv,"
                + " grayscale, invert, resize, rotate180, rotate270, rotate90");
    }

    @Test
    void an_unknown_library_lists_the_libraries() throws Exception {
        var result = task("video", "transcode").run();

        assertFailed(result, "unknown library video; builtin has: crypto, image");
    }

    @Test
    void a_missing_library_or_method_is_named() throws Exception {
        assertFailed(task(null, "sha256").run(), "payload.library: is required; builtin has: crypto, image");
        assertFailed(task("crypto", null).run(), "payload.method: is required; crypto has: aes_gcm_decrypt,"
                + " aes_gcm_encrypt, blake3, ed25519_sign, ed25519_verify, sha256, sha512");
    }

    @Test
    void params_that_are_not_an_object_are_refused() throws Exception {
        var result = task("crypto", "sha256").payload("params", List.of(1, 2)).run();

        assertFailed(result, "payload.params: must be an object, not an array");
    }

    @Test
    void a_library_that_is_not_a_string_is_refused() throws Exception {
        var result = task(null, "sha256").payload("library", 7).run();

        assertFailed(result, "payload.library: must be a string, not a number");
    }

    @Test
    void a_fractional_number_is_not_an_integer() throws Exception {
        var result = task("image", "resize").params(Map.of("width", 0.5, "height", 2.0)).run();

        assertFailed(result, "params.width: must be an integer, not a number");
    }

    private static void assertFailed(RunResult result, String reason) {
        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo(reason);
    }
}

package dev.anchor.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class TaskPayloadTest {

    @Test
    void command_and_args_make_the_argv() {
        var payload = TaskPayload.from(Map.of("command", List.of("ffmpeg", "-i", "input"), "outputFile", "./out/x.mp4"),
                List.of("out.mp4"));

        assertThat(payload.command()).containsExactly("ffmpeg", "-i", "input", "out.mp4");
        assertThat(payload.outputFile()).isEqualTo("out/x.mp4");
    }

    @Test
    void a_missing_command_is_explained() {
        assertThatThrownBy(() -> TaskPayload.from(Map.of(), List.of()))
                .hasMessageStartingWith("payload.command is missing; expected the argv as a list of strings");
    }

    @Test
    void wrong_types_name_the_element() {
        assertThatThrownBy(() -> TaskPayload.from(Map.of("command", List.of("echo", 3)), List.of()))
                .hasMessage("payload.command[1] is a number; expected a string");
        assertThatThrownBy(() -> TaskPayload.from(Map.of("command", List.of()), List.of()))
                .hasMessage("payload.command is empty; expected at least the program name");
        assertThatThrownBy(() -> TaskPayload.from(Map.of("command", List.of("echo"), "outputFile", true), List.of()))
                .hasMessage("payload.outputFile is a boolean; expected a relative path");
        assertThatThrownBy(() -> TaskPayload.from(Map.of("command", Arrays.asList("echo", "a\0b")), List.of()))
                .hasMessage("payload.command[1] contains a NUL character");
    }

    @Test
    void output_files_that_leave_the_work_directory_are_refused() {
        for (var name : List.of("/etc/passwd", "..", "../x", "a/../../x", "a/..", "", " ", ".")) {
            assertThatThrownBy(() -> TaskPayload.from(Map.of("command", List.of("true"), "outputFile", name), List.of()))
                    .as(name)
                    .hasMessage("payload.outputFile is '" + name + "'; expected a relative path inside the work directory, without '..'");
        }
    }
}

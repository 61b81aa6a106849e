package dev.anchor.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class TaskPayloadTest {

    @Test
    void reads_image_command_and_output_file() {
        var payload = TaskPayload.from(Map.of("image", "alpine:3.20", "command", List.of("sh", "-c", "x"), "outputFile", "./a/b.txt"), List.of("y"));

        assertThat(payload).isEqualTo(new TaskPayload("alpine:3.20", List.of("sh", "-c", "x", "y"), "a/b.txt"));
    }

    @Test
    void without_a_command_the_image_keeps_its_own_unless_there_are_args() {
        assertThat(TaskPayload.from(Map.of("image", "x"), List.of()).command()).isNull();
        assertThat(TaskPayload.from(Map.of("image", "x"), List.of("--help")).command()).containsExactly("--help");
    }

    @Test
    void errors_name_the_field_and_what_was_expected() {
        assertThatThrownBy(() -> TaskPayload.from(Map.of("image", 3), List.of()))
                .hasMessage("payload.image is a number; expected an image reference such as alpine:3.20");
        assertThatThrownBy(() -> TaskPayload.from(Map.of("image", "a b"), List.of()))
                .hasMessage("payload.image is 'a b'; an image reference has no spaces or control characters");
        assertThatThrownBy(() -> TaskPayload.from(Map.of("image", "x", "command", List.of()), List.of()))
                .hasMessage("payload.command is empty; leave it out to run the image's own command");
        assertThatThrownBy(() -> TaskPayload.from(Map.of("image", "x", "command", List.of("a", 1)), List.of()))
                .hasMessage("payload.command[1] is a number; expected a string");
        assertThatThrownBy(() -> TaskPayload.from(Map.of("image", "x", "outputFile", "/etc/passwd"), List.of()))
                .hasMessage("payload.outputFile is '/etc/passwd'; expected a relative path under /output, without '..'");
        assertThatThrownBy(() -> TaskPayload.from(Map.of("image", "x", "outputFile", "a/../../b"), List.of()))
                .hasMessage("payload.outputFile is 'a/../../b'; expected a relative path under /output, without '..'");
    }

    @Test
    void image_references_without_tag_or_digest_are_recognised() {
        assertThat(ImageReference.hasTagOrDigest("alpine")).isFalse();
        assertThat(ImageReference.hasTagOrDigest("localhost:5000/alpine")).isFalse();
        assertThat(ImageReference.hasTagOrDigest("localhost:5000/alpine:3.20")).isTrue();
        assertThat(ImageReference.hasTagOrDigest("alpine@sha256:abc")).isTrue();
    }
}

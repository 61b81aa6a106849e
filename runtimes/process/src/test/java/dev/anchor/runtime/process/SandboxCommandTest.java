package dev.anchor.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anchor.spi.Limits;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SandboxCommandTest {

    private static final Limits LIMITS = new Limits(128, 2_500, 0, 1.0, 4096, 1 << 20);

    @Test
    void root_is_dropped_before_bwrap_and_the_rlimits_wrap_the_command(@TempDir Path scratch) throws Exception {
        try (var directory = TaskDirectory.create(scratch, null, new byte[0])) {
            var argv = SandboxCommand.build(Path.of("/usr/bin/bwrap"), Path.of("/usr/bin/setpriv"), new HostUser(65534, 65534),
                    ProcessOptions.DEFAULT, directory, LIMITS, Map.of("A", "1"), List.of("ffmpeg", "-i", "input"));

            assertThat(argv.subList(0, 6)).containsExactly(
                    "/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", "/usr/bin/bwrap");
            assertThat(argv).contains("--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent",
                    "--new-session", "--clearenv");
            assertThat(String.join(" ", argv))
                    .contains("--ro-bind /usr /usr", "--bind " + directory.work() + " /work", "--remount-ro / --chdir /work",
                            "--setenv A 1 --setenv HOME /work --setenv PATH /usr/bin:/bin --setenv TMPDIR /tmp",
                            "--cap-drop ALL -- prlimit --as=134217728 --cpu=4:5 --nproc=64 --fsize=4096 --core=0 -- ffmpeg -i input")
                    .doesNotContain("/root", "/home", "/var", "/run");
            assertThat(argv.get(argv.size() - 4)).isEqualTo("--");
        }
    }

    @Test
    void an_agent_that_is_not_root_runs_bwrap_directly(@TempDir Path scratch) throws Exception {
        try (var directory = TaskDirectory.create(scratch, null, new byte[0])) {
            var argv = SandboxCommand.build(Path.of("/usr/bin/bwrap"), null, null, ProcessOptions.DEFAULT, directory, LIMITS,
                    Map.of(), List.of("true"));

            assertThat(argv.getFirst()).isEqualTo("/usr/bin/bwrap");
            assertThat(Collections.frequency(argv, "--tmpfs")).isEqualTo(2);
        }
    }

    @Test
    void an_environment_name_that_bwrap_cannot_take_is_refused(@TempDir Path scratch) throws Exception {
        try (var directory = TaskDirectory.create(scratch, null, new byte[0])) {
            assertThatThrownBy(() -> SandboxCommand.build(Path.of("/usr/bin/bwrap"), null, null, ProcessOptions.DEFAULT,
                    directory, LIMITS, Map.of("", "x"), List.of("true")))
                    .hasMessage("env name '' is not valid; expected a name without '=' or NUL");
        }
    }

    @Test
    void the_task_directory_is_deleted_with_what_the_task_left(@TempDir Path scratch) throws Exception {
        Path root;
        try (var directory = TaskDirectory.create(scratch, null, "in".getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            root = directory.root();
            var locked = java.nio.file.Files.createDirectories(directory.work().resolve("a/b"));
            java.nio.file.Files.writeString(locked.resolve("f"), "x");
            java.nio.file.Files.createSymbolicLink(directory.work().resolve("link"), scratch);
            java.nio.file.Files.setPosixFilePermissions(locked.getParent(), java.util.Set.of());
            assertThat(directory.work().resolve("input")).hasContent("in");
        }
        assertThat(root).doesNotExist();
        assertThat(scratch).exists();
    }
}

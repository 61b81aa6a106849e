package dev.anchor.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.spi.Limits;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ExitReasonsTest {

    private static final Limits LIMITS = new Limits(256, 10_000, 0, 1.0, 4096, 1 << 20);

    @Test
    void plain_exit_codes_and_signals() {
        assertThat(ExitReasons.of(3, LIMITS, 64, List.of())).isEqualTo("exit code 3");
        assertThat(ExitReasons.of(137, LIMITS, 64, List.of())).isEqualTo("killed by signal 9 (SIGKILL)");
        assertThat(ExitReasons.of(128 + 40, LIMITS, 64, List.of())).isEqualTo("killed by signal 40 (SIG40)");
    }

    @Test
    void rlimit_signals_name_the_limit() {
        assertThat(ExitReasons.of(128 + 24, LIMITS, 64, List.of()))
                .isEqualTo("killed by signal 24 (SIGXCPU): CPU time limit of 11 s exceeded");
        assertThat(ExitReasons.of(128 + 25, LIMITS, 64, List.of()))
                .isEqualTo("killed by signal 25 (SIGXFSZ): file size limit of 4096 bytes exceeded");
        assertThat(ExitReasons.of(128 + 11, LIMITS, 64, List.of()))
                .isEqualTo("killed by signal 11 (SIGSEGV) (possibly the address-space limit of 256 MiB)");
    }

    @Test
    void stderr_hints_name_the_limit() {
        assertThat(ExitReasons.of(1, LIMITS, 64, List.of("Traceback ...", "MemoryError")))
                .isEqualTo("exit code 1 (it ran out of memory: probably the address-space limit of 256 MiB)");
        assertThat(ExitReasons.of(2, LIMITS, 64, List.of("sh: 1: Cannot fork")))
                .isEqualTo("exit code 2 (it failed to start processes: probably the process limit of 64)");
    }

    @Test
    void bwrap_setup_failures_and_missing_commands_are_explained() {
        assertThat(ExitReasons.of(1, LIMITS, 64, List.of("bwrap: Creating new namespace failed: Operation not permitted")))
                .isEqualTo("the sandbox could not be set up: bwrap: Creating new namespace failed: Operation not permitted");
        assertThat(ExitReasons.of(127, LIMITS, 64, List.of("prlimit: failed to execute ffmpeg: No such file or directory")))
                .isEqualTo("exit code 127: the command could not be started (prlimit: failed to execute ffmpeg: No such file"
                        + " or directory); the sandbox has only /usr and PATH=/usr/bin:/bin");
    }
}

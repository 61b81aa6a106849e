package dev.anchor.runtime.process;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anchor.spi.RuntimeProvider;
import dev.anchor.spi.RuntimeSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

final class ProcessRuntimeProviderTest {

    @Test
    void service_loader_finds_the_process_provider_and_it_runs_a_command() throws Exception {
        var provider = ServiceLoader.load(RuntimeProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("process"))
                .findFirst()
                .orElseThrow();
        assertThat(provider).isInstanceOf(ProcessRuntimeProvider.class);

        ProcessTasks.assumeSandboxWorks();
        assertThat(provider.unavailableReason()).isEmpty();
        try (var runtime = provider.create(new RuntimeSettings(Path.of("target"), Map.of("wasm.engine", "compiler")))) {
            assertThat(runtime.name()).isEqualTo("process");
            var result = runtime.run(ProcessTasks.task("sh", "-c", "read x; echo $((x*x))").input("9").build());
            assertThat(new String(result.output(), UTF_8)).isEqualTo("81\n");
        }
    }

    @Test
    void a_missing_bwrap_is_the_reason_it_is_unavailable() {
        var options = ProcessOptions.from(Map.of("process.bwrap", "/nonexistent/bwrap"));

        assertThat(SandboxProbe.check(options)).contains(
                "bubblewrap is not installed (no executable '/nonexistent/bwrap'); install the bubblewrap package");
    }

    @Test
    void a_broken_sandbox_is_the_reason_it_is_unavailable() {
        ProcessTasks.assumeSandboxWorks();
        // /bin/false stands in for a bwrap that cannot make namespaces.
        var options = ProcessOptions.from(Map.of("process.bwrap", "/bin/false"));

        assertThat(SandboxProbe.check(options)).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("the bubblewrap sandbox does not work on this node: exit code 1"));
    }

    @Test
    void unknown_process_option_is_rejected_naming_it() {
        var settings = new RuntimeSettings(Path.of("target"), Map.of("process.maxProcess", "10"));

        assertThatThrownBy(() -> new ProcessRuntimeProvider().create(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown option process.maxProcess; expected one of");
    }

    @Test
    void malformed_numbers_and_root_as_sandbox_user_are_rejected() {
        assertThatThrownBy(() -> ProcessOptions.from(Map.of("process.maxProcesses", "many")))
                .hasMessage("process.maxProcesses is 'many'; expected a number of processes");
        assertThatThrownBy(() -> ProcessOptions.from(Map.of("process.sandboxUid", "0")))
                .hasMessage("process.sandboxUid must be a positive uid");
        assertThatThrownBy(() -> ProcessOptions.from(Map.of("process.readOnlyPaths", "etc/fonts")))
                .hasMessage("process.readOnlyPaths entry 'etc/fonts' is not an absolute path");
    }
}

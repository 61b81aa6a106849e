package dev.anchor.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anchor.spi.RuntimeProvider;
import dev.anchor.spi.RuntimeSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

final class ContainerRuntimeProviderTest {

    @Test
    void service_loader_finds_the_container_provider_and_it_runs_a_task() throws Exception {
        var provider = ServiceLoader.load(RuntimeProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("container"))
                .findFirst()
                .orElseThrow();
        assertThat(provider).isInstanceOf(ContainerRuntimeProvider.class);

        ContainerTasks.assumeEngineWorks();
        assertThat(provider.unavailableReason()).isEmpty();
        try (var runtime = provider.create(new RuntimeSettings(Path.of("target"), Map.of("wasm.engine", "compiler")))) {
            assertThat(runtime.name()).isEqualTo("container");
            var result = runtime.run(ContainerTasks.task("sh", "-c", "read x; echo $((x*x))").input("9").build());
            assertThat(ContainerTasks.text(result.output())).isEqualTo("81\n");
        }
    }

    @Test
    void an_engine_that_does_not_answer_is_the_reason_it_is_unavailable() {
        var reason = DockerEngine.problem(URI.create("unix:///nonexistent/docker.sock"));

        assertThat(reason).hasValueSatisfying(text -> assertThat(text)
                .startsWith("no Docker engine answers at unix:///nonexistent/docker.sock: ")
                .endsWith("; start dockerd (scripts/docker-test-setup.sh does) or set DOCKER_HOST"));
    }

    @Test
    void unknown_container_option_is_rejected_naming_it() {
        var settings = new RuntimeSettings(Path.of("target"), Map.of("container.pidLimit", "10"));

        assertThatThrownBy(() -> new ContainerRuntimeProvider().create(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown option container.pidLimit; expected one of");
    }

    @Test
    void malformed_options_and_root_as_user_are_rejected() {
        var work = Path.of("target");
        assertThatThrownBy(() -> ContainerOptions.from(Map.of("container.pidsLimit", "many"), work))
                .hasMessage("container.pidsLimit is 'many'; expected a number of processes");
        assertThatThrownBy(() -> ContainerOptions.from(Map.of("container.user", "0:0"), work))
                .hasMessage("container.user must be a non-root uid:gid, e.g. 65534:65534");
        assertThatThrownBy(() -> ContainerOptions.from(Map.of("container.user", "nobody"), work))
                .hasMessage("container.user is 'nobody'; expected uid:gid, e.g. 65534:65534");
        assertThatThrownBy(() -> ContainerOptions.from(Map.of("container.pullImages", "yes"), work))
                .hasMessage("container.pullImages is 'yes'; expected true or false");
        assertThatThrownBy(() -> ContainerOptions.from(Map.of("container.dockerHost", "/var/run/docker.sock"), work))
                .hasMessage("docker host is '/var/run/docker.sock'; expected unix:///path, tcp://host:port or npipe:////./pipe/name");
    }

    @Test
    void options_are_read_with_their_defaults() {
        var options = ContainerOptions.from(Map.of("container.ociRuntime", "runsc", "container.user", "1000:1000",
                "container.dockerHost", "tcp://127.0.0.1:2375"), Path.of("target"));

        assertThat(options.ociRuntime()).isEqualTo("runsc");
        assertThat(options.user()).isEqualTo("1000:1000");
        assertThat(options.effectiveDockerHost()).isEqualTo(URI.create("tcp://127.0.0.1:2375"));
        assertThat(options.pullImages()).isFalse();
        assertThat(options.pidsLimit()).isEqualTo(128);
        assertThat(options.scratchDirectory()).isAbsolute();
    }
}

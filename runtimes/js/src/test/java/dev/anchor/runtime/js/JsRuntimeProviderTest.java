package dev.anchor.runtime.js;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anchor.spi.RuntimeProvider;
import dev.anchor.spi.RuntimeSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

final class JsRuntimeProviderTest {

    @Test
    void service_loader_finds_the_js_provider_and_it_runs_a_script() throws Exception {
        var provider = ServiceLoader.load(RuntimeProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("js"))
                .findFirst()
                .orElseThrow();

        assertThat(provider).isInstanceOf(JsRuntimeProvider.class);
        assertThat(provider.unavailableReason()).isEmpty();
        try (var runtime = provider.create(new RuntimeSettings(Path.of("target"), Map.of("wasm.engine", "compiler")))) {
            assertThat(runtime.name()).isEqualTo("js");
            var result = runtime.run(JsTasks.task("Number(input) ** 2").input("9").build());
            assertThat(JsTasks.output(result)).isEqualTo("81");
        }
    }

    @Test
    void unknown_js_option_is_rejected_naming_it() {
        var settings = new RuntimeSettings(Path.of("target"), Map.of("js.heapMb", "64"));

        assertThatThrownBy(() -> new JsRuntimeProvider().create(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("js.heapMb");
    }

    @Test
    void malformed_js_option_is_rejected_naming_what_was_expected() {
        var settings = new RuntimeSettings(Path.of("target"), Map.of("js.logs.maxBytes", "lots"));

        assertThatThrownBy(() -> new JsRuntimeProvider().create(settings))
                .hasMessage("js.logs.maxBytes is 'lots'; expected a number of bytes");
    }
}

package dev.anchor.runtime.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anchor.spi.RuntimeProvider;
import dev.anchor.spi.RuntimeSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

final class WasmRuntimeProviderTest {

    @Test
    void service_loader_finds_the_wasm_provider_and_it_runs_a_module() throws Exception {
        var provider = ServiceLoader.load(RuntimeProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("wasm"))
                .findFirst()
                .orElseThrow();

        assertThat(provider).isInstanceOf(WasmRuntimeProvider.class);
        assertThat(provider.unavailableReason()).isEmpty();
        try (var runtime = provider.create(new RuntimeSettings(Path.of("target"), Map.of("js.heapMb", "64")))) {
            assertThat(runtime.name()).isEqualTo("wasm");
            var result = runtime.run(WasmTasks.task(WasmTasks.example("square")).input("9").build());
            assertThat(result.output()).isEqualTo("81\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void unknown_wasm_option_is_rejected_naming_it() {
        var settings = new RuntimeSettings(Path.of("target"), Map.of("wasm.engin", "compiler"));

        assertThatThrownBy(() -> new WasmRuntimeProvider().create(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wasm.engin");
    }

    @Test
    void bad_engine_is_rejected_naming_the_choices() {
        var settings = new RuntimeSettings(Path.of("target"), Map.of("wasm.engine", "jit"));

        assertThatThrownBy(() -> new WasmRuntimeProvider().create(settings))
                .hasMessage("wasm.engine is 'jit'; expected compiler, interpreter or v8");
    }
}

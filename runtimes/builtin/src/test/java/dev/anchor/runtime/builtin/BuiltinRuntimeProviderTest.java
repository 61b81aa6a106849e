package dev.anchor.runtime.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.spi.RuntimeProvider;
import dev.anchor.spi.RuntimeSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

final class BuiltinRuntimeProviderTest {

    @Test
    void service_loader_finds_the_builtin_provider_and_it_runs_a_method() throws Exception {
        var provider = ServiceLoader.load(RuntimeProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("builtin"))
                .findFirst()
                .orElseThrow();

        assertThat(provider).isInstanceOf(BuiltinRuntimeProvider.class);
        assertThat(provider.unavailableReason()).isEmpty();
        try (var runtime = provider.create(new RuntimeSettings(Path.of("target"), Map.of()))) {
            assertThat(runtime.name()).isEqualTo("builtin");
            var result = runtime.run(BuiltinTasks.task("crypto", "sha256").input("abc").build());
            assertThat(new String(result.output(), StandardCharsets.US_ASCII)).startsWith("ba7816bf");
        }
    }

    @Test
    void catalog_lists_every_method_with_its_params_schema() {
        var catalog = BuiltinRuntimeProvider.catalog();

        assertThat(catalog).containsOnlyKeys("crypto", "image");
        assertThat(catalog.get("crypto")).containsOnlyKeys("sha256", "sha512", "blake3", "ed25519_sign", "ed25519_verify",
                "aes_gcm_encrypt", "aes_gcm_decrypt");
        assertThat(catalog.get("image")).containsOnlyKeys("resize", "crop", "blur", "brighten", "contrast", "grayscale",
                "rotate90", "rotate180", "rotate270", "fliph", "flipv", "invert");
        var resize = catalog.get("image").get("resize");
        assertThat(resize).containsEntry("$schema", "https://json-schema.org/draft/2020-12/schema")
                .containsEntry("type", "object")
                .containsEntry("additionalProperties", false)
                .containsKey("description");
        assertThat(resize.get("required")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .containsExactly("width", "height");
    }

    @Test
    void every_method_and_param_is_described() {
        BuiltinRuntimeProvider.catalog().forEach((library, methods) -> methods.forEach((method, schema) -> {
            assertThat(schema.get("description")).as("%s.%s", library, method).isInstanceOf(String.class);
            @SuppressWarnings("unchecked")
            var properties = (Map<String, Map<String, Object>>) schema.get("properties");
            properties.forEach((param, property) ->
                    assertThat(property.get("description")).as("%s.%s %s", library, method, param).isInstanceOf(String.class));
        }));
    }

    @Test
    void catalog_is_a_fresh_copy_each_time() {
        var first = BuiltinRuntimeProvider.catalog();
        first.get("image").clear();

        assertThat(BuiltinRuntimeProvider.catalog().get("image")).isNotEmpty();
    }
}

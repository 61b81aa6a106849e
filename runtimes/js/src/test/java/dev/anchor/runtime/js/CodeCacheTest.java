package dev.anchor.runtime.js;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.spi.Outcome;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class CodeCacheTest {

    @Test
    void a_script_is_cached_once_per_hash_and_runs_the_same_from_the_cache() throws Exception {
        try (var runtime = (JsRuntime) JsTasks.runtime()) {
            var script = "function square(x) { return x * x; } square(Number(input))";
            var first = runtime.run(JsTasks.task(script).input("7").build());
            var second = runtime.run(JsTasks.task(script).input("8").build());

            assertThat(JsTasks.output(first)).isEqualTo("49");
            assertThat(JsTasks.output(second)).isEqualTo("64");
            assertThat(runtime.cache().entries()).isEqualTo(1);
        }
    }

    @Test
    void a_script_that_fails_leaves_nothing_in_the_cache_and_a_zero_cap_caches_nothing() throws Exception {
        try (var runtime = (JsRuntime) JsTasks.runtime(Map.of("js.cache.maxBytes", "0"))) {
            assertThat(runtime.run(JsTasks.task("1 + 1").build()).outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(runtime.cache().entries()).isZero();
        }
        try (var runtime = (JsRuntime) JsTasks.runtime()) {
            runtime.run(JsTasks.task("throw new Error('no')").build());
            assertThat(runtime.cache().entries()).isZero();
        }
    }

    @Test
    void the_least_recently_used_entry_goes_first_when_the_cache_is_full() {
        var cache = new CodeCache(10);
        cache.put("a", new byte[4]);
        cache.put("b", new byte[4]);
        cache.get("a");
        cache.put("c", new byte[4]);

        assertThat(cache.get("a")).isNotNull();
        assertThat(cache.get("b")).isNull();
        assertThat(cache.get("c")).isNotNull();
    }
}

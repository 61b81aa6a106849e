package dev.anchor.runtime.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.spi.TaskContext;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

final class ModuleCacheTest {

    @Test
    void a_module_is_compiled_once_per_hash_even_when_tasks_race() throws Exception {
        var cache = new ModuleCache(WasmOptions.Engine.COMPILER, 1 << 20);
        var bytes = WasmTasks.example("square");
        var code = new TaskContext.Code(ModuleCache.sha256(bytes), bytes);

        var loads = new ArrayList<Future<LoadedModule>>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                loads.add(pool.submit((Callable<LoadedModule>) () -> cache.load(code)));
            }
        }

        var first = loads.getFirst().get();
        assertThat(first).isInstanceOf(LoadedModule.Ready.class);
        for (var load : loads) {
            assertThat(load.get()).isSameAs(first);
        }
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void invalid_modules_are_remembered_with_their_reason() {
        var cache = new ModuleCache(WasmOptions.Engine.COMPILER, 1 << 20);
        var bytes = new byte[] {0, 'a', 's', 'm', 9, 9, 9, 9};
        var code = new TaskContext.Code(ModuleCache.sha256(bytes), bytes);

        var first = cache.load(code);

        assertThat(first).isInstanceOf(LoadedModule.Rejected.class);
        assertThat(cache.load(code)).isSameAs(first);
    }

    @Test
    void the_cache_is_bounded_by_module_bytes() {
        var cache = new ModuleCache(WasmOptions.Engine.INTERPRETER, 2_000);
        for (int i = 0; i < 20; i++) {
            // Distinct modules of ~700 bytes: a custom section makes each hash differ.
            var bytes = withCustomSection(WasmTasks.example("square"), i);
            cache.load(new TaskContext.Code(ModuleCache.sha256(bytes), bytes));
        }
        assertThat(cache.size()).isLessThanOrEqualTo(3);
    }

    /** Appends a custom section named "n" holding one byte; the module stays valid. */
    private static byte[] withCustomSection(byte[] module, int value) {
        var out = java.util.Arrays.copyOf(module, module.length + 5);
        int at = module.length;
        out[at] = 0; // custom section id
        out[at + 1] = 3; // section size
        out[at + 2] = 1; // name length
        out[at + 3] = 'n';
        out[at + 4] = (byte) value;
        return out;
    }
}

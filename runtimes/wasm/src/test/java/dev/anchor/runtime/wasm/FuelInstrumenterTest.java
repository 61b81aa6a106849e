package dev.anchor.runtime.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.ValType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The rewritten module is valid, keeps what it had, and proposals we do not meter are refused. */
final class FuelInstrumenterTest {

    private static final byte[] HEADER = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};

    /** Every module in the repository: the runtime's test modules, the examples, the benchmark kernels. */
    static Stream<Path> modules() throws IOException {
        var all = new ArrayList<Path>();
        for (var dir : List.of("src/test/resources/wasm", "../../examples/wasm", "../../bench/peers")) {
            try (var files = Files.list(Path.of(dir))) {
                files.filter(file -> file.toString().endsWith(".wasm")).sorted().forEach(all::add);
            }
        }
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("modules")
    void instrumented_module_parses_and_validates(Path module) throws Exception {
        var instrumented = FuelInstrumenter.instrument(Files.readAllBytes(module));

        var parsed = Parser.parse(instrumented.bytes());
        var exports = new ArrayList<String>();
        for (int i = 0; i < parsed.exportSection().exportCount(); i++) {
            exports.add(parsed.exportSection().getExport(i).name());
        }
        assertThat(exports).contains(FuelInstrumenter.FUEL_EXPORT, FuelInstrumenter.DEPTH_EXPORT,
                FuelInstrumenter.MEMORY_CAP_EXPORT, FuelInstrumenter.MEMORY_REFUSED_EXPORT);
        assertThat(parsed.startSection()).isEmpty();
        assertThat(parsed.dataSection().dataSegmentCount())
                .isEqualTo(Parser.parse(Files.readAllBytes(module)).dataSection().dataSegmentCount());
        wabtValidates(instrumented.bytes());
    }

    @Test
    void module_with_a_start_function_exports_it_instead() throws Exception {
        var instrumented = FuelInstrumenter.instrument(WasmTasks.testModule("start_function_loops"));

        assertThat(instrumented.hasStart()).isTrue();
        var parsed = Parser.parse(instrumented.bytes());
        assertThat(parsed.startSection()).isEmpty();
        var names = new ArrayList<String>();
        for (int i = 0; i < parsed.exportSection().exportCount(); i++) names.add(parsed.exportSection().getExport(i).name());
        assertThat(names).contains(FuelInstrumenter.START_EXPORT);
    }

    @Test
    void internal_function_takes_fuel_and_depth_and_returns_the_fuel_left() {
        var parsed = Parser.parse(FuelInstrumenter.instrument(WasmTasks.testModule("fuel_cost_model")).bytes());
        var functions = parsed.functionSection();
        var types = parsed.typeSection();

        // $next is only called directly: (i32) -> i32 becomes (i32, i64 fuel, i32 depth) -> (i32, i64 fuel).
        assertThat(functions.getFunctionType(0, types).params()).containsExactly(ValType.I32, ValType.I64, ValType.I32);
        assertThat(functions.getFunctionType(0, types).returns()).containsExactly(ValType.I32, ValType.I64);
        // _start is exported: the host calls it, so it keeps its type and reads the globals.
        assertThat(functions.getFunctionType(1, types).params()).isEmpty();
    }

    @Test
    void depth_bound_leaves_room_for_the_functions_that_cannot_recurse() {
        var parsed = Parser.parse(FuelInstrumenter.instrument(WasmTasks.testModule("fuel_cost_model")).bytes());

        // Nothing recurses: _start, $next and the grow function, 3 frames, are never counted.
        var depth = parsed.globalSection().getGlobal(1).initInstructions().get(0).operand(0);
        assertThat(depth).isEqualTo(FuelInstrumenter.MAX_CALL_DEPTH - 3);
    }

    @Test
    void functions_in_tail_calls_keep_their_type_and_run() throws Exception {
        // _start: (call 1 (i32.const 5)) drop; 1: (return_call 2 (local.get 0)); 2: local.get 0 + 1.
        var module = module(new byte[] {0x01, 0x09, 0x02, 0x60, 0x01, 0x7F, 0x01, 0x7F, 0x60, 0x00, 0x00},
                new byte[] {0x03, 0x04, 0x03, 0x01, 0x00, 0x00},
                new byte[] {0x05, 0x03, 0x01, 0x00, 0x01},
                new byte[] {0x07, 0x0A, 0x01, 0x06, '_', 's', 't', 'a', 'r', 't', 0x00, 0x00},
                new byte[] {0x0A, 0x18, 0x03,
                        0x07, 0x00, 0x41, 0x05, 0x10, 0x01, 0x1A, 0x0B,
                        0x06, 0x00, 0x20, 0x00, 0x12, 0x02, 0x0B,
                        0x07, 0x00, 0x20, 0x00, 0x41, 0x01, 0x6A, 0x0B});

        var parsed = Parser.parse(FuelInstrumenter.instrument(module).bytes());

        // A tail call needs the callee's results to be the caller's: neither gains the fuel result.
        assertThat(parsed.functionSection().getFunctionType(1, parsed.typeSection()).params()).containsExactly(ValType.I32);
        assertThat(parsed.functionSection().getFunctionType(2, parsed.typeSection()).params()).containsExactly(ValType.I32);
        for (var engine : List.of("compiler", "interpreter", "v8")) {
            try (var runtime = WasmTasks.runtime(java.util.Map.of("wasm.engine", engine))) {
                var result = runtime.run(WasmTasks.task(module).build());

                assertThat(result.outcome()).as(engine).isEqualTo(dev.anchor.spi.Outcome.SUCCEEDED);
                // The three bodies: 4, 2 (what follows the tail call cannot run), 4.
                assertThat(result.usage().fuel()).as(engine).isEqualTo(4 + 2 + 4);
            }
        }
    }

    @Test
    void shared_memory_is_refused_as_threads() {
        var module = module(new byte[] {0x05, 0x04, 0x01, 0x03, 0x01, 0x01});

        assertThatThrownBy(() -> FuelInstrumenter.instrument(module))
                .isInstanceOf(UnmeteredFeatureException.class)
                .hasMessage("module uses a shared memory (threads), which is not metered");
    }

    @Test
    void atomic_instructions_are_refused_as_threads() {
        var module = module(new byte[] {0x01, 0x04, 0x01, 0x60, 0x00, 0x00}, new byte[] {0x03, 0x02, 0x01, 0x00},
                new byte[] {0x0A, 0x07, 0x01, 0x05, 0x00, (byte) 0xFE, 0x03, 0x00, 0x0B});

        assertThatThrownBy(() -> FuelInstrumenter.instrument(module))
                .isInstanceOf(UnmeteredFeatureException.class)
                .hasMessage("module uses threads (atomics), which are not metered");
    }

    @Test
    void tag_section_is_refused_as_exception_handling() {
        var module = module(new byte[] {0x01, 0x04, 0x01, 0x60, 0x00, 0x00}, new byte[] {0x0D, 0x03, 0x01, 0x00, 0x00});

        assertThatThrownBy(() -> FuelInstrumenter.instrument(module))
                .isInstanceOf(UnmeteredFeatureException.class)
                .hasMessage("module uses exception handling (a tag section), which is not metered");
    }

    @Test
    void struct_type_is_refused_as_gc() {
        var module = module(new byte[] {0x01, 0x03, 0x01, 0x5F, 0x00});

        assertThatThrownBy(() -> FuelInstrumenter.instrument(module))
                .isInstanceOf(UnmeteredFeatureException.class)
                .hasMessage("module uses GC types (type form 0x5f), which are not metered");
    }

    @Test
    void truncated_module_is_malformed() {
        var bytes = WasmTasks.example("square");
        var truncated = java.util.Arrays.copyOf(bytes, bytes.length - 3);

        assertThatThrownBy(() -> FuelInstrumenter.instrument(truncated)).isInstanceOf(MalformedModuleException.class);
    }

    private static byte[] module(byte[]... sections) {
        var out = new WasmWriter();
        out.bytes(HEADER, 0, HEADER.length);
        for (var section : sections) out.bytes(section, 0, section.length);
        return out.toByteArray();
    }

    /** wabt's validator, where it is installed, checks the bytes independently of Chicory. */
    private static void wabtValidates(byte[] module) throws Exception {
        var validator = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .map(dir -> Path.of(dir, "wasm-validate"))
                .filter(Files::isExecutable)
                .findFirst();
        if (validator.isEmpty()) {
            return;
        }
        var file = Files.createTempFile("instrumented", ".wasm");
        try {
            Files.write(file, module);
            var process = new ProcessBuilder(validator.get().toString(), file.toString()).redirectErrorStream(true).start();
            var output = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor()).as("wasm-validate: %s", output).isZero();
        } finally {
            Files.delete(file);
        }
    }
}

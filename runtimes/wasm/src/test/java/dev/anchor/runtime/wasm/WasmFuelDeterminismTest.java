package dev.anchor.runtime.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuel is part of the module, not of the engine: the same module and input use the same fuel and
 * print the same output on Chicory's compiler, its interpreter and V8, and in another process.
 */
final class WasmFuelDeterminismTest {

    private static final List<String> ENGINES = List.of("compiler", "interpreter", "v8");

    private static List<String> lines;

    @BeforeAll
    static void runEveryCaseOnEveryEngine() throws Exception {
        lines = FuelProbe.run(ENGINES);
    }

    @Test
    void fuel_and_output_are_identical_across_engines() {
        var cases = FuelProbe.cases();
        for (int i = 0; i < cases.size(); i++) {
            var compiler = lines.get(i);
            assertThat(compiler).doesNotContain("fuel=0 ");
            // deep_recursion exhausts the interpreter's JVM stack before the depth bound; see MAX_CALL_DEPTH.
            if (!cases.get(i).name().equals("deep_recursion")) {
                assertThat(lines.get(cases.size() + i).replace(" interpreter ", " compiler ")).isEqualTo(compiler);
            }
            assertThat(lines.get(2 * cases.size() + i).replace(" v8 ", " compiler ")).isEqualTo(compiler);
        }
    }

    @Test
    void fuel_limit_stops_every_engine_at_the_same_count() {
        assertThat(lines).filteredOn(line -> line.startsWith("loop_forever_out_of_fuel "))
                .hasSize(3)
                .allMatch(line -> line.contains(" FAILED fuel=250000 "));
    }

    @Test
    void a_second_process_reports_the_same_fuel_and_output() throws Exception {
        var here = lines.stream().filter(line -> !line.contains(" interpreter ")).toList();

        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), FuelProbe.class.getName(), "compiler", "v8"));
        var process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();

        assertThat(process.exitValue()).isZero();
        assertThat(output.lines().toList()).isEqualTo(here);
    }
}

package dev.anchor.runtime.wasm;

import dev.anchor.spi.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a fixed set of modules and inputs and prints, per case and engine, the outcome, fuel and the
 * output's hash: {@link WasmFuelDeterminismTest} runs it in a second JVM and compares.
 */
final class FuelProbe {

    /** A module (example or test module) with its input and fuel limit (0: the node default). */
    record Case(String name, byte[] module, String input, long fuel) {}

    static List<Case> cases() {
        return List.of(
                new Case("square", WasmTasks.example("square"), "12345", 0),
                new Case("wordcount", WasmTasks.example("wordcount"), "the cat and the hat\nsat on the mat\n", 0),
                new Case("sha256", WasmTasks.example("sha256"), "fuel must not depend on the engine", 0),
                new Case("words", WasmTasks.example("words"), "b a c a b a", 0),
                new Case("ppm", WasmTasks.example("ppm"), "", 0),
                new Case("echo_args_env", WasmTasks.testModule("echo_args_env"), "", 0),
                new Case("clock_and_random", WasmTasks.testModule("clock_and_random"), "", 0),
                new Case("exit_code_3", WasmTasks.testModule("exit_code_3"), "", 0),
                new Case("deep_recursion", WasmTasks.testModule("deep_recursion"), "", 0),
                new Case("control_flow", WasmTasks.testModule("control_flow"), "", 0),
                new Case("fuel_cost_model", WasmTasks.testModule("fuel_cost_model"), "", 0),
                new Case("loop_forever_out_of_fuel", WasmTasks.testModule("loop_forever"), "", 250_000),
                new Case("sha256_out_of_fuel", WasmTasks.example("sha256"), "abc", 5_000));
    }

    static String line(Case c, String engine, RunResult result) {
        return c.name() + " " + engine + " " + result.outcome() + " fuel=" + result.usage().fuel()
                + " output=" + ModuleCache.sha256(result.output());
    }

    static List<String> run(List<String> engines) throws Exception {
        var lines = new ArrayList<String>();
        for (var engine : engines) {
            try (var runtime = WasmTasks.runtime(Map.of("wasm.engine", engine))) {
                for (var c : cases()) {
                    var task = WasmTasks.task(c.module()).input(c.input()).fuel(c.fuel()).args("one", "two");
                    lines.add(line(c, engine, runtime.run(task.build())));
                }
            }
        }
        return lines;
    }

    public static void main(String[] args) throws Exception {
        run(List.of(args)).forEach(System.out::println);
    }
}

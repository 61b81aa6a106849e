package dev.anchor.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One task as submitted. Fields are flat, as users write them; which ones apply depends on the
 * runtime. When {@code runtime} is absent it is chosen from the payload (ARCHITECTURE.md §2):
 * {@code library} → builtin, {@code module} → wasm, {@code image} → container, {@code command} → process,
 * {@code source} → js.
 *
 * @param runtime     {@code "wasm"}, {@code "builtin"}, {@code "process"}, ...; optional
 * @param module      wasm: the module (a blob reference or inline base64)
 * @param args        program arguments (wasm: argv[1..])
 * @param env         environment variables for the guest
 * @param input       the task's input (stdin; for builtin the bytes the method works on)
 * @param limits      limits; absent fields take the coordinator's defaults
 * @param maxAttempts how many attempts a task gets when infrastructure fails it (lost lease); 1..10
 * @param library     builtin: the library ({@code crypto}, {@code image})
 * @param method      builtin: the method ({@code sha256}, {@code resize}, ...)
 * @param params      builtin: the method's parameters, checked against its JSON Schema
 * @param command     process: the program and its arguments, run in a sandbox on the node
 * @param outputFile  process: a file in the work directory to take as output instead of stdout
 * @param image       container: the image to run
 * @param source      js: the script (inline text, or a blob / file)
 * @param requirements what a node needs to be given this task (GPUs, labels); absent = any node with the
 *                    runtime and {@code limits.memoryMb} of memory
 */
public record TaskSpec(
        String runtime,
        DataRef module,
        List<String> args,
        Map<String, String> env,
        DataRef input,
        LimitsSpec limits,
        Integer maxAttempts,
        String library,
        String method,
        JsonNode params,
        List<String> command,
        String outputFile,
        String image,
        DataRef source,
        Requirements requirements) {

    /** A task without placement requirements. */
    public TaskSpec(String runtime, DataRef module, List<String> args, Map<String, String> env, DataRef input, LimitsSpec limits,
                    Integer maxAttempts, String library, String method, JsonNode params, List<String> command, String outputFile,
                    String image, DataRef source) {
        this(runtime, module, args, env, input, limits, maxAttempts, library, method, params, command, outputFile, image, source, null);
    }

    /** A task with no builtin, process or container fields (a wasm task, say). */
    public TaskSpec(String runtime, DataRef module, List<String> args, Map<String, String> env, DataRef input, LimitsSpec limits,
                    Integer maxAttempts) {
        this(runtime, module, args, env, input, limits, maxAttempts, null, null, null, null, null, null, null);
    }

    /** This spec with the common fields replaced and the runtime-specific ones kept. */
    public TaskSpec with(String newRuntime, DataRef newModule, List<String> newArgs, Map<String, String> newEnv, DataRef newInput,
                         LimitsSpec newLimits, Integer newMaxAttempts) {
        return new TaskSpec(newRuntime, newModule, newArgs, newEnv, newInput, newLimits, newMaxAttempts, library, method, params,
                command, outputFile, image, source, requirements);
    }

    /** This spec with another script source (the CLI swaps a file for a blob). */
    public TaskSpec withSource(DataRef newSource) {
        return new TaskSpec(runtime, module, args, env, input, limits, maxAttempts, library, method, params, command, outputFile,
                image, newSource, requirements);
    }

    /** This spec with other placement requirements (the validator stores them normalised). */
    public TaskSpec withRequirements(Requirements newRequirements) {
        return new TaskSpec(runtime, module, args, env, input, limits, maxAttempts, library, method, params, command, outputFile,
                image, source, newRequirements);
    }
}

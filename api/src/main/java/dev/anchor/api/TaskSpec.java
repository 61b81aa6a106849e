package dev.anchor.api;

import java.util.List;
import java.util.Map;

/**
 * One task as submitted. Fields are flat, as users write them; which ones apply depends on the
 * runtime. When {@code runtime} is absent it is chosen from the payload (ARCHITECTURE.md §2).
 *
 * @param runtime     {@code "wasm"}, ...; optional
 * @param module      the wasm module (a blob reference or inline base64)
 * @param args        program arguments
 * @param env         environment variables for the guest
 * @param input       the task's input (stdin for wasm)
 * @param limits      limits; absent fields take the coordinator's defaults
 * @param maxAttempts how many attempts a task gets when infrastructure fails it (lost lease); 1..10
 */
public record TaskSpec(
        String runtime,
        DataRef module,
        List<String> args,
        Map<String, String> env,
        DataRef input,
        LimitsSpec limits,
        Integer maxAttempts) {}

package dev.anchor.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One workflow step: a task payload (the fields of {@link TaskSpec}) plus how it fits in the graph.
 * Strings in {@code input.text}, {@code args} and {@code env} values may hold {@code ${{ EXPR }}}
 * templates, CEL expressions over {@code inputs}, {@code steps}, {@code item} and {@code index}.
 *
 * @param id         unique within the workflow: letters, digits and '_', starting with a letter
 * @param needs      steps that must finish first
 * @param when       a CEL condition; the step is SKIPPED when it is false
 * @param forEach    fan-out: one task per item (or per chunk of an input)
 * @param retry      retries after a failed attempt
 * @param timeoutMs  the step's wall-clock limit (per attempt)
 * @param onError    abort (default) | skip | retry | rollback
 * @param compensate a task run, in reverse order of completion, when the workflow rolls back
 * @param requirements what a node needs to run the step's tasks (see {@link Requirements}); absent = none
 */
public record StepSpec(
        String id,
        String runtime,
        DataRef module,
        List<String> args,
        Map<String, String> env,
        DataRef input,
        LimitsSpec limits,
        List<String> needs,
        String when,
        ForEach forEach,
        RetrySpec retry,
        Long timeoutMs,
        String onError,
        TaskSpec compensate,
        String library,
        String method,
        JsonNode params,
        List<String> command,
        String outputFile,
        String image,
        DataRef source,
        Requirements requirements) {

    /** A step without placement requirements. */
    public StepSpec(String id, String runtime, DataRef module, List<String> args, Map<String, String> env, DataRef input,
                    LimitsSpec limits, List<String> needs, String when, ForEach forEach, RetrySpec retry, Long timeoutMs,
                    String onError, TaskSpec compensate, String library, String method, JsonNode params, List<String> command,
                    String outputFile, String image, DataRef source) {
        this(id, runtime, module, args, env, input, limits, needs, when, forEach, retry, timeoutMs, onError, compensate,
                library, method, params, command, outputFile, image, source, null);
    }

    /** A step whose payload has no builtin, process or container fields. */
    public StepSpec(String id, String runtime, DataRef module, List<String> args, Map<String, String> env, DataRef input,
                    LimitsSpec limits, List<String> needs, String when, ForEach forEach, RetrySpec retry, Long timeoutMs,
                    String onError, TaskSpec compensate) {
        this(id, runtime, module, args, env, input, limits, needs, when, forEach, retry, timeoutMs, onError, compensate,
                null, null, null, null, null, null, null, null);
    }

    /** This step's task payload, without its graph fields. */
    public TaskSpec payload() {
        return new TaskSpec(runtime, module, args, env, input, limits, null, library, method, params, command, outputFile, image, source,
                requirements);
    }

    /** This step with {@code payload}'s fields in place of its own, and {@code newCompensate}. */
    public StepSpec withPayload(TaskSpec payload, ForEach newForEach, TaskSpec newCompensate) {
        return new StepSpec(id, payload.runtime(), payload.module(), payload.args(), payload.env(), payload.input(), payload.limits(),
                needs, when, newForEach, retry, timeoutMs, onError, newCompensate, payload.library(), payload.method(),
                payload.params(), payload.command(), payload.outputFile(), payload.image(), payload.source(), payload.requirements());
    }
}

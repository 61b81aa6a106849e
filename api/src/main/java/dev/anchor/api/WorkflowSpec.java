package dev.anchor.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A workflow: a DAG of steps (ARCHITECTURE.md §3, docs/workflows.md).
 *
 * @param inputs    values the steps may reference as {@code inputs.NAME}
 * @param defaults  defaults every step takes unless it says otherwise
 * @param timeoutMs the whole workflow's deadline, from submission; absent = none
 * @param steps     the steps, in any order; {@code needs} gives the order
 */
public record WorkflowSpec(Map<String, JsonNode> inputs, StepDefaults defaults, Long timeoutMs, List<StepSpec> steps) {

    /** Step defaults: limits, retry policy, per-step timeout and error policy. */
    public record StepDefaults(LimitsSpec limits, RetrySpec retry, Long timeoutMs, String onError) {}
}

package dev.anchor.workflow;

import java.util.List;
import java.util.Map;

/**
 * A validated workflow: steps in a topological order (needs before dependents, ties in spec order),
 * its inputs as CEL values, and its deadline.
 */
public record Workflow(List<Step> steps, Map<String, Object> inputs, Long timeoutMs) {

    public Step step(String id) {
        for (Step step : steps) if (step.id().equals(id)) return step;
        throw new IllegalArgumentException("no step " + id);
    }
}

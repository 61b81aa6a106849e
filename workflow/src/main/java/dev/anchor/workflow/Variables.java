package dev.anchor.workflow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The variables expressions see: {@code inputs}, and {@code steps.ID} with {@code state},
 * {@code output} (text; a fan-out's item outputs joined in order), {@code outputs} (the output parsed
 * as JSON when it is JSON, else its text; a fan-out's is the list of its items'), {@code sha256}
 * (a fan-out's is the list).
 */
final class Variables {
    private Variables() {}

    static Map<String, Object> of(Workflow workflow, Map<String, StepStatus> steps) {
        Map<String, Object> stepValues = new LinkedHashMap<>();
        for (Step step : workflow.steps()) {
            StepStatus status = steps.get(step.id());
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("state", status.state().name());
            if (status.state() == StepState.SUCCEEDED || status.state() == StepState.COMPENSATED) {
                StringBuilder text = new StringBuilder();
                List<Object> parsed = new ArrayList<>();
                for (byte[] output : status.outputs()) {
                    String t = Values.text(output);
                    text.append(t == null ? "" : t);
                    parsed.add(Values.parsed(output));
                }
                value.put("output", text.toString());
                boolean fanOut = step.fanOut() != null;
                value.put("outputs", fanOut ? parsed : parsed.isEmpty() ? dev.cel.common.values.NullValue.NULL_VALUE : parsed.get(0));
                value.put("sha256", fanOut ? status.hashes() : status.hashes().isEmpty() ? "" : status.hashes().get(0));
            } else if (status.reason() != null) {
                value.put("reason", status.reason());
            }
            stepValues.put(step.id(), value);
        }
        Map<String, Object> variables = new HashMap<>();
        variables.put("inputs", workflow.inputs());
        variables.put("steps", stepValues);
        variables.put("item", dev.cel.common.values.NullValue.NULL_VALUE);
        variables.put("index", -1L);
        return variables;
    }

    static Map<String, Object> withItem(Map<String, Object> variables, Object item, int index) {
        Map<String, Object> scoped = new HashMap<>(variables);
        scoped.put("item", item == null ? dev.cel.common.values.NullValue.NULL_VALUE : item);
        scoped.put("index", (long) index);
        return scoped;
    }
}

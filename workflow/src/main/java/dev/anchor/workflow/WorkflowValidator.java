package dev.anchor.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anchor.api.LimitsSpec;
import dev.anchor.api.RetrySpec;
import dev.anchor.api.StepSpec;
import dev.anchor.api.TaskSpec;
import dev.anchor.api.WorkflowSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a workflow spec and makes the {@link Workflow} the planner runs: unique ids, known needs, no
 * cycles, expressions that compile, references only to upstream steps, sane policies. Every error
 * names the step and field, as {@code workflow.steps.ID.FIELD}. Payload fields (module, limits) are
 * checked by the coordinator, which can see the blob store.
 */
public final class WorkflowValidator {
    static final int MAX_STEPS = 1_000;
    private static final Pattern ID = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    private WorkflowValidator() {}

    public static Workflow validate(WorkflowSpec spec) {
        if (spec.steps() == null || spec.steps().isEmpty()) throw new WorkflowException("workflow.steps", "needs at least one step");
        if (spec.steps().size() > MAX_STEPS) throw new WorkflowException("workflow.steps", "at most " + MAX_STEPS + " steps");
        if (spec.timeoutMs() != null && spec.timeoutMs() < 1) throw new WorkflowException("workflow.timeoutMs", "must be positive");
        Map<String, StepSpec> byId = new LinkedHashMap<>();
        for (int i = 0; i < spec.steps().size(); i++) {
            StepSpec step = spec.steps().get(i);
            if (step == null || step.id() == null) throw new WorkflowException("workflow.steps[" + i + "].id", "is required");
            if (!ID.matcher(step.id()).matches()) {
                throw new WorkflowException("workflow.steps[" + i + "].id", "'" + step.id()
                        + "' must start with a letter and hold only letters, digits and '_' (at most 64)");
            }
            if (byId.put(step.id(), step) != null) throw new WorkflowException("workflow.steps[" + i + "].id", "'" + step.id() + "' is used twice");
        }
        for (StepSpec step : byId.values()) {
            for (String need : step.needs() == null ? List.<String>of() : step.needs()) {
                if (need == null || !byId.containsKey(need)) {
                    throw new WorkflowException(field(step, "needs"), "unknown step '" + need + "'; steps are " + byId.keySet());
                }
                if (need.equals(step.id())) throw new WorkflowException(field(step, "needs"), "a step cannot need itself");
            }
        }
        List<String> order = topologicalOrder(byId);
        Map<String, Set<String>> upstream = new HashMap<>();
        WorkflowSpec.StepDefaults defaults = spec.defaults() == null ? new WorkflowSpec.StepDefaults(null, null, null, null) : spec.defaults();
        List<Step> steps = new ArrayList<>();
        for (String id : order) {
            StepSpec step = byId.get(id);
            Set<String> up = new LinkedHashSet<>();
            for (String need : needs(step)) {
                up.add(need);
                up.addAll(upstream.get(need));
            }
            upstream.put(id, up);
            steps.add(step(step, up, defaults));
        }
        Map<String, Object> inputs = new LinkedHashMap<>();
        if (spec.inputs() != null) spec.inputs().forEach((k, v) -> inputs.put(k, Values.fromJson(v)));
        return new Workflow(List.copyOf(steps), inputs, spec.timeoutMs());
    }

    private static Step step(StepSpec spec, Set<String> upstream, WorkflowSpec.StepDefaults defaults) {
        String prefix = "workflow.steps." + spec.id();
        Expression when = null;
        if (spec.when() != null) {
            when = compile(spec.when(), prefix + ".when");
            checkReferences(when.referencedSteps(), upstream, spec.id(), prefix + ".when");
        }
        TaskSpec payload = withLimits(spec.payload(), defaults.limits(), spec.timeoutMs() != null ? spec.timeoutMs() : defaults.timeoutMs());
        PayloadTemplate template = PayloadTemplate.parse(payload, prefix);
        Step.FanOut fanOut = fanOut(spec, prefix);
        Set<String> referenced = new LinkedHashSet<>(template.referencedSteps());
        if (fanOut instanceof Step.FanOut.ItemsFrom from) referenced.addAll(from.expression().referencedSteps());
        if (fanOut instanceof Step.FanOut.Chunks chunks && chunks.inputBlob() != null) referenced.addAll(chunks.inputBlob().referencedSteps());
        checkReferences(referenced, upstream, spec.id(), prefix);
        String onErrorText = spec.onError() != null ? spec.onError() : defaults.onError() != null ? defaults.onError() : "abort";
        OnError onError;
        try {
            onError = OnError.parse(onErrorText);
        } catch (IllegalArgumentException e) {
            throw new WorkflowException(prefix + ".onError", "must be abort, skip, retry or rollback, not '" + onErrorText + "'");
        }
        RetrySpec retrySpec = spec.retry() != null ? spec.retry() : defaults.retry();
        Retry retry = retry(retrySpec, prefix + ".retry");
        if (onError == OnError.RETRY && retry.count() == 0) retry = Retry.DEFAULT_FOR_ON_ERROR_RETRY;
        PayloadTemplate compensate = null;
        if (spec.compensate() != null) {
            compensate = PayloadTemplate.parse(spec.compensate(), prefix + ".compensate");
            Set<String> allowed = new HashSet<>(upstream);
            allowed.add(spec.id());
            checkReferences(compensate.referencedSteps(), allowed, spec.id(), prefix + ".compensate");
        }
        return new Step(spec.id(), template, needs(spec), Set.copyOf(upstream), when, fanOut, retry,
                payload.limits() == null ? null : payload.limits().timeoutMs(), onError, compensate);
    }

    /** Step limits over workflow defaults, field by field; a step timeout becomes the limit's. */
    private static TaskSpec withLimits(TaskSpec payload, LimitsSpec defaults, Long timeoutMs) {
        LimitsSpec own = payload.limits();
        if (own == null && defaults == null && timeoutMs == null) return payload;
        LimitsSpec o = own == null ? new LimitsSpec(null, null, null, null, null, null) : own;
        LimitsSpec d = defaults == null ? new LimitsSpec(null, null, null, null, null, null) : defaults;
        LimitsSpec merged = new LimitsSpec(
                o.memoryMb() != null ? o.memoryMb() : d.memoryMb(),
                timeoutMs != null ? timeoutMs : o.timeoutMs() != null ? o.timeoutMs() : d.timeoutMs(),
                o.fuel() != null ? o.fuel() : d.fuel(),
                o.cpus() != null ? o.cpus() : d.cpus(),
                o.maxOutputBytes() != null ? o.maxOutputBytes() : d.maxOutputBytes(),
                o.maxInputBytes() != null ? o.maxInputBytes() : d.maxInputBytes());
        return payload.with(payload.runtime(), payload.module(), payload.args(), payload.env(), payload.input(), merged, payload.maxAttempts());
    }

    private static Step.FanOut fanOut(StepSpec spec, String prefix) {
        if (spec.forEach() == null) return null;
        JsonNode items = spec.forEach().items();
        boolean hasItems = items != null && !items.isNull();
        boolean hasChunks = spec.forEach().chunks() != null;
        if (hasItems == hasChunks) throw new WorkflowException(prefix + ".forEach", "give exactly one of items or chunks");
        if (hasChunks) {
            var chunks = spec.forEach().chunks();
            if (chunks.size() == null || chunks.size() < 1) throw new WorkflowException(prefix + ".forEach.chunks.size", "must be a positive number of bytes");
            if (chunks.input() == null) throw new WorkflowException(prefix + ".forEach.chunks.input", "is required");
            Template blob = null;
            if (chunks.input().blob() != null) {
                try {
                    blob = Template.parse(chunks.input().blob());
                } catch (IllegalArgumentException e) {
                    throw new WorkflowException(prefix + ".forEach.chunks.input.blob", "bad expression: " + e.getMessage());
                }
            } else if (chunks.input().text() == null && chunks.input().base64() == null) {
                throw new WorkflowException(prefix + ".forEach.chunks.input", "give text, base64 or blob");
            }
            return new Step.FanOut.Chunks(chunks.input(), blob, chunks.size());
        }
        if (items.isArray()) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) Values.fromJson(items);
            return new Step.FanOut.Items(List.copyOf(list));
        }
        if (items.isTextual()) {
            Template template;
            try {
                template = Template.parse(items.textValue());
            } catch (IllegalArgumentException e) {
                throw new WorkflowException(prefix + ".forEach.items", "bad expression: " + e.getMessage());
            }
            if (template.soleExpression() == null) {
                throw new WorkflowException(prefix + ".forEach.items", "must be a list or a single ${{ EXPR }} that gives one");
            }
            return new Step.FanOut.ItemsFrom(template.soleExpression());
        }
        throw new WorkflowException(prefix + ".forEach.items", "must be a list or a single ${{ EXPR }} that gives one");
    }

    private static Retry retry(RetrySpec spec, String field) {
        if (spec == null) return Retry.NONE;
        int count = spec.count() == null ? 3 : spec.count();
        long backoff = spec.backoffMs() == null ? 1_000 : spec.backoffMs();
        long max = spec.maxBackoffMs() == null ? Math.max(backoff, 60_000) : spec.maxBackoffMs();
        double jitter = spec.jitter() == null ? 0 : spec.jitter();
        if (count < 0 || count > 100) throw new WorkflowException(field + ".count", "must be between 0 and 100");
        if (backoff < 0 || backoff > 86_400_000L) throw new WorkflowException(field + ".backoffMs", "must be between 0 and 86400000");
        if (max < backoff) throw new WorkflowException(field + ".maxBackoffMs", "must be at least backoffMs");
        if (jitter < 0 || jitter > 1) throw new WorkflowException(field + ".jitter", "must be between 0 and 1");
        return new Retry(count, backoff, max, jitter);
    }

    private static Expression compile(String source, String field) {
        try {
            return Expression.compile(source);
        } catch (IllegalArgumentException e) {
            throw new WorkflowException(field, "bad expression: " + e.getMessage());
        }
    }

    private static void checkReferences(Set<String> referenced, Set<String> allowed, String stepId, String field) {
        for (String ref : referenced) {
            if (!allowed.contains(ref)) {
                throw new WorkflowException(field, "refers to steps." + ref + ", which is not upstream of step '" + stepId
                        + "'; add it (or a step that needs it) to needs");
            }
        }
    }

    private static List<String> needs(StepSpec step) {
        return step.needs() == null ? List.of() : List.copyOf(new LinkedHashSet<>(step.needs()));
    }

    /** Kahn's algorithm, ties in spec order; a leftover means a cycle, which is reported as a path. */
    private static List<String> topologicalOrder(Map<String, StepSpec> byId) {
        Map<String, Integer> waiting = new LinkedHashMap<>();
        Map<String, List<String>> dependents = new HashMap<>();
        for (StepSpec step : byId.values()) {
            waiting.put(step.id(), needs(step).size());
            for (String need : needs(step)) dependents.computeIfAbsent(need, k -> new ArrayList<>()).add(step.id());
        }
        List<String> order = new ArrayList<>();
        Deque<String> ready = new ArrayDeque<>();
        waiting.forEach((id, count) -> {
            if (count == 0) ready.add(id);
        });
        while (!ready.isEmpty()) {
            String id = ready.poll();
            order.add(id);
            for (String dependent : dependents.getOrDefault(id, List.of())) {
                if (waiting.merge(dependent, -1, Integer::sum) == 0) ready.add(dependent);
            }
        }
        if (order.size() < byId.size()) {
            String start = waiting.entrySet().stream().filter(e -> e.getValue() > 0).findFirst().orElseThrow().getKey();
            throw new WorkflowException("workflow.steps." + start + ".needs", "cycle: " + cycleFrom(start, byId));
        }
        return order;
    }

    private static String cycleFrom(String start, Map<String, StepSpec> byId) {
        List<String> path = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String at = start;
        while (seen.add(at)) {
            path.add(at);
            String next = null;
            for (String need : needs(byId.get(at))) {
                if (reaches(need, at, byId, new HashSet<>())) {
                    next = need;
                    break;
                }
            }
            if (next == null) break;
            at = next;
        }
        int from = path.indexOf(at);
        List<String> cycle = new ArrayList<>(path.subList(Math.max(0, from), path.size()));
        cycle.add(at);
        return String.join(" → ", cycle.reversed());
    }

    private static boolean reaches(String from, String target, Map<String, StepSpec> byId, Set<String> seen) {
        if (from.equals(target)) return true;
        if (!seen.add(from)) return false;
        for (String need : needs(byId.get(from))) if (reaches(need, target, byId, seen)) return true;
        return false;
    }

    private static String field(StepSpec step, String name) {
        return "workflow.steps." + step.id() + "." + name;
    }
}

package dev.anchor.workflow;

import dev.anchor.api.DataRef;
import dev.anchor.api.TaskSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides what a workflow does next from its steps' states: a pure function, so it can run inside the
 * transaction that recorded a change and give the same answer after a crash and restart.
 *
 * <p>Rules (docs/workflows.md): a step starts when every need has SUCCEEDED or been SKIPPED and its
 * {@code when} holds; a step with a skipped need and no {@code when} is skipped too; a failed step
 * (after its retries) aborts, is skipped, or rolls back per its {@code onError}; a rollback
 * compensates completed steps one at a time in reverse order of completion.
 */
public final class Planner {
    static final int MAX_ITEMS = 10_000;

    /** Reads blob content by hash, for chunked fan-out. */
    @FunctionalInterface
    public interface BlobReader {
        byte[] read(String sha256);
    }

    private Planner() {}

    public static List<Decision> plan(Workflow workflow, Map<String, StepStatus> steps, boolean rollingBack, BlobReader blobs) {
        if (rollingBack) return planRollback(workflow, steps);
        for (Step step : workflow.steps()) {
            StepStatus status = steps.get(step.id());
            if (status.state() != StepState.FAILED) continue;
            String reason = "step " + step.id() + " failed: " + status.reason();
            return switch (step.onError()) {
                case SKIP -> List.of(new Decision.Skip(step.id(), "failed, and onError is skip: " + status.reason()));
                case ROLLBACK -> List.of(new Decision.BeginRollback(reason));
                case ABORT, RETRY -> List.of(new Decision.Abort(reason));
            };
        }
        Map<String, Object> variables = Variables.of(workflow, steps);
        List<Decision> decisions = new ArrayList<>();
        boolean allDone = true;
        for (Step step : workflow.steps()) {
            StepStatus status = steps.get(step.id());
            if (!status.state().isDone()) allDone = false;
            if (status.state() != StepState.PENDING) continue;
            if (!step.needs().stream().allMatch(need -> steps.get(need).state().letsDependentsRun())) continue;
            decisions.add(decide(step, steps, variables, blobs));
        }
        if (decisions.isEmpty() && allDone) decisions.add(new Decision.Finish("SUCCEEDED", null));
        return decisions;
    }

    private static Decision decide(Step step, Map<String, StepStatus> steps, Map<String, Object> variables, BlobReader blobs) {
        if (step.when() != null) {
            Object holds;
            try {
                holds = step.when().evaluate(variables);
            } catch (IllegalArgumentException e) {
                return new Decision.Fail(step.id(), "when: " + e.getMessage());
            }
            if (!(holds instanceof Boolean)) return new Decision.Fail(step.id(), "when: gave " + Template.text(holds) + ", not a boolean");
            if (!(Boolean) holds) return new Decision.Skip(step.id(), "condition is false: " + step.when().source());
        } else {
            for (String need : step.needs()) {
                if (steps.get(need).state() == StepState.SKIPPED) return new Decision.Skip(step.id(), "needs " + need + ", which was skipped");
            }
        }
        try {
            return new Decision.Start(step.id(), tasks(step, variables, blobs));
        } catch (IllegalArgumentException e) {
            return new Decision.Fail(step.id(), e.getMessage());
        }
    }

    private static List<TaskSpec> tasks(Step step, Map<String, Object> variables, BlobReader blobs) {
        if (step.fanOut() == null) return List.of(step.payload().render(variables, null));
        List<TaskSpec> tasks = new ArrayList<>();
        switch (step.fanOut()) {
            case Step.FanOut.Items items -> addItems(step, items.items(), variables, tasks);
            case Step.FanOut.ItemsFrom from -> {
                Object value = from.expression().evaluate(variables);
                if (!(value instanceof List<?> list)) throw new IllegalArgumentException("forEach.items gave " + Template.text(value) + ", not a list");
                addItems(step, list, variables, tasks);
            }
            case Step.FanOut.Chunks chunks -> {
                byte[] bytes = chunkSource(chunks, variables, blobs);
                List<byte[]> pieces = Chunker.split(bytes, chunks.size());
                if (pieces.size() > MAX_ITEMS) throw new IllegalArgumentException("forEach.chunks makes " + pieces.size() + " pieces; at most " + MAX_ITEMS);
                long offset = 0;
                for (int i = 0; i < pieces.size(); i++) {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("offset", offset);
                    item.put("size", (long) pieces.get(i).length);
                    offset += pieces.get(i).length;
                    DataRef input = DataRef.ofBase64(Base64.getEncoder().encodeToString(pieces.get(i)));
                    tasks.add(step.payload().render(Variables.withItem(variables, item, i), input));
                }
            }
        }
        return tasks;
    }

    private static void addItems(Step step, List<?> items, Map<String, Object> variables, List<TaskSpec> tasks) {
        if (items.size() > MAX_ITEMS) throw new IllegalArgumentException("forEach has " + items.size() + " items; at most " + MAX_ITEMS);
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            Map<String, Object> scoped = Variables.withItem(variables, item, i);
            // Without an input of its own, each item's task reads the item itself.
            DataRef input = step.payload().base().input() == null ? DataRef.ofText(Template.text(item)) : null;
            tasks.add(step.payload().render(scoped, input));
        }
    }

    private static byte[] chunkSource(Step.FanOut.Chunks chunks, Map<String, Object> variables, BlobReader blobs) {
        DataRef input = chunks.input();
        if (chunks.inputBlob() != null) return blobs.read(chunks.inputBlob().render(variables).strip());
        if (input.text() != null) return input.text().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return Base64.getDecoder().decode(input.base64());
    }

    private static List<Decision> planRollback(Workflow workflow, Map<String, StepStatus> steps) {
        List<Step> completed = new ArrayList<>();
        for (Step step : workflow.steps()) {
            StepStatus status = steps.get(step.id());
            if (status.state() == StepState.RUNNING) return List.of(); // still being cancelled
            if (status.compensation() == StepStatus.Compensation.RUNNING) return List.of();
            if (status.compensation() == StepStatus.Compensation.FAILED) {
                return List.of(new Decision.Finish("FAILED", "compensation of step " + step.id() + " failed: " + status.reason()));
            }
            if (status.state() == StepState.SUCCEEDED && step.compensate() != null && status.compensation() == StepStatus.Compensation.NONE) {
                completed.add(step);
            }
        }
        if (completed.isEmpty()) return List.of(new Decision.Finish("ROLLED_BACK", null));
        completed.sort(Comparator.comparingLong((Step s) -> steps.get(s.id()).doneOrder()).reversed());
        Step next = completed.get(0);
        return List.of(new Decision.Compensate(next.id(), next.compensate().render(Variables.of(workflow, steps), null)));
    }
}

package dev.anchor.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.anchor.api.DataRef;
import dev.anchor.api.JobState;
import dev.anchor.api.JobSubmission;
import dev.anchor.api.Json;
import dev.anchor.api.TaskSpec;
import dev.anchor.api.TaskState;
import dev.anchor.workflow.Decision;
import dev.anchor.workflow.Planner;
import dev.anchor.workflow.Retry;
import dev.anchor.workflow.Step;
import dev.anchor.workflow.StepState;
import dev.anchor.workflow.StepStatus;
import dev.anchor.workflow.Workflow;
import dev.anchor.workflow.WorkflowValidator;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Runs workflows on the store: records steps, and whenever a step's task ends, asks the
 * {@link Planner} what follows and carries it out, all in the transaction that recorded the end. A
 * crash therefore never separates a cause from its consequence, and a restarted coordinator needs no
 * replay: the rows are the workflow's whole state, timers included ({@code ready_at}, {@code deadline}).
 */
public final class WorkflowStore {
    /** Inputs bigger than this go to the blob store, not into task rows. */
    private static final int INLINE_INPUT = 64 * 1024;
    private static final int MAX_ROUNDS = 10_000;

    private final Database database;
    private final BlobStore blobs;
    private final RandomGenerator random = RandomGenerator.getDefault();
    private final Cache<String, Workflow> workflows = Caffeine.newBuilder().maximumSize(10_000).build();

    public WorkflowStore(Database database, BlobStore blobs) {
        this.database = requireNonNull(database, "database is null");
        this.blobs = requireNonNull(blobs, "blobs is null");
    }

    /** Stores a workflow job and starts its first steps; all or nothing. */
    public void submit(NewWorkflowJob job, long now) {
        database.transaction(c -> {
            Jdbc.update(c, "INSERT INTO jobs (id, owner_id, name, labels, state, spec, created_at, updated_at, kind, phase, deadline, "
                    + "verification, priority) VALUES (?, ?, ?, ?, 'RUNNING', ?, ?, ?, 'workflow', 'RUNNING', ?, ?, ?)", job.jobId(),
                    job.ownerId(), job.name(), job.labelsJson(), job.specJson(), now, now, job.deadline(), job.verificationJson(),
                    TaskNeeds.priorityOfSubmission(job.specJson()));
            Transitions.event(c, job.jobId(), null, "job", JobState.RUNNING.name(), "submitted", now);
            List<Step> steps = job.workflow().steps();
            for (int i = 0; i < steps.size(); i++) {
                Jdbc.update(c, "INSERT INTO steps (job_id, step_id, position, state) VALUES (?, ?, ?, 'PENDING')",
                        job.jobId(), steps.get(i).id(), i);
            }
            workflows.put(job.jobId(), job.workflow());
            advance(c, job.jobId(), now);
            return null;
        });
    }

    /** A task row as this store needs it. */
    record EndedTask(String taskId, String jobId, String stepId, String purpose, int tries) {}

    /**
     * A workflow task reached {@code outcome}: retry it per its step's policy, or settle its step, then
     * plan. Runs in the caller's transaction.
     */
    void taskEnded(Connection c, EndedTask task, TaskState outcome, String reason, long now) throws SQLException {
        Workflow workflow = workflow(c, task.jobId());
        if (workflow == null || isFinished(c, task.jobId())) return;
        Step step = workflow.step(task.stepId());
        if ("compensate".equals(task.purpose())) {
            boolean done = outcome == TaskState.SUCCEEDED;
            Jdbc.update(c, "UPDATE steps SET compensation = ?, state = CASE WHEN ? THEN 'COMPENSATED' ELSE state END, reason = "
                    + "CASE WHEN ? THEN reason ELSE ? END WHERE job_id = ? AND step_id = ?", done ? "DONE" : "FAILED", done, done, reason,
                    task.jobId(), task.stepId());
            stepEvent(c, task.jobId(), step.id(), done ? "COMPENSATED" : "COMPENSATION_FAILED", done ? null : reason, now);
            advance(c, task.jobId(), now);
            return;
        }
        if (outcome == TaskState.SUCCEEDED) {
            long unfinished = Jdbc.queryOne(c, "SELECT COUNT(*) FROM tasks WHERE job_id = ? AND step_id = ? AND purpose = 'run' "
                    + "AND state <> 'SUCCEEDED'", r -> r.getLong(1), task.jobId(), task.stepId()).orElse(0L);
            if (unfinished > 0) return; // other items of this fan-out are still running
            settleStep(c, task.jobId(), step.id(), StepState.SUCCEEDED, null, now);
        } else if (outcome == TaskState.CANCELLED) {
            return; // cancellations come from the workflow itself (abort, rollback, skip), which settles steps
        } else {
            Retry retry = step.retry();
            if (task.tries() <= retry.count()) {
                long delay = retry.delayMs(task.tries(), random);
                Jdbc.update(c, "UPDATE tasks SET state = 'READY', tries = tries + 1, attempts = 0, current_attempt = NULL, "
                        + "ready_at = ?, updated_at = ?, finished_at = NULL WHERE id = ?", now + delay, now, task.taskId());
                Transitions.event(c, task.jobId(), task.taskId(), "task", TaskState.READY.name(),
                        "retry " + (task.tries() + 1) + " of " + (retry.count() + 1) + " in " + delay + " ms after: " + reason, now);
                return;
            }
            settleStep(c, task.jobId(), step.id(), StepState.FAILED, (outcome == TaskState.TIMED_OUT ? "timed out: " : "") + reason, now);
        }
        advance(c, task.jobId(), now);
    }

    /** Applies the planner's decisions until it has none. */
    private void advance(Connection c, String jobId, long now) throws SQLException {
        Workflow workflow = workflow(c, jobId);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            var job = Jdbc.queryOne(c, "SELECT state, phase FROM jobs WHERE id = ?", r -> new String[] {r.getString(1), r.getString(2)}, jobId)
                    .orElseThrow();
            if (JobState.valueOf(job[0]).isTerminal()) return;
            boolean rollingBack = "ROLLING_BACK".equals(job[1]);
            List<Decision> decisions = Planner.plan(workflow, statuses(c, jobId, workflow), rollingBack,
                    sha -> blobs.read(sha).orElseThrow(() -> new IllegalArgumentException("no blob " + sha)));
            if (decisions.isEmpty()) return;
            for (Decision decision : decisions) {
                if (apply(c, jobId, decision, now)) return;
            }
            // Starting tasks and compensations settles nothing by itself: another round would plan
            // nothing new. Skips, failures, empty fan-outs and a rollback's start can unlock more.
            if (decisions.stream().allMatch(WorkflowStore::settlesNothing)) return;
        }
        throw new IllegalStateException("workflow " + jobId + " did not settle in " + MAX_ROUNDS + " planning rounds");
    }

    private static boolean settlesNothing(Decision decision) {
        return (decision instanceof Decision.Start start && !start.tasks().isEmpty()) || decision instanceof Decision.Compensate;
    }

    /** Carries out one decision; answers true when the workflow ended. */
    private boolean apply(Connection c, String jobId, Decision decision, long now) throws SQLException {
        switch (decision) {
            case Decision.Start start -> {
                Jdbc.update(c, "UPDATE steps SET state = 'RUNNING', items = ?, started_at = ? WHERE job_id = ? AND step_id = ?",
                        start.tasks().size(), now, jobId, start.stepId());
                stepEvent(c, jobId, start.stepId(), "RUNNING", start.tasks().size() == 1 ? null : start.tasks().size() + " tasks", now);
                for (int i = 0; i < start.tasks().size(); i++) insertTask(c, jobId, start.stepId(), i, "run", start.tasks().get(i), now);
                if (start.tasks().isEmpty()) settleStep(c, jobId, start.stepId(), StepState.SUCCEEDED, "no items", now);
            }
            case Decision.Skip skip -> {
                cancelTasks(c, jobId, skip.stepId(), "step skipped", now);
                settleStep(c, jobId, skip.stepId(), StepState.SKIPPED, skip.reason(), now);
            }
            case Decision.Fail fail -> settleStep(c, jobId, fail.stepId(), StepState.FAILED, fail.reason(), now);
            case Decision.Abort abort -> {
                cancelAll(c, jobId, abort.reason(), now);
                finish(c, jobId, JobState.FAILED, abort.reason(), now);
                return true;
            }
            case Decision.BeginRollback rollback -> {
                cancelAll(c, jobId, rollback.reason(), now);
                Jdbc.update(c, "UPDATE jobs SET phase = 'ROLLING_BACK', reason = ?, updated_at = ? WHERE id = ?", rollback.reason(), now, jobId);
                Transitions.event(c, jobId, null, "job", "ROLLING_BACK", rollback.reason(), now);
            }
            case Decision.Compensate compensate -> {
                Jdbc.update(c, "UPDATE steps SET compensation = 'RUNNING' WHERE job_id = ? AND step_id = ?", jobId, compensate.stepId());
                stepEvent(c, jobId, compensate.stepId(), "COMPENSATING", null, now);
                insertTask(c, jobId, compensate.stepId(), null, "compensate", compensate.task(), now);
            }
            case Decision.Finish end -> {
                String reason = end.reason() != null ? end.reason()
                        : Jdbc.queryOne(c, "SELECT reason FROM jobs WHERE id = ?", r -> r.getString(1), jobId).orElse(null);
                finish(c, jobId, JobState.valueOf(end.state()), reason, now);
                return true;
            }
        }
        return false;
    }

    private void insertTask(Connection c, String jobId, String stepId, Integer item, String purpose, TaskSpec spec, long now)
            throws SQLException {
        TaskSpec stored = withBlobInput(c, spec);
        String taskId = Ids.next("tsk_", now);
        int maxAttempts = stored.maxAttempts() == null ? 3 : stored.maxAttempts();
        String specJson = json(stored);
        TaskNeeds needs = TaskNeeds.ofSpecJson(specJson);
        Jdbc.update(c, "INSERT INTO tasks (id, job_id, state, runtime, spec, max_attempts, ready_at, created_at, updated_at, step_id, "
                        + "item_index, purpose, tries, verification, owner_id, priority, need_memory_mb, need_gpus, need_labels) "
                        + "SELECT ?, ?, 'READY', ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, verification, owner_id, priority, ?, ?, ? FROM jobs WHERE id = ?",
                taskId, jobId, stored.runtime() == null ? "wasm" : stored.runtime(), specJson, maxAttempts, now, now, now, stepId, item,
                purpose, needs.memoryMb(), needs.gpus(), needs.labelPattern(), jobId);
        Transitions.event(c, jobId, taskId, "task", TaskState.READY.name(), "step " + stepId + (item == null ? "" : " item " + item)
                + ("compensate".equals(purpose) ? " (compensation)" : ""), now);
    }

    /**
     * Large inline inputs move to the blob store, and a blob input that names another step's small
     * output (kept in its task row) is copied there once, so tasks always reference bytes by hash.
     */
    private TaskSpec withBlobInput(Connection c, TaskSpec spec) throws SQLException {
        DataRef input = spec.input();
        if (input == null) return spec;
        DataRef replaced = null;
        if (input.base64() != null && input.base64().length() > INLINE_INPUT * 4 / 3) {
            replaced = DataRef.ofBlob(blobs.put(Base64.getDecoder().decode(input.base64())).sha256());
        } else if (input.text() != null && input.text().length() > INLINE_INPUT) {
            replaced = DataRef.ofBlob(blobs.put(input.text().getBytes(java.nio.charset.StandardCharsets.UTF_8)).sha256());
        } else if (input.blob() != null && blobs.stat(input.blob()).isEmpty()) {
            byte[] inline = Jdbc.queryOne(c, "SELECT output FROM tasks WHERE output_hash = ? AND output IS NOT NULL LIMIT 1",
                    r -> r.getBytes(1), input.blob()).orElseThrow(() -> new IllegalArgumentException("no blob " + input.blob()));
            blobs.put(inline);
        }
        if (replaced == null) return spec;
        return spec.with(spec.runtime(), spec.module(), spec.args(), spec.env(), replaced, spec.limits(), spec.maxAttempts());
    }

    private static void settleStep(Connection c, String jobId, String stepId, StepState state, String reason, long now) throws SQLException {
        Jdbc.update(c, "UPDATE steps SET state = ?, reason = ?, finished_at = ?, done_order = (SELECT COALESCE(MAX(done_order), 0) + 1 "
                + "FROM steps WHERE job_id = ?) WHERE job_id = ? AND step_id = ?", state, reason, now, jobId, jobId, stepId);
        stepEvent(c, jobId, stepId, state.name(), reason, now);
    }

    private static void stepEvent(Connection c, String jobId, String stepId, String state, String reason, long now) throws SQLException {
        Transitions.event(c, jobId, null, "step", state, reason == null ? "step " + stepId : "step " + stepId + ": " + reason, now);
    }

    private static void cancelTasks(Connection c, String jobId, String stepId, String reason, long now) throws SQLException {
        for (String taskId : Jdbc.query(c, "SELECT id FROM tasks WHERE job_id = ? AND step_id = ? AND state NOT IN "
                + "('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'CANCELLED')", r -> r.getString(1), jobId, stepId)) {
            cancelTask(c, jobId, taskId, reason, now);
        }
    }

    /** Cancels every unfinished task and step of a workflow (its agents stop them at their next heartbeat). */
    static void cancelAll(Connection c, String jobId, String reason, long now) throws SQLException {
        for (String taskId : Jdbc.query(c, "SELECT id FROM tasks WHERE job_id = ? AND state NOT IN "
                + "('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'CANCELLED')", r -> r.getString(1), jobId)) {
            cancelTask(c, jobId, taskId, reason, now);
        }
        for (String stepId : Jdbc.query(c, "SELECT step_id FROM steps WHERE job_id = ? AND state IN ('PENDING', 'RUNNING')",
                r -> r.getString(1), jobId)) {
            Jdbc.update(c, "UPDATE steps SET state = 'CANCELLED', finished_at = ? WHERE job_id = ? AND step_id = ?", now, jobId, stepId);
            stepEvent(c, jobId, stepId, "CANCELLED", null, now);
        }
    }

    private static void cancelTask(Connection c, String jobId, String taskId, String reason, long now) throws SQLException {
        Jdbc.update(c, "UPDATE attempts SET state = 'CANCELLED', finished_at = ?, reason = ? WHERE task_id = ? AND state IN ('LEASED', 'RUNNING')",
                now, reason, taskId);
        Jdbc.update(c, "UPDATE tasks SET state = 'CANCELLED', reason = ?, updated_at = ?, finished_at = ? WHERE id = ?", reason, now, now, taskId);
        Transitions.event(c, jobId, taskId, "task", TaskState.CANCELLED.name(), reason, now);
    }

    private static void finish(Connection c, String jobId, JobState state, String reason, long now) throws SQLException {
        Jdbc.update(c, "UPDATE jobs SET reason = ? WHERE id = ?", reason, jobId);
        Transitions.jobFinished(c, jobId, state, reason, now);
    }

    private static boolean isFinished(Connection c, String jobId) throws SQLException {
        return Jdbc.queryOne(c, "SELECT state FROM jobs WHERE id = ?", r -> JobState.valueOf(r.getString(1)).isTerminal(), jobId).orElse(true);
    }

    /** Every step's state and, for those that succeeded, their outputs in item order. */
    private Map<String, StepStatus> statuses(Connection c, String jobId, Workflow workflow) throws SQLException {
        record Row(String stepId, StepState state, String reason, long doneOrder, StepStatus.Compensation compensation) {}
        record Output(String stepId, byte[] inline, String blob, String hash) {}
        Map<String, List<byte[]>> outputs = new HashMap<>();
        Map<String, List<String>> hashes = new HashMap<>();
        for (Output o : Jdbc.query(c, "SELECT t.step_id, t.output, t.output_blob, t.output_hash FROM tasks t JOIN steps s ON s.job_id = t.job_id "
                        + "AND s.step_id = t.step_id WHERE t.job_id = ? AND t.purpose = 'run' AND s.state IN ('SUCCEEDED', 'COMPENSATED') "
                        + "ORDER BY t.step_id, t.item_index",
                r -> new Output(r.getString(1), r.getBytes(2), r.getString(3), r.getString(4)), jobId)) {
            byte[] bytes = o.inline() != null ? o.inline() : o.blob() != null ? blobs.read(o.blob()).orElse(new byte[0]) : new byte[0];
            outputs.computeIfAbsent(o.stepId(), k -> new ArrayList<>()).add(bytes);
            hashes.computeIfAbsent(o.stepId(), k -> new ArrayList<>()).add(o.hash() == null ? "" : o.hash());
        }
        Map<String, StepStatus> statuses = new HashMap<>();
        for (Row row : Jdbc.query(c, "SELECT step_id, state, reason, done_order, compensation FROM steps WHERE job_id = ?",
                r -> new Row(r.getString(1), StepState.valueOf(r.getString(2)), r.getString(3), r.getLong(4),
                        StepStatus.Compensation.valueOf(r.getString(5))), jobId)) {
            statuses.put(row.stepId(), new StepStatus(row.state(), outputs.getOrDefault(row.stepId(), List.of()),
                    hashes.getOrDefault(row.stepId(), List.of()), row.reason(), row.doneOrder(), row.compensation()));
        }
        return statuses;
    }

    /** The job's workflow, rebuilt from its stored spec after a restart. */
    private Workflow workflow(Connection c, String jobId) throws SQLException {
        Workflow cached = workflows.getIfPresent(jobId);
        if (cached != null) return cached;
        String spec = Jdbc.queryOne(c, "SELECT spec FROM jobs WHERE id = ? AND kind = 'workflow'", r -> r.getString(1), jobId).orElse(null);
        if (spec == null) return null;
        try {
            Workflow workflow = WorkflowValidator.validate(Json.mapper().readValue(spec, JobSubmission.class).workflow());
            workflows.put(jobId, workflow);
            return workflow;
        } catch (JsonProcessingException e) {
            throw new StoreException("stored workflow spec of " + jobId + " does not parse", e);
        }
    }

    /** Ends workflows whose deadline passed: running steps are cancelled and the job TIMED_OUT. */
    public Set<String> expireDeadlines(long now) {
        return database.transaction(c -> {
            Set<String> changed = new java.util.LinkedHashSet<>();
            for (String jobId : Jdbc.query(c, "SELECT id FROM jobs WHERE state = 'RUNNING' AND deadline IS NOT NULL AND deadline < ? "
                    + "ORDER BY id" + database.dialect().forUpdate(), r -> r.getString(1), now)) {
                String reason = "workflow timeout reached";
                cancelAll(c, jobId, reason, now);
                finish(c, jobId, JobState.TIMED_OUT, reason, now);
                changed.add(jobId);
            }
            return changed;
        });
    }

    private static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

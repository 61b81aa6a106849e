package dev.anchor.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.anchor.api.AnchorException;
import dev.anchor.api.ErrorCode;
import dev.anchor.api.EventView;
import dev.anchor.api.JobPage;
import dev.anchor.api.JobState;
import dev.anchor.api.JobView;
import dev.anchor.api.Json;
import dev.anchor.api.LogLine;
import dev.anchor.api.OutputView;
import dev.anchor.api.ServiceStatus;
import dev.anchor.api.StepView;
import dev.anchor.api.TaskState;
import dev.anchor.api.TaskView;
import dev.anchor.api.UsageView;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Jobs as users see them: submit, read, list, cancel, and their events and logs. */
public final class JobStore {
    private static final String JOB_COLUMNS = "id, name, owner_id, kind, state, reason, created_at, updated_at, finished_at, labels, spec";
    private static final String TASK_COLUMNS = "id, state, runtime, attempts, reason, output, output_blob, output_hash, output_size, "
            + "usage, node_id, step_id, item_index, purpose, tries, service, restart_streak, last_exit, ready_at";

    private final Database database;

    public JobStore(Database database) {
        this.database = requireNonNull(database, "database is null");
    }

    /** Stores a job and its task, READY to lease, with their events; all or nothing. */
    public void submit(NewJob job, long now) {
        submitAll(List.of(job), now);
    }

    /**
     * Stores several jobs with their tasks in one transaction (a group commit of submissions that arrived
     * together): three batched statements whatever their number, the jobs, their tasks with the placement
     * columns (docs/scheduling.md) and their events. All or nothing.
     */
    public void submitAll(List<NewJob> submitted, long now) {
        if (submitted.isEmpty()) return;
        database.transaction(c -> {
            List<Object[]> jobRows = new ArrayList<>(submitted.size());
            List<Object[]> taskRows = new ArrayList<>(submitted.size());
            List<Object[]> events = new ArrayList<>(submitted.size() * 2);
            for (NewJob job : submitted) {
                int priority = TaskNeeds.priorityOfSubmission(job.specJson());
                TaskNeeds needs = TaskNeeds.ofSpecJson(job.taskSpecJson());
                jobRows.add(new Object[] {job.jobId(), job.ownerId(), job.name(), job.labelsJson(), job.specJson(), now, now,
                    job.verificationJson(), job.serviceJson() == null ? "task" : "service", priority});
                taskRows.add(new Object[] {job.taskId(), job.jobId(), job.runtime(), job.taskSpecJson(), job.maxAttempts(), now, now, now,
                    job.verificationJson(), job.serviceJson(), job.ownerId(), priority, needs.memoryMb(), needs.gpus(), needs.labelPattern()});
                events.add(new Object[] {job.jobId(), null, "job", JobState.PENDING.name(), "submitted", now});
                events.add(new Object[] {job.jobId(), job.taskId(), "task", TaskState.READY.name(), null, now});
            }
            Jdbc.batch(c, "INSERT INTO jobs (id, owner_id, name, labels, state, spec, created_at, updated_at, verification, kind, priority) "
                    + "VALUES (?, ?, ?, ?, 'PENDING', ?, ?, ?, ?, ?, ?)", jobRows);
            Jdbc.batch(c, "INSERT INTO tasks (id, job_id, state, runtime, spec, max_attempts, ready_at, created_at, updated_at, "
                    + "verification, service, owner_id, priority, need_memory_mb, need_gpus, need_labels) "
                    + "VALUES (?, ?, 'READY', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", taskRows);
            Jdbc.batch(c, Transitions.EVENT_INSERT, events);
            return null;
        });
    }

    /** A job, if it exists and {@code viewer} may see it (its owner, or an admin); a workflow with its steps. */
    public Optional<JobView> get(String jobId, Principal viewer) {
        return database.read(c -> {
            Optional<JobRow> row = Jdbc.queryOne(c, "SELECT " + JOB_COLUMNS + " FROM jobs WHERE id = ?", JobRow::of, jobId)
                    .filter(job -> viewer.isAdmin() || job.owner().equals(viewer.userId()));
            if (row.isEmpty()) return Optional.<JobView>empty();
            return Optional.of(row.get().kind().equals("workflow") ? row.get().view(null, steps(c, row.get())) : row.get().view(task(c, jobId), null));
        });
    }

    /** A job's state alone: the cheap check a waiter makes between wake-ups. */
    public Optional<JobState> state(String jobId) {
        return database.read(c -> Jdbc.queryOne(c, "SELECT state FROM jobs WHERE id = ?", r -> JobState.valueOf(r.getString(1)), jobId));
    }

    /** The viewer's jobs, newest first, optionally in one state; {@code cursor} is the last page's. Workflows come without their steps. */
    public JobPage list(Principal viewer, JobState state, int limit, String cursor) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + JOB_COLUMNS + " FROM jobs WHERE owner_id = ?");
        args.add(viewer.userId());
        if (state != null) {
            sql.append(" AND state = ?");
            args.add(state.name());
        }
        if (cursor != null) {
            sql.append(" AND id < ?");
            args.add(decodeCursor(cursor));
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(limit + 1);
        List<JobView> rows = database.read(c -> {
            List<JobView> views = new ArrayList<>();
            for (JobRow row : Jdbc.query(c, sql.toString(), JobRow::of, args.toArray())) {
                views.add(row.view(row.kind().equals("workflow") ? null : task(c, row.id()), null));
            }
            return views;
        });
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            next = Base64.getUrlEncoder().withoutPadding().encodeToString(rows.get(limit - 1).id().getBytes(StandardCharsets.UTF_8));
        }
        return new JobPage(List.copyOf(rows), next);
    }

    private record JobRow(String id, String name, String owner, String kind, JobState state, String reason, long createdAt,
                          long updatedAt, Long finishedAt, String labels, String spec) {
        static JobRow of(ResultSet r) throws SQLException {
            return new JobRow(r.getString("id"), r.getString("name"), r.getString("owner_id"), r.getString("kind"),
                    JobState.valueOf(r.getString("state")), r.getString("reason"), r.getLong("created_at"), r.getLong("updated_at"),
                    Jdbc.nullableLong(r, "finished_at"), r.getString("labels"), r.getString("spec"));
        }

        JobView view(TaskView task, List<StepView> steps) {
            return new JobView(id, name, owner, kind, state, reason, createdAt, updatedAt, finishedAt, JobStore.labels(labels), task, steps);
        }
    }

    private static TaskView task(Connection c, String jobId) throws SQLException {
        return Jdbc.queryOne(c, "SELECT " + TASK_COLUMNS + " FROM tasks WHERE job_id = ? AND replica_of IS NULL", JobStore::taskView, jobId).orElse(null);
    }

    private static List<StepView> steps(Connection c, JobRow job) throws SQLException {
        Map<String, List<String>> needs = new java.util.HashMap<>();
        try {
            var workflow = Json.mapper().readValue(job.spec(), dev.anchor.api.JobSubmission.class).workflow();
            for (var step : workflow.steps()) needs.put(step.id(), step.needs() == null ? List.of() : step.needs());
        } catch (JsonProcessingException e) {
            throw new StoreException("stored workflow spec of " + job.id() + " does not parse", e);
        }
        Map<String, List<TaskView>> tasks = new java.util.HashMap<>();
        for (TaskView task : Jdbc.query(c, "SELECT " + TASK_COLUMNS + " FROM tasks WHERE job_id = ? AND replica_of IS NULL ORDER BY step_id, purpose DESC, item_index",
                JobStore::taskView, job.id())) {
            tasks.computeIfAbsent(task.step(), k -> new ArrayList<>()).add(task);
        }
        return Jdbc.query(c, "SELECT step_id, state, reason, compensation FROM steps WHERE job_id = ? ORDER BY position",
                r -> new StepView(r.getString(1), r.getString(2), needs.getOrDefault(r.getString(1), List.of()), r.getString(3),
                        tasks.getOrDefault(r.getString(1), List.of()), r.getString(4)), job.id());
    }

    private static String decodeCursor(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw AnchorException.invalidField("cursor", "is not a cursor this API returned");
        }
    }

    /**
     * Cancels a job: its unfinished task and active attempt end CANCELLED (agents learn it at their next
     * heartbeat). A finished job cannot be cancelled.
     */
    public JobView cancel(String jobId, Principal viewer, long now) {
        database.transaction(c -> {
            Optional<String[]> row = Jdbc.queryOne(c, "SELECT owner_id, state FROM jobs WHERE id = ?" + database.dialect().forUpdate(),
                    r -> new String[] {r.getString(1), r.getString(2)}, jobId);
            if (row.isEmpty() || !(viewer.isAdmin() || row.get()[0].equals(viewer.userId()))) {
                throw AnchorException.notFound("job " + jobId);
            }
            JobState state = JobState.valueOf(row.get()[1]);
            if (state.isTerminal()) {
                throw new AnchorException(ErrorCode.CONFLICT, "job " + jobId + " has already ended " + state,
                        Map.of("state", state.name()));
            }
            String reason = "cancelled by " + viewer.name();
            WorkflowStore.cancelAll(c, jobId, reason, now);
            Jdbc.update(c, "UPDATE jobs SET reason = ? WHERE id = ?", reason, jobId);
            Transitions.jobFinished(c, jobId, JobState.CANCELLED, reason, now);
            return null;
        });
        return get(jobId, viewer).orElseThrow(() -> AnchorException.notFound("job " + jobId));
    }

    /** Events of a job after {@code afterSeq}, in commit order. */
    public List<EventView> events(String jobId, long afterSeq, int limit) {
        return database.read(c -> Jdbc.query(c, "SELECT seq, job_id, task_id, type, state, message, at FROM events "
                        + "WHERE job_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                r -> new EventView(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                        r.getString(6), r.getLong(7)), jobId, afterSeq, limit));
    }

    /** Log lines of a job after {@code afterSeq}, in the order they were stored. */
    public List<LogLine> logs(String jobId, long afterSeq, int limit) {
        return database.read(c -> Jdbc.query(c, "SELECT seq, task_id, attempt_id, stream, line, at FROM logs "
                        + "WHERE job_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                r -> new LogLine(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getLong(6)),
                jobId, afterSeq, limit));
    }

    /** The inline output size above which outputs are shown only by blob reference. */
    public static final int INLINE_OUTPUT_BYTES = 64 * 1024;

    private static TaskView taskView(ResultSet r) throws SQLException {
        OutputView output = null;
        String outputHash = r.getString("output_hash");
        if (outputHash != null) {
            byte[] bytes = r.getBytes("output");
            String text = null;
            String base64 = null;
            if (bytes != null) {
                text = utf8(bytes);
                if (text == null) base64 = Base64.getEncoder().encodeToString(bytes);
            }
            output = new OutputView(outputHash, r.getLong("output_size"), text, base64, r.getString("output_blob"));
        }
        String step = r.getString("step_id");
        Long item = Jdbc.nullableLong(r, "item_index");
        TaskState state = TaskState.valueOf(r.getString("state"));
        ServiceStatus service = null;
        if (r.getString("service") != null) {
            // ready_at is in the future only while a restart waits out its backoff.
            Long readyAt = Jdbc.nullableLong(r, "ready_at");
            service = new ServiceStatus(r.getInt("tries") - 1, r.getInt("restart_streak"), r.getString("last_exit"),
                    state == TaskState.READY && r.getInt("tries") > 1 ? readyAt : null);
        }
        return new TaskView(r.getString("id"), state, r.getString("runtime"), r.getInt("attempts"),
                r.getString("reason"), output, usage(r.getString("usage")), r.getString("node_id"), step,
                item == null ? null : item.intValue(), step == null ? null : r.getString("purpose"), step == null ? null : r.getInt("tries"),
                service);
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static UsageView usage(String json) {
        if (json == null) return null;
        try {
            return Json.mapper().readValue(json, UsageView.class);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored usage is not valid JSON", e);
        }
    }

    private static Map<String, String> labels(String json) {
        if (json == null) return null;
        try {
            return Json.mapper().readValue(json, new TypeReference<Map<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new StoreException("stored labels are not valid JSON", e);
        }
    }

    static Optional<String> jobOfTask(Connection c, String taskId) throws SQLException {
        return Jdbc.queryOne(c, "SELECT job_id FROM tasks WHERE id = ?", r -> r.getString(1), taskId);
    }
}

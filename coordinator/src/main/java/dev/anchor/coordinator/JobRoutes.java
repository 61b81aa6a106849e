package dev.anchor.coordinator;

import static java.util.Objects.requireNonNull;

import dev.anchor.api.AnchorException;
import dev.anchor.api.JobPage;
import dev.anchor.api.JobState;
import dev.anchor.api.JobSubmission;
import dev.anchor.api.JobView;
import dev.anchor.api.LogLine;
import dev.anchor.store.JobStore;
import dev.anchor.store.NewJob;
import dev.anchor.store.NewWorkflowJob;
import dev.anchor.store.WorkflowStore;
import dev.anchor.store.Principal;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The user-facing job API: submit, get (optionally waiting for the end), list, cancel, logs, events. */
final class JobRoutes {
    private static final long MAX_WAIT_MS = 60_000;

    private final JobStore jobs;
    private final WorkflowStore workflows;
    private final SubmissionValidator validator;
    private final Authenticator auth;
    private final JsonBodies bodies;
    private final Signal ready;
    private final JobSignals jobSignals;
    private final Clock clock;

    /** Submissions that arrive together are stored in one transaction (see {@link GroupCommit}). */
    private final GroupCommit<NewJob, Boolean> submissions;

    JobRoutes(JobStore jobs, WorkflowStore workflows, SubmissionValidator validator, Authenticator auth, JsonBodies bodies, Signal ready,
              JobSignals jobSignals, Clock clock, GroupCommit<NewJob, Boolean> submissions) {
        this.submissions = requireNonNull(submissions, "submissions is null");
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.workflows = requireNonNull(workflows, "workflows is null");
        this.validator = requireNonNull(validator, "validator is null");
        this.auth = requireNonNull(auth, "auth is null");
        this.bodies = requireNonNull(bodies, "bodies is null");
        this.ready = requireNonNull(ready, "ready is null");
        this.jobSignals = requireNonNull(jobSignals, "jobSignals is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    void register(Javalin app) {
        app.post("/api/v1/jobs", this::submit);
        // The source documents' routes, kept as aliases.
        app.post("/api/dag/schedule", this::submit);
        app.get("/api/dag/graph/{id}", this::get);
        app.get("/api/v1/jobs", this::list);
        app.get("/api/v1/jobs/{id}", this::get);
        app.post("/api/v1/jobs/{id}/cancel", this::cancel);
        app.get("/api/v1/jobs/{id}/logs", this::logs);
        app.get("/api/v1/jobs/{id}/events", ctx -> new EventStream(jobs, jobSignals).serve(ctx, visibleJob(ctx)));
    }

    private void submit(Context ctx) throws InterruptedException {
        Principal owner = auth.user(ctx);
        JobSubmission submission = bodies.read(ctx, JobSubmission.class);
        long now = clock.millis();
        String jobId;
        if (submission.workflow() != null && submission.task() == null) {
            NewWorkflowJob job = validator.validateWorkflow(submission, owner, now);
            workflows.submit(job, now);
            jobId = job.jobId();
        } else {
            NewJob job = validator.validateTask(submission, owner, now);
            submissions.apply(job);
            jobId = job.jobId();
        }
        ready.fire();
        // With waitMs, one request submits and answers the result: half the round trips for short jobs.
        long waitMs = intParam(ctx, "waitMs", 0, 0, (int) MAX_WAIT_MS);
        JobView job = waitMs > 0 ? awaitEnd(jobId, owner, waitMs) : jobs.get(jobId, owner).orElseThrow();
        ctx.status(201).header("Location", "/api/v1/jobs/" + jobId).json(job);
    }

    private void list(Context ctx) {
        Principal viewer = auth.user(ctx);
        JobState state = enumParam(ctx, "state");
        int limit = intParam(ctx, "limit", 50, 1, 500);
        JobPage page = jobs.list(viewer, state, limit, ctx.queryParam("cursor"));
        ctx.json(page);
    }

    /** With {@code waitMs}, holds the request until the job has ended or the wait is over. */
    private void get(Context ctx) {
        Principal viewer = auth.user(ctx);
        String jobId = ctx.pathParam("id");
        long waitMs = intParam(ctx, "waitMs", 0, 0, (int) MAX_WAIT_MS);
        ctx.json(waitMs > 0 ? awaitEnd(jobId, viewer, waitMs) : find(jobId, viewer));
    }

    /**
     * The job once it has ended, or as it is when {@code waitMs} has passed. Between wake-ups it reads
     * only the job's state, not its whole view: a job changes several times before it ends.
     */
    private JobView awaitEnd(String jobId, Principal viewer, long waitMs) {
        JobView job = find(jobId, viewer);
        if (job.state().isTerminal()) return job;
        long deadline = System.nanoTime() + waitMs * 1_000_000;
        Signal signal = jobSignals.watch(jobId);
        try {
            while (true) {
                long seen = signal.generation();
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (jobs.state(jobId).map(JobState::isTerminal).orElse(true) || left <= 0) return find(jobId, viewer);
                signal.await(seen, Math.min(left, 1_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return find(jobId, viewer);
        } finally {
            jobSignals.release(jobId);
        }
    }

    private void cancel(Context ctx) {
        Principal viewer = auth.user(ctx);
        String jobId = ctx.pathParam("id");
        JobView job = jobs.cancel(jobId, viewer, clock.millis());
        jobSignals.fire(Set.of(jobId));
        ctx.json(job);
    }

    private void logs(Context ctx) {
        JobView job = visibleJob(ctx);
        long after = longParam(ctx, "after", 0);
        int limit = intParam(ctx, "limit", 1000, 1, 10_000);
        List<LogLine> lines = jobs.logs(job.id(), after, limit);
        ctx.json(Map.of("items", lines, "next", lines.isEmpty() ? after : lines.get(lines.size() - 1).seq()));
    }

    private JobView visibleJob(Context ctx) {
        return find(ctx.pathParam("id"), auth.user(ctx));
    }

    private JobView find(String jobId, Principal viewer) {
        return jobs.get(jobId, viewer).orElseThrow(() -> AnchorException.notFound("job " + jobId));
    }

    private static JobState enumParam(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null) return null;
        try {
            return JobState.valueOf(value.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw AnchorException.invalidField(name, "must be one of " + List.of(JobState.values()));
        }
    }

    static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String value = ctx.queryParam(name);
        if (value == null) return fallback;
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) throw AnchorException.invalidField(name, "must be between " + min + " and " + max);
            return parsed;
        } catch (NumberFormatException e) {
            throw AnchorException.invalidField(name, "must be a whole number");
        }
    }

    static long longParam(Context ctx, String name, long fallback) {
        String value = ctx.queryParam(name);
        if (value == null) return fallback;
        try {
            long parsed = Long.parseLong(value);
            if (parsed < 0) throw AnchorException.invalidField(name, "must not be negative");
            return parsed;
        } catch (NumberFormatException e) {
            throw AnchorException.invalidField(name, "must be a whole number");
        }
    }
}

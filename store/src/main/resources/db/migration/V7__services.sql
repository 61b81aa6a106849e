-- Long-running services (docs/services.md): a job of kind 'service' whose one task is started again
-- whenever a run ends. A restart is a READY task with ready_at = the end of its backoff; tries counts
-- the runs (restarts = tries - 1) and attempts starts again from 0 with each run, as for a workflow retry.

-- The resolved restart policy (JSON: always, initialMs, maxMs, factor, maxRestarts); null: not a service.
ALTER TABLE tasks ADD COLUMN service TEXT;
-- Restarts since the last run that lasted longer than the policy's maxMs: drives the backoff and maxRestarts.
ALTER TABLE tasks ADD COLUMN restart_streak INTEGER NOT NULL DEFAULT 0;
-- How the previous run ended, e.g. 'FAILED: exit status 1' or 'lost: lease expired ...'.
ALTER TABLE tasks ADD COLUMN last_exit TEXT;

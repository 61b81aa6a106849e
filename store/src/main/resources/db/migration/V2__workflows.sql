-- Workflows: a job is a single task or a DAG of steps; each step runs as one task, or one per item.

ALTER TABLE jobs ADD COLUMN kind TEXT NOT NULL DEFAULT 'task';
-- RUNNING, or ROLLING_BACK while compensations run
ALTER TABLE jobs ADD COLUMN phase TEXT;
-- the workflow's deadline (epoch ms), when it has a timeout
ALTER TABLE jobs ADD COLUMN deadline BIGINT;
ALTER TABLE jobs ADD COLUMN reason TEXT;
CREATE INDEX jobs_by_deadline ON jobs (state, deadline);

ALTER TABLE tasks ADD COLUMN step_id TEXT;
ALTER TABLE tasks ADD COLUMN item_index INTEGER;
-- run: the step's work; compensate: its compensation during a rollback
ALTER TABLE tasks ADD COLUMN purpose TEXT NOT NULL DEFAULT 'run';
-- tries of the step's guest code so far (retries after failures), as opposed to attempts (leases)
ALTER TABLE tasks ADD COLUMN tries INTEGER NOT NULL DEFAULT 1;
CREATE INDEX tasks_by_step ON tasks (job_id, step_id);

CREATE TABLE steps (
    job_id       TEXT NOT NULL REFERENCES jobs (id),
    step_id      TEXT NOT NULL,
    position     INTEGER NOT NULL,
    state        TEXT NOT NULL,
    reason       TEXT,
    items        INTEGER,
    done_order   BIGINT,
    compensation TEXT NOT NULL DEFAULT 'NONE',
    started_at   BIGINT,
    finished_at  BIGINT,
    PRIMARY KEY (job_id, step_id)
);

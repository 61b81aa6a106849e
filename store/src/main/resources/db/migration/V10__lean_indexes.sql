-- Fewer index entries per state change (docs/scheduling.md, "Store cost"). A task's or an attempt's
-- state change cannot be a heap-only update, so it adds an entry to every index whose predicate the new
-- row meets. Indexes that only serve READY tasks, tasks or attempts in flight, or rows with a group, a
-- step or a deadline now hold only those rows: a task's lease and finish add 5 index entries instead of
-- 12, an attempt's finish 3 instead of 6. Every query that used them names the same predicate (or, for
-- "x = ?", implies "x IS NOT NULL"), so both PostgreSQL and SQLite still use them. And an index that
-- leads with the state invites the planner to answer "state = 'PENDING'" from it: jobs_by_deadline was
-- (state, deadline), and moving a dispatch round's jobs to RUNNING scanned every PENDING job.
DROP INDEX tasks_ready;
CREATE INDEX tasks_ready ON tasks (ready_at) WHERE state = 'READY';
DROP INDEX tasks_queue;
CREATE INDEX tasks_queue ON tasks (owner_id, priority DESC, ready_at, id) WHERE state = 'READY';
-- The tasks in flight per owner, as a dispatch round counts them for fair shares.
CREATE INDEX tasks_in_flight ON tasks (owner_id) WHERE state IN ('LEASED', 'RUNNING');
DROP INDEX tasks_by_group;
CREATE INDEX tasks_by_group ON tasks (verify_group) WHERE verify_group IS NOT NULL;
DROP INDEX tasks_by_step;
CREATE INDEX tasks_by_step ON tasks (job_id, step_id) WHERE step_id IS NOT NULL;

-- Lease expiry looks only at attempts in flight; per-node lookups use attempts_in_flight and
-- attempts_by_node_recent, so attempts_by_node (node_id, state) goes.
DROP INDEX attempts_active;
CREATE INDEX attempts_active ON attempts (lease_expires_at) WHERE state IN ('LEASED', 'RUNNING');
DROP INDEX attempts_by_node;

DROP INDEX jobs_by_deadline;
CREATE INDEX jobs_by_deadline ON jobs (deadline) WHERE deadline IS NOT NULL;

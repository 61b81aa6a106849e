-- Placement (docs/scheduling.md): what a task needs of a node, its priority and its owner are kept on
-- the task row, so the leasing query filters and orders in SQL; and an operator's cordon or drain of a node.

-- The job's priority (-100..100, higher first), copied to each of its tasks.
ALTER TABLE jobs ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
-- The job's owner, copied so the leasing query can share nodes fairly between owners without a join.
ALTER TABLE tasks ADD COLUMN owner_id TEXT NOT NULL DEFAULT '';
UPDATE tasks SET owner_id = (SELECT owner_id FROM jobs WHERE jobs.id = tasks.job_id);
-- A node must have at least this much memory (limits.memoryMb; 0 for tasks stored before V6) and GPUs.
ALTER TABLE tasks ADD COLUMN need_memory_mb BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN need_gpus INTEGER NOT NULL DEFAULT 0;
-- The labels a node must carry, as a LIKE pattern over the node's label string (see TaskNeeds); null: none.
ALTER TABLE tasks ADD COLUMN need_labels TEXT;
-- READY tasks per owner in lease order: the owners with work are found by skipping through this index.
CREATE INDEX tasks_queue ON tasks (state, owner_id, priority DESC, ready_at, id);

-- An operator's hold on a node: null, CORDONED (no new leases) or DRAINING (no new leases; shown DRAINED
-- once it runs nothing). nodes.state stays the node's liveness: READY, or LOST when its heartbeats stopped.
ALTER TABLE nodes ADD COLUMN admin_state TEXT;

-- A node's most recent attempts, for its recent success rate in the health score.
CREATE INDEX attempts_by_node_recent ON attempts (node_id, created_at);

-- Node telemetry: the latest figures on nodes, and a bounded history per node.

-- From the latest heartbeat (null until an agent that reports them sends one).
ALTER TABLE nodes ADD COLUMN memory_total_mb BIGINT;
ALTER TABLE nodes ADD COLUMN disk_total_mb BIGINT;
ALTER TABLE nodes ADD COLUMN disk_free_mb BIGINT;
-- NVIDIA GPUs: how many (set at registration, refreshed by heartbeats) and a JSON array of GpuInfo
ALTER TABLE nodes ADD COLUMN gpu_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE nodes ADD COLUMN gpus TEXT;
-- the labels a node registered with, a JSON object of strings
ALTER TABLE nodes ADD COLUMN labels TEXT;

-- One row per heartbeat with telemetry; NodeStore keeps the newest HISTORY_SAMPLES per node,
-- pruning the node's older rows in the same transaction as each insert.
CREATE TABLE node_telemetry (
    id             ${serial},
    node_id        TEXT NOT NULL REFERENCES nodes (id),
    at             BIGINT NOT NULL,
    load           DOUBLE PRECISION NOT NULL,
    free_memory_mb BIGINT NOT NULL,
    disk_free_mb   BIGINT,
    running        INTEGER NOT NULL,
    gpus           TEXT
);
CREATE INDEX node_telemetry_by_node ON node_telemetry (node_id, id);

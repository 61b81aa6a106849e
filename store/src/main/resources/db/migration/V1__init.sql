-- One set of migrations for SQLite and PostgreSQL. Placeholders fill in the few types that differ:
--   ${serial}  an auto-incrementing 64-bit primary key
--   ${bytes}   a binary column
-- Times are epoch milliseconds (BIGINT). Ids are time-ordered text (see Ids).

CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE api_keys (
    key_hash   TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL
);

CREATE TABLE nodes (
    id             TEXT PRIMARY KEY,
    public_key     TEXT NOT NULL,
    name           TEXT NOT NULL,
    token_hash     TEXT NOT NULL,
    state          TEXT NOT NULL,
    runtimes       TEXT NOT NULL,
    cores          INTEGER NOT NULL,
    memory_mb      BIGINT NOT NULL,
    slots          INTEGER NOT NULL,
    running        INTEGER NOT NULL DEFAULT 0,
    load           DOUBLE PRECISION NOT NULL DEFAULT 0,
    free_memory_mb BIGINT NOT NULL DEFAULT 0,
    registered_at  BIGINT NOT NULL,
    last_heartbeat BIGINT NOT NULL
);

CREATE TABLE jobs (
    id          TEXT PRIMARY KEY,
    owner_id    TEXT NOT NULL REFERENCES users (id),
    name        TEXT,
    labels      TEXT,
    state       TEXT NOT NULL,
    spec        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    finished_at BIGINT
);
CREATE INDEX jobs_by_owner ON jobs (owner_id, created_at, id);

CREATE TABLE tasks (
    id              TEXT PRIMARY KEY,
    job_id          TEXT NOT NULL REFERENCES jobs (id),
    state           TEXT NOT NULL,
    runtime         TEXT NOT NULL,
    spec            TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    max_attempts    INTEGER NOT NULL,
    current_attempt TEXT,
    node_id         TEXT,
    reason          TEXT,
    output          ${bytes},
    output_blob     TEXT,
    output_hash     TEXT,
    output_size     BIGINT,
    usage           TEXT,
    ready_at        BIGINT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    finished_at     BIGINT
);
CREATE INDEX tasks_by_job ON tasks (job_id);
CREATE INDEX tasks_ready ON tasks (state, ready_at);

CREATE TABLE attempts (
    id               TEXT PRIMARY KEY,
    task_id          TEXT NOT NULL REFERENCES tasks (id),
    node_id          TEXT NOT NULL,
    state            TEXT NOT NULL,
    lease_expires_at BIGINT NOT NULL,
    created_at       BIGINT NOT NULL,
    started_at       BIGINT,
    finished_at      BIGINT,
    reason           TEXT
);
CREATE INDEX attempts_by_task ON attempts (task_id);
CREATE INDEX attempts_active ON attempts (state, lease_expires_at);
CREATE INDEX attempts_by_node ON attempts (node_id, state);

CREATE TABLE events (
    seq     ${serial},
    job_id  TEXT NOT NULL,
    task_id TEXT,
    type    TEXT NOT NULL,
    state   TEXT,
    message TEXT,
    at      BIGINT NOT NULL
);
CREATE INDEX events_by_job ON events (job_id, seq);

CREATE TABLE logs (
    seq        ${serial},
    job_id     TEXT NOT NULL,
    task_id    TEXT NOT NULL,
    attempt_id TEXT NOT NULL,
    stream     TEXT NOT NULL,
    line       TEXT NOT NULL,
    at         BIGINT NOT NULL
);
CREATE INDEX logs_by_job ON logs (job_id, seq);

-- Verification and trust (docs/verification.md): receipts, replicas and quorum, reputation, credits.

-- The user whose join token a node joined with; replicas never go to two nodes of one owner.
ALTER TABLE nodes ADD COLUMN owner_id TEXT;
ALTER TABLE nodes ADD COLUMN agreements BIGINT NOT NULL DEFAULT 0;
ALTER TABLE nodes ADD COLUMN disagreements BIGINT NOT NULL DEFAULT 0;
ALTER TABLE nodes ADD COLUMN consecutive_agreements BIGINT NOT NULL DEFAULT 0;
ALTER TABLE nodes ADD COLUMN receipts_rejected BIGINT NOT NULL DEFAULT 0;
ALTER TABLE nodes ADD COLUMN succeeded BIGINT NOT NULL DEFAULT 0;
ALTER TABLE nodes ADD COLUMN failed BIGINT NOT NULL DEFAULT 0;
ALTER TABLE nodes ADD COLUMN excluded_at BIGINT;

CREATE TABLE join_tokens (
    token_hash TEXT PRIMARY KEY,
    owner_id   TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL
);

-- The job's verification policy (JSON), copied to each of its tasks; null: none.
ALTER TABLE tasks ADD COLUMN verification TEXT;
-- The primary task of a verification group (itself for the primary); null when not verified.
ALTER TABLE tasks ADD COLUMN verify_group TEXT;
-- Replica tasks: the primary they replicate.
ALTER TABLE tasks ADD COLUMN replica_of TEXT;
-- Runs of the group made so far (the primary counts), 0 before the policy decided.
ALTER TABLE tasks ADD COLUMN replicas_made INTEGER NOT NULL DEFAULT 0;
CREATE INDEX tasks_by_group ON tasks (verify_group);

-- Each attempt's accepted receipt (JSON) and what the run claimed.
ALTER TABLE attempts ADD COLUMN receipt TEXT;
ALTER TABLE attempts ADD COLUMN output_hash TEXT;
ALTER TABLE attempts ADD COLUMN claim BIGINT;

CREATE TABLE receipt_nonces (
    nonce   TEXT PRIMARY KEY,
    node_id TEXT NOT NULL,
    at      BIGINT NOT NULL
);

-- One verdict per ended run of a verified group.
CREATE TABLE replica_results (
    group_id   TEXT NOT NULL,
    task_id    TEXT NOT NULL,
    attempt_id TEXT NOT NULL PRIMARY KEY,
    node_id    TEXT NOT NULL,
    owner_id   TEXT,
    outcome    TEXT NOT NULL,
    vote       TEXT NOT NULL,
    claim      BIGINT NOT NULL,
    verdict    TEXT,
    at         BIGINT NOT NULL
);
CREATE INDEX replica_results_by_group ON replica_results (group_id);

-- Double-entry, append-only: each transfer is two rows with opposite amounts.
CREATE TABLE ledger_entries (
    seq         ${serial},
    transfer_id TEXT NOT NULL,
    account     TEXT NOT NULL,
    amount      BIGINT NOT NULL,
    task_id     TEXT,
    memo        TEXT NOT NULL,
    at          BIGINT NOT NULL
);
CREATE INDEX ledger_by_account ON ledger_entries (account);

-- The job's verification policy (JSON), which its tasks copy; null: none.
ALTER TABLE jobs ADD COLUMN verification TEXT;

-- Ringers (docs/verification.md): copies of tasks whose output a quorum already verified, run by
-- trusted nodes as checks with a known answer. known_hash is the verified output's SHA-256.
ALTER TABLE tasks ADD COLUMN known_hash TEXT;

-- Coordination between coordinators that share one database.
--
-- A named lease says which coordinator runs a singleton duty (the sweeper: lease expiry and workflow
-- deadlines). A coordinator takes it when it has run out, or renews it while it holds it, with one
-- conditional UPDATE; see CoordinatorLease. Times are epoch milliseconds from the holder's clock.
CREATE TABLE coordinator_leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    taken_at   BIGINT NOT NULL
);
INSERT INTO coordinator_leases (name, holder, expires_at, taken_at) VALUES ('sweeper', '', 0, 0);

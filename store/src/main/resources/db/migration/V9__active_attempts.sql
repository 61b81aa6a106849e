-- The LEASED or RUNNING attempts of each node, as a dispatch round counts them for its nodes
-- (docs/scheduling.md). A partial index holds only the attempts in flight, a handful per node, so the
-- count stays an index lookup however long a node's history grows and whatever the planner's statistics
-- say about a busy node's share of the table.
CREATE INDEX attempts_in_flight ON attempts (node_id) WHERE state IN ('LEASED', 'RUNNING');

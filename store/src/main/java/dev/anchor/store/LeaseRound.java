package dev.anchor.store;

import dev.anchor.api.TaskState;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One dispatch round inside its transaction (docs/scheduling.md, "Dispatch"): READY tasks are matched
 * to the round's nodes in memory and the grants written as a few batches, so a round costs about ten
 * statements whatever the number of nodes and tasks in it.
 *
 * <ol>
 *   <li>the owners with READY work, the round's nodes (with active and recent attempts) and their trust
 *       records: three queries;</li>
 *   <li>each node's share: {@link NodeHealth#perCall} of what it asked, one when work spreads and it
 *       already runs some; an excluded, LOST, cordoned or draining node gets nothing;</li>
 *   <li>candidates in lease order (priority, owners in turn, oldest first) that at least one node of
 *       the round could run, locked with {@code SKIP LOCKED} on PostgreSQL: one query per owner;</li>
 *   <li>each candidate in order goes to the next node, round-robin, that has room and meets its runtime,
 *       memory, GPU and label needs; a run of a verified group only to a node that has no attempt in the
 *       group and whose owner has none (the group's attempts are read once);</li>
 *   <li>the grants are written as batches: tasks LEASED, attempts, events, jobs RUNNING (on PostgreSQL the tasks and the
 *   jobs as one statement each, the rows passed as arrays).</li>
 * </ol>
 */
final class LeaseRound {
    private final Database database;
    private final ReadyQueue queue;
    private final Verifier verifier;

    LeaseRound(Database database, ReadyQueue queue, Verifier verifier) {
        this.database = database;
        this.queue = queue;
        this.verifier = verifier;
    }

    /** A node's place in the round: what it may still take and what it was given. */
    private static final class Seat {
        final LeaseStore.Ask ask;
        final ReadyQueue.Node node;
        final Verifier.NodeTrust trust;
        int room;
        final List<LeasedTask> granted = new ArrayList<>();

        Seat(LeaseStore.Ask ask, ReadyQueue.Node node, Verifier.NodeTrust trust, int room) {
            this.ask = ask;
            this.node = node;
            this.trust = trust;
            this.room = room;
        }

        boolean canRun(ReadyQueue.Candidate candidate) {
            if (!ask.runtimes().contains(candidate.runtime())) return false;
            if (candidate.needMemoryMb() > node.memoryMb() || candidate.needGpus() > node.gpus()) return false;
            return !candidate.labelled() || TaskNeeds.ofSpecJson(candidate.specJson()).labelsMetBy(node.labels());
        }
    }

    /** A verified group's runs so far: the nodes and owners that have one (from the store, then from this round). */
    private record Group(Set<String> nodes, Set<String> owners) {}

    List<LeaseStore.Batch> run(Connection c, List<ReadyQueue.Owner> owners, List<LeaseStore.Ask> asks, boolean spread,
                               long leaseTimeoutMs, long now) throws SQLException {
        List<String> ids = asks.stream().map(LeaseStore.Ask::nodeId).distinct().toList();
        Map<String, ReadyQueue.Node> nodes = queue.nodes(c, ids);
        Map<String, Verifier.NodeTrust> trusts = verifier.nodes(c, ids);
        List<Seat> seats = new ArrayList<>();
        Set<String> seated = new HashSet<>();
        for (LeaseStore.Ask ask : asks) {
            ReadyQueue.Node node = nodes.get(ask.nodeId());
            Verifier.NodeTrust trust = trusts.get(ask.nodeId());
            // One seat per node: a second poll of the same node in a round waits for the next.
            if (node == null || !node.schedulable() || trust.excluded() || ask.max() <= 0 || ask.runtimes().isEmpty()
                    || !seated.add(ask.nodeId())) {
                continue;
            }
            int room = NodeHealth.perCall(ask.max(), NodeHealth.score(node));
            if (spread && node.active() > 0) room = 1;
            seats.add(new Seat(ask, node, trust, room));
        }
        List<ReadyQueue.Candidate> candidates = seats.isEmpty() ? List.of()
                : queue.roundCandidates(c, owners, filter(seats), seats.stream().mapToInt(s -> s.room).sum(), now);
        Set<String> groupIds = new LinkedHashSet<>();
        for (ReadyQueue.Candidate candidate : candidates) if (candidate.group() != null) groupIds.add(candidate.group());
        Map<String, Group> groups = groups(c, groupIds);
        Set<String> lockedGroups = new HashSet<>();
        List<Grant> grants = new ArrayList<>();
        int next = 0;
        int room = remaining(seats);
        for (ReadyQueue.Candidate candidate : candidates) {
            if (room == 0) break;
            for (int tried = 0; tried < seats.size(); tried++) {
                Seat seat = seats.get((next + tried) % seats.size());
                if (seat.room <= 0 || !seat.canRun(candidate)) continue;
                if (candidate.group() != null && !mayJoin(c, candidate.group(), seat, groups, lockedGroups)) continue;
                grants.add(new Grant(seat, candidate, Ids.next("att_", now)));
                seat.room--;
                room--;
                if (candidate.group() != null) {
                    Group group = groups.get(candidate.group());
                    group.nodes().add(seat.node.id());
                    if (seat.trust.ownerId() != null) group.owners().add(seat.trust.ownerId());
                }
                next = (next + tried + 1) % seats.size();
                break;
            }
        }
        write(c, grants, leaseTimeoutMs, now);
        boolean more = candidates.size() > grants.size();
        Map<String, LeaseStore.Batch> byNode = new HashMap<>();
        for (Seat seat : seats) byNode.put(seat.ask.nodeId(), new LeaseStore.Batch(List.copyOf(seat.granted), more));
        List<LeaseStore.Batch> out = new ArrayList<>(asks.size());
        Set<String> answered = new HashSet<>();
        for (LeaseStore.Ask ask : asks) {
            LeaseStore.Batch batch = answered.add(ask.nodeId()) ? byNode.get(ask.nodeId()) : null;
            out.add(batch != null ? batch : new LeaseStore.Batch(List.of(), more));
        }
        return out;
    }

    private static int remaining(List<Seat> seats) {
        int room = 0;
        for (Seat seat : seats) room += Math.max(0, seat.room);
        return room;
    }

    private static ReadyQueue.RoundFilter filter(List<Seat> seats) {
        Set<String> runtimes = new LinkedHashSet<>();
        Set<String> labels = new LinkedHashSet<>();
        long memory = 0;
        int gpus = 0;
        for (Seat seat : seats) {
            runtimes.addAll(seat.ask.runtimes());
            labels.add(TaskNeeds.nodeLabels(seat.node.labels()));
            memory = Math.max(memory, seat.node.memoryMb());
            gpus = Math.max(gpus, seat.node.gpus());
        }
        return new ReadyQueue.RoundFilter(runtimes, memory, gpus, labels);
    }

    /** The nodes and owners with an attempt in each of the verified groups. */
    private static Map<String, Group> groups(Connection c, Set<String> ids) throws SQLException {
        Map<String, Group> groups = new HashMap<>();
        if (ids.isEmpty()) return groups;
        for (String id : ids) groups.put(id, new Group(new HashSet<>(), new HashSet<>()));
        Jdbc.query(c, "SELECT s.verify_group, a.node_id, n.owner_id FROM attempts a JOIN tasks s ON s.id = a.task_id "
                + "LEFT JOIN nodes n ON n.id = a.node_id WHERE s.verify_group IN (" + Jdbc.placeholders(ids.size()) + ")", r -> {
                    Group group = groups.get(r.getString(1));
                    group.nodes().add(r.getString(2));
                    if (r.getString(3) != null) group.owners().add(r.getString(3));
                    return 1;
                }, ids.toArray());
        return groups;
    }

    /**
     * Whether the seat's node may take a run of the group. On PostgreSQL the group's primary row is locked
     * first and the group read again, so two coordinators cannot both give a run to nodes of one owner.
     */
    private boolean mayJoin(Connection c, String groupId, Seat seat, Map<String, Group> groups, Set<String> locked) throws SQLException {
        Group group = groups.get(groupId);
        if (!database.dialect().forUpdate().isEmpty() && locked.add(groupId)) {
            Jdbc.query(c, "SELECT id FROM tasks WHERE id = ?" + database.dialect().forUpdate(), r -> 1, groupId);
            Map<String, Group> fresh = groups(c, Set.of(groupId));
            group.nodes().addAll(fresh.get(groupId).nodes());
            group.owners().addAll(fresh.get(groupId).owners());
        }
        if (group.nodes().contains(seat.node.id())) return false;
        return seat.trust.ownerId() == null || !group.owners().contains(seat.trust.ownerId());
    }

    private record Grant(Seat seat, ReadyQueue.Candidate candidate, String attemptId) {}

    /** Marks the granted tasks LEASED, one statement per task in one JDBC batch; answers the grants whose task was still READY. */
    private static List<Grant> leaseTasksInBatch(Connection c, List<Grant> grants, long now) throws SQLException {
        List<Object[]> taskRows = new ArrayList<>(grants.size());
        for (Grant grant : grants) {
            taskRows.add(new Object[] {grant.attemptId(), grant.seat().node.id(), now, grant.candidate().taskId()});
        }
        int[] updated = Jdbc.batch(c, "UPDATE tasks SET state = 'LEASED', current_attempt = ?, node_id = ?, attempts = attempts + 1, "
                + "updated_at = ? WHERE id = ? AND state = 'READY'", taskRows);
        List<Grant> made = new ArrayList<>(grants.size());
        for (int i = 0; i < grants.size(); i++) {
            if (updated[i] != 0) made.add(grants.get(i));
        }
        return made;
    }

    /**
     * As {@link #leaseTasksInBatch}, in one statement on PostgreSQL: the grants go as three arrays and the
     * server joins them to the tasks. A batch costs the server an execution per row (about a quarter of a
     * placement's database time at 1,000 nodes); this costs one per round.
     */
    private static List<Grant> leaseTasksAtOnce(Connection c, List<Grant> grants, long now) throws SQLException {
        String[] taskIds = new String[grants.size()];
        String[] attemptIds = new String[grants.size()];
        String[] nodeIds = new String[grants.size()];
        for (int i = 0; i < grants.size(); i++) {
            taskIds[i] = grants.get(i).candidate().taskId();
            attemptIds[i] = grants.get(i).attemptId();
            nodeIds[i] = grants.get(i).seat().node.id();
        }
        // No "state = 'READY'" here: the round's candidate query locked these rows while they were READY (FOR UPDATE),
        // so they still are, and that condition let the planner scan every READY task to find the grants. The ids are
        // given twice: "id = ANY" steers the planner to the primary key whatever its estimate of the array's length.
        Set<String> leased = new HashSet<>(Jdbc.query(c, "UPDATE tasks SET state = 'LEASED', current_attempt = g.attempt_id, "
                        + "node_id = g.node_id, attempts = tasks.attempts + 1, updated_at = ? "
                        + "FROM unnest(?::text[], ?::text[], ?::text[]) AS g(task_id, attempt_id, node_id) "
                        + "WHERE tasks.id = g.task_id AND tasks.id = ANY (?::text[]) RETURNING tasks.id", r -> r.getString(1),
                now, c.createArrayOf("text", taskIds), c.createArrayOf("text", attemptIds), c.createArrayOf("text", nodeIds),
                c.createArrayOf("text", taskIds)));
        List<Grant> made = new ArrayList<>(grants.size());
        for (Grant grant : grants) {
            if (leased.contains(grant.candidate().taskId())) made.add(grant);
        }
        return made;
    }

    /** Moves the PENDING ones of the jobs (in id order) to RUNNING; answers those it moved. */
    private List<String> startJobs(Connection c, List<String> jobIds, long now) throws SQLException {
        if (jobIds.isEmpty()) return List.of();
        if (database.dialect() == Dialect.POSTGRES) {
            Set<String> started = new HashSet<>(Jdbc.query(c, "UPDATE jobs SET state = 'RUNNING', updated_at = ? WHERE id = ANY (?::text[]) "
                    + "AND state = 'PENDING' RETURNING id", r -> r.getString(1), now, c.createArrayOf("text", jobIds.toArray(String[]::new))));
            return jobIds.stream().filter(started::contains).toList();
        }
        List<Object[]> jobRows = new ArrayList<>(jobIds.size());
        for (String jobId : jobIds) jobRows.add(new Object[] {now, jobId});
        int[] running = Jdbc.batch(c, "UPDATE jobs SET state = 'RUNNING', updated_at = ? WHERE id = ? AND state = 'PENDING'", jobRows);
        List<String> started = new ArrayList<>();
        for (int i = 0; i < jobIds.size(); i++) {
            if (running[i] != 0) started.add(jobIds.get(i));
        }
        return started;
    }

    /** Writes the round's grants as batches; a task another transaction changed meanwhile is dropped from the grants. */
    private void write(Connection c, List<Grant> grants, long leaseTimeoutMs, long now) throws SQLException {
        if (grants.isEmpty()) return;
        List<Grant> made = database.dialect() == Dialect.POSTGRES ? leaseTasksAtOnce(c, grants, now) : leaseTasksInBatch(c, grants, now);
        long expiresAt = now + leaseTimeoutMs;
        List<Object[]> attempts = new ArrayList<>(made.size());
        List<Object[]> events = new ArrayList<>(made.size());
        Set<String> jobs = new LinkedHashSet<>();
        for (Grant grant : made) {
            ReadyQueue.Candidate task = grant.candidate();
            String nodeId = grant.seat().node.id();
            attempts.add(new Object[] {grant.attemptId(), task.taskId(), nodeId, expiresAt, now});
            events.add(new Object[] {task.jobId(), task.taskId(), "task", TaskState.LEASED.name(),
                "attempt " + grant.attemptId() + " on node " + nodeId, now});
            jobs.add(task.jobId());
        }
        Jdbc.batch(c, "INSERT INTO attempts (id, task_id, node_id, state, lease_expires_at, created_at) VALUES (?, ?, ?, 'LEASED', ?, ?)",
                attempts);
        Jdbc.batch(c, Transitions.EVENT_INSERT, events);
        List<String> jobIds = jobs.stream().sorted().toList();
        List<Object[]> jobEvents = new ArrayList<>();
        for (String jobId : startJobs(c, jobIds, now)) jobEvents.add(new Object[] {jobId, null, "job", "RUNNING", null, now});
        Jdbc.batch(c, Transitions.EVENT_INSERT, jobEvents);
        for (Grant grant : made) {
            ReadyQueue.Candidate task = grant.candidate();
            verifier.leased(c, task.taskId(), task.jobId(), task.verification(), task.replicasMade(), grant.seat().trust, now);
            grant.seat().granted.add(new LeasedTask(task.taskId(), grant.attemptId(), task.jobId(), task.runtime(), task.specJson(),
                    expiresAt, task.jobCreatedAt(), task.tries()));
        }
    }
}

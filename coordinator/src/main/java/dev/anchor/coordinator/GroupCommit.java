package dev.anchor.coordinator;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit (docs/scheduling.md, "Dispatch"): requests that arrive together are written in one store
 * transaction, up to {@code maxBatch} at a time, by a few writer threads ({@value #WRITERS}), rather than
 * each taking a pooled connection and a commit of its own. Under light load the writers commit single
 * requests side by side, as the requests' own threads did; under a burst each takes a group. The coordinator uses one for the agents' reports (a fleet given a
 * burst of work reports all at once; a thousand report transactions queued for sixteen connections and
 * some timed out) and one for submissions.
 *
 * <p>Each request still gets its own answer. When a group fails as a whole because one request breaks a
 * constraint, its requests are applied again one by one, so a failure is only its own request's; when
 * the database cannot be reached, every request of the group hears it at once. Thread-safe.
 *
 * @param <I> a request
 * @param <O> its answer
 */
final class GroupCommit<I, O> implements AutoCloseable {
    /** Writer threads: enough to overlap commits, few enough to leave the pool to the rest. */
    static final int WRITERS = 2;
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    private record Pending<I, O>(I request, CompletableFuture<O> answer) {}

    private final String name;
    private final int maxBatch;
    private final Function<List<I>, List<O>> group;
    private final Function<I, O> alone;
    private final LinkedBlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean closed;

    /**
     * {@code group} applies several requests in one transaction and answers in their order; {@code alone}
     * applies one in its own.
     */
    GroupCommit(String name, int maxBatch, Function<List<I>, List<O>> group, Function<I, O> alone) {
        this.name = requireNonNull(name, "name is null");
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be at least 1");
        this.maxBatch = maxBatch;
        this.group = requireNonNull(group, "group is null");
        this.alone = requireNonNull(alone, "alone is null");
        for (int i = 0; i < WRITERS; i++) writers.add(Thread.ofPlatform().daemon().name("anchor-" + name + "-" + i).start(this::loop));
    }

    /** Applies the request with whatever else is waiting; blocks until it is committed (or failed). */
    O apply(I request) throws InterruptedException {
        if (closed) return alone.apply(request);
        Pending<I, O> pending = new Pending<>(request, new CompletableFuture<>());
        queue.add(pending);
        try {
            while (true) {
                try {
                    return pending.answer().get(1, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    // Closed while this request was queued: if the thread never took it, apply it here.
                    if (closed && queue.remove(pending)) return alone.apply(request);
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) throw runtime;
            if (e.getCause() instanceof Error error) throw error;
            throw new IllegalStateException(e.getCause());
        }
    }

    private void loop() {
        List<Pending<I, O>> batch = new ArrayList<>(maxBatch);
        while (!closed) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(batch, maxBatch - 1);
            apply(batch);
            batch.clear();
        }
        List<Pending<I, O>> rest = new ArrayList<>();
        queue.drainTo(rest);
        rest.forEach(this::applyAlone);
    }

    private void apply(List<Pending<I, O>> batch) {
        if (batch.size() == 1) {
            applyAlone(batch.getFirst());
            return;
        }
        try {
            List<O> answers = group.apply(batch.stream().map(Pending::request).toList());
            for (int i = 0; i < batch.size(); i++) batch.get(i).answer().complete(answers.get(i));
        } catch (RuntimeException e) {
            if (storeDown(e)) {
                // Each request alone would wait for a connection again: they all hear the outage at once (503).
                batch.forEach(p -> p.answer().completeExceptionally(e));
                return;
            }
            LOG.debug("a group of {} {} failed as a whole ({}); applying them one by one", batch.size(), name, e.getMessage());
            batch.forEach(this::applyAlone);
        }
    }

    /** Whether a failure says the database cannot be reached (no connection, or the server going away), rather than a bad request. */
    static boolean storeDown(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException) return true;
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    private void applyAlone(Pending<I, O> pending) {
        try {
            pending.answer().complete(alone.apply(pending.request()));
        } catch (RuntimeException | Error e) {
            pending.answer().completeExceptionally(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        writers.forEach(Thread::interrupt);
    }
}

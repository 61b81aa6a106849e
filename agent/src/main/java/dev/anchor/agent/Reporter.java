package dev.anchor.agent;

import static java.util.Objects.requireNonNull;

import dev.anchor.api.AnchorException;
import dev.anchor.api.ErrorCode;
import dev.anchor.api.agent.AttemptUpdate;
import dev.anchor.api.agent.UpdateBatch;
import dev.anchor.api.agent.UpdateResults;
import dev.anchor.client.NodeClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships attempt reports to the coordinator in order. One sender thread takes whatever has queued,
 * merges neighbouring log reports of one attempt, and sends it as one batch (one transaction on the
 * coordinator), so throughput grows with load while an idle agent reports at once. A batch that
 * cannot be delivered is retried, in order, until it is: the coordinator treats a repeated FINISHED
 * as already recorded.
 */
final class Reporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Reporter.class);
    private static final int MAX_BATCH = 512;

    private final NodeClient client;
    private final LinkedBlockingQueue<AttemptUpdate> queue = new LinkedBlockingQueue<>();
    private final Thread sender;
    private volatile boolean closed;
    /** The batch being delivered now, for {@link #undelivered()}. */
    private volatile List<AttemptUpdate> inFlight = List.of();

    Reporter(NodeClient client, String name) {
        this.client = requireNonNull(client, "client is null");
        this.sender = Thread.ofPlatform().daemon().name(name + "-reporter").unstarted(this::run);
    }

    void start() {
        sender.start();
    }

    void send(AttemptUpdate update) {
        queue.add(update);
    }

    private void run() {
        List<AttemptUpdate> batch = new ArrayList<>();
        long backoffMs = 100;
        while (!closed) {
            try {
                if (batch.isEmpty()) {
                    AttemptUpdate first = queue.poll(1, TimeUnit.SECONDS);
                    if (first == null) continue;
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                    batch = merge(batch);
                }
                inFlight = batch;
                UpdateResults results = client.report(new UpdateBatch(batch));
                for (UpdateResults.Result result : results.results()) {
                    if (!result.accepted()) LOG.info("coordinator refused report for {}: {}", result.attemptId(), result.reason());
                }
                batch = new ArrayList<>();
                inFlight = List.of();
                backoffMs = 100;
            } catch (InterruptedException e) {
                return;
            } catch (AnchorException e) {
                if (e.code() == ErrorCode.UNAVAILABLE || e.code() == ErrorCode.INTERNAL) {
                    LOG.warn("cannot deliver {} report(s), retrying in {} ms: {}", batch.size(), backoffMs, e.getMessage());
                    if (!pause(backoffMs)) return;
                    backoffMs = Math.min(5_000, backoffMs * 2);
                } else {
                    LOG.error("coordinator rejected a report batch ({}); dropping it: {}", e.code(), e.getMessage());
                    batch = new ArrayList<>();
                    inFlight = List.of();
                }
            }
        }
    }

    /**
     * The attempts with a report not yet delivered (queued, or in the batch on its way). The heartbeat
     * lists them with the running ones: the coordinator extends only the leases a node says it holds.
     */
    java.util.Set<String> undelivered() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (AttemptUpdate update : inFlight) ids.add(update.attemptId());
        for (AttemptUpdate update : queue) ids.add(update.attemptId());
        return ids;
    }

    /** Joins runs of LOGS reports for the same attempt, keeping order. */
    private static List<AttemptUpdate> merge(List<AttemptUpdate> updates) {
        List<AttemptUpdate> merged = new ArrayList<>(updates.size());
        for (AttemptUpdate update : updates) {
            int last = merged.size() - 1;
            if (last >= 0 && "LOGS".equals(update.type()) && "LOGS".equals(merged.get(last).type())
                    && merged.get(last).attemptId().equals(update.attemptId())) {
                List<AttemptUpdate.LogEntry> lines = new ArrayList<>(merged.get(last).logs());
                lines.addAll(update.logs());
                merged.set(last, AttemptUpdate.logs(update.attemptId(), lines));
            } else {
                merged.add(update);
            }
        }
        return merged;
    }

    private boolean pause(long ms) {
        try {
            Thread.sleep(ms); // Backoff between delivery attempts, not synchronisation.
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        sender.interrupt();
    }
}

package dev.anchor.bench.fleet;

import static java.util.Objects.requireNonNull;

import dev.anchor.api.agent.Lease;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Many fake nodes in one JVM speaking the real agent protocol to one or more coordinators over
 * loopback. Each node has its own Ed25519 identity, registers with the join token, long-polls leases,
 * heartbeats, and answers each lease at once with STARTED and FINISHED (SUCCEEDED, output
 * {@value SimulatedNode#OUTPUT}) without running anything; or, while {@link #keepTasksRunning} selects a lease,
 * with STARTED only, holding the slot until {@link #finishRunning}. Nodes are spread over the coordinators
 * round-robin. Costs two virtual threads and about two loopback connections per node, with one shared
 * HTTP client: 1,000 nodes fit in one process. Thread-safe; close it to stop every node.
 */
public final class SimulatedFleet implements AutoCloseable {
    private static final int REGISTERING_AT_ONCE = 32;

    /** Told about every lease a node receives, on the node's thread, as it sends STARTED. */
    @FunctionalInterface
    public interface Listener {
        void started(Lease lease, long nanoTime);

        Listener NONE = (lease, nanoTime) -> {};
    }

    /**
     * What to simulate.
     *
     * @param coordinatorUrls the coordinators; node i talks to {@code coordinatorUrls[i % size]}
     * @param joinToken       the join token they accept
     * @param nodes           how many nodes
     * @param slots           leases each node asks for at once
     * @param runtimes        the runtimes each node advertises (it runs none of them)
     */
    public record Settings(List<String> coordinatorUrls, String joinToken, int nodes, int slots, List<String> runtimes) {
        public Settings {
            coordinatorUrls = List.copyOf(requireNonNull(coordinatorUrls, "coordinatorUrls is null"));
            if (coordinatorUrls.isEmpty()) throw new IllegalArgumentException("coordinatorUrls must name at least one coordinator");
            requireNonNull(joinToken, "joinToken is null");
            if (nodes < 1) throw new IllegalArgumentException("nodes must be at least 1");
            if (slots < 1 || slots > 1024) throw new IllegalArgumentException("slots must be between 1 and 1024");
            runtimes = List.copyOf(requireNonNull(runtimes, "runtimes is null"));
        }
    }

    private final FleetHttp http;
    private final List<SimulatedNode> nodes;
    private final FleetCounters counters;

    private SimulatedFleet(FleetHttp http, List<SimulatedNode> nodes, FleetCounters counters) {
        this.http = http;
        this.nodes = nodes;
        this.counters = counters;
    }

    /** Starts every node and answers once all have registered; fails if they have not within {@code timeout}. */
    public static SimulatedFleet start(Settings settings, Listener listener, Duration timeout) {
        SimulatedFleet fleet = startHeld(settings, listener, timeout);
        fleet.release();
        return fleet;
    }

    /**
     * As {@link #start}, but the registered nodes do not poll for leases (they heartbeat) until
     * {@link #release()}: a benchmark can queue a backlog first and then time how fast the fleet drains it.
     */
    public static SimulatedFleet startHeld(Settings settings, Listener listener, Duration timeout) {
        FleetHttp http = new FleetHttp();
        FleetCounters counters = new FleetCounters();
        List<SimulatedNode> nodes = new ArrayList<>(settings.nodes());
        for (int i = 0; i < settings.nodes(); i++) {
            String url = settings.coordinatorUrls().get(i % settings.coordinatorUrls().size());
            nodes.add(new SimulatedNode(i, URI.create(url.endsWith("/") ? url : url + "/"), http, settings.joinToken(), settings.slots(),
                    settings.runtimes(), listener, counters));
        }
        SimulatedFleet fleet = new SimulatedFleet(http, List.copyOf(nodes), counters);
        try {
            fleet.registerAll(timeout);
            return fleet;
        } catch (RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    /** Registration is the costly step (a signature check and a commit each): a few at a time. */
    private void registerAll(Duration timeout) {
        Semaphore permits = new Semaphore(REGISTERING_AT_ONCE);
        ExecutorService starter = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<?>> started = new ArrayList<>();
            for (SimulatedNode node : nodes) {
                started.add(starter.submit(() -> {
                    permits.acquire();
                    try {
                        node.start();
                    } finally {
                        permits.release();
                    }
                    return null;
                }));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Future<?> future : started) {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("the fleet's " + nodes.size() + " nodes did not all register within " + timeout, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a simulated node could not register: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the fleet registered", e);
        } finally {
            // Not close(): after a failure, nodes still retrying would keep it waiting; the caller stops them.
            starter.shutdownNow();
        }
    }

    /** Lets every node (start or go on) polling for leases. */
    public void release() {
        counters.release();
    }

    /**
     * Stops the fleet polling: no node starts another poll, and this waits until each poll under way
     * has returned (with leases, or at the end of its wait) and its leases are reported. The fleet
     * still heartbeats. {@link #release()} lets it poll again.
     */
    public void hold(Duration timeout) throws InterruptedException {
        stopPolling();
        if (!awaitIdle(timeout)) throw new IllegalStateException("the fleet's polls did not all return within " + timeout);
    }

    /** As {@link #hold} without the wait: no node starts another poll; polls under way go on. */
    public void stopPolling() {
        counters.close();
    }

    /** Nodes inside a poll (from asking to having reported what it brought). */
    public int polling() {
        return counters.polling();
    }

    /** Waits until no node is inside a poll; answers false if one still is after {@code timeout}. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return counters.awaitIdle(timeout.toMillis());
    }

    /**
     * Which leases nodes keep running (report STARTED only, and hold the slot) until {@link #finishRunning},
     * as long-running work would; the others (by default, all) they finish at once.
     */
    public void keepTasksRunning(java.util.function.Predicate<Lease> which) {
        counters.keepRunning = requireNonNull(which, "which is null");
    }

    /** Has every node report the tasks it keeps running FINISHED, and waits until all are reported. */
    public void finishRunning(Duration timeout) throws InterruptedException {
        try (ExecutorService finishing = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (SimulatedNode node : nodes) {
                done.add(finishing.submit(() -> {
                    node.finishRunning();
                    return null;
                }));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Future<?> future : done) future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a simulated node could not finish its tasks: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the fleet did not finish its running tasks within " + timeout, e);
        }
    }

    public int size() {
        return nodes.size();
    }

    /** The node ids, in node order. */
    public List<String> nodeIds() {
        return nodes.stream().map(SimulatedNode::nodeId).toList();
    }

    /** Leases received so far. */
    public long leased() {
        return counters.leased.sum();
    }

    /** Leases whose FINISHED report the coordinator answered. */
    public long reported() {
        return counters.reported.sum();
    }

    /** Reports the coordinator answered but did not accept (a lease it had already taken back). */
    public long refused() {
        return counters.refused.sum();
    }

    public long heartbeats() {
        return counters.heartbeats.sum();
    }

    /** Calls that failed and were retried (connection errors, 5xx). */
    public long errors() {
        return counters.errors.sum();
    }

    /** The first refused report or failed call, or null when there was none. */
    public String firstProblem() {
        return counters.firstProblem.get();
    }

    @Override
    public void close() {
        nodes.forEach(SimulatedNode::stop);
        http.close();
    }
}

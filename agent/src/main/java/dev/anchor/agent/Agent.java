package dev.anchor.agent;

import static java.util.Objects.requireNonNull;

import dev.anchor.api.AnchorException;
import dev.anchor.api.ErrorCode;
import dev.anchor.api.agent.HeartbeatRequest;
import dev.anchor.api.agent.HeartbeatResponse;
import dev.anchor.api.agent.Lease;
import dev.anchor.api.agent.RegisterRequest;
import dev.anchor.api.agent.RegisterResponse;
import dev.anchor.api.agent.Telemetry;
import dev.anchor.agent.telemetry.NvidiaSmi;
import dev.anchor.agent.telemetry.TelemetryCollector;
import dev.anchor.agent.worker.WorkerPool;
import dev.anchor.agent.worker.WorkerRuntime;
import dev.anchor.client.NodeClient;
import dev.anchor.spi.Runtime;
import dev.anchor.spi.RuntimeProvider;
import dev.anchor.spi.RuntimeSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node: registers its identity, long-polls for as many leases as it has free slots, runs them
 * concurrently, heartbeats to keep them, and stops attempts the coordinator says are no longer its.
 * Survives the coordinator going away: every loop retries with backoff.
 */
public final class Agent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    private static final long LEASE_WAIT_MS = 20_000;
    private static final java.time.Duration GPU_REFRESH = java.time.Duration.ofSeconds(30);

    private final AgentConfig config;
    private final NodeIdentity identity;
    private final NodeClient client;
    private final Map<String, Runtime> runtimes;
    private final WorkerPool workerPool;
    private final Reporter reporter;
    private final TelemetryCollector telemetry;
    private final AttemptRunner runner;
    private final ExecutorService slots;
    private final java.util.concurrent.ScheduledExecutorService timer;
    private final Semaphore free;
    private final Map<String, Future<?>> running = new ConcurrentHashMap<>();
    private final Thread leaseLoop;
    private final Thread heartbeatLoop;
    private volatile long heartbeatIntervalMs = 5_000;
    private volatile boolean closed;

    private Agent(AgentConfig config) {
        this.config = requireNonNull(config, "config is null");
        this.identity = NodeIdentity.loadOrCreate(config.dataDirectory());
        this.client = new NodeClient(config.coordinatorUrls());
        this.workerPool = config.sandboxWorkersEnabled()
                ? WorkerPool.start(WorkerPool.Settings.forThisJvm(config.workers() > 0 ? config.workers() : config.slots(),
                        config.runtimeOptions()))
                : null;
        this.runtimes = discoverRuntimes(config, workerPool);
        this.telemetry = TelemetryCollector.start(config.dataDirectory(), NvidiaSmi.onPath(), GPU_REFRESH);
        String name = "agent-" + identity.nodeId().substring(0, 8);
        this.reporter = new Reporter(client, name);
        this.timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(name + "-timer").daemon().factory());
        this.runner = new AttemptRunner(runtimes, new BlobCache(client), client, reporter, Journal.open(config.journal()), timer,
                identity.receiptSigner(java.time.Clock.systemUTC()));
        this.slots = Executors.newFixedThreadPool(config.slots(), Thread.ofPlatform().name(name + "-slot-", 0).daemon().factory());
        this.free = new Semaphore(config.slots());
        this.leaseLoop = Thread.ofPlatform().name(name + "-leases").daemon().unstarted(this::leaseLoop);
        this.heartbeatLoop = Thread.ofPlatform().name(name + "-heartbeat").daemon().unstarted(this::heartbeatLoop);
    }

    /** Starts an agent: registers (waiting for the coordinator if needed), then serves until closed. */
    public static Agent start(AgentConfig config) {
        Agent agent = new Agent(config);
        agent.registerUntilAccepted();
        agent.reporter.start();
        agent.leaseLoop.start();
        agent.heartbeatLoop.start();
        return agent;
    }

    public String nodeId() {
        return identity.nodeId();
    }

    public List<String> runtimes() {
        return List.copyOf(runtimes.keySet());
    }

    /** With a worker pool, the JVM runtimes it serves are proxies and are never made in this JVM. */
    private static Map<String, Runtime> discoverRuntimes(AgentConfig config, WorkerPool workerPool) {
        Map<String, Runtime> found = new LinkedHashMap<>();
        for (RuntimeProvider provider : ServiceLoader.load(RuntimeProvider.class)) {
            Optional<String> unavailable = provider.unavailableReason();
            if (unavailable.isPresent()) {
                LOG.info("runtime {} is not available on this node: {}", provider.name(), unavailable.get());
                continue;
            }
            if (workerPool != null && workerPool.serves(provider.name())) {
                found.put(provider.name(), new WorkerRuntime(provider.name(), workerPool));
                continue;
            }
            found.put(provider.name(), provider.create(new RuntimeSettings(config.dataDirectory().resolve("runtimes").resolve(provider.name()),
                    config.runtimeOptions())));
        }
        return found;
    }

    private void registerUntilAccepted() {
        long backoff = 100;
        while (true) {
            try {
                register();
                return;
            } catch (AnchorException e) {
                if (e.code() != ErrorCode.UNAVAILABLE) throw e;
                LOG.warn("coordinator not reachable yet ({}); retrying in {} ms", e.getMessage(), backoff);
                if (!pause(backoff)) throw e;
                backoff = Math.min(5_000, backoff * 2);
            }
        }
    }

    private void register() {
        long now = System.currentTimeMillis();
        String publicKey = identity.publicKeyBase64();
        RegisterResponse response = client.register(new RegisterRequest(config.joinToken(), publicKey,
                config.name(), new ArrayList<>(runtimes.keySet()), telemetry.cpuCores(),
                config.memoryMb() != null ? config.memoryMb() : telemetry.memoryTotalMb(), config.slots(), now,
                identity.signBase64(RegisterRequest.signedBytes(publicKey, now)), telemetry.gpus().size(), config.labels()));
        heartbeatIntervalMs = response.heartbeatIntervalMs();
        LOG.info("registered node {} at {} with runtimes {} and {} slots", response.nodeId(), client.currentUrl(), runtimes.keySet(),
                config.slots());
    }

    private void leaseLoop() {
        long backoff = 100;
        while (!closed) {
            try {
                free.acquire();
                int wanted = 1 + free.drainPermits();
                List<Lease> leases;
                try {
                    leases = client.lease(wanted, LEASE_WAIT_MS).leases();
                } catch (RuntimeException e) {
                    free.release(wanted);
                    throw e;
                }
                free.release(wanted - leases.size());
                for (Lease lease : leases) {
                    // Registered before it can start, so its own removal can never come first.
                    FutureTask<Void> task = new FutureTask<>(() -> runOne(lease), null);
                    running.put(lease.attemptId(), task);
                    slots.execute(task);
                }
                backoff = 100;
            } catch (InterruptedException e) {
                return;
            } catch (AnchorException e) {
                if (closed) return;
                if (e.code() == ErrorCode.UNAUTHENTICATED) {
                    LOG.warn("the coordinator no longer knows this node's token; registering again");
                    safely(this::register);
                } else {
                    LOG.warn("lease poll failed ({}); retrying in {} ms", e.getMessage(), backoff);
                }
                if (!pause(backoff)) return;
                backoff = Math.min(5_000, backoff * 2);
            }
        }
    }

    private void runOne(Lease lease) {
        try {
            runner.run(lease);
        } finally {
            running.remove(lease.attemptId());
            free.release();
        }
    }

    private void heartbeatLoop() {
        while (!closed) {
            if (!pause(heartbeatIntervalMs)) return;
            try {
                // Every attempt this node holds: running, or finished with its report not yet delivered.
                java.util.Set<String> held = new java.util.LinkedHashSet<>(running.keySet());
                held.addAll(reporter.undelivered());
                HeartbeatResponse response = client.heartbeat(new HeartbeatRequest(telemetry(), new ArrayList<>(held)));
                for (String attemptId : response.stop()) {
                    Future<?> future = running.get(attemptId);
                    if (future != null) {
                        LOG.info("stopping attempt {}: the coordinator says it is no longer ours", attemptId);
                        future.cancel(true);
                    }
                }
            } catch (AnchorException e) {
                LOG.warn("heartbeat failed: {}", e.getMessage());
            }
        }
    }

    private Telemetry telemetry() {
        int busy = running.size();
        return telemetry.collect(busy, Math.max(0, config.slots() - busy));
    }

    private static void safely(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("{}", e.getMessage());
        }
    }

    private static boolean pause(long ms) {
        try {
            Thread.sleep(ms); // Pacing of a periodic loop, not synchronisation.
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        leaseLoop.interrupt();
        heartbeatLoop.interrupt();
        slots.shutdownNow();
        timer.shutdownNow();
        reporter.close();
        runtimes.values().forEach(Runtime::close);
        if (workerPool != null) workerPool.close();
    }
}

package dev.anchor.bench.fleet;

import static java.util.Objects.requireNonNull;

import dev.anchor.api.DataRef;
import dev.anchor.api.agent.AttemptUpdate;
import dev.anchor.api.agent.GpuInfo;
import dev.anchor.api.agent.HeartbeatRequest;
import dev.anchor.api.agent.HeartbeatResponse;
import dev.anchor.api.agent.Lease;
import dev.anchor.api.agent.LeaseRequest;
import dev.anchor.api.agent.LeaseResponse;
import dev.anchor.api.agent.RegisterRequest;
import dev.anchor.api.agent.RegisterResponse;
import dev.anchor.api.agent.Telemetry;
import dev.anchor.api.agent.UpdateBatch;
import dev.anchor.api.agent.UpdateResults;
import dev.anchor.receipt.OutputDigest;
import dev.anchor.receipt.PayloadHash;
import dev.anchor.receipt.ReceiptSigner;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * One fake node: its own Ed25519 identity, registered with the real join token; a lease loop that
 * answers every lease at once with STARTED and FINISHED (SUCCEEDED, a fixed tiny output, and the
 * signed receipt a real agent sends) in one report; a heartbeat loop with made-up telemetry (every tenth node claims one GPU). Runs on two
 * virtual threads until stopped; every call is retried with backoff, as a real agent does.
 */
final class SimulatedNode {
    static final String OUTPUT = "ok";
    private static final long LEASE_WAIT_MS = 20_000;
    private static final Duration CALL = Duration.ofSeconds(30);
    private static final GpuInfo FAKE_GPU = new GpuInfo(0, null, "Simulated GPU", 16_384L, 0L, 0, 30, 20.0, 250.0);

    private final int number;
    private final URI base;
    private final FleetHttp http;
    private final String joinToken;
    private final int slots;
    private final List<String> runtimes;
    private final SimulatedFleet.Listener listener;
    private final FleetCounters counters;
    private static final byte[] OUTPUT_BYTES = OUTPUT.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final OutputDigest.Result OUTPUT_DIGEST = OutputDigest.of(OUTPUT_BYTES);
    private final Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
    private final ReceiptSigner signer = new ReceiptSigner(key, java.time.Clock.systemUTC());
    private volatile String token;
    private volatile String nodeId;
    private volatile long heartbeatIntervalMs = 5_000;
    private volatile boolean stopped;
    /** Leases this node runs (reported STARTED, not yet FINISHED) while the fleet keeps tasks running; guarded by this. */
    private final List<Lease> running = new ArrayList<>();
    /** Held while a report is sent: a node's reports reach the coordinator in order, as a real agent's reporter sends them. */
    private final Object reporting = new Object();
    private Thread leaseThread;
    private Thread heartbeatThread;

    SimulatedNode(int number, URI base, FleetHttp http, String joinToken, int slots, List<String> runtimes,
                  SimulatedFleet.Listener listener, FleetCounters counters) {
        this.number = number;
        this.base = requireNonNull(base, "base is null");
        this.http = requireNonNull(http, "http is null");
        this.joinToken = requireNonNull(joinToken, "joinToken is null");
        this.slots = slots;
        this.runtimes = List.copyOf(runtimes);
        this.listener = requireNonNull(listener, "listener is null");
        this.counters = requireNonNull(counters, "counters is null");
    }

    String nodeId() {
        return nodeId;
    }

    /** Registers (retrying while the coordinator is unreachable), then starts the loops. */
    void start() throws InterruptedException {
        registerUntilAccepted();
        if (stopped) return;
        leaseThread = Thread.ofVirtual().name("sim-node-" + number + "-leases").start(this::leaseLoop);
        heartbeatThread = Thread.ofVirtual().name("sim-node-" + number + "-heartbeat").start(this::heartbeatLoop);
    }

    private void registerUntilAccepted() throws InterruptedException {
        long backoff = 50;
        while (!stopped) {
            try {
                register();
                return;
            } catch (IOException | FleetHttp.CallFailed e) {
                if (e instanceof FleetHttp.CallFailed failed && failed.status() / 100 == 4) throw failed;
                counters.errors.increment();
                Thread.sleep(backoff); // Retry pacing, not synchronisation.
                backoff = Math.min(2_000, backoff * 2);
            }
        }
    }

    private void register() throws IOException, InterruptedException {
        String publicKey = Base64.getEncoder().encodeToString(key.generatePublicKey().getEncoded());
        long now = System.currentTimeMillis();
        byte[] message = RegisterRequest.signedBytes(publicKey, now);
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(message, 0, message.length);
        RegisterRequest request = new RegisterRequest(joinToken, publicKey, "sim-" + number, runtimes, 4, 8_192, slots, now,
                Base64.getEncoder().encodeToString(signer.generateSignature()), hasGpu() ? 1 : 0, Map.of("fleet", "simulated"));
        RegisterResponse response = http.post(base.resolve("api/v1/agent/register"), null, request, RegisterResponse.class, CALL);
        token = response.nodeToken();
        nodeId = response.nodeId();
        heartbeatIntervalMs = response.heartbeatIntervalMs();
    }

    private boolean hasGpu() {
        return number % 10 == 9;
    }

    private void leaseLoop() {
        long backoff = 50;
        while (!stopped) {
            int free;
            try {
                free = awaitFreeSlot();
                if (!counters.mayPoll()) continue;
            } catch (InterruptedException e) {
                return;
            }
            try {
                LeaseResponse response = http.post(base.resolve("api/v1/agent/leases"), token, new LeaseRequest(free, LEASE_WAIT_MS),
                        LeaseResponse.class, CALL.plusMillis(LEASE_WAIT_MS));
                if (!response.leases().isEmpty()) answer(response.leases());
                backoff = 50;
            } catch (InterruptedException e) {
                return;
            } catch (IOException | FleetHttp.CallFailed e) {
                if (stopped) return;
                counters.errors.increment();
                counters.problem("lease poll failed: " + e);
                if (e instanceof FleetHttp.CallFailed failed && failed.status() == 401 && !reregister()) return;
                if (!pause(backoff)) return;
                backoff = Math.min(2_000, backoff * 2);
            } finally {
                counters.polled();
            }
        }
    }

    /** Waits while every slot runs a task (only when the fleet keeps tasks running); answers the free slots. */
    private synchronized int awaitFreeSlot() throws InterruptedException {
        while (running.size() >= slots) wait();
        return slots - running.size();
    }

    /**
     * Reports every lease STARTED then FINISHED in one batch; a lease the fleet keeps running, STARTED
     * only, keeping it until {@link #finishRunning()}.
     */
    private void answer(List<Lease> leases) throws InterruptedException {
        var keep = counters.keepRunning;
        List<AttemptUpdate> updates = new ArrayList<>(leases.size() * 2);
        List<Lease> kept = new ArrayList<>();
        for (Lease lease : leases) {
            listener.started(lease, System.nanoTime());
            counters.leased.increment();
            updates.add(AttemptUpdate.started(lease.attemptId()));
            if (keep.test(lease)) kept.add(lease);
            else updates.add(finished(lease));
        }
        synchronized (reporting) {
            if (!kept.isEmpty()) {
                synchronized (this) {
                    running.addAll(kept);
                }
            }
            send(updates, leases.size() - kept.size());
        }
    }

    private AttemptUpdate finished(Lease lease) {
        return AttemptUpdate.finished(lease.attemptId(), "SUCCEEDED", null, DataRef.ofText(OUTPUT), null).withReceipt(
                signer.sign(lease.taskId(), lease.attemptId(), PayloadHash.moduleHash(lease.spec()),
                        PayloadHash.inputHash(lease.spec().input()), "SUCCEEDED", OUTPUT_DIGEST, 0, 0));
    }

    /** Reports every task this node keeps running FINISHED (SUCCEEDED, with its receipt) and frees the slots. */
    void finishRunning() throws InterruptedException {
        synchronized (reporting) {
            List<Lease> done;
            synchronized (this) {
                done = List.copyOf(running);
            }
            if (done.isEmpty()) return;
            List<AttemptUpdate> updates = new ArrayList<>(done.size());
            for (Lease lease : done) updates.add(finished(lease));
            send(updates, done.size());
            synchronized (this) {
                running.removeAll(done);
                notifyAll();
            }
        }
    }

    /** Sends one batch of updates, retrying until the coordinator has it; {@code finished} of them end a task. */
    private void send(List<AttemptUpdate> updates, int finished) throws InterruptedException {
        long backoff = 50;
        for (int tries = 1; !stopped; tries++) {
            try {
                UpdateResults results = http.post(base.resolve("api/v1/agent/updates"), token, new UpdateBatch(updates), UpdateResults.class, CALL);
                for (UpdateResults.Result result : results.results()) {
                    if (!result.accepted()) {
                        counters.refused.increment();
                        counters.problem("report of " + result.attemptId() + " refused: " + result.reason());
                    }
                }
                counters.reported.add(finished);
                return;
            } catch (IOException | FleetHttp.CallFailed e) {
                counters.errors.increment();
                counters.problem("report failed: " + e);
                if (e instanceof FleetHttp.CallFailed failed && failed.status() / 100 == 4) return; // The coordinator will not take it.
                if (tries >= 10 || !pause(backoff)) return;
                backoff = Math.min(2_000, backoff * 2);
            }
        }
    }

    private boolean reregister() {
        try {
            registerUntilAccepted();
            return true;
        } catch (InterruptedException e) {
            return false;
        } catch (RuntimeException e) {
            return !stopped;
        }
    }

    private void heartbeatLoop() {
        while (!stopped) {
            if (!pause(heartbeatIntervalMs)) return;
            Telemetry telemetry = new Telemetry(0.1, 6_000, 0, slots, 4, 8_192L, 100_000L, 50_000L,
                    hasGpu() ? List.of(FAKE_GPU) : List.of());
            try {
                http.post(base.resolve("api/v1/agent/heartbeat"), token, new HeartbeatRequest(telemetry, List.of()), HeartbeatResponse.class, CALL);
                counters.heartbeats.increment();
            } catch (InterruptedException e) {
                return;
            } catch (IOException | FleetHttp.CallFailed e) {
                if (!stopped) {
                    counters.errors.increment();
                    counters.problem("heartbeat failed: " + e);
                }
            }
        }
    }

    private static boolean pause(long ms) {
        try {
            Thread.sleep(ms); // Pacing of a periodic loop, not synchronisation.
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    void stop() {
        stopped = true;
        if (leaseThread != null) leaseThread.interrupt();
        if (heartbeatThread != null) heartbeatThread.interrupt();
    }
}

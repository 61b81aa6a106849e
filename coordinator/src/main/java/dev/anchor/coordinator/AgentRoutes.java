package dev.anchor.coordinator;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.anchor.api.AnchorException;
import dev.anchor.api.DataRef;
import dev.anchor.api.ErrorCode;
import dev.anchor.api.Json;
import dev.anchor.api.Receipt;
import dev.anchor.api.TaskSpec;
import dev.anchor.api.TaskState;
import dev.anchor.api.agent.AttemptUpdate;
import dev.anchor.api.agent.HeartbeatRequest;
import dev.anchor.api.agent.HeartbeatResponse;
import dev.anchor.api.agent.Lease;
import dev.anchor.api.agent.LeaseRequest;
import dev.anchor.api.agent.LeaseResponse;
import dev.anchor.api.agent.NodeIds;
import dev.anchor.api.agent.RegisterRequest;
import dev.anchor.api.agent.RegisterResponse;
import dev.anchor.api.agent.UpdateBatch;
import dev.anchor.api.agent.UpdateResults;
import dev.anchor.receipt.MerkleTree;
import dev.anchor.receipt.OutputDigest;
import dev.anchor.receipt.ReceiptVerifier;
import dev.anchor.store.AttemptReport;
import dev.anchor.store.BlobStore;
import dev.anchor.store.Hashes;
import dev.anchor.store.Ids;
import dev.anchor.store.LeaseStore;
import dev.anchor.store.LeasedTask;
import dev.anchor.store.Ledger;
import dev.anchor.store.NodeStore;
import dev.anchor.store.TrustStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** The agent protocol's server side: register, long-poll leases, heartbeat, report. */
final class AgentRoutes {
    private static final long CLOCK_SKEW_MS = 5 * 60_000;
    private static final long MAX_WAIT_MS = 30_000;
    private static final int MAX_LOG_LINE = 16 * 1024;

    private final NodeStore nodes;
    private final LeaseStore leases;
    private final BlobStore blobs;
    private final Authenticator auth;
    private final JsonBodies bodies;
    private final Signal ready;
    private final Dispatcher dispatcher;
    private final GroupCommit<LeaseStore.NodeReports, LeaseStore.ReportOutcome> reportCommits;
    private final GroupCommit<NodeStore.Heartbeat, LeaseStore.Extension> heartbeatCommits;
    private final JobSignals jobSignals;
    private final JoinToken joinToken;
    private final TrustStore trust;
    private final CoordinatorConfig config;
    private final Clock clock;

    AgentRoutes(NodeStore nodes, LeaseStore leases, BlobStore blobs, Authenticator auth, JsonBodies bodies, Signal ready,
                JobSignals jobSignals, JoinToken joinToken, TrustStore trust, CoordinatorConfig config, Dispatcher dispatcher,
                GroupCommit<LeaseStore.NodeReports, LeaseStore.ReportOutcome> reportCommits,
                GroupCommit<NodeStore.Heartbeat, LeaseStore.Extension> heartbeatCommits) {
        this.heartbeatCommits = requireNonNull(heartbeatCommits, "heartbeatCommits is null");
        this.dispatcher = requireNonNull(dispatcher, "dispatcher is null");
        this.reportCommits = requireNonNull(reportCommits, "reportCommits is null");
        this.nodes = requireNonNull(nodes, "nodes is null");
        this.leases = requireNonNull(leases, "leases is null");
        this.blobs = requireNonNull(blobs, "blobs is null");
        this.auth = requireNonNull(auth, "auth is null");
        this.bodies = requireNonNull(bodies, "bodies is null");
        this.ready = requireNonNull(ready, "ready is null");
        this.jobSignals = requireNonNull(jobSignals, "jobSignals is null");
        this.joinToken = requireNonNull(joinToken, "joinToken is null");
        this.trust = requireNonNull(trust, "trust is null");
        this.config = requireNonNull(config, "config is null");
        this.clock = config.clock();
    }

    void register(Javalin app) {
        app.post("/api/v1/agent/register", this::registerNode);
        app.post("/api/v1/agent/leases", this::lease);
        app.post("/api/v1/agent/heartbeat", this::heartbeat);
        app.post("/api/v1/agent/updates", this::updates);
    }

    private void registerNode(Context ctx) {
        RegisterRequest request = bodies.read(ctx, RegisterRequest.class);
        // The coordinator's own token makes nodes without an owner; a user's token makes nodes of that user.
        boolean operatorToken = request.joinToken() != null && joinToken.matches(request.joinToken());
        java.util.Optional<String> owner = operatorToken ? java.util.Optional.empty() : trust.joinTokenOwner(request.joinToken());
        if (!operatorToken && owner.isEmpty()) {
            throw new AnchorException(ErrorCode.UNAUTHENTICATED, "the join token is not valid");
        }
        byte[] publicKey = decodeKey(request.publicKey());
        long now = clock.millis();
        if (Math.abs(now - request.timestamp()) > CLOCK_SKEW_MS) {
            throw AnchorException.invalidField("timestamp", "is more than 5 minutes from the coordinator's clock");
        }
        if (!verify(publicKey, RegisterRequest.signedBytes(request.publicKey(), request.timestamp()), request.signature())) {
            throw new AnchorException(ErrorCode.UNAUTHENTICATED, "the signature does not prove the node holds its key");
        }
        if (request.runtimes() == null || request.slots() < 1 || request.slots() > 1024) {
            throw AnchorException.invalidField("slots", "must be between 1 and 1024, with runtimes listed");
        }
        String nodeId = NodeIds.fingerprint(publicKey);
        String token = Ids.secret("nt_");
        String name = request.name() == null || request.name().isBlank() ? nodeId.substring(0, 12) : request.name();
        nodes.register(new NodeStore.Registration(nodeId, request.publicKey(), name, request.runtimes(), request.cores(),
                request.memoryMb(), request.slots(), request.checkedGpus(), request.checkedLabels()), Hashes.sha256Hex(token), now, leases);
        trust.setOwner(nodeId, owner.orElse(null));
        auth.forgetNodeTokens();
        ready.fire();
        ctx.json(new RegisterResponse(nodeId, token, config.leaseTimeoutMs(), config.heartbeatIntervalMs()));
    }

    private static byte[] decodeKey(String base64) {
        try {
            byte[] key = Base64.getDecoder().decode(base64 == null ? "" : base64);
            if (key.length != 32) throw AnchorException.invalidField("publicKey", "must be a raw 32-byte Ed25519 key in base64");
            return key;
        } catch (IllegalArgumentException e) {
            throw AnchorException.invalidField("publicKey", "is not valid base64");
        }
    }

    private static boolean verify(byte[] publicKey, byte[] message, String signature) {
        try {
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
            verifier.update(message, 0, message.length);
            return signature != null && verifier.verifySignature(Base64.getDecoder().decode(signature));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Long poll: answers as soon as at least one task is leased, or empty after the wait. A poll that
     * asks not to wait is served at once in its own transaction; the others wait in the
     * {@link Dispatcher}, which serves the waiting polls in rounds.
     */
    private void lease(Context ctx) throws InterruptedException {
        String nodeId = auth.node(ctx);
        LeaseRequest request = bodies.read(ctx, LeaseRequest.class);
        if (request.max() < 1 || request.max() > 1024) throw AnchorException.invalidField("max", "must be between 1 and 1024");
        // Polls end at spread-out times (half to all of the wait asked for), so a fleet that started
        // together does not come back together and queue on the store at once.
        long asked = Math.max(0, Math.min(MAX_WAIT_MS, request.waitMs()));
        long waitMs = asked / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(asked / 2 + 1);
        Set<String> runtimes = runtimesOf(nodeId);
        List<LeasedTask> leased;
        if (waitMs == 0) {
            leased = leases.lease(nodeId, runtimes, request.max(), dispatcher.waiting() > 0, config.leaseTimeoutMs(), clock.millis()).tasks();
        } else {
            leased = dispatcher.await(dispatcher.join(nodeId, runtimes, request.max()), waitMs);
        }
        List<Lease> out = new ArrayList<>(leased.size());
        Set<String> jobs = new HashSet<>();
        for (LeasedTask task : leased) {
            jobs.add(task.jobId());
            out.add(new Lease(task.taskId(), task.attemptId(), task.jobId(), task.runtime(), parseSpec(task.specJson()),
                    task.expiresAt(), seedOf(task.taskId()), task.jobCreatedAt(), task.tries()));
        }
        jobSignals.fire(jobs);
        ctx.json(new LeaseResponse(out));
    }

    private Set<String> runtimesOf(String nodeId) {
        return nodes.runtimes(nodeId);
    }

    private static long seedOf(String taskId) {
        byte[] digest = Hashes.sha256().digest(taskId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.nio.ByteBuffer.wrap(digest).getLong();
    }

    private static TaskSpec parseSpec(String json) {
        try {
            return Json.mapper().readValue(json, TaskSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored spec always parses", e);
        }
    }

    private void heartbeat(Context ctx) throws InterruptedException {
        String nodeId = auth.node(ctx);
        HeartbeatRequest request = bodies.read(ctx, HeartbeatRequest.class);
        long now = clock.millis();
        // null: the agent did not say (every active lease of the node is extended); a list: only those, and
        // leases too young for the node to have heard of them yet.
        List<String> active = request.activeAttempts();
        LeaseStore.Extension extension = heartbeatCommits.apply(new NodeStore.Heartbeat(nodeId, request.telemetry(), active));
        ctx.json(new HeartbeatResponse(extension.stop(), extension.expiresAt()));
    }

    private void updates(Context ctx) throws InterruptedException {
        String nodeId = auth.node(ctx);
        UpdateBatch batch = bodies.read(ctx, UpdateBatch.class);
        if (batch.updates() == null) throw AnchorException.invalidField("updates", "is required");
        List<AttemptReport> reports = new ArrayList<>(batch.updates().size());
        for (int i = 0; i < batch.updates().size(); i++) {
            reports.add(toReport(nodeId, batch.updates().get(i), "updates[" + i + "]"));
        }
        LeaseStore.ReportOutcome outcome = reportCommits.apply(new LeaseStore.NodeReports(nodeId, reports));
        jobSignals.fire(outcome.changedJobs());
        // A finished task can make workflow steps ready (or free a slot's worth of work): wake pollers.
        if (reports.stream().anyMatch(AttemptReport.Finished.class::isInstance)) ready.fire();
        ctx.json(new UpdateResults(outcome.results().stream()
                .map(r -> new UpdateResults.Result(r.attemptId(), r.accepted(), r.reason())).toList()));
    }

    private AttemptReport toReport(String nodeId, AttemptUpdate update, String field) {
        if (update == null || update.attemptId() == null || update.type() == null) {
            throw AnchorException.invalidField(field, "needs attemptId and type");
        }
        return switch (update.type()) {
            case "STARTED" -> new AttemptReport.Started(update.attemptId());
            case "LOGS" -> new AttemptReport.Logs(update.attemptId(), update.logs() == null ? List.of() : update.logs().stream()
                    .map(l -> new AttemptReport.Line(l.stream() == null ? "stderr" : l.stream(), clip(l.text()), l.at())).toList());
            case "FINISHED" -> finished(nodeId, update, field);
            default -> throw AnchorException.invalidField(field + ".type", "must be STARTED, LOGS or FINISHED");
        };
    }

    private AttemptReport.Finished finished(String nodeId, AttemptUpdate update, String field) {
        TaskState outcome;
        try {
            outcome = TaskState.valueOf(String.valueOf(update.outcome()));
        } catch (IllegalArgumentException e) {
            throw AnchorException.invalidField(field + ".outcome", "must be SUCCEEDED, FAILED or TIMED_OUT");
        }
        if (outcome != TaskState.SUCCEEDED && outcome != TaskState.FAILED && outcome != TaskState.TIMED_OUT) {
            throw AnchorException.invalidField(field + ".outcome", "must be SUCCEEDED, FAILED or TIMED_OUT");
        }
        String reason = outcome == TaskState.SUCCEEDED ? null : clip(update.reason() == null ? "no reason given" : update.reason());
        String usage = update.usage() == null ? null : write(update.usage());
        long claim = update.usage() == null ? 1 : Ledger.claim(update.usage().fuel(), update.usage().wallMillis());
        DataRef output = update.output() == null ? DataRef.ofBase64("") : update.output();
        if (output.blob() != null) {
            var blob = blobs.stat(output.blob()).orElseThrow(() -> AnchorException.invalidField(field + ".output.blob", "no such blob; upload it first"));
            return new AttemptReport.Finished(update.attemptId(), outcome, reason, null, blob.sha256(), blob.sha256(), blob.size(), usage,
                    update.retryRequested(), update.receipt(), receiptProblem(nodeId, update, null, blob.sha256()), claim);
        }
        byte[] bytes;
        try {
            bytes = output.base64() != null ? Base64.getDecoder().decode(output.base64())
                    : output.text() != null ? output.text().getBytes(java.nio.charset.StandardCharsets.UTF_8) : new byte[0];
        } catch (IllegalArgumentException e) {
            throw AnchorException.invalidField(field + ".output.base64", "is not valid base64");
        }
        String problem = receiptProblem(nodeId, update, bytes, null);
        if (bytes.length > dev.anchor.store.JobStore.INLINE_OUTPUT_BYTES) {
            String sha = blobs.put(bytes).sha256();
            return new AttemptReport.Finished(update.attemptId(), outcome, reason, null, sha, sha, bytes.length, usage, update.retryRequested(),
                    update.receipt(), problem, claim);
        }
        return new AttemptReport.Finished(update.attemptId(), outcome, reason, bytes, null, Hashes.sha256Hex(bytes), bytes.length, usage,
                update.retryRequested(), update.receipt(), problem, claim);
    }

    /**
     * What is wrong with a report's receipt that needs no store: it is missing, its signature or hashes
     * do not hold (against the output bytes, or the blob's), or another node signed it. The checks
     * against the task and the nonce follow in the report's transaction.
     */
    private String receiptProblem(String nodeId, AttemptUpdate update, byte[] output, String outputBlob) {
        Receipt receipt = update.receipt();
        if (receipt == null) return "the report carries no receipt";
        if (!nodeId.equals(receipt.nodeId())) return "the receipt is signed by node " + receipt.nodeId() + ", not by the reporting node";
        ReceiptVerifier.Result result;
        if (output != null) {
            result = ReceiptVerifier.verify(receipt, output, null);
        } else {
            try (java.io.InputStream in = blobs.open(outputBlob).orElseThrow()) {
                result = ReceiptVerifier.verify(receipt, OutputDigest.of(in, receipt.chunkSize() > 0 ? receipt.chunkSize() : MerkleTree.CHUNK_SIZE),
                        null);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot read the output blob " + outputBlob, e);
            }
        }
        return result.valid() ? null : String.join("; ", result.problems());
    }

    private static String clip(String text) {
        if (text == null) return "";
        return text.length() <= MAX_LOG_LINE ? text : text.substring(0, MAX_LOG_LINE) + "…";
    }

    private static String write(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

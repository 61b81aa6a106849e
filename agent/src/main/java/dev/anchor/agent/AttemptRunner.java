package dev.anchor.agent;

import static java.util.Objects.requireNonNull;

import dev.anchor.api.DataRef;
import dev.anchor.api.Receipt;
import dev.anchor.api.LimitsSpec;
import dev.anchor.api.TaskSpec;
import dev.anchor.api.UsageView;
import dev.anchor.api.agent.AttemptUpdate;
import dev.anchor.api.agent.Lease;
import dev.anchor.agent.worker.WorkerRuntime;
import dev.anchor.client.NodeClient;
import dev.anchor.receipt.PayloadHash;
import dev.anchor.receipt.ReceiptSigner;
import dev.anchor.spi.Limits;
import dev.anchor.spi.LogSink;
import dev.anchor.spi.RunResult;
import dev.anchor.spi.Runtime;
import dev.anchor.spi.TaskContext;
import dev.anchor.spi.Usage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one leased attempt: resolves its code and input, runs it in its runtime, and reports STARTED,
 * log lines as they come, and FINISHED. Never throws: whatever goes wrong becomes a FAILED report
 * with a reason, so the agent keeps serving. Every FINISHED report carries a receipt signed with the
 * node's key over the input bytes and output bytes of the run (docs/receipts.md).
 */
final class AttemptRunner {
    private static final Logger LOG = LoggerFactory.getLogger(AttemptRunner.class);
    /** Outputs up to this size travel inline in the report; larger ones are uploaded as blobs first. */
    private static final int INLINE_OUTPUT = 64 * 1024;

    private final Map<String, Runtime> runtimes;
    private final BlobCache blobs;
    private final NodeClient client;
    private final Reporter reporter;
    private final Journal journal;
    private final java.util.concurrent.ScheduledExecutorService timer;
    private final ReceiptSigner signer;
    /** TEST ONLY: a cheating node for the Byzantine tests (see {@link Misbehaviour}); inactive unless its variable is set. */
    private final Misbehaviour misbehaviour = Misbehaviour.fromEnvironment();
    static final long STARTED_AFTER_MS = 20;
    /**
     * The wall-clock limit of a run with none (a service's, timeoutMs 0; docs/services.md). Runtimes take a
     * positive limit; ten years is "forever" yet leaves every runtime's nanosecond deadline arithmetic
     * (System.nanoTime() + limit) far from overflow.
     */
    static final long UNBOUNDED_MS = 10L * 365 * 86_400_000L;

    AttemptRunner(Map<String, Runtime> runtimes, BlobCache blobs, NodeClient client, Reporter reporter, Journal journal,
                  java.util.concurrent.ScheduledExecutorService timer, ReceiptSigner signer) {
        this.runtimes = Map.copyOf(requireNonNull(runtimes, "runtimes is null"));
        this.blobs = requireNonNull(blobs, "blobs is null");
        this.client = requireNonNull(client, "client is null");
        this.reporter = requireNonNull(reporter, "reporter is null");
        this.journal = requireNonNull(journal, "journal is null");
        this.timer = requireNonNull(timer, "timer is null");
        this.signer = requireNonNull(signer, "signer is null");
    }

    /**
     * Runs the attempt on the calling thread. Returns false when it was cancelled (interrupted).
     *
     * <p>STARTED is reported only once a run has lasted {@link #STARTED_AFTER_MS}: most tasks are
     * shorter, and for them one FINISHED report (which records the RUNNING transition too) saves a
     * request and a transaction per task.
     */
    boolean run(Lease lease) {
        String attemptId = lease.attemptId();
        StartedReport started = new StartedReport(attemptId);
        var scheduled = timer.schedule(started::sendIfRunning, STARTED_AFTER_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            return runAndReport(lease, started);
        } finally {
            scheduled.cancel(false);
        }
    }

    /** Sends STARTED at most once, and never after FINISHED. */
    private final class StartedReport {
        private final String attemptId;
        private boolean decided;

        StartedReport(String attemptId) {
            this.attemptId = attemptId;
        }

        synchronized void sendIfRunning() {
            if (decided) return;
            decided = true;
            reporter.send(AttemptUpdate.started(attemptId));
        }

        synchronized void finish(AttemptUpdate finished) {
            decided = true;
            reporter.send(finished);
        }
    }

    private boolean runAndReport(Lease lease, StartedReport started) {
        String attemptId = lease.attemptId();
        RunResult result;
        Runtime runtime = runtimes.get(lease.runtime());
        boolean agentFault = false;
        byte[] input = null;
        try {
            if (runtime == null) {
                result = RunResult.failed("this node has no runtime '" + lease.runtime() + "'", new byte[0], Usage.NONE);
            } else {
                input = bytes(lease.spec().input());
                result = runtime.run(context(lease, input));
            }
        } catch (InterruptedException e) {
            LOG.info("attempt {} cancelled", attemptId);
            return false;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            LOG.warn("attempt {} failed in the agent", attemptId, e);
            result = RunResult.failed("agent error: " + e, new byte[0], Usage.NONE);
            agentFault = true;
        }
        result = misbehaviour.apply(result);
        journal.record(lease, result);
        if (Thread.currentThread().isInterrupted()) return false;
        // The node failed, not the task (a worker died, the coordinator could not be reached for the
        // task's code): the coordinator may run it again while it has attempts left.
        boolean retryable = agentFault || (runtime instanceof WorkerRuntime && WorkerRuntime.crashed(result));
        started.finish(finished(lease, input, result, retryable));
        return true;
    }

    private TaskContext context(Lease lease, byte[] input) {
        TaskSpec spec = lease.spec();
        TaskContext.Code code = null;
        if (spec.module() != null && spec.module().blob() != null) {
            code = new TaskContext.Code(spec.module().blob(), blobs.get(spec.module().blob()));
        } else if (spec.source() != null) {
            // A script: its bytes and hash, so the js runtime can cache what it compiles.
            byte[] source = bytes(spec.source());
            code = new TaskContext.Code(spec.source().blob() != null ? spec.source().blob() : sha256(source), source);
        }
        LogSink logs = (stream, text) -> reporter.send(AttemptUpdate.logs(lease.attemptId(),
                List.of(new AttemptUpdate.LogEntry(stream.name().toLowerCase(java.util.Locale.ROOT), text, System.currentTimeMillis()))));
        Map<String, String> env = new java.util.HashMap<>(spec.env() == null ? Map.of() : spec.env());
        env.put("ANCHOR_TRY", Integer.toString(Math.max(1, lease.tries())));
        return new TaskContext(lease.taskId(), lease.attemptId(), code, input,
                spec.args() == null ? List.of() : spec.args(), env, payload(spec),
                limits(spec.limits()), lease.seed(), Instant.ofEpochMilli(lease.clock()), logs);
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The runtime-specific fields as plain Java values (maps, lists, strings, numbers, booleans). */
    private static Map<String, Object> payload(TaskSpec spec) {
        Map<String, Object> payload = new java.util.LinkedHashMap<>();
        if (spec.library() != null) payload.put("library", spec.library());
        if (spec.method() != null) payload.put("method", spec.method());
        if (spec.params() != null) payload.put("params", dev.anchor.api.Json.mapper().convertValue(spec.params(), Map.class));
        if (spec.command() != null) payload.put("command", List.copyOf(spec.command()));
        if (spec.outputFile() != null) payload.put("outputFile", spec.outputFile());
        if (spec.image() != null) payload.put("image", spec.image());
        return payload;
    }

    private byte[] bytes(DataRef ref) {
        if (ref == null) return new byte[0];
        if (ref.text() != null) return ref.text().getBytes(StandardCharsets.UTF_8);
        if (ref.base64() != null) return Base64.getDecoder().decode(ref.base64());
        if (ref.blob() != null) return blobs.get(ref.blob());
        return new byte[0];
    }

    static Limits limits(LimitsSpec spec) {
        Limits d = Limits.DEFAULT;
        if (spec == null) return d;
        return new Limits(
                spec.memoryMb() == null ? d.memoryMb() : spec.memoryMb(),
                spec.timeoutMs() == null ? d.timeoutMs() : spec.timeoutMs() == 0 ? UNBOUNDED_MS : spec.timeoutMs(),
                spec.fuel() == null ? d.fuel() : spec.fuel(),
                spec.cpus() == null ? d.cpus() : spec.cpus(),
                spec.maxOutputBytes() == null ? d.maxOutputBytes() : spec.maxOutputBytes(),
                spec.maxInputBytes() == null ? d.maxInputBytes() : spec.maxInputBytes());
    }

    private AttemptUpdate finished(Lease lease, byte[] input, RunResult result, boolean retryable) {
        String attemptId = lease.attemptId();
        Usage u = result.usage();
        UsageView usage = new UsageView(u.wallMillis(), u.memoryBytes(), u.fuel(), u.outputBytes());
        DataRef output;
        if (result.output().length > INLINE_OUTPUT) {
            output = DataRef.ofBlob(client.upload(result.output()).sha256());
        } else {
            output = DataRef.ofBase64(Base64.getEncoder().encodeToString(result.output()));
        }
        AttemptUpdate finished = AttemptUpdate.finished(attemptId, result.outcome().name(), result.reason(), output, usage, retryable);
        Receipt receipt = receipt(lease, input, result);
        return receipt == null ? finished : finished.withReceipt(receipt);
    }

    /**
     * The signed receipt over the bytes this run had: the input it ran on (or, when it never fetched
     * it, the hash the input reference names) and the output it reports. Null only when the spec's input
     * reference is malformed, which the coordinator's validation does not let through.
     */
    private Receipt receipt(Lease lease, byte[] input, RunResult result) {
        try {
            String inputHash = input != null ? PayloadHash.inputHash(input) : PayloadHash.inputHash(lease.spec().input());
            return signer.sign(lease.taskId(), lease.attemptId(), PayloadHash.moduleHash(lease.spec()), inputHash,
                    result.outcome().name(), dev.anchor.receipt.OutputDigest.of(result.output()), result.usage().fuel(),
                    result.usage().wallMillis());
        } catch (IllegalArgumentException e) {
            LOG.warn("attempt {}: no receipt: {}", lease.attemptId(), e.getMessage());
            return null;
        }
    }
}

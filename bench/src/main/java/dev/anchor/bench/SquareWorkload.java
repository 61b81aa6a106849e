package dev.anchor.bench;

import static java.util.Objects.requireNonNull;

import dev.anchor.api.AnchorException;
import dev.anchor.api.DataRef;
import dev.anchor.api.JobState;
import dev.anchor.api.JobSubmission;
import dev.anchor.api.JobView;
import dev.anchor.api.OutputView;
import dev.anchor.api.TaskSpec;
import dev.anchor.client.AnchorClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * The trivial task of the foundation benchmark: {@code examples/wasm/square.wasm}, uploaded once and
 * referenced by its blob, squaring the number given as stdin. Every result is checked, so a fast
 * but wrong system cannot pass for a fast one. Thread-safe: one per cluster, shared by all client threads.
 */
final class SquareWorkload {
    /** One task's give-up point; far beyond any healthy latency, it only keeps a stuck run from hanging. */
    private static final Duration TASK_DEADLINE = Duration.ofSeconds(60);

    private final AnchorClient client;
    private final String moduleSha256;

    private SquareWorkload(AnchorClient client, String moduleSha256) {
        this.client = requireNonNull(client, "client is null");
        this.moduleSha256 = requireNonNull(moduleSha256, "moduleSha256 is null");
    }

    static SquareWorkload upload(AnchorClient client, byte[] module) {
        return new SquareWorkload(client, client.upload(module).sha256());
    }

    /**
     * One task on the calling thread: submit, then long-poll its job until it ends.
     *
     * @param jobId          the job, or null when the submit failed
     * @param startNanos     before the submit call
     * @param submittedNanos when the submit call answered
     * @param endNanos       when the client held the finished job
     * @param serverMillis   the coordinator's finishedAt - createdAt, or -1 when unknown
     * @param guestMillis    the attempt's wall time as its agent measured it, or -1 when unknown
     * @param failure        null when the job succeeded with the right square, else what was wrong
     */
    record Sample(String jobId, long startNanos, long submittedNanos, long endNanos, long serverMillis, long guestMillis, String failure) {
        long totalNanos() {
            return endNanos - startNanos;
        }

        long submitNanos() {
            return submittedNanos - startNanos;
        }

        long awaitNanos() {
            return endNanos - submittedNanos;
        }
    }

    private static final boolean ONE_REQUEST = Boolean.getBoolean("anchor.bench.oneRequest");

    Sample run(long n) {
        long start = System.nanoTime();
        long submitted = start;
        String jobId = null;
        try {
            JobSubmission submission = JobSubmission.of(null, new TaskSpec("wasm", DataRef.ofBlob(moduleSha256), null, null,
                    DataRef.ofText(Long.toString(n)), null, null));
            // -Danchor.bench.oneRequest=true: submit and wait in one request (POST /jobs?waitMs=...).
            JobView job = ONE_REQUEST ? client.submitAndAwait(submission, TASK_DEADLINE) : client.submit(submission);
            submitted = System.nanoTime();
            jobId = job.id();
            long deadline = submitted + TASK_DEADLINE.toNanos();
            while (!job.state().isTerminal() && System.nanoTime() < deadline) {
                job = client.await(job.id(), Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            }
            long end = System.nanoTime();
            long server = job.finishedAt() == null ? -1 : job.finishedAt() - job.createdAt();
            long guest = job.task() == null || job.task().usage() == null ? -1 : job.task().usage().wallMillis();
            return new Sample(jobId, start, submitted, end, server, guest, check(job, n));
        } catch (AnchorException e) {
            long end = System.nanoTime();
            return new Sample(jobId, start, submitted == start ? end : submitted, end, -1, -1, "task " + n + ": " + e.code() + " " + e.getMessage());
        }
    }

    private static String check(JobView job, long n) {
        if (job.state() != JobState.SUCCEEDED) {
            return "task " + n + " (job " + job.id() + "): " + job.state() + (job.task() == null ? "" : ", " + job.task().reason());
        }
        String expected = (n * n) + "\n";
        String actual = text(job.task().output());
        return expected.equals(actual) ? null
                : "task " + n + " (job " + job.id() + "): expected output " + quote(expected) + ", got " + quote(actual);
    }

    private static String text(OutputView output) {
        if (output == null) return null;
        if (output.text() != null) return output.text();
        if (output.base64() != null) return new String(Base64.getDecoder().decode(output.base64()), StandardCharsets.UTF_8);
        return "(output only as blob " + output.blob() + ")";
    }

    private static String quote(String text) {
        return text == null ? "nothing" : "\"" + text.replace("\n", "\\n") + "\"";
    }
}

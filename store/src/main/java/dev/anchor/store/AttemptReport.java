package dev.anchor.store;

import static java.util.Objects.requireNonNull;

import dev.anchor.api.Json;
import dev.anchor.api.Receipt;
import dev.anchor.api.TaskState;
import java.util.List;

/** What a node reports about one of its attempts, after the coordinator has checked its shape. */
public sealed interface AttemptReport {
    String attemptId();

    /** The attempt began running. */
    record Started(String attemptId) implements AttemptReport {
        public Started {
            requireNonNull(attemptId, "attemptId is null");
        }
    }

    /** Log lines the attempt produced. */
    record Logs(String attemptId, List<Line> lines) implements AttemptReport {
        public Logs {
            requireNonNull(attemptId, "attemptId is null");
            lines = List.copyOf(lines);
        }
    }

    /**
     * The attempt ended. Small outputs travel inline ({@code inlineOutput}); large ones were uploaded
     * as a blob first ({@code outputBlob}). {@code outputHash} and {@code outputSize} describe either.
     * {@code retryable} on a FAILED report: the node's sandbox failed, not the task, so it runs again
     * while it has attempts left. {@code receipt}: the node's signed receipt; {@code receiptProblem}: what
     * the coordinator found wrong with it before the transaction (signature, hashes), or null;
     * {@code claim}: the credits the run claims (docs/verification.md).
     */
    record Finished(String attemptId, TaskState outcome, String reason, byte[] inlineOutput, String outputBlob,
                    String outputHash, long outputSize, String usageJson, boolean retryable, Receipt receipt, String receiptProblem,
                    long claim) implements AttemptReport {
        public Finished {
            requireNonNull(attemptId, "attemptId is null");
            requireNonNull(outcome, "outcome is null");
            requireNonNull(outputHash, "outputHash is null");
            if (!outcome.isTerminal()) throw new IllegalArgumentException("outcome must be terminal: " + outcome);
            if (claim < 1) throw new IllegalArgumentException("claim must be at least 1");
        }

        public Finished(String attemptId, TaskState outcome, String reason, byte[] inlineOutput, String outputBlob,
                        String outputHash, long outputSize, String usageJson, boolean retryable) {
            this(attemptId, outcome, reason, inlineOutput, outputBlob, outputHash, outputSize, usageJson, retryable, null, null, 1);
        }

        public Finished(String attemptId, TaskState outcome, String reason, byte[] inlineOutput, String outputBlob,
                        String outputHash, long outputSize, String usageJson) {
            this(attemptId, outcome, reason, inlineOutput, outputBlob, outputHash, outputSize, usageJson, false);
        }

        String receiptJson() {
            if (receipt == null) return null;
            try {
                return Json.mapper().writeValueAsString(receipt);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** One log line. */
    record Line(String stream, String text, long at) {}
}

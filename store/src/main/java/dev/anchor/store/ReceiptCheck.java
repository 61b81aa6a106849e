package dev.anchor.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.anchor.api.DataRef;
import dev.anchor.api.Json;
import dev.anchor.api.Receipt;
import dev.anchor.api.TaskSpec;
import dev.anchor.receipt.PayloadHash;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Base64;

/**
 * The checks of a receipt that need the store: that it is about this attempt of this task, over this
 * task's payload and input, recent, and not seen before (its nonce is remembered across restarts). The
 * signature and output hashes were checked before the transaction (docs/verification.md).
 */
final class ReceiptCheck {
    static final long WINDOW_MS = 5 * 60_000L;

    /** What is wrong with the report's receipt, or null when nothing is (or the report carries none). */
    String problem(Connection c, String taskId, String attemptId, String nodeId, String specJson, AttemptReport.Finished f, long now)
            throws SQLException {
        if (f.receiptProblem() != null) return f.receiptProblem();
        Receipt receipt = f.receipt();
        if (receipt == null) return null;
        if (!attemptId.equals(receipt.attemptId())) return "attemptId " + receipt.attemptId() + " is not the reported attempt";
        if (!taskId.equals(receipt.taskId())) return "taskId " + receipt.taskId() + " is not the attempt's task " + taskId;
        if (!nodeId.equals(receipt.nodeId())) return "the receipt is signed by node " + receipt.nodeId() + ", not by the reporting node";
        if (!f.outcome().name().equals(receipt.outcome())) return "outcome " + receipt.outcome() + " is not the reported " + f.outcome();
        if (!f.outputHash().equals(receipt.outputHash())) return "outputHash does not match the reported output";
        if (f.outputSize() != receipt.outputSize()) return "outputSize does not match the reported output";
        TaskSpec spec = parse(specJson);
        if (!PayloadHash.moduleHash(spec).equals(receipt.moduleHash())) return "moduleHash does not match the task's payload";
        String inputHash = inputHash(spec.input());
        if (inputHash != null && !inputHash.equals(receipt.inputHash())) return "inputHash does not match the task's input";
        long skew = receipt.timestamp() - now;
        if (Math.abs(skew) > WINDOW_MS) {
            return "timestamp is " + Math.abs(skew) + " ms " + (skew < 0 ? "before" : "after") + " the coordinator's clock (window "
                    + WINDOW_MS + " ms)";
        }
        // One statement remembers the nonce and tells a replay: a nonce already stored inserts nothing.
        if (Jdbc.update(c, "INSERT INTO receipt_nonces (nonce, node_id, at) VALUES (?, ?, ?) ON CONFLICT (nonce) DO NOTHING",
                receipt.nonce(), nodeId, now) == 0) {
            return "replayed receipt (nonce already used)";
        }
        return null;
    }

    /** The SHA-256 of the input bytes, when the store can tell without reading a blob (a blob's name is its hash). */
    private static String inputHash(DataRef input) {
        if (input == null) return Hashes.sha256Hex(new byte[0]);
        if (input.blob() != null) return input.blob();
        if (input.base64() != null) return Hashes.sha256Hex(Base64.getDecoder().decode(input.base64()));
        if (input.text() != null) return Hashes.sha256Hex(input.text().getBytes(StandardCharsets.UTF_8));
        return null;
    }

    private static TaskSpec parse(String json) {
        try {
            return Json.mapper().readValue(json, TaskSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored spec always parses", e);
        }
    }
}

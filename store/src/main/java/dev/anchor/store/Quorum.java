package dev.anchor.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anchor.api.Json;
import dev.anchor.api.TaskState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether the ended runs of one task agree: a quorum is {@code policy.quorum()} runs from nodes
 * of distinct owners whose outcomes match (same output bytes, or equal JSON within the tolerance; a
 * failure matches the same failure reason). Pure.
 */
final class Quorum {
    private Quorum() {}

    /** One ended run. {@code vote}: outcome and output hash (or failure reason); {@code output} for the json comparator. */
    record Run(String attemptId, String taskId, String nodeId, String ownerId, TaskState outcome, String vote, byte[] output) {
        String owner() {
            return ownerId == null ? "node:" + nodeId : ownerId;
        }
    }

    /** The accepted run and every run that agrees with it (the accepted one included). */
    record Agreement(Run accepted, List<Run> agreeing) {}

    static Optional<Agreement> decide(List<Run> runs, VerificationPolicy policy) {
        for (Run candidate : runs) {
            List<Run> agreeing = new ArrayList<>();
            Set<String> owners = new HashSet<>();
            for (Run other : runs) {
                if (agree(candidate, other, policy)) {
                    agreeing.add(other);
                    owners.add(other.owner());
                }
            }
            if (owners.size() >= policy.quorum()) return Optional.of(new Agreement(candidate, agreeing));
        }
        return Optional.empty();
    }

    /** The most runs of distinct owners that agree on any one outcome. */
    static int largestAgreement(List<Run> runs, VerificationPolicy policy) {
        int best = 0;
        for (Run candidate : runs) {
            Set<String> owners = new HashSet<>();
            for (Run other : runs) if (agree(candidate, other, policy)) owners.add(other.owner());
            best = Math.max(best, owners.size());
        }
        return best;
    }

    static boolean agree(Run a, Run b, VerificationPolicy policy) {
        if (a.outcome() != b.outcome()) return false;
        if (a.vote().equals(b.vote())) return true;
        if (a.outcome() != TaskState.SUCCEEDED || policy.comparison() != VerificationPolicy.Comparison.JSON) return false;
        if (a.output() == null || b.output() == null) return false;
        try {
            return jsonEqual(Json.mapper().readTree(a.output()), Json.mapper().readTree(b.output()), policy.tolerance());
        } catch (IOException e) {
            return false;
        }
    }

    static boolean jsonEqual(JsonNode a, JsonNode b, double tolerance) {
        if (a == null || b == null) return a == b;
        if (a.isNumber() && b.isNumber()) return Math.abs(a.doubleValue() - b.doubleValue()) <= tolerance;
        if (a.getNodeType() != b.getNodeType()) return false;
        if (a.isArray()) {
            if (a.size() != b.size()) return false;
            for (int i = 0; i < a.size(); i++) if (!jsonEqual(a.get(i), b.get(i), tolerance)) return false;
            return true;
        }
        if (a.isObject()) {
            if (a.size() != b.size()) return false;
            for (Iterator<Map.Entry<String, JsonNode>> fields = a.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!jsonEqual(field.getValue(), b.get(field.getKey()), tolerance)) return false;
            }
            return true;
        }
        return a.equals(b);
    }
}

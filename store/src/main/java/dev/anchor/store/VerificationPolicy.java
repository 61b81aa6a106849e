package dev.anchor.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.anchor.api.AnchorException;
import dev.anchor.api.Json;
import dev.anchor.api.VerificationSpec;
import java.util.Locale;

/**
 * A job's verification policy with its defaults filled in (docs/verification.md). Stored as JSON on the
 * job and on each of its tasks; {@link #parse} checks a submitted one and names the wrong field.
 */
public record VerificationPolicy(Mode mode, int replicas, int quorum, int maxReplicas, Comparison comparison, double tolerance) {
    /** At most this many runs of one task, whatever the job asks. */
    public static final int MAX_RUNS = 10;

    public enum Mode { NONE, FIXED, ADAPTIVE }

    public enum Comparison { EXACT, JSON }

    /** The policy a submission asks for, defaults filled in; {@code null} when it asks for none. */
    public static VerificationPolicy parse(VerificationSpec spec) {
        if (spec == null) return null;
        Mode mode = switch (spec.policy() == null ? "fixed" : spec.policy().toLowerCase(Locale.ROOT)) {
            case "none" -> Mode.NONE;
            case "fixed" -> Mode.FIXED;
            case "adaptive" -> Mode.ADAPTIVE;
            default -> throw AnchorException.invalidField("verification.policy", "must be none, fixed or adaptive");
        };
        if (mode == Mode.NONE) return null;
        int quorum = spec.quorum() == null ? 2 : spec.quorum();
        if (quorum < 1 || quorum > MAX_RUNS) throw AnchorException.invalidField("verification.quorum", "must be between 1 and " + MAX_RUNS);
        int replicas = spec.replicas() == null ? Math.max(quorum, mode == Mode.FIXED ? quorum : quorum) : spec.replicas();
        if (replicas < quorum || replicas > MAX_RUNS) {
            throw AnchorException.invalidField("verification.replicas", "must be between quorum (" + quorum + ") and " + MAX_RUNS);
        }
        int maxReplicas = spec.maxReplicas() == null ? Math.min(MAX_RUNS, replicas + 2) : spec.maxReplicas();
        if (maxReplicas < replicas || maxReplicas > MAX_RUNS) {
            throw AnchorException.invalidField("verification.maxReplicas", "must be between replicas (" + replicas + ") and " + MAX_RUNS);
        }
        Comparison comparison = switch (spec.comparator() == null ? "exact" : spec.comparator().toLowerCase(Locale.ROOT)) {
            case "exact" -> Comparison.EXACT;
            case "json" -> Comparison.JSON;
            default -> throw AnchorException.invalidField("verification.comparator", "must be exact or json");
        };
        double tolerance = spec.tolerance() == null ? 0 : spec.tolerance();
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw AnchorException.invalidField("verification.tolerance", "must be a finite number >= 0");
        }
        if (tolerance > 0 && comparison != Comparison.JSON) {
            throw AnchorException.invalidField("verification.tolerance", "applies only to comparator json");
        }
        return new VerificationPolicy(mode, replicas, quorum, maxReplicas, comparison, tolerance);
    }

    public String toJson() {
        try {
            return Json.mapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static VerificationPolicy fromJson(String json) {
        if (json == null) return null;
        try {
            return Json.mapper().readValue(json, VerificationPolicy.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored verification policy always parses", e);
        }
    }
}

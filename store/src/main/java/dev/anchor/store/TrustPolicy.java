package dev.anchor.store;

/**
 * Adaptive replication (BOINC's idea) and exclusion, as one named component (docs/verification.md).
 * A node is trusted once it agreed with accepted results {@code trustAfter} times in a row; a trusted
 * node's task runs once except for a {@code spotCheckRate} share drawn in secret; for a
 * {@code ringerRate} share of those single runs a ringer (a verified task run again as a check with a
 * known answer) is queued; a node is excluded once {@code disagreements × penalty > agreements}. Pure:
 * the store supplies counts and the random draws.
 */
public record TrustPolicy(int trustAfter, double spotCheckRate, int penalty, double ringerRate) {
    public static final TrustPolicy DEFAULT = new TrustPolicy(45, 0.05, 20, 0.02);

    public TrustPolicy {
        if (trustAfter < 1) throw new IllegalArgumentException("trustAfter must be at least 1");
        if (!(spotCheckRate >= 0 && spotCheckRate <= 1)) throw new IllegalArgumentException("spotCheckRate must be in [0, 1]");
        if (penalty < 1) throw new IllegalArgumentException("penalty must be at least 1");
        if (!(ringerRate >= 0 && ringerRate <= 1)) throw new IllegalArgumentException("ringerRate must be in [0, 1]");
    }

    /** A policy without ringers. */
    public TrustPolicy(int trustAfter, double spotCheckRate, int penalty) {
        this(trustAfter, spotCheckRate, penalty, 0);
    }

    /** A node's record of agreement with accepted results. */
    public record Record(long agreements, long disagreements, long consecutiveAgreements) {}

    public boolean trusted(Record node) {
        return node.consecutiveAgreements() >= trustAfter && !excluded(node);
    }

    public boolean excluded(Record node) {
        return node.disagreements() * penalty > node.agreements();
    }

    /** A score in (0, 1): 1/2 for a new node, towards 1 with agreements, down fast with disagreements. */
    public double score(Record node) {
        return (node.agreements() + 1.0) / (node.agreements() + (double) penalty * node.disagreements() + 2.0);
    }

    /**
     * How many runs a task needs when its first run goes to {@code node}; {@code draw} is uniform in [0, 1)
     * from a source the node cannot predict.
     */
    public int runs(VerificationPolicy policy, Record node, double draw) {
        if (policy == null) return 1;
        return switch (policy.mode()) {
            case NONE -> 1;
            case FIXED -> policy.replicas();
            case ADAPTIVE -> trusted(node) && draw >= spotCheckRate ? 1 : policy.replicas();
        };
    }
}

package dev.anchor.api;

/**
 * A node's record (docs/verification.md): agreement with accepted results, rejected receipts, success
 * rate, the trust policy's score and verdicts.
 *
 * @param ownerId               the user whose join token the node used; null: the coordinator's own token
 * @param agreements            runs that agreed with an accepted result
 * @param disagreements         runs that disagreed with an accepted result
 * @param consecutiveAgreements agreements since the last disagreement
 * @param receiptsRejected      reports refused because their receipt failed a check
 * @param succeeded             attempts that ended SUCCEEDED
 * @param ended                 attempts that ended (succeeded, failed, timed out or expired)
 * @param successRate           succeeded ÷ ended (1 when none ended)
 * @param score                 (agreements + 1) ÷ (agreements + penalty × disagreements + 2)
 * @param trusted               runs most tasks once under adaptive replication
 * @param excluded              gets no more work
 */
public record ReputationView(String nodeId, String ownerId, long agreements, long disagreements, long consecutiveAgreements,
                             long receiptsRejected, long succeeded, long ended, double successRate, double score, boolean trusted,
                             boolean excluded) {}

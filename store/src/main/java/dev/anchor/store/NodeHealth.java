package dev.anchor.store;

/**
 * A node's health score, from 0 (exclusive) to 1, and how many tasks it may take in one lease call
 * (docs/scheduling.md). The score is the product of four factors, each 1 for a healthy node:
 * <ul>
 *   <li>load: 1 while the 1-minute load average is at most the core count, else cores / load;</li>
 *   <li>memory: 0.5 when less than a tenth of its memory is free (by its latest telemetry);</li>
 *   <li>recent success: of its last {@value ReadyQueue#RECENT} attempts that ended, the share that
 *       SUCCEEDED (a lost lease counts as a failure), as (s + 1) / (n + 1), at least 0.25; 1 until 5 have ended;</li>
 *   <li>reputation: (agreements + 1) / (agreements + disagreements + rejected receipts + 1), at least 0.25.</li>
 * </ul>
 * A node may take {@code max(1, round(asked * score))} tasks per call: a loaded, failing or distrusted
 * node gets fewer, and the rest stay READY for the next node that asks.
 */
final class NodeHealth {
    private NodeHealth() {}

    static double score(ReadyQueue.Node node) {
        double load = node.cores() > 0 && node.load() > node.cores() ? node.cores() / node.load() : 1.0;
        double memory = node.memoryTotalMb() != null && node.memoryTotalMb() > 0 && node.freeMemoryMb() * 10 < node.memoryTotalMb()
                ? 0.5 : 1.0;
        int ended = node.recentSucceeded() + node.recentFailed();
        double success = ended < 5 ? 1.0 : Math.max(0.25, (node.recentSucceeded() + 1.0) / (ended + 1.0));
        long doubts = node.disagreements() + node.receiptsRejected();
        double reputation = doubts == 0 ? 1.0 : Math.max(0.25, (node.agreements() + 1.0) / (node.agreements() + doubts + 1.0));
        return load * memory * success * reputation;
    }

    /** Tasks a node with {@code score} may take when it asks for {@code asked}. */
    static int perCall(int asked, double score) {
        return Math.max(1, Math.min(asked, (int) Math.round(asked * score)));
    }
}

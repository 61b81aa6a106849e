package dev.anchor.spi;

import static java.util.Objects.requireNonNull;

/**
 * What a run produced.
 *
 * @param outcome how it ended
 * @param output  the guest's output (may be empty; partial output of a failed run is kept for display)
 * @param reason  for a failure or timeout, one line saying which limit or error ended it; else null
 * @param usage   what the run used
 */
public record RunResult(Outcome outcome, byte[] output, String reason, Usage usage) {
    public RunResult {
        requireNonNull(outcome, "outcome is null");
        requireNonNull(output, "output is null");
        requireNonNull(usage, "usage is null");
        if (outcome != Outcome.SUCCEEDED && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a " + outcome + " result needs a reason");
        }
    }

    public static RunResult succeeded(byte[] output, Usage usage) {
        return new RunResult(Outcome.SUCCEEDED, output, null, usage);
    }

    public static RunResult failed(String reason, byte[] output, Usage usage) {
        return new RunResult(Outcome.FAILED, output, reason, usage);
    }

    public static RunResult timedOut(String reason, byte[] output, Usage usage) {
        return new RunResult(Outcome.TIMED_OUT, output, reason, usage);
    }
}

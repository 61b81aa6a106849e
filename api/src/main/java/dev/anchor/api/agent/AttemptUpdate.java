package dev.anchor.api.agent;

import dev.anchor.api.DataRef;
import dev.anchor.api.Receipt;
import dev.anchor.api.UsageView;
import java.util.List;

/**
 * One report about one attempt. {@code type}: {@code STARTED}, {@code LOGS} (with {@code logs}) or
 * {@code FINISHED} (with {@code outcome}: SUCCEEDED, FAILED or TIMED_OUT, and {@code output}).
 * {@code retryable} true on a FAILED report says the node's sandbox failed, not the task (its worker
 * process crashed): the coordinator retries it like a lost lease. Absent means false. {@code receipt}: the
 * node's signed receipt of a FINISHED attempt.
 */
public record AttemptUpdate(
        String attemptId,
        String type,
        List<LogEntry> logs,
        String outcome,
        String reason,
        DataRef output,
        UsageView usage,
        Boolean retryable,
        Receipt receipt) {

    public AttemptUpdate(String attemptId, String type, List<LogEntry> logs, String outcome, String reason, DataRef output,
                         UsageView usage, Boolean retryable) {
        this(attemptId, type, logs, outcome, reason, output, usage, retryable, null);
    }

    /** The same report with the node's signed receipt attached (FINISHED reports carry one). */
    public AttemptUpdate withReceipt(Receipt signed) {
        return new AttemptUpdate(attemptId, type, logs, outcome, reason, output, usage, retryable, signed);
    }

    /** A report that is not retryable (every report but a crashed sandbox's). */
    public AttemptUpdate(String attemptId, String type, List<LogEntry> logs, String outcome, String reason, DataRef output,
                         UsageView usage) {
        this(attemptId, type, logs, outcome, reason, output, usage, null);
    }

    /** Whether the coordinator may run the task again because the node's sandbox, not the task, failed. */
    public boolean retryRequested() {
        return Boolean.TRUE.equals(retryable);
    }

    public static AttemptUpdate started(String attemptId) {
        return new AttemptUpdate(attemptId, "STARTED", null, null, null, null, null);
    }

    public static AttemptUpdate logs(String attemptId, List<LogEntry> logs) {
        return new AttemptUpdate(attemptId, "LOGS", logs, null, null, null, null);
    }

    public static AttemptUpdate finished(String attemptId, String outcome, String reason, DataRef output, UsageView usage) {
        return new AttemptUpdate(attemptId, "FINISHED", null, outcome, reason, output, usage);
    }

    public static AttemptUpdate finished(String attemptId, String outcome, String reason, DataRef output, UsageView usage,
                                         boolean retryable) {
        return new AttemptUpdate(attemptId, "FINISHED", null, outcome, reason, output, usage, retryable ? Boolean.TRUE : null);
    }

    /** One log line with the time it was produced (epoch ms). */
    public record LogEntry(String stream, String text, long at) {}
}

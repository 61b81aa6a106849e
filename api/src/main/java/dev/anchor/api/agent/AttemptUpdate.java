package dev.anchor.api.agent;

import dev.anchor.api.DataRef;
import dev.anchor.api.UsageView;
import java.util.List;

/**
 * One report about one attempt. {@code type}: {@code STARTED}, {@code LOGS} (with {@code logs}) or
 * {@code FINISHED} (with {@code outcome}: SUCCEEDED, FAILED or TIMED_OUT, and {@code output}).
 */
public record AttemptUpdate(
        String attemptId,
        String type,
        List<LogEntry> logs,
        String outcome,
        String reason,
        DataRef output,
        UsageView usage) {

    public static AttemptUpdate started(String attemptId) {
        return new AttemptUpdate(attemptId, "STARTED", null, null, null, null, null);
    }

    public static AttemptUpdate logs(String attemptId, List<LogEntry> logs) {
        return new AttemptUpdate(attemptId, "LOGS", logs, null, null, null, null);
    }

    public static AttemptUpdate finished(String attemptId, String outcome, String reason, DataRef output, UsageView usage) {
        return new AttemptUpdate(attemptId, "FINISHED", null, outcome, reason, output, usage);
    }

    /** One log line with the time it was produced (epoch ms). */
    public record LogEntry(String stream, String text, long at) {}
}

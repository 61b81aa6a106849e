package dev.anchor.workflow;

import java.util.Locale;

/** What a step's final failure does to its workflow. */
public enum OnError {
    /** Fail the workflow; running steps are cancelled. The default. */
    ABORT,
    /** Treat the step as skipped and go on. */
    SKIP,
    /** Retry per the step's retry policy (3 tries when it has none), then abort. */
    RETRY,
    /** Cancel running steps, run the compensations of completed steps in reverse order, end ROLLED_BACK. */
    ROLLBACK;

    static OnError parse(String value) {
        return OnError.valueOf(value.toUpperCase(Locale.ROOT));
    }
}

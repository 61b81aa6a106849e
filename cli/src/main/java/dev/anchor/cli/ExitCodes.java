package dev.anchor.cli;

import dev.anchor.api.JobState;

/**
 * Exit codes. Failures of the command itself take their code from
 * {@link dev.anchor.api.ErrorCode#exitCode()} (2 bad input, 4 auth, 5 not found, 6 conflict, 8 coordinator
 * unreachable, 10 internal); a job that ran and did not succeed ends with the codes here, and a receipt that
 * does not verify with {@link #RECEIPT_INVALID}.
 */
final class ExitCodes {
    static final int OK = 0;
    static final int JOB_FAILED = 1;
    static final int USAGE = 2;
    /** {@code anchor verify}: the receipt, its output or its key did not verify. */
    static final int RECEIPT_INVALID = 3;
    static final int INTERNAL = 10;
    static final int JOB_TIMED_OUT = 11;
    static final int JOB_CANCELLED = 12;
    static final int JOB_ROLLED_BACK = 13;

    private ExitCodes() {}

    static int of(JobState state) {
        return switch (state) {
            case SUCCEEDED -> OK;
            case FAILED -> JOB_FAILED;
            case TIMED_OUT -> JOB_TIMED_OUT;
            case CANCELLED -> JOB_CANCELLED;
            case ROLLED_BACK -> JOB_ROLLED_BACK;
            case PENDING, RUNNING -> OK;
        };
    }
}

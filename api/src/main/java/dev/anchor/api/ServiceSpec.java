package dev.anchor.api;

/**
 * Makes a job a long-running service (docs/services.md): its one task is started again whenever a run
 * ends, after a backoff, until the job is cancelled. A run lost with its node (the lease expired, the
 * agent registered again) is started again at once, on any node that has the runtime. Absent fields take
 * the defaults; the coordinator checks the values and names the field it rejects.
 *
 * @param restart     {@code always} (default: after every end, success included) or {@code on-failure} (after
 *                    FAILED or TIMED_OUT; a run that succeeds ends the job SUCCEEDED)
 * @param backoff     the delay before each restart
 * @param maxRestarts restarts in a row before the job ends FAILED; a run that lasted longer than
 *                    {@code backoff.maxMs} starts a new row. Absent: no limit
 */
public record ServiceSpec(String restart, Backoff backoff, Integer maxRestarts) {
    /** Restart after every end of a run. */
    public static final String ALWAYS = "always";
    /** Restart only after a run that failed or timed out. */
    public static final String ON_FAILURE = "on-failure";

    /** A service with the default policy: restart always, 1 s doubling up to 60 s, no limit. */
    public static ServiceSpec always() {
        return new ServiceSpec(ALWAYS, null, null);
    }

    /**
     * Exponential backoff: the n-th restart in a row waits {@code initialMs} × {@code factor}^(n-1), at
     * most {@code maxMs}. Defaults: 1000 ms, 60000 ms, factor 2.
     */
    public record Backoff(Long initialMs, Long maxMs, Double factor) {}
}

package dev.anchor.api;

/** An attempt's states. EXPIRED: its lease ran out before it finished; its late result is refused. */
public enum AttemptState {
    LEASED, RUNNING, SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, EXPIRED;

    public boolean isActive() {
        return this == LEASED || this == RUNNING;
    }
}

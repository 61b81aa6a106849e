package dev.anchor.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.anchor.api.AnchorException;
import dev.anchor.api.Json;
import dev.anchor.api.ServiceSpec;
import dev.anchor.api.TaskState;

/**
 * A service's restart policy with its defaults filled in (docs/services.md). Stored as JSON on the
 * service's task; {@link #parse} checks a submitted one and names the wrong field.
 *
 * @param always      restart after every end of a run; false: only after FAILED or TIMED_OUT
 * @param initialMs   the delay before the first restart in a row
 * @param maxMs       the longest delay; a run that lasted longer than this ends the row (it was healthy)
 * @param factor      how much each further restart in a row multiplies the delay
 * @param maxRestarts restarts in a row before the job ends FAILED; null: no limit
 */
public record ServicePolicy(boolean always, long initialMs, long maxMs, double factor, Integer maxRestarts) {
    static final long DEFAULT_INITIAL_MS = 1_000;
    static final long DEFAULT_MAX_MS = 60_000;
    static final double DEFAULT_FACTOR = 2;
    private static final long DAY_MS = 86_400_000L;

    /** The policy a submission asks for, defaults filled in; {@code null} when it is not a service. */
    public static ServicePolicy parse(ServiceSpec spec) {
        if (spec == null) return null;
        boolean always = switch (spec.restart() == null ? ServiceSpec.ALWAYS : spec.restart()) {
            case ServiceSpec.ALWAYS -> true;
            case ServiceSpec.ON_FAILURE -> false;
            default -> throw AnchorException.invalidField("service.restart", "must be always or on-failure");
        };
        ServiceSpec.Backoff backoff = spec.backoff() == null ? new ServiceSpec.Backoff(null, null, null) : spec.backoff();
        long initialMs = backoff.initialMs() == null ? DEFAULT_INITIAL_MS : backoff.initialMs();
        if (initialMs < 0 || initialMs > DAY_MS) throw AnchorException.invalidField("service.backoff.initialMs", "must be between 0 and " + DAY_MS + " (a day)");
        long maxMs = backoff.maxMs() == null ? Math.max(DEFAULT_MAX_MS, initialMs) : backoff.maxMs();
        if (maxMs < Math.max(1, initialMs) || maxMs > DAY_MS) {
            throw AnchorException.invalidField("service.backoff.maxMs", "must be between initialMs (" + initialMs + ", at least 1) and " + DAY_MS + " (a day)");
        }
        double factor = backoff.factor() == null ? DEFAULT_FACTOR : backoff.factor();
        if (!(factor >= 1) || factor > 10) throw AnchorException.invalidField("service.backoff.factor", "must be between 1 and 10");
        if (spec.maxRestarts() != null && (spec.maxRestarts() < 0 || spec.maxRestarts() > 1_000_000)) {
            throw AnchorException.invalidField("service.maxRestarts", "must be between 0 and 1000000");
        }
        return new ServicePolicy(always, initialMs, maxMs, factor, spec.maxRestarts());
    }

    /** The delay before restart number {@code inARow} (from 1) of a row. */
    public long delayMs(int inARow) {
        double delay = initialMs * Math.pow(factor, Math.max(0, inARow - 1));
        return (long) Math.min(maxMs, delay);
    }

    /** Whether a run that ended this way is started again (before counting {@link #maxRestarts}). */
    boolean restartsAfter(TaskState outcome) {
        return always || outcome != TaskState.SUCCEEDED;
    }

    public String toJson() {
        try {
            return Json.mapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ServicePolicy fromJson(String json) {
        try {
            return Json.mapper().readValue(json, ServicePolicy.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored service policy always parses", e);
        }
    }
}

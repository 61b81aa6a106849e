package dev.anchor.workflow;

import dev.anchor.api.DataRef;
import java.util.List;
import java.util.Set;

/**
 * One validated step.
 *
 * @param needs      direct dependencies
 * @param upstream   every step this one transitively needs
 * @param when       its condition, or null
 * @param fanOut     its fan-out, or null for a single task
 * @param timeoutMs  its per-attempt wall-clock limit, or null for the payload's own
 * @param compensate its compensation, or null
 */
public record Step(
        String id,
        PayloadTemplate payload,
        List<String> needs,
        Set<String> upstream,
        Expression when,
        FanOut fanOut,
        Retry retry,
        Long timeoutMs,
        OnError onError,
        PayloadTemplate compensate) {

    /** How a step fans out. */
    public sealed interface FanOut {
        /** A fixed JSON list given in the spec. */
        record Items(List<Object> items) implements FanOut {}

        /** A list computed when the step becomes ready. */
        record ItemsFrom(Expression expression) implements FanOut {}

        /** Fixed-size pieces of some bytes, cut at a line end where the piece has one. */
        record Chunks(DataRef input, Template inputBlob, long size) implements FanOut {}
    }
}

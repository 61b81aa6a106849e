package dev.anchor.api;

import java.util.List;

/** One page of a job listing; pass {@code nextCursor} back as {@code cursor} for the next. */
public record JobPage(List<JobView> items, String nextCursor) {}

package dev.anchor.api.agent;

import java.util.List;

/** Reports sent together and committed in one transaction, in order. */
public record UpdateBatch(List<AttemptUpdate> updates) {}

package dev.anchor.api.agent;

import java.util.List;

/** Leases granted; empty when none became ready within the wait. */
public record LeaseResponse(List<Lease> leases) {}

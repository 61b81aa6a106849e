/**
 * A simulated fleet for scale tests: many fake nodes in one JVM that speak the real agent protocol
 * over loopback (register with an Ed25519 identity and the join token, long-poll leases, heartbeat,
 * report) but run nothing. {@link dev.anchor.bench.fleet.SimulatedFleet} is the fleet,
 * {@link dev.anchor.bench.fleet.FleetBenchmark} measures a coordinator with it ({@code bench/run-fleet}).
 */
package dev.anchor.bench.fleet;

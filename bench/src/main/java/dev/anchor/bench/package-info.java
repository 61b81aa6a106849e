/**
 * End-to-end benchmarks: real coordinator and agent processes on this machine, driven through the
 * Java client, printing medians, tails and ratios against the targets named in the issue. Start one
 * with {@code bench/run}; {@link dev.anchor.bench.FoundationBenchmark} is the first. Nothing here
 * asserts on timings.
 */
package dev.anchor.bench;

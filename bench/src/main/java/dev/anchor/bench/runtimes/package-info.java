/**
 * The runtime benchmark (issue 3): each runtime measured in-process through the SPI, as the agent calls
 * it, against its peer on this machine in the same run — js against {@code node}, wasm against the
 * same C built with {@code gcc -O2} and against node's WebAssembly, the container runtime against a
 * bare {@code docker run}, the process runtime against a bare {@code bwrap}. Prints medians and ratios;
 * asserts nothing. Entry point: {@link dev.anchor.bench.runtimes.RuntimeBenchmark}.
 */
package dev.anchor.bench.runtimes;

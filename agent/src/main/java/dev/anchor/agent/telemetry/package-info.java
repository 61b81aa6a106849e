/**
 * What a node reports about itself: CPU, memory and disk from the operating system (OSHI, with the
 * JDK as fallback) and NVIDIA GPUs from {@code nvidia-smi}, probed in the background so heartbeats
 * stay cheap. {@link dev.anchor.agent.telemetry.TelemetryCollector} is the entry point.
 */
package dev.anchor.agent.telemetry;

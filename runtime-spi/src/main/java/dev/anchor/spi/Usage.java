package dev.anchor.spi;

/**
 * What one run used, reported against its {@link Limits}.
 *
 * @param wallMillis  wall-clock time of the run
 * @param memoryBytes peak guest memory the runtime observed (for wasm: linear memory size), 0 if unknown
 * @param fuel        deterministic fuel consumed, 0 when the runtime does not meter
 * @param outputBytes bytes of output produced
 */
public record Usage(long wallMillis, long memoryBytes, long fuel, long outputBytes) {
    public static final Usage NONE = new Usage(0, 0, 0, 0);
}

package dev.anchor.spi;

/**
 * The limits one task runs under. Every runtime enforces those that apply to it and reports usage
 * against them. Values are always positive; defaults come from {@link #DEFAULT}.
 *
 * @param memoryMb       guest memory cap in MiB
 * @param timeoutMs      wall-clock cap in milliseconds
 * @param fuel           deterministic instruction budget; 0 = unmetered
 * @param cpus           CPU share (containers, processes)
 * @param maxOutputBytes cap on the output the task produces
 * @param maxInputBytes  cap on the input the task is given
 */
public record Limits(int memoryMb, long timeoutMs, long fuel, double cpus, long maxOutputBytes, long maxInputBytes) {

    public static final Limits DEFAULT = new Limits(256, 30_000, 0, 1.0, 16L << 20, 64L << 20);

    public Limits {
        if (memoryMb <= 0) throw new IllegalArgumentException("memoryMb must be positive");
        if (timeoutMs <= 0) throw new IllegalArgumentException("timeoutMs must be positive");
        if (fuel < 0) throw new IllegalArgumentException("fuel must not be negative");
        if (!(cpus > 0)) throw new IllegalArgumentException("cpus must be positive");
        if (maxOutputBytes <= 0) throw new IllegalArgumentException("maxOutputBytes must be positive");
        if (maxInputBytes <= 0) throw new IllegalArgumentException("maxInputBytes must be positive");
    }

    /** Memory cap in bytes. */
    public long memoryBytes() {
        return (long) memoryMb << 20;
    }
}

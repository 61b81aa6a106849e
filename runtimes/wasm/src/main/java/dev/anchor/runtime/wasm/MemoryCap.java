package dev.anchor.runtime.wasm;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;

/**
 * The memory factory of one task: makes the guest's linear memory with its maximum lowered to the
 * task's cap, keeping the module's own initial size and flags. (Instance.Builder#withMemoryLimits
 * would replace the module's limits outright, growing a small module's initial memory to the cap.)
 * Remembers the memory it made, to report its size and whether the cap refused growth.
 */
final class MemoryCap {

    private final long limitBytes;
    private final int limitPages;
    private CappedMemory memory;

    MemoryCap(long limitBytes) {
        if (limitBytes <= 0) throw new IllegalArgumentException("limitBytes must be positive");
        this.limitPages = (int) Math.min(limitBytes / Memory.PAGE_SIZE, Memory.RUNTIME_MAX_PAGES);
        // Chicory addresses at most RUNTIME_MAX_PAGES (2 GiB); a higher limit is reported as that.
        this.limitBytes = (long) limitPages * Memory.PAGE_SIZE;
    }

    /** Chicory's memory factory; throws {@link LimitExceededException} when the module starts too big. */
    Memory create(MemoryLimits declared) {
        if (declared.initialPages() > limitPages) {
            long needed = (long) declared.initialPages() * Memory.PAGE_SIZE;
            throw new LimitExceededException("module needs " + ceilMiB(needed) + " MiB of memory at start; limit is "
                    + ceilMiB(limitBytes) + " MiB");
        }
        var capped = new MemoryLimits(
                declared.initialPages(), Math.min(declared.maximumPages(), limitPages), declared.shared());
        memory = new CappedMemory(new ByteArrayMemory(capped), declared.maximumPages());
        return memory;
    }

    /** Linear memory now, which is its peak: wasm memory never shrinks. 0 when the module has none. */
    long peakBytes() {
        return memory == null ? 0 : (long) memory.pages() * Memory.PAGE_SIZE;
    }

    boolean reached() {
        return memory != null && memory.capRefusedGrowth();
    }

    String limitDescription() {
        return "memory limit of " + ceilMiB(limitBytes) + " MiB reached";
    }

    private static long ceilMiB(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}

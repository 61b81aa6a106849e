package dev.anchor.runtime.wasm;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;

/**
 * The memory factory of one task: makes the guest's linear memory with its maximum lowered to the
 * task's cap, keeping the module's own initial size and flags. (Instance.Builder#withMemoryLimits
 * would replace the module's limits outright, growing a small module's initial memory to the cap.)
 * Whether the cap refused a grow is told by the instrumented module's own grow function (see
 * {@link FuelInstrumenter}); the memory is Chicory's plain {@link ByteArrayMemory}, a final class,
 * so that the JIT inlines each guest memory access with nothing in between.
 */
final class MemoryCap {

    private final long limitBytes;
    private final int limitPages;

    MemoryCap(long limitBytes) {
        if (limitBytes <= 0) throw new IllegalArgumentException("limitBytes must be positive");
        this.limitPages = (int) Math.min(limitBytes / Memory.PAGE_SIZE, Memory.RUNTIME_MAX_PAGES);
        // Chicory addresses at most RUNTIME_MAX_PAGES (2 GiB); a higher limit is reported as that.
        this.limitBytes = (long) limitPages * Memory.PAGE_SIZE;
    }

    /** Chicory's memory factory; throws {@link LimitExceededException} when the module starts too big. */
    Memory create(MemoryLimits declared) {
        checkInitial(declared.initialPages());
        var capped = new MemoryLimits(
                declared.initialPages(), Math.min(declared.maximumPages(), limitPages), declared.shared());
        return new ByteArrayMemory(capped);
    }

    /** Throws {@link LimitExceededException} when a memory of this initial size does not fit the cap. */
    void checkInitial(int initialPages) {
        if (initialPages > limitPages) {
            long needed = (long) initialPages * Memory.PAGE_SIZE;
            throw new LimitExceededException("module needs " + ceilMiB(needed) + " MiB of memory at start; limit is "
                    + ceilMiB(limitBytes) + " MiB");
        }
    }

    /** The cap in 64 KiB pages. */
    int limitPages() {
        return limitPages;
    }

    String limitDescription() {
        return "memory limit of " + ceilMiB(limitBytes) + " MiB reached";
    }

    private static long ceilMiB(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}

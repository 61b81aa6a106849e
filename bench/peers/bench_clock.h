/* Shared by the wasm/native peer kernels: a monotonic clock in nanoseconds, read inside the program
 * so that native and node times exclude process start. Under Anchor's wasm runtime the clock is
 * frozen (reads the same instant every time), so there the harness times the run from outside. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline int64_t bench_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static inline long bench_size(int argc, char **argv, long fallback) {
    return argc > 1 ? strtol(argv[1], NULL, 10) : fallback;
}

/* Dense N×N double matrix multiply (i-k-j order): loads, stores and floating-point multiply-adds.
 * Usage: matmul N; prints "checksum=... ns=...". */
#include "bench_clock.h"

/* One row of the product; a function of its own so that JITs which tier up per call (V8's wasm
 * tiers have no on-stack replacement) see it hot. */
__attribute__((noinline)) static void row(const double *a, const double *b, double *c, long n, long i) {
    for (long k = 0; k < n; k++) {
        double aik = a[i * n + k];
        for (long j = 0; j < n; j++) c[i * n + j] += aik * b[k * n + j];
    }
}

int main(int argc, char **argv) {
    long n = bench_size(argc, argv, 256);
    double *a = malloc(sizeof(double) * n * n), *b = malloc(sizeof(double) * n * n), *c = calloc(n * n, sizeof(double));
    if (!a || !b || !c) return 1;
    for (long i = 0; i < n * n; i++) {
        a[i] = (double)(i % 17) * 0.25;
        b[i] = (double)(i % 13) * 0.5;
    }
    int64_t start = bench_now_ns();
    for (long i = 0; i < n; i++) row(a, b, c, n, i);
    int64_t elapsed = bench_now_ns() - start;
    double sum = 0;
    for (long i = 0; i < n * n; i++) sum += c[i] * (double)(i % 7);
    printf("checksum=%.1f ns=%lld\n", sum, (long long)elapsed);
    return 0;
}

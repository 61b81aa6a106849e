/* Recursive Fibonacci: calls and integer adds. Usage: fib N; prints "checksum=... ns=...". */
#include "bench_clock.h"

static uint64_t fib(int n) {
    return n < 2 ? (uint64_t)n : fib(n - 1) + fib(n - 2);
}

int main(int argc, char **argv) {
    int n = (int)bench_size(argc, argv, 32);
    int64_t start = bench_now_ns();
    uint64_t result = fib(n);
    int64_t elapsed = bench_now_ns() - start;
    printf("checksum=%llu ns=%lld\n", (unsigned long long)result, (long long)elapsed);
    return 0;
}

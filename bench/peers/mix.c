/* SHA-like 32-bit mixing: rotations, xors and adds over a 4 KiB block, N rounds.
 * Usage: mix N; prints "checksum=... ns=...". */
#include "bench_clock.h"

#define WORDS 1024

static inline uint32_t rotr(uint32_t x, int r) { return (x >> r) | (x << (32 - r)); }

/* One round over the block; a function of its own so that JITs which tier up per call (V8's
 * wasm tiers have no on-stack replacement) see it hot. */
__attribute__((noinline)) static void round_(uint32_t *state, uint32_t *w) {
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
    for (int i = 0; i < WORDS; i++) {
        uint32_t s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
        uint32_t ch = (e & f) ^ (~e & g);
        uint32_t t1 = h + s1 + ch + w[i];
        uint32_t s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
        uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
        h = g; g = f; f = e; e = d + t1;
        d = c; c = b; b = a; a = t1 + s0 + maj;
        w[i] ^= a;
    }
    state[0] = a; state[1] = b; state[2] = c; state[3] = d; state[4] = e; state[5] = f; state[6] = g; state[7] = h;
}

int main(int argc, char **argv) {
    long rounds = bench_size(argc, argv, 2000);
    static uint32_t w[WORDS];
    for (int i = 0; i < WORDS; i++) w[i] = (uint32_t)i * 2654435761u;
    uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    int64_t start = bench_now_ns();
    for (long r = 0; r < rounds; r++) round_(h, w);
    int64_t elapsed = bench_now_ns() - start;
    uint32_t sum = 0;
    for (int i = 0; i < 8; i++) sum ^= h[i];
    printf("checksum=%u ns=%lld\n", sum, (long long)elapsed);
    return 0;
}

/*
 * ppm: image steps on binary PPM (P6, maxval 255) images, stdin to stdout.
 *   ppm resize W H   scales to W x H pixels, nearest neighbour
 *   ppm grayscale    replaces each pixel by its luma, (299 R + 587 G + 114 B) / 1000
 * Output is always "P6\nW H\n255\n" followed by the pixels. Bad input or arguments: exit 1.
 *
 * Build: see build.sh
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *message) {
    fprintf(stderr, "ppm: %s\n", message);
    return 1;
}

/* The next header number, skipping whitespace and '#' comments; -1 when there is none. */
static long number(void) {
    int c = getchar();
    while (c == '#' || isspace(c)) {
        if (c == '#') {
            while (c != '\n' && c != EOF) c = getchar();
        }
        c = getchar();
    }
    if (!isdigit(c)) return -1;
    long n = 0;
    for (; isdigit(c); c = getchar()) {
        n = n * 10 + (c - '0');
        if (n > 100000) return -1;
    }
    return isspace(c) ? n : -1; /* exactly one whitespace byte ends the header's last number */
}

int main(int argc, char **argv) {
    if (argc < 2) return fail("usage: ppm resize W H | ppm grayscale");
    if (getchar() != 'P' || getchar() != '6') return fail("input is not a binary PPM (P6)");
    long width = number(), height = number(), maxval = number();
    if (width < 1 || height < 1 || maxval != 255) return fail("bad PPM header (needs width, height and maxval 255)");
    size_t size = (size_t) width * (size_t) height * 3;
    unsigned char *in = malloc(size);
    if (in == NULL) return fail("out of memory");
    if (fread(in, 1, size, stdin) != size) return fail("input ends before its last pixel");

    if (strcmp(argv[1], "grayscale") == 0) {
        for (size_t i = 0; i < size; i += 3) {
            unsigned char luma = (unsigned char) ((299 * in[i] + 587 * in[i + 1] + 114 * in[i + 2]) / 1000);
            in[i] = in[i + 1] = in[i + 2] = luma;
        }
        printf("P6\n%ld %ld\n255\n", width, height);
        fwrite(in, 1, size, stdout);
        return 0;
    }
    if (strcmp(argv[1], "resize") == 0 && argc == 4) {
        long w = atol(argv[2]), h = atol(argv[3]);
        if (w < 1 || h < 1 || w > 10000 || h > 10000) return fail("resize needs a width and height from 1 to 10000");
        printf("P6\n%ld %ld\n255\n", w, h);
        for (long y = 0; y < h; y++) {
            for (long x = 0; x < w; x++) {
                fwrite(in + ((y * height / h) * width + x * width / w) * 3, 1, 3, stdout);
            }
        }
        return 0;
    }
    return fail("unknown operation; use: resize W H | grayscale");
}

/*
 * echo: copies stdin to stdout, then writes its arguments, joined by spaces, and a newline when it
 * has any. Handy as a stand-in step and as a compensation that says what it undoes
 * (`args: [undo, reserve]` prints "undo reserve").
 *
 * Build: see build.sh
 */
#include <stdio.h>

int main(int argc, char **argv) {
    char buffer[65536];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, stdin)) > 0) {
        fwrite(buffer, 1, n, stdout);
    }
    for (int i = 1; i < argc; i++) {
        printf("%s%s", i > 1 ? " " : "", argv[i]);
    }
    if (argc > 1) {
        putchar('\n');
    }
    return 0;
}

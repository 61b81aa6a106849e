/*
 * fail: always fails. Prints its arguments (or "fail: failing on purpose") to stderr and exits
 * with status 2, to show what a workflow does when a step fails (onError).
 *
 * Build: see build.sh
 */
#include <stdio.h>

int main(int argc, char **argv) {
    if (argc < 2) {
        fputs("fail: failing on purpose", stderr);
    }
    for (int i = 1; i < argc; i++) {
        fprintf(stderr, "%s%s", i > 1 ? " " : "", argv[i]);
    }
    fputc('\n', stderr);
    return 2;
}

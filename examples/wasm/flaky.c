/*
 * flaky: fails (exit 1) on the first try of its step and succeeds on any later one, printing
 * "ok on try N". The agent tells a guest its step's try number in the environment as ANCHOR_TRY;
 * this shows a step's `retry` policy at work.
 *
 * Build: see build.sh
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    const char *try = getenv("ANCHOR_TRY");
    if (try == NULL || strcmp(try, "1") == 0) {
        fputs("flaky: failing on purpose on try 1\n", stderr);
        return 1;
    }
    printf("ok on try %s\n", try);
    return 0;
}

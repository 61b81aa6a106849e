/*
 * sum: reads whitespace-separated integers from stdin and prints their sum. Anything that is not an
 * integer is an error (exit 1, a message on stderr). A reduce step: `input: {text: "${{ steps.map.output }}"}`.
 *
 * Build: see build.sh
 */
#include <stdio.h>

int main(void) {
    long long sum = 0, value;
    int read;
    while ((read = scanf("%lld", &value)) == 1) {
        sum += value;
    }
    if (read != EOF) {
        fputs("sum: input holds something that is not an integer\n", stderr);
        return 1;
    }
    printf("%lld\n", sum);
    return 0;
}

/*
 * words: reads stdin and prints how many words it holds (runs of non-whitespace, as `wc -w`).
 * With the argument `--each` it prints one "word count" line per distinct word instead, in byte
 * order, with ASCII letters lower-cased: the map step of a word-count map/reduce.
 *
 * Build: see build.sh
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int compare(const void *a, const void *b) {
    return strcmp(*(char *const *) a, *(char *const *) b);
}

int main(int argc, char **argv) {
    int each = argc > 1 && strcmp(argv[1], "--each") == 0;
    size_t count = 0, capacity = 256, length = 0;
    char **words = malloc(capacity * sizeof *words);
    char word[256];
    int c;
    do {
        c = getchar();
        if (c != EOF && !isspace(c)) {
            if (length + 1 < sizeof word) {
                word[length++] = (char) tolower(c);
            }
            continue;
        }
        if (length == 0) {
            continue;
        }
        word[length] = '\0';
        length = 0;
        if (count == capacity) {
            capacity *= 2;
            words = realloc(words, capacity * sizeof *words);
        }
        if (words == NULL || (words[count++] = strdup(word)) == NULL) {
            fputs("words: out of memory\n", stderr);
            return 1;
        }
    } while (c != EOF);
    if (!each) {
        printf("%zu\n", count);
        return 0;
    }
    qsort(words, count, sizeof *words, compare);
    for (size_t i = 0, run; i < count; i += run) {
        for (run = 1; i + run < count && strcmp(words[i], words[i + run]) == 0; run++) {
        }
        printf("%s %zu\n", words[i], run);
    }
    return 0;
}

/*
 * wordcount: reads all of stdin and writes, like `wc`, "lines words bytes" followed by the three
 * most frequent words with their counts, one per line ("word count"). Words are what `wc` counts
 * (runs of non-whitespace), compared with ASCII letters lower-cased; ties are broken
 * alphabetically so every node prints the same result. A progress line goes to stderr.
 *
 * Build: clang --target=wasm32-wasi -O2 -o wordcount.wasm wordcount.c   (see build.sh)
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry {
    char *word;
    size_t length;
    long count;
};

static struct entry *table;
static size_t capacity = 1024;
static size_t used;

static unsigned int hash(const char *s, size_t n) {
    unsigned int h = 2166136261u; /* 32-bit FNV-1a: size_t is 32 bits on wasm32 */
    for (size_t i = 0; i < n; i++) {
        h = (h ^ (unsigned char) s[i]) * 16777619u;
    }
    return h;
}

static void grow(void);

static void add(const char *word, size_t length) {
    if (used * 2 >= capacity) {
        grow();
    }
    size_t i = hash(word, length) & (capacity - 1);
    while (table[i].word != NULL) {
        if (table[i].length == length && memcmp(table[i].word, word, length) == 0) {
            table[i].count++;
            return;
        }
        i = (i + 1) & (capacity - 1);
    }
    table[i].word = malloc(length);
    if (table[i].word == NULL) {
        fputs("wordcount: out of memory\n", stderr);
        exit(1);
    }
    memcpy(table[i].word, word, length);
    table[i].length = length;
    table[i].count = 1;
    used++;
}

static void grow(void) {
    struct entry *old = table;
    size_t old_capacity = capacity;
    capacity *= 2;
    table = calloc(capacity, sizeof *table);
    if (table == NULL) {
        fputs("wordcount: out of memory\n", stderr);
        exit(1);
    }
    used = 0;
    for (size_t i = 0; i < old_capacity; i++) {
        if (old[i].word != NULL) {
            size_t j = hash(old[i].word, old[i].length) & (capacity - 1);
            while (table[j].word != NULL) {
                j = (j + 1) & (capacity - 1);
            }
            table[j] = old[i];
            used++;
        }
    }
    free(old);
}

/* Is a ahead of b in the ranking: more frequent first, then alphabetical. */
static int ahead(const struct entry *a, const struct entry *b) {
    if (a->count != b->count) {
        return a->count > b->count;
    }
    size_t n = a->length < b->length ? a->length : b->length;
    int c = memcmp(a->word, b->word, n);
    return c != 0 ? c < 0 : a->length < b->length;
}

int main(void) {
    table = calloc(capacity, sizeof *table);
    char *word = malloc(64);
    size_t word_capacity = 64, word_length = 0;
    if (table == NULL || word == NULL) {
        fputs("wordcount: out of memory\n", stderr);
        return 1;
    }
    long lines = 0, words = 0, bytes = 0;
    char buffer[65536];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, stdin)) > 0) {
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char) buffer[i];
            if (c == '\n') {
                lines++;
            }
            if (isspace(c)) {
                if (word_length > 0) {
                    add(word, word_length);
                    words++;
                    word_length = 0;
                }
            } else {
                if (word_length == word_capacity) {
                    word_capacity *= 2;
                    word = realloc(word, word_capacity);
                    if (word == NULL) {
                        fputs("wordcount: out of memory\n", stderr);
                        return 1;
                    }
                }
                word[word_length++] = (char) tolower(c);
            }
        }
        bytes += (long) n;
    }
    if (word_length > 0) {
        add(word, word_length);
        words++;
    }
    fprintf(stderr, "wordcount: read %ld bytes, %zu distinct words\n", bytes, used);

    const struct entry *top[3] = {NULL, NULL, NULL};
    for (size_t i = 0; i < capacity; i++) {
        const struct entry *e = &table[i];
        if (e->word == NULL) {
            continue;
        }
        for (int k = 0; k < 3; k++) {
            if (top[k] == NULL || ahead(e, top[k])) {
                for (int m = 2; m > k; m--) {
                    top[m] = top[m - 1];
                }
                top[k] = e;
                break;
            }
        }
    }
    printf("%ld %ld %ld\n", lines, words, bytes);
    for (int k = 0; k < 3 && top[k] != NULL; k++) {
        printf("%.*s %ld\n", (int) top[k]->length, top[k]->word, top[k]->count);
    }
    return 0;
}

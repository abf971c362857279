/*
 * tok_bench: the wikinorm tokenizer alone, over the library.
 *
 *   tok_bench [--passes P] [--whole] FILE...
 *
 * Reads every FILE into one buffer once (untimed), then times wn_tokenize
 * only: P passes over every article, each in its own arena reset between
 * documents (like the pipeline), or with --whole the concatenation of all
 * files tokenized as one document. Prints one line:
 *
 *   MBps=<tokenizer MB/s> cpuMBps=<same over CPU time> secs=<tokenizer seconds> bytes=<per pass>
 *   docs=<n> nodes=<per pass> templates=<per pass> warnings=<n>
 *
 * MB = 10^6 bytes. Warnings are counted, not printed. One untimed warm-up
 * pass comes first, so that page faults of the arena are not counted.
 */
#include "wikinorm.h"

#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void count_diag(void *user, const wn_diag *d) {
  (void)d;
  ++*(unsigned long *)user;
}

static double clock_s(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
static double now(void) { return clock_s(CLOCK_MONOTONIC); }
static double cpu_now(void) { return clock_s(CLOCK_THREAD_CPUTIME_ID); }

static void die(const char *what, const char *arg) {
  fprintf(stderr, "tok_bench: %s%s%s\n", what, arg ? ": " : "", arg ? arg : "");
  exit(2);
}

typedef struct {
  unsigned long nodes, templates;
} counts;

/* Tokenizes [text, text+len) split at offs[0..n]; returns seconds spent in
 * wn_tokenize. */
static double pass(wn_arena *a, const char *text, const size_t *offs, size_t n,
                   const char *const *names, wn_diag_sink *sink, counts *c, wn_status *worst,
                   double *cpu) {
  double spent = 0;
  for (size_t i = 0; i < n; i++) {
    wn_tree t;
    wn_arena_reset(a);
    double c0 = cpu_now(), t0 = now();
    wn_status st = wn_tokenize(a, text + offs[i], offs[i + 1] - offs[i], 1, 1, names[i], sink, &t);
    spent += now() - t0;
    *cpu += cpu_now() - c0;
    if (st != WN_OK) {
      *worst = st;
      continue;
    }
    c->nodes += t.count;
    for (uint32_t k = 0; k < t.count; k++)
      if (t.nodes[k].type == WN_NODE_TEMPLATE) c->templates++;
  }
  return spent;
}

int main(int argc, char **argv) {
  int passes = 3;
  bool whole = false;
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
    if (!strcmp(argv[i], "--passes") && i + 1 < argc)
      passes = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--whole"))
      whole = true;
    else if (!strcmp(argv[i], "--")) {
      i++;
      break;
    } else
      die("usage: tok_bench [--passes P] [--whole] FILE...", NULL);
  }
  if (i >= argc || passes < 1) die("usage: tok_bench [--passes P] [--whole] FILE...", NULL);
  size_t nfiles = (size_t)(argc - i);
  const char *const *files = (const char *const *)argv + i;

  /* Load everything once. */
  size_t cap = 1 << 20, len = 0;
  char *text = malloc(cap);
  size_t *offs = malloc((nfiles + 1) * sizeof *offs);
  if (!text || !offs) die("out of memory", NULL);
  for (size_t f = 0; f < nfiles; f++) {
    FILE *fp = fopen(files[f], "rb");
    if (!fp) die(strerror(errno), files[f]);
    offs[f] = len;
    for (;;) {
      if (cap - len < 65536) {
        cap *= 2;
        text = realloc(text, cap);
        if (!text) die("out of memory", NULL);
      }
      size_t got = fread(text + len, 1, cap - len - 1, fp);
      if (got == 0) break;
      len += got;
    }
    fclose(fp);
  }
  offs[nfiles] = len;
  text[len] = '\0';

  /* The tokenizer expects valid UTF-8 (the reader repairs it); do the same
   * once here, untimed, so that the bytes are exactly what it would see. */
  if (!wn_utf8_valid(text, len)) {
    wn_buf fixed;
    wn_buf_init(&fixed);
    size_t *noffs = malloc((nfiles + 1) * sizeof *noffs);
    if (!noffs) die("out of memory", NULL);
    for (size_t f = 0; f < nfiles; f++) {
      size_t bad;
      noffs[f] = fixed.len;
      wn_utf8_repair(text + offs[f], offs[f + 1] - offs[f], &fixed, &bad);
    }
    noffs[nfiles] = fixed.len;
    if (fixed.failed) die("out of memory", NULL);
    free(text);
    free(offs);
    text = fixed.data;
    offs = noffs;
    len = fixed.len;
  }

  size_t wholeoffs[2] = {0, len};
  const char *wholename[1] = {"<concatenation>"};
  const size_t *o = whole ? wholeoffs : offs;
  size_t n = whole ? 1 : nfiles;
  const char *const *names = whole ? wholename : files;

  unsigned long warnings = 0;
  wn_diag_sink sink = {count_diag, &warnings, 0, 0};
  wn_arena *a = wn_arena_new();
  if (!a) die("out of memory", NULL);
  wn_status worst = WN_OK;
  counts warm = {0, 0};
  double cpu = 0;
  pass(a, text, o, n, names, &sink, &warm, &worst, &cpu); /* warm-up, untimed */
  cpu = 0;
  double secs = 0;
  counts c = {0, 0};
  for (int p = 0; p < passes; p++) {
    c = (counts){0, 0};
    secs += pass(a, text, o, n, names, &sink, &c, &worst, &cpu);
  }
  double mb = (double)len * passes / 1e6;
  printf("MBps=%.1f cpuMBps=%.1f secs=%.4f bytes=%zu docs=%zu nodes=%lu templates=%lu "
         "warnings=%lu status=%s\n",
         secs > 0 ? mb / secs : 0.0, cpu > 0 ? mb / cpu : 0.0, secs, len, n, c.nodes, c.templates,
         warnings / (passes + 1), wn_status_str(worst));
  wn_arena_free(a);
  free(text);
  free(offs);
  return worst == WN_OK ? 0 : 1;
}

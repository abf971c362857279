/*
 * tool_tokbench: tokenizer throughput in CPU time (other processes on
 * the machine do not count), best of N passes.
 *
 *   tool_tokbench [--passes N] [--whole] [--json] FILE...
 *
 * Reads every FILE into memory (untimed). Each pass tokenizes every file
 * as its own document in an arena reset between documents, or with
 * --whole their concatenation as one document; --json adds wn_tree_json
 * to the timed work. Prints
 *   MBps=<best> cpu_secs=<best pass> bytes=<per pass> docs=<n> nodes=<n>
 * (MB = 10^6 bytes).
 */
#include "wikinorm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  int passes = 5, i = 1;
  bool whole = false, json = false;
  for (; i < argc && !strncmp(argv[i], "--", 2); i++) {
    if (!strcmp(argv[i], "--passes") && i + 1 < argc)
      passes = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--whole"))
      whole = true;
    else if (!strcmp(argv[i], "--json"))
      json = true;
  }
  size_t n = (size_t)(argc - i), total = 0, cap = 1 << 20;
  char *all = malloc(cap);
  size_t *offs = calloc(n + 1, sizeof *offs);
  for (size_t k = 0; k < n; k++) {
    FILE *f = fopen(argv[i + (int)k], "rb");
    if (!f) {
      fprintf(stderr, "tool_tokbench: cannot read %s\n", argv[i + (int)k]);
      return 2;
    }
    size_t r;
    for (;;) {
      if (total == cap) all = realloc(all, cap *= 2);
      if ((r = fread(all + total, 1, cap - total, f)) == 0) break;
      total += r;
    }
    fclose(f);
    offs[k + 1] = total;
  }
  if (whole) offs[1] = total, n = total ? 1 : 0;
  wn_arena *a = wn_arena_new();
  wn_buf out;
  wn_buf_init(&out);
  wn_diag_sink quiet = {NULL, NULL, 0, 0};
  double best = 1e30;
  unsigned long nodes = 0;
  for (int p = 0; p <= passes; p++) { /* pass 0 warms up */
    nodes = 0;
    double t0 = cpu_now();
    for (size_t k = 0; k < n; k++) {
      wn_arena_reset(a);
      wn_tree t;
      if (wn_tokenize(a, all + offs[k], offs[k + 1] - offs[k], 1, 1, "bench", &quiet, &t) != WN_OK)
        return 1;
      nodes += t.count;
      if (json) {
        wn_doc doc = {.title = "bench"};
        wn_buf_clear(&out);
        wn_tree_json(&t, &doc, false, &out);
      }
    }
    double dt = cpu_now() - t0;
    if (p > 0 && dt < best) best = dt;
  }
  printf("MBps=%.1f cpu_secs=%.4f bytes=%zu docs=%zu nodes=%lu\n", (double)total / best / 1e6, best,
         total, n, nodes);
  wn_buf_free(&out);
  wn_arena_free(a);
  free(all);
  free(offs);
  return 0;
}

/*
 * tool_pathological: the tokenizer stays linear on inputs that make
 * backtracking parsers quadratic.
 *
 *   tool_pathological [--n N] [--limit-ms MS] [--only SUBSTRING]
 *
 * For every shape, builds N and 4N copies in memory, tokenizes each
 * (CPU time, best of 3, repeated so one measurement takes >= 8 ms) and
 * prints a TAP line: ok when 4N costs under 6 times N, and another when
 * N copies take under --limit-ms (default 1000; 0 skips it). Every tree
 * is also checked to tile its text.
 *
 * Memory comes from a cache that keeps freed blocks (installed with
 * wn_set_allocator), so both sizes run on warm memory: the ratio then
 * measures the tokenizer, not the kernel faulting in fresh pages for the
 * larger input (glibc returns big blocks to the kernel on free).
 */
#include "wikinorm.h"

#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct shape {
  const char *name;
  const char *prefix, *unit, *suffix; /* prefix + unit x N + suffix */
  const char *closer;                 /* then closer x N (nesting), or NULL */
} shape;

static const shape shapes[] = {
    {"{{a| (unclosed templates)", "", "{{a|", "", NULL},
    {"<ref> (unclosed refs)", "", "<ref>", "", NULL},
    {"{| + newline (unclosed tables)", "", "{|\n", "", NULL},
    {"[http://a (unclosed external links, one line)", "", "[http://a ", "", NULL},
    {"[[ (unclosed links)", "", "[[", "", NULL},
    {"[[a  (unclosed links with text)", "", "[[a ", "", NULL},
    {"{{{ (unclosed arguments)", "", "{{{", "", NULL},
    {"{{{a| (unclosed arguments with text)", "", "{{{a|", "", NULL},
    {"<!-- (unterminated comments)", "", "<!--", "", NULL},
    {"'' (quotes on one line)", "", "''", "", NULL},
    {"''a (italics on one line)", "", "''a", "", NULL},
    {"'''''a (bold italics on one line)", "", "'''''a", "", NULL},
    {"[[a|{{b| (links and templates)", "", "[[a|{{b|", "", NULL},
    {"{{a| ... }} (deep nesting, closed)", "", "{{a|", "", "}}"},
    {"[[a| ... ]] (deep links, closed)", "", "[[a|", "", "]]"},
    {"<b> ... </b> (deep tags, closed)", "", "<b>", "", "</b>"},
    {"<b> (unclosed tags)", "", "<b>", "", NULL},
    {"<span  (tags without >)", "", "<span ", "", NULL},
    {"|x (parameters of one template)", "{{a", "|x", "}}", NULL},
    {"|k=v (named parameters)", "{{a", "|k=v", "}}", NULL},
    {"||x (cells on one line)", "{|\n|x", "||x", "\n|}", NULL},
    {"|-\\n|x (table rows)", "{|\n", "|-\n|x\n", "|}", NULL},
    {"-{ (language conversion)", "", "-{", "", NULL},
    {"<ref>a</ref> (refs)", "", "<ref>a</ref>", "", NULL},
    {"<ref> ... one </ref>", "", "<ref>", "</ref>", NULL},
    {"<nowiki> ... one </nowiki>", "", "<nowiki>", "</nowiki>", NULL},
    {"== a {{b (headings with open templates)", "", "\n== a {{b", "", NULL},
    {"= (equals at line starts in a template)", "{{a|", "\n=", "}}", NULL},
    {"&#x (entities without ;)", "", "&#x1", "", NULL},
    {"http://a'' (URLs)", "", "http://a'' ", "", NULL},
    {"* [[a|b]] (list lines)", "", "* [[a|b]] ''c'' {{d|e}}\n", "", NULL},
    {"[[File:a|b| (unclosed file links)", "", "[[File:a|b|", "", NULL},
    {"text line of 10 MB (N: 2.5 MB)", "", "word [[link]] ''it'' {{t|x}} &amp; ", "", NULL},
};

/* ---- a caching allocator: freed blocks are kept by size ---- */

typedef struct cached {
  struct cached *next;
  size_t size;
  _Alignas(16) unsigned char data[];
} cached;

static cached *free_blocks;

static void *cache_malloc(size_t size, void *user) {
  (void)user;
  for (cached **p = &free_blocks; *p; p = &(*p)->next)
    if ((*p)->size == size) {
      cached *c = *p;
      *p = c->next;
      return c->data;
    }
  cached *c = malloc(sizeof *c + size);
  if (!c) return NULL;
  c->size = size;
  return c->data;
}

static cached *header(void *p) {
  return (cached *)(void *)((unsigned char *)p - offsetof(cached, data));
}

static void cache_free(void *p, void *user) {
  (void)user;
  if (!p) return;
  cached *c = header(p);
  c->next = free_blocks;
  free_blocks = c;
}

static void *cache_realloc(void *p, size_t size, void *user) {
  void *q = cache_malloc(size, user);
  if (q && p) {
    size_t old = header(p)->size;
    memcpy(q, p, old < size ? old : size);
    cache_free(p, user);
  }
  return q;
}

static double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void build(wn_buf *b, const shape *s, size_t n) {
  wn_buf_clear(b);
  wn_buf_puts(b, s->prefix);
  for (size_t i = 0; i < n; i++) wn_buf_puts(b, s->unit);
  if (s->closer)
    for (size_t i = 0; i < n; i++) wn_buf_puts(b, s->closer);
  wn_buf_puts(b, s->suffix);
}

static wn_diag_sink quiet = {NULL, NULL, 0, 0};
static bool tiled;

static void ignore(void *user, const wn_diag *d) {
  (void)user;
  (void)d;
}

/* Seconds for `reps` tokenizations, best of 3. */
static double measure(wn_arena *a, const wn_buf *b, int reps) {
  double best = 1e30;
  tiled = true;
  for (int k = 0; k < 3; k++) {
    double t0 = cpu_now();
    for (int r = 0; r < reps; r++) {
      wn_arena_reset(a);
      wn_tree t;
      if (wn_tokenize(a, b->data, b->len, 1, 1, "p", &quiet, &t) != WN_OK) {
        tiled = false;
        continue;
      }
      uint32_t end = 0;
      for (uint32_t i = t.first; i != WN_NONE; i = t.nodes[i].next_sibling) {
        if (t.nodes[i].span.off != end) tiled = false;
        end += t.nodes[i].span.len;
      }
      if (end != b->len) tiled = false;
    }
    double dt = cpu_now() - t0;
    if (dt < best) best = dt;
  }
  return best;
}

int main(int argc, char **argv) {
  size_t n = 100000;
  double limit_ms = 1000;
  const char *only = NULL;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--n")) n = (size_t)atol(argv[i + 1]);
    if (!strcmp(argv[i], "--limit-ms")) limit_ms = atof(argv[i + 1]);
    if (!strcmp(argv[i], "--only")) only = argv[i + 1];
  }
  quiet.fn = ignore;
  wn_set_allocator(&(wn_allocator){cache_malloc, cache_realloc, cache_free, NULL});
  wn_arena *a = wn_arena_new();
  wn_buf small, big;
  wn_buf_init(&small);
  wn_buf_init(&big);
  int failed = 0;
  for (size_t k = 0; k < sizeof shapes / sizeof *shapes; k++) {
    const shape *s = &shapes[k];
    if (only && !strstr(s->name, only)) continue;
    size_t copies = n;
    if (strstr(s->name, "10 MB")) copies = (2500000 / strlen(s->unit)) * n / 100000;
    build(&small, s, copies);
    build(&big, s, copies * 4);
    int reps = 1;
    measure(a, &big, 1); /* warms the cache up to the larger size */
    double t1 = measure(a, &small, 1);
    while (t1 * reps < 0.008 && reps < 1 << 16) reps *= 2;
    t1 = measure(a, &small, reps) / reps;
    bool ok1 = tiled;
    double t4 = measure(a, &big, reps) / reps;
    bool ok4 = tiled;
    double ratio = t4 / (t1 > 1e-9 ? t1 : 1e-9);
    bool ok = ratio < 6 && ok1 && ok4;
    failed += !ok;
    printf("%s - %s x%zu: %.2f ms, x%zu: %.2f ms, ratio %.2f (< 6)%s\n", ok ? "ok" : "not ok",
           s->name, copies, t1 * 1e3, copies * 4, t4 * 1e3, ratio,
           ok1 && ok4 ? "" : " [spans do not tile]");
    if (limit_ms > 0) {
      bool fast = t1 * 1e3 < limit_ms;
      failed += !fast;
      printf("%s - %s x%zu in %.2f ms (< %.0f ms)\n", fast ? "ok" : "not ok", s->name, copies,
             t1 * 1e3, limit_ms);
    }
    fflush(stdout);
  }
  wn_buf_free(&small);
  wn_buf_free(&big);
  wn_arena_free(a);
  wn_set_allocator(NULL);
  while (free_blocks) {
    cached *c = free_blocks;
    free_blocks = c->next;
    free(c);
  }
  return failed ? 1 : 0;
}

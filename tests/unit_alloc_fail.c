/*
 * Fault injection: every allocation the library makes can fail, and each
 * failure must come back as an error (WN_ERR_NOMEM, a failed buffer, a
 * "trouble" result), never a crash, a leak or a silently truncated
 * output.
 *
 * An injecting allocator is installed with wn_set_allocator, which routes
 * cJSON through it too (cJSON returns NULL when its allocator does,
 * exactly as under real memory exhaustion). A scenario —
 * tokenize, tree JSON, normalize, records, merge, diff, check over the
 * seeds, the reader, and the threaded pipeline — is run once to record
 * the reference outputs and count the allocations N; then, for k = 1…N,
 * it is run again in a forked child in which the k-th allocation fails
 * ("single" mode), and again in which the k-th and every later one fail
 * ("persistent" mode: real exhaustion). In each child:
 *   - the first step whose output differs from the reference must itself
 *     have reported an error (later steps may differ: they saw less);
 *   - every wn_status error returned is WN_ERR_NOMEM;
 *   - all memory taken through the allocator is given back (live == 0),
 *     and under ASan LeakSanitizer checks the rest at the child's exit.
 * A crash, a sanitizer report or a leak in a child is reported with k.
 *
 * WN_ALLOC_FAIL_MAX bounds the number of k tried per mode (default 1000,
 * 300 under ASan; beyond it the points are spread evenly over 1…N, first
 * and last kept). WN_ALLOC_FAIL_MAX=100000 tries them all.
 * WN_ALLOC_FAIL_K=k (with WN_ALLOC_FAIL_PERSISTENT=1 for that mode) runs
 * one point and prints the stack of the failed allocation (symbolized
 * under ASan); WN_ALLOC_FAIL_VERBOSE=1 lists every bad point.
 */
#include "wikinorm.h"

#include <cJSON.h> /* only to probe that wn_set_allocator routes cJSON too */
#include <execinfo.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/pipeline.h"
#include "tap.h"

/* ---- the injecting allocator ---- */

static atomic_long g_count;   /* allocations attempted (malloc, realloc) */
static atomic_long g_fail_at; /* 0 = never */
static atomic_int g_persistent;
static atomic_long g_live; /* blocks held */
static atomic_int g_injected;

/* Under ASan, a symbolized stack of the failed allocation. */
extern void __sanitizer_print_stack_trace(void) __attribute__((weak));
static bool g_trace; /* WN_ALLOC_FAIL_K given: show where the failure hit */

static bool should_fail(void) {
  long n = atomic_fetch_add(&g_count, 1) + 1;
  long k = atomic_load(&g_fail_at);
  if (!k) return false;
  if (n == k || (atomic_load(&g_persistent) && n > k)) {
    if (!atomic_exchange(&g_injected, 1) && g_trace) {
      fprintf(stderr, "allocation %ld fails here:\n", n);
      if (__sanitizer_print_stack_trace) {
        __sanitizer_print_stack_trace();
      } else {
        void *frames[32];
        backtrace_symbols_fd(frames, backtrace(frames, 32), 2);
      }
    }
    return true;
  }
  return false;
}

static void *inj_malloc(size_t n, void *u) {
  (void)u;
  if (should_fail()) return NULL;
  void *p = malloc(n);
  if (p) atomic_fetch_add(&g_live, 1);
  return p;
}

static void *inj_realloc(void *p, size_t n, void *u) {
  (void)u;
  if (should_fail()) return NULL; /* p stays valid, as with realloc */
  void *q = realloc(p, n);
  if (q && !p) atomic_fetch_add(&g_live, 1);
  return q;
}

static void inj_free(void *p, void *u) {
  (void)u;
  if (!p) return;
  atomic_fetch_sub(&g_live, 1);
  free(p);
}

/* ---- the scenario ---- */

#define MAX_STEPS 64

typedef struct step {
  char name[64];
  bool error; /* the step said it failed */
  int status; /* wn_status or a result code */
  char *out;  /* libc copy of its output */
  size_t out_len;
} step;

typedef struct result {
  step steps[MAX_STEPS];
  int count;
  int bad_status; /* a wn_status error other than WN_ERR_NOMEM */
  char bad_status_step[64];
} result;

typedef struct seed {
  const char *path;
  char *data; /* libc */
  size_t len;
} seed;

static seed g_seeds[3];
static const int g_seed_count = 3;

static void result_free(result *r) {
  for (int i = 0; i < r->count; i++) free(r->steps[i].out);
  memset(r, 0, sizeof *r);
}

static step *add_step(result *r, const char *name, bool error, int status, const wn_buf *b) {
  if (r->count >= MAX_STEPS) abort();
  step *s = &r->steps[r->count++];
  snprintf(s->name, sizeof s->name, "%s", name);
  s->error = error || (b && b->failed);
  s->status = status;
  size_t n = b && b->data ? b->len : 0;
  s->out = malloc(n + 1);
  if (!s->out) abort();
  if (n) memcpy(s->out, b->data, n);
  s->out[n] = '\0';
  s->out_len = n;
  return s;
}

/* A status-returning step: an error must be WN_ERR_NOMEM. */
static step *status_step(result *r, const char *name, wn_status st, const wn_buf *b) {
  if (st != WN_OK && st != WN_ERR_NOMEM && !r->bad_status) {
    r->bad_status = (int)st;
    snprintf(r->bad_status_step, sizeof r->bad_status_step, "%s", name);
  }
  return add_step(r, name, st != WN_OK, (int)st, b);
}

typedef struct read_state {
  const wn_context *ctx;
  wn_arena *arena;
  wn_buf out;
  bool error;
  int docs;
} read_state;

/* Writes each record as one JSON line into a buffer and, when lists are
 * given, keeps a copy in each; a failure is remembered in *error. */
typedef struct sink_state {
  wn_buf *out;
  wn_record_list *lists[2];
  bool error;
} sink_state;

static int on_record(void *user, const wn_record *rec) {
  sink_state *s = user;
  if (s->out && !(wn_record_write_json(rec, false, s->out) && wn_buf_putc(s->out, '\n')))
    s->error = true;
  for (int i = 0; i < 2; i++)
    if (s->lists[i] && wn_record_list_add(s->lists[i], rec) != WN_OK) s->error = true;
  return s->error;
}

static int on_doc(void *user, const wn_doc *doc) {
  read_state *s = user;
  unsigned n = 0;
  wn_diag_sink sink = {0};
  s->docs++;
  sink_state ss = {&s->out, {NULL, NULL}, false};
  if (wn_normalize(s->ctx, s->arena, doc, on_record, &ss, &n, &sink) != WN_OK || ss.error)
    s->error = true;
  wn_arena_reset(s->arena);
  return 0;
}

static int work_normalize(void *user, wn_arena *a, const wn_doc *doc, wn_buf *out,
                          wn_diag_sink *diags) {
  const wn_context *ctx = user;
  unsigned n = 0;
  sink_state ss = {out, {NULL, NULL}, false};
  return wn_normalize(ctx, a, doc, on_record, &ss, &n, diags) != WN_OK || ss.error;
}

static void scenario(result *r) {
  memset(r, 0, sizeof *r);
  wn_diag_sink sink = {0}; /* counted, not printed */
  wn_context_opts co = {0};
  wn_context *ctx = NULL;
  wn_status st = wn_context_new(&co, &sink, &ctx);
  status_step(r, "context", st, NULL);
  if (st != WN_OK) return;
  wn_arena *arena = wn_arena_new();
  add_step(r, "arena", arena == NULL, 0, NULL);
  wn_record_list *all = wn_record_list_new(), *back = wn_record_list_new(),
                 *per[3] = {wn_record_list_new(), wn_record_list_new(), wn_record_list_new()};
  add_step(r, "record_list_new", !all || !back || !per[0] || !per[1] || !per[2], 0, NULL);
  wn_buf b;
  wn_buf_init(&b);
  char name[64];
  if (arena && all && back && per[0] && per[1] && per[2]) {
    for (int i = 0; i < g_seed_count; i++) {
      /* The reader's repair, then tokenize and the tree as JSON. */
      wn_buf text;
      wn_buf_init(&text);
      wn_utf8_repair(g_seeds[i].data, g_seeds[i].len, &text, NULL);
      snprintf(name, sizeof name, "repair %d", i);
      add_step(r, name, text.failed, 0, NULL);
      if (text.failed) {
        wn_buf_free(&text);
        continue;
      }
      wn_doc doc = {0};
      doc.file = g_seeds[i].path;
      doc.text = text.data ? text.data : "";
      doc.len = text.len;
      doc.format = wn_detect_format(doc.text, doc.len);
      doc.lang = wn_detect_lang(doc.text, doc.len);
      doc.page_id = doc.revision_id = -1;
      doc.line = doc.col = 1;
      doc.index = (uint64_t)i;

      wn_tree tree;
      st = wn_tokenize(arena, doc.text, doc.len, 1, 1, doc.file, &sink, &tree);
      wn_buf_clear(&b);
      bool ok = st == WN_OK && wn_tree_json(&tree, &doc, false, &b);
      snprintf(name, sizeof name, "tokenize+tree_json %d", i);
      status_step(r, name, st, &b)->error |= st == WN_OK && !ok;
      wn_arena_reset(arena);

      /* Normalize in memory: each record written as JSON and kept. */
      wn_buf_clear(&b);
      unsigned n = 0;
      sink_state ss = {&b, {per[i], all}, false};
      st = wn_normalize(ctx, arena, &doc, on_record, &ss, &n, &sink);
      snprintf(name, sizeof name, "normalize %d", i);
      status_step(r, name, st, &b)->error |= ss.error;
      wn_arena_reset(arena);
      if (st == WN_OK && !ss.error && b.len) {
        /* The one JSON reader, on what the one writer wrote. */
        snprintf(name, sizeof name, "record_list_read_json %d", i);
        st = wn_record_list_read_json(back, ctx, b.data, b.len, doc.file, &sink);
        status_step(r, name, st, NULL);
      }
      wn_buf_free(&text);
    }
    wn_buf_clear(&b);
    char counts[64];
    snprintf(counts, sizeof counts, "%zu %zu %zu %zu %zu", wn_record_list_count(all),
             wn_record_list_count(per[0]), wn_record_list_count(per[1]),
             wn_record_list_count(per[2]), wn_record_list_count(back));
    wn_buf_puts(&b, counts);
    add_step(r, "records_count", false, 0, &b);

    for (int pretty = 0; pretty < 2; pretty++) {
      wn_buf_clear(&b);
      wn_record_list *merged = wn_record_list_new();
      st = merged ? wn_merge(ctx, all, merged) : WN_ERR_NOMEM;
      bool bad_write = false;
      for (size_t k = 0; st == WN_OK && k < wn_record_list_count(merged); k++)
        bad_write |= !wn_record_write_json(wn_record_list_get(merged, k), pretty, &b) ||
                     !wn_buf_putc(&b, '\n');
      wn_record_list_free(merged);
      status_step(r, pretty ? "merge pretty" : "merge", st, &b)->error |= bad_write;
    }
    for (int json = 0; json < 2; json++) {
      wn_buf_clear(&b);
      int d = wn_diff(ctx, per[0], per[1], json, &b);
      /* 2 means trouble; the reference tells whether it is expected. */
      add_step(r, json ? "diff json" : "diff", d == 2, d, &b);
      wn_buf_clear(&b);
      unsigned before = sink.errors;
      unsigned fails = wn_check(ctx, all, json, &b, &sink);
      add_step(r, json ? "check json" : "check", sink.errors != before, (int)fails, &b);
    }
  }

  /* The reader on a seed file. */
  if (arena) {
    read_state rs = {ctx, arena, {0}, false, 0};
    wn_buf_init(&rs.out);
    wn_read_opts ro = {0};
    st = wn_read_path(g_seeds[2].path, &ro, on_doc, &rs, &sink);
    status_step(r, "read_path", st, &rs.out)->error |= rs.error;
    wn_buf_free(&rs.out);
  }

  /* The pipeline with two workers over every seed. */
  FILE *tmp = tmpfile();
  if (!tmp) abort();
  const char *paths[3] = {g_seeds[0].path, g_seeds[1].path, g_seeds[2].path};
  wn_read_opts ro = {0};
  wn_pipeline_opts po = {2, tmp, &ro, false, NULL};
  wn_status pst = WN_OK;
  int bad = wn_pipeline_run(paths, 3, &po, work_normalize, ctx, &pst);
  wn_buf_clear(&b);
  fflush(tmp);
  rewind(tmp);
  char chunk[4096];
  size_t got;
  while ((got = fread(chunk, 1, sizeof chunk, tmp)) > 0) wn_buf_append(&b, chunk, got);
  fclose(tmp);
  status_step(r, "pipeline", pst, &b)->error |= bad != 0;

  wn_buf_free(&b);
  wn_record_list_free(all);
  wn_record_list_free(back);
  for (int i = 0; i < 3; i++) wn_record_list_free(per[i]);
  wn_arena_free(arena);
  wn_context_free(ctx);
}

/* ---- the checks in a child ---- */

enum { CHILD_CLEAN = 0, CHILD_SILENT = 3, CHILD_LEAK = 4, CHILD_STATUS = 5, CHILD_NOT_HIT = 6 };

static int compare(const result *ref, const result *got, char *why, size_t why_len) {
  int n = got->count < ref->count ? got->count : ref->count;
  for (int i = 0; i < n; i++) {
    const step *g = &got->steps[i], *w = &ref->steps[i];
    if (strcmp(g->name, w->name)) {
      /* A different path: only after an error is that allowed. */
      snprintf(why, why_len, "step %d is '%s' where the reference has '%s'", i, g->name, w->name);
      return CHILD_SILENT;
    }
    bool same = g->error == w->error && g->status == w->status && g->out_len == w->out_len &&
                !memcmp(g->out, w->out, g->out_len);
    if (same) continue;
    if (g->error) return CHILD_CLEAN; /* reported: later steps saw less */
    {
      snprintf(why, why_len,
               "step '%s' differs from the reference (status %d vs %d, %zu vs %zu bytes) "
               "without reporting an error",
               g->name, g->status, w->status, g->out_len, w->out_len);
      return CHILD_SILENT;
    }
  }
  if (got->count != ref->count) {
    snprintf(why, why_len, "%d steps ran where the reference ran %d, with no error", got->count,
             ref->count);
    return CHILD_SILENT;
  }
  return CHILD_CLEAN;
}

static result g_ref;

static int child(long k, int persistent, char *why, size_t why_len) {
  atomic_store(&g_count, 0);
  atomic_store(&g_live, 0);
  atomic_store(&g_injected, 0);
  atomic_store(&g_persistent, persistent);
  atomic_store(&g_fail_at, k);
  result got;
  scenario(&got);
  atomic_store(&g_fail_at, 0);
  int rc = compare(&g_ref, &got, why, why_len);
  if (rc == CHILD_CLEAN && atomic_load(&g_live) != 0) {
    snprintf(why, why_len, "%ld block(s) still held after everything was freed",
             (long)atomic_load(&g_live));
    rc = CHILD_LEAK;
  }
  if (rc == CHILD_CLEAN && !atomic_load(&g_injected)) rc = CHILD_NOT_HIT;
  if (rc == CHILD_CLEAN && got.bad_status) {
    /* An error all the same, but it names the wrong cause. */
    snprintf(why, why_len, "step '%s' returned %s, not WN_ERR_NOMEM", got.bad_status_step,
             wn_status_str((wn_status)got.bad_status));
    rc = CHILD_STATUS;
  }
  result_free(&got);
  return rc;
}

typedef struct tally {
  long tried, clean, not_hit, failed, misreported;
  char first_misreport[600];
} tally;

static void run_point(long k, int persistent, tally *t) {
  char errpath[] = "/tmp/wn_alloc_fail_XXXXXX";
  int efd = mkstemp(errpath);
  if (efd < 0) abort();
  unlink(errpath);
  int pfd[2];
  if (pipe(pfd)) abort();
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) abort();
  if (pid == 0) {
    close(pfd[0]);
    dup2(efd, 2);
    char why[512] = "";
    int rc = child(k, persistent, why, sizeof why);
    if (write(pfd[1], why, strlen(why)) < 0) rc = 99;
    close(pfd[1]);
    exit(rc); /* exit, not _exit: LeakSanitizer runs at exit under ASan */
  }
  close(pfd[1]);
  char why[512] = "";
  ssize_t wn = read(pfd[0], why, sizeof why - 1);
  why[wn > 0 ? wn : 0] = '\0';
  close(pfd[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  t->tried++;
  int rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (rc == CHILD_CLEAN) {
    t->clean++;
  } else if (rc == CHILD_STATUS) {
    t->clean++;
    if (!t->misreported++)
      snprintf(t->first_misreport, sizeof t->first_misreport, "k=%ld: %s", k, why);
  } else if (rc == CHILD_NOT_HIT) {
    t->not_hit++;
  } else {
    t->failed++;
    if (getenv("WN_ALLOC_FAIL_VERBOSE")) printf("# failing k=%ld %s\n", k, why);
    if (t->failed <= 5) {
      printf("# %s k=%ld: ", persistent ? "persistent" : "single", k);
      if (WIFSIGNALED(status))
        printf("killed by signal %d\n", WTERMSIG(status));
      else if (rc == CHILD_SILENT || rc == CHILD_LEAK)
        printf("%s\n", why);
      else
        printf("exit %d (a sanitizer report or leak, below)\n", rc);
      /* The child's stderr (sanitizer report), last lines. */
      char buf[8192];
      off_t end = lseek(efd, 0, SEEK_END);
      off_t from = end > (off_t)sizeof buf - 1 ? end - (off_t)sizeof buf + 1 : 0;
      lseek(efd, from, SEEK_SET);
      ssize_t n = read(efd, buf, sizeof buf - 1);
      if (n > 0) {
        buf[n] = '\0';
        for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
          printf("#   %s\n", line);
      }
    }
  }
  close(efd);
}

static bool load_seed(seed *s, const char *root, const char *name) {
  char *path = malloc(strlen(root) + strlen(name) + 2);
  if (!path) return false;
  sprintf(path, "%s/%s", root, name);
  FILE *f = fopen(path, "rb");
  if (!f) return free(path), false;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  rewind(f);
  s->data = malloc((size_t)n + 1);
  s->len = s->data ? fread(s->data, 1, (size_t)n, f) : 0;
  fclose(f);
  s->path = path;
  return s->data && s->len == (size_t)n;
}

int main(void) {
  const char *root = getenv("WN_ROOT");
  if (!root) root = ".";
  bool loaded = load_seed(&g_seeds[0], root, "fixtures/seeds/000_soyuz-ms-02.zh.txt") &&
                load_seed(&g_seeds[1], root, "fixtures/seeds/001_soyuz-ms-02.en.txt") &&
                load_seed(&g_seeds[2], root, "fixtures/seeds/002_soyuz-ms-07.zh.txt");
  CHECK(loaded, "the seeds are readable");
  if (!loaded) TAP_DONE();

  wn_allocator inj = {inj_malloc, inj_realloc, inj_free, NULL};
  wn_set_allocator(&inj);
  long before = atomic_load(&g_count);
  cJSON *probe = cJSON_CreateObject();
  CHECK(probe && atomic_load(&g_count) == before + 1, "wn_set_allocator routes cJSON too");
  cJSON_Delete(probe);

  /* The reference run: nothing fails. */
  atomic_store(&g_fail_at, 0);
  atomic_store(&g_count, 0);
  atomic_store(&g_live, 0);
  scenario(&g_ref);
  long total = atomic_load(&g_count);
  int ref_errors = 0;
  for (int i = 0; i < g_ref.count; i++)
    if (g_ref.steps[i].error && strncmp(g_ref.steps[i].name, "diff", 4)) {
      ref_errors++;
      printf("# reference step '%s' failed (status %d)\n", g_ref.steps[i].name,
             g_ref.steps[i].status);
    }
  CHECK(ref_errors == 0, "the reference run has no failing step (%d steps)", g_ref.count);
  CHECK(atomic_load(&g_live) == 0, "the reference run gives back every block (%ld held)",
        (long)atomic_load(&g_live));
  CHECK(total > 0, "the scenario allocates through wn_malloc (%ld allocations)", total);

  /* WN_ALLOC_FAIL_K=k [WN_ALLOC_FAIL_PERSISTENT=1]: that point only, with
   * the stack of the failed allocation and the child's whole stderr. */
  const char *one = getenv("WN_ALLOC_FAIL_K");
  if (one && atol(one) > 0) {
    g_trace = true;
    const char *pe = getenv("WN_ALLOC_FAIL_PERSISTENT");
    int persistent = pe && *pe == '1';
    char why[512] = "";
    int rc = child(atol(one), persistent, why, sizeof why);
    printf("# k=%s %s: child result %d %s\n", one, persistent ? "persistent" : "single", rc, why);
    CHECK(rc == CHILD_CLEAN, "k=%s handled cleanly", one);
    TAP_DONE();
  }

#if defined(__SANITIZE_ADDRESS__)
  long max = 300; /* each point is a forked child with ASan: slower */
#else
  long max = 1000;
#endif
  const char *env = getenv("WN_ALLOC_FAIL_MAX");
  if (env && atol(env) > 0) max = atol(env);
  for (int persistent = 0; persistent < 2; persistent++) {
    tally t = {0};
    long points = total < max ? total : max;
    long prev = 0;
    for (long i = 0; i < points; i++) {
      /* Evenly spread over 1…total, first and last included. */
      long k = points == total ? i + 1
                               : 1 + (long)((double)i * (double)(total - 1) / (double)(points - 1));
      if (k == prev) continue;
      prev = k;
      run_point(k, persistent, &t);
    }
    CHECK(t.failed == 0,
          "%s failure of each of %ld allocation points (of %ld): %ld clean, %ld not reached "
          "(the run took another path), %ld bad",
          persistent ? "persistent" : "single", t.tried, total, t.clean, t.not_hit, t.failed);
    if (t.misreported)
      printf("# note: %s mode: %ld point(s) came back as an error other than out of memory, "
             "e.g. %s\n",
             persistent ? "persistent" : "single", t.misreported, t.first_misreport);
    CHECK(t.not_hit <= t.tried / 10,
          "%s mode: the injected failure was reached in most runs (%ld of %ld missed)",
          persistent ? "persistent" : "single", t.not_hit, t.tried);
  }
  result_free(&g_ref);
  wn_set_allocator(NULL);
  for (int i = 0; i < g_seed_count; i++) {
    free(g_seeds[i].data);
    free((void *)g_seeds[i].path);
  }
  TAP_DONE();
}

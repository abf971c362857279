/*
 * The pipeline: the calling thread reads, N workers run the work function,
 * one writer prints results in input order.
 *
 * Documents travel through a fixed ring of slots (FREE -> READY -> BUSY ->
 * DONE -> FREE), so memory is bounded by the ring, not by the dump. Each
 * slot owns a copy of its document and collects its output and its
 * diagnostics; the writer prints them slot after slot, which makes
 * --jobs 1 and --jobs N byte-identical on stdout and on stderr.
 *
 * With one job everything runs on the calling thread, in order, with no
 * thread at all: merge, diff and check rely on that.
 */
#include "wikinorm.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "limits.h"

/* Slots per worker: enough for the reader to run ahead of a slow page. */
#define SLOTS_PER_JOB 4
/* A buffer that grew past this after one big page is given back. */
#define KEEP_BYTES (4u << 20)

static void buf_trim(wn_buf *b) {
  if (b->cap > KEEP_BYTES) wn_buf_free(b);
  wn_buf_clear(b);
}

/* ---- diagnostics of one document, formatted and capped ---- */

typedef struct collector {
  wn_buf *buf;
  const char *file;
  unsigned count;
} collector;

static void collect_diag(void *user, const wn_diag *d) {
  collector *c = user;
  if (c->count++ < WN_MAX_DIAGS_PER_DOC) wn_diag_format(d, c->buf);
}

/* A broken page must not flood stderr: after the cap, one line says how
 * many were left out. */
static void close_collector(collector *c) {
  if (c->count > WN_MAX_DIAGS_PER_DOC)
    wn_buf_printf(c->buf, "%s: note: %u more diagnostics of this document not shown\n",
                  c->file ? c->file : "<input>", c->count - WN_MAX_DIAGS_PER_DOC);
}

/* ---- writing ---- */

typedef struct writer {
  FILE *out;
  bool clear_progress; /* a --progress line may stand on stderr */
  bool failed;
  uint64_t written;
} writer;

static void print_diags(writer *w, const wn_buf *diags) {
  if (!diags->len) return;
  if (w->clear_progress) fputs("\r\033[K", stderr);
  fwrite(diags->data, 1, diags->len, stderr);
}

/* Writes one document's results and flushes, so the reader of a pipe sees
 * them as they come. A failed write (closed pipe, full disk) stops all. */
static bool emit(writer *w, const wn_buf *out) {
  if (!w->out || w->failed) return !w->failed;
  bool ok = !out->len || fwrite(out->data, 1, out->len, w->out) == out->len;
  ok = ok && fflush(w->out) == 0;
  if (!ok) {
    int err = errno;
    w->failed = true;
    fprintf(stderr, "wikinorm: write error: %s; output stopped after %" PRIu64 " documents\n",
            strerror(err ? err : EIO), w->written);
    return false;
  }
  w->written++;
  return true;
}

/* ---- one document's work, shared by both modes ---- */

typedef struct job {
  wn_work_fn fn;
  void *user;
} job;

static int run_work(const job *j, wn_arena *a, const wn_doc *doc, wn_buf *out, wn_buf *diags,
                    wn_status *nomem) {
  collector c = {diags, doc->file, 0};
  wn_diag_sink sink = {collect_diag, &c, 0, 0};
  int bad = j->fn(j->user, a, doc, out, &sink);
  close_collector(&c);
  wn_arena_reset(a);
  if (out->failed) {
    /* Incomplete output is never written. */
    wn_buf_clear(out);
    wn_buf_printf(diags, "%s: error: out of memory: output of this document dropped\n",
                  doc->file ? doc->file : "<input>");
    *nomem = WN_ERR_NOMEM;
    bad = 1;
  }
  return bad;
}

/* ---- one job: everything on the calling thread ---- */

typedef struct serial {
  job j;
  writer w;
  wn_arena *arena;
  wn_buf out, diags;
  int bad;
  wn_status nomem;
  uint64_t index;
} serial;

static int serial_doc(void *user, const wn_doc *doc) {
  serial *s = user;
  wn_doc d = *doc;
  d.index = s->index++;
  wn_buf_clear(&s->out);
  wn_buf_clear(&s->diags);
  s->bad |= run_work(&s->j, s->arena, &d, &s->out, &s->diags, &s->nomem);
  print_diags(&s->w, &s->diags);
  bool ok = emit(&s->w, &s->out);
  buf_trim(&s->out);
  buf_trim(&s->diags);
  return !ok;
}

static int run_serial(const char *const *paths, size_t count, const wn_pipeline_opts *opts, job j,
                      bool clear_progress, wn_status *st) {
  serial s = {j, {opts->out, clear_progress, false, 0}, wn_arena_new(), {0}, {0}, 0, WN_OK, 0};
  if (!s.arena) {
    fprintf(stderr, "wikinorm: out of memory\n");
    *st = WN_ERR_NOMEM;
    return 1;
  }
  for (size_t i = 0; i < count && !s.w.failed; i++) {
    wn_diag_sink sink = {wn_diag_print_stderr, NULL, 0, 0};
    wn_status r = wn_read_path(paths[i], opts->read, serial_doc, &s, &sink);
    if (r != WN_OK && *st == WN_OK) *st = r;
  }
  if (s.nomem != WN_OK && *st == WN_OK) *st = s.nomem;
  wn_arena_free(s.arena);
  wn_buf_free(&s.out);
  wn_buf_free(&s.diags);
  return s.bad | s.w.failed;
}

/* ---- N jobs: a ring of slots ---- */

typedef enum { SLOT_FREE, SLOT_READY, SLOT_BUSY, SLOT_DONE } slot_state;

typedef struct slot {
  slot_state state;
  bool has_doc;  /* false: only the reader's diagnostics travel here */
  wn_doc doc;    /* its strings point into text and meta */
  wn_buf text;   /* the document's own copy */
  wn_buf meta;   /* file, title and lang, NUL-separated */
  wn_buf before; /* the reader's diagnostics that came before this document */
  wn_buf out, diags;
  int bad;
} slot;

typedef struct ring {
  pthread_mutex_t mu;
  pthread_cond_t can_fill, can_work, can_write;
  slot *slots;
  size_t n;
  uint64_t filled, taken, written; /* sequence numbers */
  bool reading_done, abort;
  job j;
  writer w;
  int bad;
  wn_status nomem;
  uint64_t index;
  wn_buf pending; /* reader diagnostics waiting for the next slot */
} ring;

typedef struct worker {
  ring *r;
  wn_arena *arena;
  pthread_t thread;
  bool started;
} worker;

static void abort_all(ring *r) {
  r->abort = true;
  pthread_cond_broadcast(&r->can_fill);
  pthread_cond_broadcast(&r->can_work);
  pthread_cond_broadcast(&r->can_write);
}

/* The reader's diagnostics wait for the next slot so that they come out
 * between the documents they came between. */
static void collect_reader_diag(void *user, const wn_diag *d) {
  ring *r = user;
  wn_diag_format(d, &r->pending);
}

/* Copies doc into the slot: the reader's buffers are reused at once. */
static bool copy_doc(slot *s, const wn_doc *doc, uint64_t index) {
  wn_buf_clear(&s->text);
  wn_buf_clear(&s->meta);
  const char *file = doc->file ? doc->file : "";
  const char *title = doc->title ? doc->title : "";
  const char *lang = doc->lang ? doc->lang : "";
  size_t file_at = 0, title_at = strlen(file) + 1, lang_at = title_at + strlen(title) + 1;
  bool ok = wn_buf_append(&s->text, doc->text, doc->len) &&
            wn_buf_append(&s->meta, file, strlen(file) + 1) &&
            wn_buf_append(&s->meta, title, strlen(title) + 1) &&
            wn_buf_append(&s->meta, lang, strlen(lang) + 1);
  if (!ok) return false;
  s->doc = *doc;
  s->doc.text = s->text.len ? s->text.data : "";
  s->doc.file = doc->file ? s->meta.data + file_at : NULL;
  s->doc.title = doc->title ? s->meta.data + title_at : NULL;
  s->doc.lang = s->meta.data + lang_at;
  s->doc.index = index;
  return true;
}

/* Waits for a free slot in input order; NULL when everything stops. */
static slot *next_free_slot(ring *r) {
  pthread_mutex_lock(&r->mu);
  slot *s = &r->slots[r->filled % r->n];
  while (!r->abort && s->state != SLOT_FREE) pthread_cond_wait(&r->can_fill, &r->mu);
  bool abort = r->abort;
  pthread_mutex_unlock(&r->mu);
  return abort ? NULL : s;
}

static void publish(ring *r, slot *s, bool nomem) {
  pthread_mutex_lock(&r->mu);
  if (nomem) r->nomem = WN_ERR_NOMEM, r->bad = 1;
  s->state = SLOT_READY;
  r->filled++;
  pthread_cond_signal(&r->can_work);
  pthread_mutex_unlock(&r->mu);
}

/* Hands the reader's pending diagnostics to the slot. */
static void attach_pending(ring *r, slot *s) {
  wn_buf tmp = s->before;
  wn_buf_clear(&tmp);
  s->before = r->pending;
  r->pending = tmp;
}

static int enqueue_doc(void *user, const wn_doc *doc) {
  ring *r = user;
  slot *s = next_free_slot(r);
  if (!s) return 1;
  s->has_doc = copy_doc(s, doc, r->index++);
  if (!s->has_doc)
    wn_buf_printf(&r->pending, "%s: error: out of memory: a document was dropped\n",
                  doc->file ? doc->file : "<input>");
  attach_pending(r, s);
  publish(r, s, !s->has_doc);
  return 0;
}

/* The reader's last words (an error at the end of a dump) travel in a
 * slot of their own. */
static void enqueue_pending(ring *r) {
  if (!r->pending.len) return;
  slot *s = next_free_slot(r);
  if (!s) return;
  s->has_doc = false;
  attach_pending(r, s);
  publish(r, s, false);
}

static bool aborted(ring *r) {
  pthread_mutex_lock(&r->mu);
  bool abort = r->abort;
  pthread_mutex_unlock(&r->mu);
  return abort;
}

static void *work_loop(void *arg) {
  worker *wk = arg;
  ring *r = wk->r;
  pthread_mutex_lock(&r->mu);
  for (;;) {
    while (!r->abort && r->taken == r->filled && !r->reading_done)
      pthread_cond_wait(&r->can_work, &r->mu);
    if (r->abort || r->taken == r->filled) break;
    slot *s = &r->slots[r->taken++ % r->n];
    s->state = SLOT_BUSY;
    pthread_mutex_unlock(&r->mu);
    wn_buf_clear(&s->out);
    wn_buf_clear(&s->diags);
    wn_status nomem = WN_OK;
    s->bad = s->has_doc ? run_work(&r->j, wk->arena, &s->doc, &s->out, &s->diags, &nomem) : 0;
    pthread_mutex_lock(&r->mu);
    if (nomem != WN_OK) r->nomem = nomem;
    s->state = SLOT_DONE;
    pthread_cond_signal(&r->can_write);
  }
  pthread_mutex_unlock(&r->mu);
  return NULL;
}

static void release_slot(slot *s) {
  buf_trim(&s->text);
  buf_trim(&s->out);
  buf_trim(&s->diags);
  buf_trim(&s->before);
}

static void *write_loop(void *arg) {
  ring *r = arg;
  pthread_mutex_lock(&r->mu);
  for (;;) {
    slot *s = &r->slots[r->written % r->n];
    while (!r->abort && !(r->written < r->filled && s->state == SLOT_DONE) &&
           !(r->reading_done && r->written == r->filled))
      pthread_cond_wait(&r->can_write, &r->mu);
    if (r->abort || r->written == r->filled) break;
    pthread_mutex_unlock(&r->mu);
    print_diags(&r->w, &s->before);
    print_diags(&r->w, &s->diags);
    bool ok = !s->has_doc || emit(&r->w, &s->out);
    int bad = s->bad;
    release_slot(s);
    pthread_mutex_lock(&r->mu);
    r->bad |= bad;
    s->state = SLOT_FREE;
    r->written++;
    if (!ok) abort_all(r);
    pthread_cond_signal(&r->can_fill);
  }
  pthread_mutex_unlock(&r->mu);
  return NULL;
}

static void free_slots(ring *r) {
  for (size_t i = 0; r->slots && i < r->n; i++) {
    slot *s = &r->slots[i];
    wn_buf_free(&s->text);
    wn_buf_free(&s->meta);
    wn_buf_free(&s->before);
    wn_buf_free(&s->out);
    wn_buf_free(&s->diags);
  }
  wn_free(r->slots);
}

static bool start_threads(ring *r, worker *wk, unsigned jobs, pthread_t *writer_thread) {
  for (unsigned i = 0; i < jobs; i++) {
    wk[i].r = r;
    wk[i].arena = wn_arena_new();
    if (!wk[i].arena) return false;
    if (pthread_create(&wk[i].thread, NULL, work_loop, &wk[i])) return false;
    wk[i].started = true;
  }
  return pthread_create(writer_thread, NULL, write_loop, r) == 0;
}

static int run_threaded(const char *const *paths, size_t count, const wn_pipeline_opts *opts, job j,
                        unsigned jobs, bool clear_progress, wn_status *st) {
  ring r;
  memset(&r, 0, sizeof r);
  r.j = j;
  r.w = (writer){opts->out, clear_progress, false, 0};
  r.n = (size_t)jobs * SLOTS_PER_JOB;
  r.slots = wn_malloc(r.n * sizeof *r.slots);
  worker *wk = wn_malloc(jobs * sizeof *wk);
  if (r.slots) memset(r.slots, 0, r.n * sizeof *r.slots);
  if (wk) memset(wk, 0, jobs * sizeof *wk);
  pthread_mutex_init(&r.mu, NULL);
  pthread_cond_init(&r.can_fill, NULL);
  pthread_cond_init(&r.can_work, NULL);
  pthread_cond_init(&r.can_write, NULL);
  pthread_t writer_thread;
  bool writer_started = false;
  bool ready = r.slots && wk && (writer_started = start_threads(&r, wk, jobs, &writer_thread));
  if (!ready) {
    fprintf(stderr, "wikinorm: cannot start %u worker threads: out of memory or resources\n", jobs);
    *st = WN_ERR_NOMEM;
    r.bad = 1;
    pthread_mutex_lock(&r.mu);
    abort_all(&r);
    pthread_mutex_unlock(&r.mu);
  }
  for (size_t i = 0; ready && i < count && !aborted(&r); i++) {
    wn_diag_sink sink = {collect_reader_diag, &r, 0, 0};
    wn_status rs = wn_read_path(paths[i], opts->read, enqueue_doc, &r, &sink);
    if (rs != WN_OK && *st == WN_OK) *st = rs;
  }
  if (ready) enqueue_pending(&r);
  pthread_mutex_lock(&r.mu);
  r.reading_done = true;
  pthread_cond_broadcast(&r.can_work);
  pthread_cond_broadcast(&r.can_write);
  pthread_mutex_unlock(&r.mu);
  for (unsigned i = 0; wk && i < jobs; i++) {
    if (wk[i].started) pthread_join(wk[i].thread, NULL);
    wn_arena_free(wk[i].arena);
  }
  if (writer_started) pthread_join(writer_thread, NULL);
  /* Whatever the writer could not print (after a write error) still goes
   * to stderr: the reader's errors must not be lost. */
  if (r.pending.len) fwrite(r.pending.data, 1, r.pending.len, stderr);
  if (r.pending.failed || r.nomem != WN_OK) {
    if (*st == WN_OK) *st = WN_ERR_NOMEM;
    r.bad = 1;
  }
  wn_buf_free(&r.pending);
  free_slots(&r);
  wn_free(wk);
  pthread_cond_destroy(&r.can_fill);
  pthread_cond_destroy(&r.can_work);
  pthread_cond_destroy(&r.can_write);
  pthread_mutex_destroy(&r.mu);
  return r.bad | r.w.failed;
}

static unsigned core_count(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > 256 ? 256 : (unsigned)n;
}

int wn_pipeline_run(const char *const *paths, size_t count, const wn_pipeline_opts *opts,
                    wn_work_fn fn, void *user, wn_status *st) {
  *st = WN_OK;
  unsigned jobs = opts->jobs ? opts->jobs : core_count();
  bool clear_progress = opts->read && opts->read->progress && isatty(STDERR_FILENO);
  job j = {fn, user};
  if (jobs <= 1) return run_serial(paths, count, opts, j, clear_progress, st);
  return run_threaded(paths, count, opts, j, jobs, clear_progress, st);
}

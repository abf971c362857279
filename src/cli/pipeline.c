/*
 * The pipeline: the calling thread reads, N workers run the work function,
 * one writer prints results in input order.
 *
 * Documents travel in batches through a fixed ring of slots (FREE ->
 * FILLING -> READY -> BUSY -> DONE -> FREE), so memory is bounded by the
 * ring, not by the dump. Each slot owns a copy of its documents and
 * collects their output and diagnostics; the writer prints them document
 * after document, which makes --jobs 1 and --jobs N byte-identical on
 * stdout and on stderr.
 *
 * With one job everything runs on the calling thread, in order, with no
 * thread at all: merge, diff and check rely on that.
 *
 * This is the command line's: the library has no thread and prints
 * nothing. Diagnostics reach stderr only from here.
 */
#include "pipeline.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "limits.h"

/* A buffer that grew past this after one big page is given back. */
#define KEEP_BYTES (4u << 20)

static void buf_trim(wn_buf *b) {
  if (b->cap > KEEP_BYTES) wn_buf_free(b);
  wn_buf_clear(b);
}

/* ---- printing diagnostics and progress ---- */

void wn_cli_print_diag(void *user, const wn_diag *d) {
  (void)user;
  wn_buf b;
  wn_buf_init(&b);
  wn_diag_format(d, &b);
  if (b.len) fwrite(b.data, 1, b.len, stderr);
  wn_buf_free(&b);
}

/* The reader's progress as "name: 12345 pages, 120.5 MB, 48.2 MB/s, 37%",
 * rewritten in place; the last report of an input ends the line. */
static void print_progress(void *user, const wn_progress *p) {
  (void)user;
  double mb = (double)p->bytes / 1e6;
  char pct[16] = "";
  if (p->total) snprintf(pct, sizeof pct, ", %.0f%%", 100.0 * (double)p->bytes / (double)p->total);
  fprintf(stderr, "\r%s: %" PRIu64 " pages, %.1f MB, %.1f MB/s%s\033[K%s", p->file, p->pages, mb,
          p->seconds > 0 ? mb / p->seconds : 0.0, pct, p->done ? "\n" : "");
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
  const char *name;    /* for messages */
  bool clear_progress; /* a --progress line may stand on stderr */
  bool failed;
  uint64_t written;
} writer;

static void print_diags(writer *w, const wn_buf *diags) {
  if (!diags->len) return;
  if (w->clear_progress) fputs("\r\033[K", stderr);
  fwrite(diags->data, 1, diags->len, stderr);
}

static const char *out_name(const wn_pipeline_opts *o) {
  return o->out_name ? o->out_name : "<stdout>";
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
    fprintf(stderr, "wikinorm: %s: write error: %s; output stopped after %" PRIu64 " documents\n",
            w->name, strerror(err ? err : EIO), w->written);
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

/* Runs the work function on one document, appending to out and diags
 * (which may hold earlier documents of a batch). */
static int run_work(const job *j, wn_arena *a, const wn_doc *doc, wn_buf *out, wn_buf *diags,
                    wn_status *nomem) {
  size_t start = out->len;
  collector c = {diags, doc->file, 0};
  wn_diag_sink sink = {collect_diag, &c, 0, 0};
  int bad = j->fn(j->user, a, doc, out, &sink);
  close_collector(&c);
  wn_arena_reset(a);
  if (out->failed) {
    /* Incomplete output is never written. */
    out->len = start;
    out->failed = false;
    if (out->data) out->data[start] = 0;
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

/* The reader's diagnostics, at once (one job: they are in order anyway). */
static void print_reader_diag(void *user, const wn_diag *d) {
  writer *w = user;
  if (w->clear_progress) fputs("\r\033[K", stderr);
  wn_cli_print_diag(NULL, d);
}

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
  serial s = {
      j, {opts->out, out_name(opts), clear_progress, false, 0}, wn_arena_new(), {0}, {0}, 0, WN_OK,
      0};
  if (!s.arena) {
    fprintf(stderr, "wikinorm: out of memory\n");
    *st = WN_ERR_NOMEM;
    return 1;
  }
  for (size_t i = 0; i < count && !s.w.failed; i++) {
    wn_diag_sink sink = {print_reader_diag, &s.w, 0, 0};
    wn_status r = wn_read_path(paths[i], opts->read, serial_doc, &s, &sink);
    if (r != WN_OK && *st == WN_OK) *st = r;
  }
  if (s.nomem != WN_OK && *st == WN_OK) *st = s.nomem;
  wn_arena_free(s.arena);
  wn_buf_free(&s.out);
  wn_buf_free(&s.diags);
  return s.bad | s.w.failed;
}

/* ---- N jobs: a ring of batches ---- */

/* A slot carries a batch of documents: one hand-off per batch, not per
 * page, so cheap work (most pages of a dump have no infobox) is not
 * drowned in thread wake-ups. A batch is handed over when full; an idle
 * worker also takes a partly filled one after at most IDLE_POLL_NS, so a
 * slow pipe's pages still come out at once. */
#define BATCH_DOCS 32
#define BATCH_BYTES (128u << 10)
#define SLOTS_PER_JOB 2
#define IDLE_POLL_NS 2000000L

typedef enum { SLOT_FREE, SLOT_FILLING, SLOT_READY, SLOT_BUSY, SLOT_DONE } slot_state;

/* One document of a batch: offsets into the slot's buffers, which may
 * move while the batch fills. */
typedef struct item {
  wn_doc doc;   /* pointers set by the worker */
  bool has_doc; /* false: only the reader's diagnostics travel here */
  bool has_file, has_title;
  size_t text_at, file_at, title_at, lang_at;
  size_t before_end, out_end, diags_end;
} item;

typedef struct slot {
  slot_state state;
  bool copying; /* the reader is adding an item: not to be taken yet */
  size_t count;
  item items[BATCH_DOCS];
  wn_buf text, meta; /* the documents' own copies */
  wn_buf before;     /* the reader's diagnostics before each document */
  wn_buf out, diags;
  int bad;
} slot;

typedef struct ring {
  pthread_mutex_t mu;
  pthread_cond_t can_fill, can_work, can_write;
  slot *slots;
  size_t n;
  slot *cur;                      /* the batch the reader fills */
  uint64_t begun, taken, written; /* slot sequence numbers */
  bool reading_done, abort;
  job j;
  writer w;
  int bad;
  wn_status nomem;
  uint64_t index;
  wn_buf pending; /* reader diagnostics waiting for the next document */
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

static bool aborted(ring *r) {
  pthread_mutex_lock(&r->mu);
  bool abort = r->abort;
  pthread_mutex_unlock(&r->mu);
  return abort;
}

/* The reader's diagnostics wait for the next document so that they come
 * out between the documents they came between. */
static void collect_reader_diag(void *user, const wn_diag *d) {
  ring *r = user;
  wn_diag_format(d, &r->pending);
}

static void publish(ring *r, slot *s) {
  s->state = SLOT_READY;
  pthread_cond_signal(&r->can_work);
}

/* The batch the next document goes to (under the lock); NULL when
 * everything stops. */
static slot *filling_slot(ring *r) {
  slot *s = r->cur;
  if (s && s->state == SLOT_FILLING && s->count < BATCH_DOCS && s->text.len < BATCH_BYTES) return s;
  if (s && s->state == SLOT_FILLING) publish(r, s);
  s = &r->slots[r->begun % r->n];
  while (!r->abort && s->state != SLOT_FREE) pthread_cond_wait(&r->can_fill, &r->mu);
  if (r->abort) return NULL;
  s->state = SLOT_FILLING;
  s->count = 0;
  r->begun++;
  r->cur = s;
  return s;
}

static bool append_str(wn_buf *b, const char *s, size_t *at) {
  *at = b->len;
  return wn_buf_append(b, s, strlen(s) + 1);
}

/* Copies doc into the slot (the reader reuses its buffers at once), with
 * the reader's pending diagnostics. */
static bool copy_item(ring *r, slot *s, item *it, const wn_doc *doc) {
  it->has_doc = doc != NULL;
  bool ok = true;
  if (doc) {
    it->doc = *doc;
    it->doc.index = r->index++;
    it->has_file = doc->file != NULL;
    it->has_title = doc->title != NULL;
    it->text_at = s->text.len;
    ok = wn_buf_append(&s->text, doc->text, doc->len) &&
         append_str(&s->meta, doc->file ? doc->file : "", &it->file_at) &&
         append_str(&s->meta, doc->title ? doc->title : "", &it->title_at) &&
         append_str(&s->meta, doc->lang ? doc->lang : "", &it->lang_at);
    if (!ok) {
      it->has_doc = false;
      wn_buf_printf(&r->pending, "%s: error: out of memory: a document was dropped\n",
                    doc->file ? doc->file : "<input>");
    }
  }
  if (r->pending.len && !wn_buf_append(&s->before, r->pending.data, r->pending.len)) ok = false;
  it->before_end = s->before.len;
  wn_buf_clear(&r->pending);
  return ok;
}

/* Adds a document (or, with NULL, only the pending diagnostics) to the
 * batch being filled. Returns non-zero when everything stops. */
static int enqueue(ring *r, const wn_doc *doc) {
  pthread_mutex_lock(&r->mu);
  slot *s = filling_slot(r);
  if (s) s->copying = true;
  pthread_mutex_unlock(&r->mu);
  if (!s) return 1;
  bool ok = copy_item(r, s, &s->items[s->count], doc);
  pthread_mutex_lock(&r->mu);
  s->copying = false;
  s->count++;
  if (!ok) r->nomem = WN_ERR_NOMEM, r->bad = 1;
  if (s->count == BATCH_DOCS || s->text.len >= BATCH_BYTES) publish(r, s);
  pthread_mutex_unlock(&r->mu);
  return 0;
}

static int enqueue_doc(void *user, const wn_doc *doc) { return enqueue(user, doc); }

/* The pointers of an item, now that its slot's buffers stay put. */
static void fix_pointers(slot *s, item *it) {
  const char *meta = s->meta.data;
  it->doc.text = s->text.len ? s->text.data + it->text_at : "";
  it->doc.file = it->has_file ? meta + it->file_at : NULL;
  it->doc.title = it->has_title ? meta + it->title_at : NULL;
  it->doc.lang = meta + it->lang_at;
}

static void work_batch(ring *r, worker *wk, slot *s) {
  wn_buf_clear(&s->out);
  wn_buf_clear(&s->diags);
  s->bad = 0;
  for (size_t i = 0; i < s->count; i++) {
    item *it = &s->items[i];
    if (it->has_doc) {
      wn_status nomem = WN_OK;
      fix_pointers(s, it);
      s->bad |= run_work(&r->j, wk->arena, &it->doc, &s->out, &s->diags, &nomem);
      if (nomem != WN_OK) {
        pthread_mutex_lock(&r->mu);
        r->nomem = nomem;
        pthread_mutex_unlock(&r->mu);
      }
    }
    it->out_end = s->out.len;
    it->diags_end = s->diags.len;
  }
}

/* The head batch, when there is one to take (under the lock): a full
 * one, or, for an idle worker, whatever the reader has put in so far. */
static slot *takeable(ring *r) {
  if (r->taken >= r->begun) return NULL;
  slot *s = &r->slots[r->taken % r->n];
  if (s->state == SLOT_READY) return s;
  if (s->state == SLOT_FILLING && !s->copying && s->count > 0) return s;
  return NULL;
}

static void wait_a_little(ring *r) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  t.tv_nsec += IDLE_POLL_NS;
  if (t.tv_nsec >= 1000000000L) t.tv_sec++, t.tv_nsec -= 1000000000L;
  pthread_cond_timedwait(&r->can_work, &r->mu, &t);
}

static void *work_loop(void *arg) {
  worker *wk = arg;
  ring *r = wk->r;
  pthread_mutex_lock(&r->mu);
  for (;;) {
    slot *s;
    while (!r->abort && !(s = takeable(r)) && !(r->reading_done && r->taken == r->begun))
      wait_a_little(r);
    if (r->abort || !(s = takeable(r))) break;
    s->state = SLOT_BUSY;
    if (r->cur == s) r->cur = NULL;
    r->taken++;
    pthread_mutex_unlock(&r->mu);
    work_batch(r, wk, s);
    pthread_mutex_lock(&r->mu);
    s->state = SLOT_DONE;
    pthread_cond_signal(&r->can_write);
  }
  pthread_mutex_unlock(&r->mu);
  return NULL;
}

static void print_range(writer *w, const wn_buf *b, size_t from, size_t to) {
  wn_buf part = {b->data + from, to - from, to - from, false};
  print_diags(w, &part);
}

/* Writes a batch document by document: the reader's diagnostics, the
 * work's diagnostics, the output, a flush. */
static bool write_batch(writer *w, slot *s) {
  size_t before = 0, out = 0, diags = 0;
  for (size_t i = 0; i < s->count; i++) {
    item *it = &s->items[i];
    print_range(w, &s->before, before, it->before_end);
    print_range(w, &s->diags, diags, it->diags_end);
    wn_buf part = {s->out.data + out, it->out_end - out, it->out_end - out, false};
    if (it->has_doc && !emit(w, &part)) return false;
    before = it->before_end, out = it->out_end, diags = it->diags_end;
  }
  return true;
}

static void release_slot(slot *s) {
  buf_trim(&s->text);
  buf_trim(&s->meta);
  buf_trim(&s->before);
  buf_trim(&s->out);
  buf_trim(&s->diags);
  s->count = 0;
}

static void *write_loop(void *arg) {
  ring *r = arg;
  pthread_mutex_lock(&r->mu);
  for (;;) {
    slot *s = &r->slots[r->written % r->n];
    while (!r->abort && !(r->written < r->begun && s->state == SLOT_DONE) &&
           !(r->reading_done && r->written == r->begun))
      pthread_cond_wait(&r->can_write, &r->mu);
    if (r->abort || r->written == r->begun) break;
    pthread_mutex_unlock(&r->mu);
    bool ok = write_batch(&r->w, s);
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

/* The reader is done: its last words (an error at the end of a dump)
 * travel after the last document, and the last batch goes out. */
static void finish_reading(ring *r) {
  if (r->pending.len) enqueue(r, NULL);
  pthread_mutex_lock(&r->mu);
  if (r->cur && r->cur->state == SLOT_FILLING) publish(r, r->cur);
  r->reading_done = true;
  pthread_cond_broadcast(&r->can_work);
  pthread_cond_broadcast(&r->can_write);
  pthread_mutex_unlock(&r->mu);
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

static void init_sync(ring *r) {
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC); /* idle polls ignore clock changes */
  pthread_mutex_init(&r->mu, NULL);
  pthread_cond_init(&r->can_fill, NULL);
  pthread_cond_init(&r->can_work, &ca);
  pthread_cond_init(&r->can_write, NULL);
  pthread_condattr_destroy(&ca);
}

static void destroy_sync(ring *r) {
  pthread_cond_destroy(&r->can_fill);
  pthread_cond_destroy(&r->can_work);
  pthread_cond_destroy(&r->can_write);
  pthread_mutex_destroy(&r->mu);
}

static int run_threaded(const char *const *paths, size_t count, const wn_pipeline_opts *opts, job j,
                        unsigned jobs, bool clear_progress, wn_status *st) {
  ring r;
  memset(&r, 0, sizeof r);
  r.j = j;
  r.w = (writer){opts->out, out_name(opts), clear_progress, false, 0};
  r.n = (size_t)jobs * SLOTS_PER_JOB;
  r.slots = wn_malloc(r.n * sizeof *r.slots);
  worker *wk = wn_malloc(jobs * sizeof *wk);
  if (r.slots) memset(r.slots, 0, r.n * sizeof *r.slots);
  if (wk) memset(wk, 0, jobs * sizeof *wk);
  init_sync(&r);
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
  if (ready && !aborted(&r)) finish_reading(&r);
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
  /* What the writer could not print (after a write error) still goes to
   * stderr: the reader's errors must not be lost. */
  if (r.pending.len) fwrite(r.pending.data, 1, r.pending.len, stderr);
  if (r.pending.failed || r.nomem != WN_OK) {
    if (*st == WN_OK) *st = WN_ERR_NOMEM;
    r.bad = 1;
  }
  wn_buf_free(&r.pending);
  free_slots(&r);
  wn_free(wk);
  destroy_sync(&r);
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
  /* Progress goes to a terminal only: in a log it would be noise. */
  bool progress = opts->progress && isatty(STDERR_FILENO);
  wn_read_opts ro = opts->read ? *opts->read : (wn_read_opts){0};
  ro.progress = progress ? print_progress : NULL;
  ro.progress_user = NULL;
  wn_pipeline_opts o = *opts;
  o.read = &ro;
  job j = {fn, user};
  if (jobs <= 1) return run_serial(paths, count, &o, j, progress, st);
  return run_threaded(paths, count, &o, j, jobs, progress, st);
}

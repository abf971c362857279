/* TEMPORARY serial pipeline; replaced by the threaded ordered pipeline. */
#include "wikinorm.h"

typedef struct ctx {
  const wn_pipeline_opts *opts;
  wn_work_fn fn;
  void *user;
  wn_arena *arena;
  int bad;
} ctx;

static int one(void *user, const wn_doc *doc) {
  ctx *c = user;
  wn_buf out;
  wn_buf_init(&out);
  wn_diag_sink sink = {wn_diag_print_stderr, NULL, 0, 0};
  c->bad |= c->fn(c->user, c->arena, doc, &out, &sink);
  if (out.len && c->opts->out) fwrite(out.data, 1, out.len, c->opts->out);
  if (c->opts->out) fflush(c->opts->out);
  wn_buf_free(&out);
  wn_arena_reset(c->arena);
  return 0;
}

int wn_pipeline_run(const char *const *paths, size_t count, const wn_pipeline_opts *opts,
                    wn_work_fn fn, void *user, wn_status *st) {
  ctx c = {opts, fn, user, wn_arena_new(), 0};
  *st = WN_OK;
  for (size_t i = 0; i < count; i++) {
    wn_diag_sink sink = {wn_diag_print_stderr, NULL, 0, 0};
    wn_status s = wn_read_path(paths[i], opts->read, one, &c, &sink);
    if (s != WN_OK) *st = s;
  }
  wn_arena_free(c.arena);
  return c.bad;
}

/*
 * The context of the public API (wn_context): the mappings (embedded,
 * then each --mapping file) and the lexicon, loaded once and shared
 * read-only by every document and thread.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "embedded.h"
#include "normalize.h"

struct wn_context {
  wn_mapping map;
  wn_lexicon *lex;
};

/* The whole file into b. fopen/fread only: nothing is printed. */
static wn_status read_whole_file(const char *path, wn_buf *b, wn_diag_sink *sink) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    wn_report(sink, path, 0, 0, WN_ERROR, "cannot open mapping file: %s", strerror(errno));
    return WN_ERR_IO;
  }
  char chunk[16384];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) wn_buf_append(b, chunk, n);
  bool bad = ferror(f);
  fclose(f);
  if (bad) {
    wn_report(sink, path, 0, 0, WN_ERROR, "cannot read mapping file");
    return WN_ERR_IO;
  }
  return b->failed ? WN_ERR_NOMEM : WN_OK;
}

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && !strcmp(s + n - m, suffix);
}

/* Every embedded *.map, then each --mapping file: later ones override. */
static wn_status load_mappings(wn_context *ctx, const wn_context_opts *opts, wn_diag_sink *sink) {
  wn_status st = WN_OK;
  for (const wn_embedded_file *e = wn_embedded_files; e->name && st == WN_OK; e++)
    if (ends_with(e->name, ".map")) st = wn_mapping_load(&ctx->map, e->name, e->data, e->len, sink);
  for (size_t i = 0; opts && i < opts->mapping_count && st == WN_OK; i++) {
    wn_buf b;
    wn_buf_init(&b);
    st = read_whole_file(opts->mapping_files[i], &b, sink);
    if (st == WN_OK)
      st = wn_mapping_load(&ctx->map, opts->mapping_files[i], b.data ? b.data : "", b.len, sink);
    wn_buf_free(&b);
  }
  return st == WN_OK ? wn_mapping_check(&ctx->map, sink) : st;
}

wn_status wn_context_new(const wn_context_opts *opts, wn_diag_sink *sink, wn_context **out) {
  *out = NULL;
  wn_context *ctx = wn_malloc(sizeof *ctx);
  if (!ctx) return WN_ERR_NOMEM;
  memset(ctx, 0, sizeof *ctx);
  wn_status st = wn_mapping_init(&ctx->map);
  if (st == WN_OK) st = load_mappings(ctx, opts, sink);
  if (st == WN_OK)
    st = wn_lexicon_new(opts ? opts->lexicon_files : NULL, opts ? opts->lexicon_count : 0, sink,
                        &ctx->lex);
  if (st != WN_OK) {
    wn_context_free(ctx);
    return st;
  }
  *out = ctx;
  return WN_OK;
}

const struct wn_lexicon *wn_context_lexicon(const wn_context *ctx) { return ctx ? ctx->lex : NULL; }

const wn_mapping *wn_context_mapping(const wn_context *ctx) { return ctx ? &ctx->map : NULL; }

void wn_context_free(wn_context *ctx) {
  if (!ctx) return;
  wn_mapping_free(&ctx->map);
  wn_lexicon_free(ctx->lex);
  wn_free(ctx);
}

/*
 * libFuzzer target: merge, diff and check of two documents.
 *
 * The input is split at its first 0xFF byte (a byte that never occurs in
 * UTF-8, so it costs no expressiveness) into documents A and B. Each is
 * repaired to valid UTF-8, normalized (as the format it looks like) with
 * its records kept in memory (wn_record_list_add from the callback), or
 * read with wn_record_list_read_json when it is JSON; then wn_merge over
 * both (each merged record written compact and pretty), wn_diff of A
 * against B (human and JSON) and wn_check over both. The raw input bytes,
 * unrepaired, are also fed straight to wn_record_list_read_json (a
 * records file is user input too) and merged and checked.
 *
 * Oracles beyond "no crash, no leak, no UB": wn_diff returns 0, 1 or 2;
 * outputs that did not fail to allocate are valid JSON where JSON was
 * asked for (merged records, diff --json, check --json).
 */
#include <cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wikinorm.h"

#include "fuzz_context.h"

/* Every non-empty line of b is one JSON value. */
static void check_json_lines(const wn_buf *b) {
  if (b->failed) abort();
  if (!b->len) return;
  const char *p = b->data, *end = b->data + b->len;
  while (p && p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (n) {
      char *line = malloc(n + 1);
      if (!line) abort();
      memcpy(line, p, n);
      line[n] = '\0';
      cJSON *j = cJSON_Parse(line);
      if (!j) abort();
      cJSON_Delete(j);
      free(line);
    }
    p = nl ? nl + 1 : end;
  }
}

/* The whole of b is one JSON value (pretty output spans lines). */
static void check_json(const wn_buf *b) {
  if (b->failed) abort();
  if (!b->len) return;
  cJSON *j = cJSON_ParseWithLength(b->data, b->len);
  if (!j) abort();
  cJSON_Delete(j);
}

/* Keeps each record of a document in both lists. */
static int keep(void *user, const wn_record *rec) {
  wn_record_list **two = user;
  if (wn_record_list_add(two[0], rec) == WN_ERR_NOMEM) abort();
  if (wn_record_list_add(two[1], rec) == WN_ERR_NOMEM) abort();
  return 0;
}

/* Normalizes data[0..size) (repaired first) and adds its records to r1
 * and r2 (each document is normalized once, its records added to its own
 * set and to the set of both). */
static void add_doc(wn_record_list *r1, wn_record_list *r2, const uint8_t *data, size_t size,
                    const char *file) {
  wn_buf fixed;
  wn_buf_init(&fixed);
  wn_utf8_repair((const char *)data, size, &fixed, NULL);
  if (fixed.failed) abort();
  size_t len = fixed.len;
  char *text = malloc(len ? len : 1); /* exactly len bytes, no NUL */
  if (!text) abort();
  if (len) memcpy(text, fixed.data, len);
  wn_buf_free(&fixed);

  wn_doc doc = {0};
  doc.file = file;
  doc.text = text;
  doc.len = len;
  doc.format = wn_detect_format(text, len);
  doc.lang = wn_detect_lang(text, len);
  doc.page_id = doc.revision_id = -1;
  doc.line = doc.col = 1;
  wn_diag_sink sink = {0};
  if (doc.format == WN_FORMAT_JSON) {
    wn_record_list_read_json(r1, g_ctx, text, len, file, &sink);
    wn_record_list_read_json(r2, g_ctx, text, len, file, &sink);
  } else {
    wn_record_list *two[2] = {r1, r2};
    unsigned n = 0;
    wn_normalize(g_ctx, g_arena, &doc, keep, two, &n, &sink);
    wn_arena_reset(g_arena);
  }
  free(text);
}

static void reconcile(const wn_record_list *all, const wn_record_list *a, const wn_record_list *b) {
  wn_buf out;
  wn_buf_init(&out);
  wn_record_list *merged = wn_record_list_new();
  if (!merged) abort();
  wn_status st = wn_merge(g_ctx, all, merged);
  if (st == WN_ERR_NOMEM) abort();
  for (size_t i = 0; i < wn_record_list_count(merged); i++) {
    const wn_record *m = wn_record_list_get(merged, i);
    if (!wn_record_is_merged(m)) abort();
    if (!wn_record_write_json(m, false, &out)) abort();
    wn_buf_putc(&out, '\n');
  }
  check_json_lines(&out);
  wn_buf_clear(&out);
  for (size_t i = 0; i < wn_record_list_count(merged); i++)
    if (!wn_record_write_json(wn_record_list_get(merged, i), true, &out)) abort();
  wn_buf_clear(&out);
  wn_record_list_free(merged);
  if (a && b) {
    int d = wn_diff(g_ctx, a, b, false, &out);
    if (d < 0 || d > 2) abort();
    wn_buf_clear(&out);
    d = wn_diff(g_ctx, a, b, true, &out);
    if (d < 0 || d > 2) abort();
    if (d < 2) check_json(&out);
    wn_buf_clear(&out);
  }
  wn_diag_sink sink = {0};
  wn_check(g_ctx, all, false, &out, &sink);
  wn_buf_clear(&out);
  wn_check(g_ctx, all, true, &out, &sink);
  check_json(&out);
  wn_buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const uint8_t *sep = memchr(data, 0xFF, size);
  size_t na = sep ? (size_t)(sep - data) : size;
  const uint8_t *b = sep ? sep + 1 : data + size;
  size_t nb = sep ? size - na - 1 : 0;

  wn_record_list *ra = wn_record_list_new(), *rb = wn_record_list_new(),
                 *all = wn_record_list_new();
  if (!ra || !rb || !all) abort();
  add_doc(ra, all, data, na, "a.wiki");
  add_doc(rb, all, b, nb, "b.wiki");
  if (wn_record_list_count(all) != wn_record_list_count(ra) + wn_record_list_count(rb)) abort();
  reconcile(all, ra, rb);
  wn_record_list_free(ra);
  wn_record_list_free(rb);
  wn_record_list_free(all);

  /* Raw bytes as a records file: invalid UTF-8, \u0000, anything. */
  wn_record_list *raw = wn_record_list_new();
  if (!raw) abort();
  wn_diag_sink sink = {0};
  wn_record_list_read_json(raw, g_ctx, (const char *)data, size, "raw.jsonl", &sink);
  reconcile(raw, NULL, NULL);
  wn_record_list_free(raw);
  return 0;
}

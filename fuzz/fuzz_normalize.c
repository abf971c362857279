/*
 * libFuzzer target: the default command (normalize) on one document.
 *
 * The input bytes are repaired to valid UTF-8 (as the reader does), then
 * copied into a buffer of exactly their length (no terminating NUL, so a
 * read past the end is an ASan report), and normalized: as wikitext
 * or as rendered text ("= Title =" / "- Key: Value"). The context is made
 * once, like the CLI does for a whole dump; the arena is reset between
 * documents. Which of the three ways an input takes (wikitext in its
 * language, rendered and pretty, wikitext in the other language) follows
 * from its size modulo 3.
 *
 * Oracles beyond "no crash, no leak, no UB":
 *  - a status other than WN_OK is only WN_ERR_INPUT or WN_ERR_LIMIT
 *    (nothing fails to allocate here, so WN_ERR_NOMEM is a bug);
 *  - on WN_OK the output buffer has not failed, is valid UTF-8, and in
 *    JSON Lines form holds exactly *records lines, each one JSON object.
 */
#include <cJSON.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wikinorm.h"

#include "fuzz_context.h"

static void check_output(const wn_buf *out, unsigned records, bool pretty) {
  if (out->failed) abort();
  if (out->len && !wn_utf8_valid(out->data, out->len)) abort();
  if (pretty || !out->len) {
    if (!out->len && records) abort();
    return;
  }
  /* JSON Lines: one object per record, each ending with a newline. */
  unsigned lines = 0;
  const char *p = out->data, *end = out->data + out->len;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl) abort(); /* the last record must end with a newline */
    size_t n = (size_t)(nl - p);
    char *line = malloc(n + 1);
    if (!line) abort();
    memcpy(line, p, n);
    line[n] = '\0';
    cJSON *j = cJSON_Parse(line);
    if (!j || !cJSON_IsObject(j)) abort();
    cJSON_Delete(j);
    free(line);
    lines++;
    p = nl + 1;
  }
  if (lines != records) abort();
}

typedef struct writer {
  wn_buf *out;
  bool pretty, failed;
} writer;

/* Each record through the one JSON writer, one per line, as the command
 * line writes them. */
static int write_record(void *user, const wn_record *rec) {
  writer *w = user;
  if (!wn_record_write_json(rec, w->pretty, w->out) || !wn_buf_putc(w->out, '\n')) w->failed = true;
  return w->failed;
}

static void one(const char *text, size_t len, wn_format format, const char *lang, bool pretty) {
  wn_doc doc = {0};
  doc.file = "fuzz.wiki";
  doc.title = format == WN_FORMAT_RENDERED ? NULL : "Fuzz";
  doc.lang = lang;
  doc.text = text;
  doc.len = len;
  doc.format = format;
  doc.page_id = doc.revision_id = -1;
  doc.line = doc.col = 1;
  wn_buf out;
  wn_buf_init(&out);
  unsigned records = 0;
  wn_diag_sink sink = {0}; /* counted, not printed */
  writer w = {&out, pretty, false};
  wn_status st = wn_normalize(g_ctx, g_arena, &doc, write_record, &w, &records, &sink);
  if (w.failed) abort(); /* no allocator is injected here */
  if (st == WN_OK)
    check_output(&out, records, pretty);
  else if (st != WN_ERR_INPUT && st != WN_ERR_LIMIT)
    abort();
  wn_buf_free(&out);
  wn_arena_reset(g_arena);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  wn_buf fixed;
  wn_buf_init(&fixed);
  wn_utf8_repair((const char *)data, size, &fixed, NULL);
  if (fixed.failed) abort();
  /* Exactly len bytes: no NUL terminator to lean on. */
  size_t len = fixed.len;
  char *text = malloc(len ? len : 1);
  if (!text) abort();
  if (len) memcpy(text, fixed.data, len);
  wn_buf_free(&fixed);

  /* One way per input, chosen by its size (so an input always takes the
   * same way and the corpus stays meaningful): a third of the runs each. */
  const char *lang = wn_detect_lang(text, len);
  switch (size % 3) {
  case 0: one(text, len, WN_FORMAT_WIKITEXT, lang, false); break;
  case 1: one(text, len, WN_FORMAT_RENDERED, lang, true); break;
  default: /* the language changes which vocabulary the mapping uses */
    one(text, len, WN_FORMAT_WIKITEXT, strcmp(lang, "zh") ? "zh" : "en", false);
  }
  free(text);
  return 0;
}

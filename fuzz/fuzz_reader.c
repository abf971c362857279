/*
 * libFuzzer target: the reader (any input: XML dumps, gzip, bzip2,
 * UTF-16, plain documents) fed in random chunk sizes.
 *
 * Input layout: byte 0 seeds the chunk sizes, byte 1 holds options (bit 0:
 * --ns 0,1; bit 1: --lang zh), the rest is the input.
 *
 * Oracles beyond "no crash, no leak, no UB": every document is valid
 * UTF-8 within WN_MAX_DOC_BYTES with a 1-based position; the input fed
 * whole and fed in chunks gives the same documents and the same status
 * (chunk boundaries must never change what is read).
 */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "reader.h"

typedef struct seen {
  uint64_t hash;
  unsigned docs;
} seen;

static void mix(uint64_t *h, const void *p, size_t n) {
  const unsigned char *s = p;
  for (size_t i = 0; i < n; i++) *h = (*h ^ s[i]) * 1099511628211ull;
}

static int on_doc(void *user, const wn_doc *d) {
  seen *s = user;
  if (!wn_utf8_valid(d->text, d->len) || d->len > WN_MAX_DOC_BYTES) abort();
  if (d->title && !wn_utf8_valid(d->title, strlen(d->title))) abort();
  if (!d->lang || d->line < 1 || d->col < 1 || d->index != s->docs) abort();
  mix(&s->hash, d->text, d->len);
  if (d->title) mix(&s->hash, d->title, strlen(d->title) + 1);
  mix(&s->hash, d->lang, strlen(d->lang) + 1);
  int64_t ids[2] = {d->page_id, d->revision_id};
  uint32_t pos[3] = {d->line, d->col, (uint32_t)d->ns};
  mix(&s->hash, ids, sizeof ids);
  mix(&s->hash, pos, sizeof pos);
  s->docs++;
  return 0;
}

static wn_status read_all(const uint8_t *data, size_t n, unsigned seed, const wn_read_opts *ro,
                          seen *s) {
  wn_diag_sink sink = {NULL, NULL, 0, 0};
  s->hash = 1469598103934665603ull;
  s->docs = 0;
  wn_reader *r = wn_reader_new("fuzz", ro, on_doc, s, &sink);
  if (!r) return WN_ERR_NOMEM;
  for (size_t at = 0; at < n && !wn_reader_stopped(r);) {
    size_t k = n;
    if (seed) {
      seed = seed * 1103515245u + 12345u;
      k = 1 + (seed >> 16) % ((seed & 1) ? 7 : 600);
    }
    if (k > n - at) k = n - at;
    wn_reader_feed(r, (const char *)data + at, k);
    at += k;
  }
  wn_status st = wn_reader_finish(r);
  wn_reader_free(r);
  return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2) return 0;
  unsigned seed = data[0] | 0x100u;
  int ns[2] = {0, 1};
  wn_read_opts ro = {0};
  if (data[1] & 1) ro.ns = ns, ro.ns_count = 2;
  if (data[1] & 2) ro.lang = "zh";
  seen whole, chunked;
  wn_status a = read_all(data + 2, size - 2, 0, &ro, &whole);
  wn_status b = read_all(data + 2, size - 2, seed, &ro, &chunked);
  if (a != b || whole.docs != chunked.docs || whole.hash != chunked.hash) abort();
  return 0;
}

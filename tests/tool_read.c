/*
 * tool_read: prints what the reader delivers, one JSON line per document,
 * for the reader's test suites.
 *
 *   tool_read [OPTIONS] FILE|-
 *     --text            include the document text
 *     --chunks SEED     read the file into memory and push it through the
 *                       reader in random chunk sizes (1 byte to 64 KiB)
 *     --chunk N         push it in chunks of exactly N bytes
 *     --ns LIST         namespaces, comma-separated
 *     --lang CODE       as --lang of wikinorm
 *     --stop-after K    the document function asks to stop after K docs
 *
 * Exit: 0 when the reader returns WN_OK, 2 otherwise (the status is
 * printed on stderr as "status: …").
 */
#include "cli/pipeline.h"
#include "reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct state {
  bool text;
  long stop_after;
  long seen;
} state;

static const char *format_name(wn_format f) {
  switch (f) {
  case WN_FORMAT_WIKITEXT: return "wikitext";
  case WN_FORMAT_RENDERED: return "rendered";
  case WN_FORMAT_JSON: return "json";
  default: return "unknown";
  }
}

static int print_doc(void *user, const wn_doc *d) {
  state *s = user;
  wn_buf b;
  wn_buf_init(&b);
  wn_buf_printf(&b, "{\"index\":%llu,\"title\":", (unsigned long long)d->index);
  if (d->title)
    wn_buf_json_string(&b, d->title, strlen(d->title));
  else
    wn_buf_puts(&b, "null");
  wn_buf_printf(&b, ",\"ns\":%d,\"page_id\":%lld,\"revision_id\":%lld,\"lang\":", d->ns,
                (long long)d->page_id, (long long)d->revision_id);
  wn_buf_json_string(&b, d->lang, strlen(d->lang));
  wn_buf_printf(&b, ",\"line\":%u,\"col\":%u,\"format\":\"%s\",\"len\":%zu,\"valid\":%s", d->line,
                d->col, format_name(d->format), d->len,
                wn_utf8_valid(d->text, d->len) ? "true" : "false");
  if (s->text) {
    wn_buf_puts(&b, ",\"text\":");
    wn_buf_json_string(&b, d->text, d->len);
  }
  wn_buf_puts(&b, "}\n");
  fwrite(b.data, 1, b.len, stdout);
  fflush(stdout);
  wn_buf_free(&b);
  return s->stop_after >= 0 && ++s->seen >= s->stop_after;
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0, k;
  char *p = malloc(cap);
  while (p && (k = fread(p + n, 1, cap - n, f)) > 0) {
    n += k;
    if (n == cap) p = realloc(p, cap *= 2);
  }
  if (f != stdin) fclose(f);
  *len = n;
  return p;
}

/* Pushes the whole input through the reader in chunks. */
static wn_status push(const char *path, const wn_read_opts *ro, state *s, unsigned seed,
                      size_t fixed, wn_diag_sink *sink) {
  size_t len;
  char *data = slurp(path, &len);
  if (!data) return WN_ERR_IO;
  wn_reader *r = wn_reader_new(strcmp(path, "-") ? path : "<stdin>", ro, print_doc, s, sink);
  srand(seed);
  for (size_t at = 0; at < len && !wn_reader_stopped(r);) {
    size_t n = fixed;
    if (!n) {
      /* Mostly small chunks (to cut every sequence), some large ones. */
      int pick = rand() % 4;
      n = pick == 0   ? 1 + (size_t)(rand() % 4)
          : pick == 1 ? 1 + (size_t)(rand() % 64)
                      : 1 + (size_t)(rand() % 65536);
    }
    if (n > len - at) n = len - at;
    wn_reader_feed(r, data + at, n);
    at += n;
  }
  wn_status st = wn_reader_finish(r);
  wn_reader_free(r);
  free(data);
  return st;
}

int main(int argc, char **argv) {
  state s = {false, -1, 0};
  wn_read_opts ro = {0};
  int ns[64];
  const char *path = NULL;
  bool chunks = false;
  unsigned seed = 0;
  size_t fixed = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--text"))
      s.text = true;
    else if (!strcmp(a, "--chunks") && i + 1 < argc)
      chunks = true, seed = (unsigned)atoi(argv[++i]);
    else if (!strcmp(a, "--chunk") && i + 1 < argc)
      chunks = true, fixed = (size_t)atol(argv[++i]);
    else if (!strcmp(a, "--lang") && i + 1 < argc)
      ro.lang = argv[++i];
    else if (!strcmp(a, "--stop-after") && i + 1 < argc)
      s.stop_after = atol(argv[++i]);
    else if (!strcmp(a, "--ns") && i + 1 < argc) {
      char *p = argv[++i];
      while (*p && ro.ns_count < 64) {
        ns[ro.ns_count++] = (int)strtol(p, &p, 10);
        if (*p == ',') p++;
      }
      ro.ns = ns;
    } else
      path = a;
  }
  if (!path) {
    fprintf(stderr, "usage: tool_read [--text] [--chunks SEED|--chunk N] [--ns L] FILE\n");
    return 2;
  }
  wn_diag_sink sink = {wn_cli_print_diag, NULL, 0, 0};
  wn_status st = chunks ? push(path, &ro, &s, seed, fixed, &sink)
                        : wn_read_path(path, &ro, print_doc, &s, &sink);
  if (st != WN_OK) fprintf(stderr, "status: %s\n", wn_status_str(st));
  return st == WN_OK ? 0 : 2;
}

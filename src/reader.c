/* TEMPORARY minimal reader (plain files and stdin, whole file) so that
 * the other stages can be developed; replaced by the streaming reader. */
#include "wikinorm.h"

#include <string.h>

wn_status wn_read_path(const char *path, const wn_read_opts *opts, wn_doc_fn fn, void *user,
                       wn_diag_sink *sink) {
  bool is_stdin = !strcmp(path, "-");
  FILE *f = is_stdin ? stdin : fopen(path, "rb");
  const char *name = is_stdin ? "<stdin>" : path;
  if (!f) {
    wn_report(sink, name, 0, 0, WN_ERROR, "cannot open");
    return WN_ERR_IO;
  }
  wn_buf raw, text;
  wn_buf_init(&raw);
  wn_buf_init(&text);
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) wn_buf_append(&raw, chunk, n);
  if (!is_stdin) fclose(f);
  size_t bad;
  wn_utf8_repair(raw.data ? raw.data : "", raw.len, &text, &bad);
  wn_doc d = {0};
  d.file = name;
  d.text = text.data ? text.data : "";
  d.len = text.len;
  d.format = wn_detect_format(d.text, d.len);
  d.lang = opts && opts->lang ? opts->lang : wn_detect_lang(d.text, d.len);
  d.page_id = d.revision_id = -1;
  d.line = d.col = 1;
  fn(user, &d);
  wn_buf_free(&raw);
  wn_buf_free(&text);
  return WN_OK;
}

/* TEMPORARY: one text node; replaced by the real tokenizer. */
#include "wikinorm.h"

#include <string.h>

wn_status wn_tokenize(wn_arena *a, const char *text, size_t len, uint32_t line0, uint32_t col0,
                      const char *file, wn_diag_sink *sink, wn_tree *out) {
  wn_node *n = wn_arena_calloc(a, 1, sizeof *n);
  if (!n) return WN_ERR_NOMEM;
  n->type = WN_NODE_TEXT;
  n->parent = n->first_child = n->next_sibling = WN_NONE;
  n->span = (wn_span){0, (uint32_t)len};
  n->line = line0, n->col = col0;
  *out = (wn_tree){text, len, n, 1, 0};
  return WN_OK;
}

bool wn_tree_json(const wn_tree *t, const wn_doc *doc, bool pretty, wn_buf *out) {
  wn_buf_puts(out, "{\"title\":");
  if (doc->title) wn_buf_json_string(out, doc->title, strlen(doc->title));
  else wn_buf_puts(out, "null");
  return wn_buf_puts(out, ",\"nodes\":[]}");
}

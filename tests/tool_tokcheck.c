/*
 * tool_tokcheck: checks the tokenizer's structural promises on files.
 *
 *   tool_tokcheck [--json] FILE...
 *
 * For every file (tokenized whole, as raw wikitext) it checks that
 *   - the top-level nodes tile the text byte for byte (lossless);
 *   - every node's children lie inside it, in order, without overlap;
 *   - the array is in pre-order and parent/child/sibling links agree;
 *   - name, value and attrs spans lie inside the node's span;
 *   - line and column of every node equal a naive count;
 * and with --json that wn_tree_json succeeds. Prints one line per failing
 * file and a summary "files=N nodes=N failures=N"; exits 1 on failure.
 */
#include "wikinorm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  size_t r;
  while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
    n += r;
    if (n == cap) buf = realloc(buf, cap *= 2);
  }
  fclose(f);
  *len = n;
  return buf;
}

static const char *check_links(const wn_tree *t) {
  /* pre-order: a node's parent comes before it; first_child is the next
   * node; next_sibling comes after the subtree */
  uint32_t prev_top = WN_NONE;
  for (uint32_t i = 0; i < t->count; i++) {
    const wn_node *n = &t->nodes[i];
    if (n->type >= WN_NODE_TYPE_COUNT) return "bad node type";
    if (n->parent == WN_NONE) {
      if (prev_top == WN_NONE ? t->first != i : t->nodes[prev_top].next_sibling != i)
        return "top-level sibling chain broken";
      prev_top = i;
    } else if (n->parent >= i) {
      return "parent after child (not pre-order)";
    }
    if (n->first_child != WN_NONE && n->first_child != i + 1) return "first child not next node";
    if (n->first_child != WN_NONE && t->nodes[n->first_child].parent != i)
      return "first child's parent differs";
    if (n->next_sibling != WN_NONE) {
      if (n->next_sibling <= i) return "sibling before node";
      if (t->nodes[n->next_sibling].parent != n->parent) return "sibling with another parent";
    }
  }
  return NULL;
}

static bool inside(wn_span in, wn_span outer) {
  return in.off >= outer.off && (uint64_t)in.off + in.len <= (uint64_t)outer.off + outer.len;
}

static const char *check_spans(const wn_tree *t) {
  uint32_t end = 0;
  for (uint32_t i = t->first; i != WN_NONE; i = t->nodes[i].next_sibling) {
    if (t->nodes[i].span.off != end) return "top-level nodes do not tile the text";
    end = t->nodes[i].span.off + t->nodes[i].span.len;
  }
  if (end != t->len) return "top-level nodes stop before the end";
  for (uint32_t i = 0; i < t->count; i++) {
    const wn_node *n = &t->nodes[i];
    if ((uint64_t)n->span.off + n->span.len > t->len) return "span past the end";
    if (n->name.len && !inside(n->name, n->span)) return "name outside span";
    if (n->value.len && !inside(n->value, n->span)) return "value outside span";
    if (n->attrs.len && !inside(n->attrs, n->span)) return "attrs outside span";
    if (n->type == WN_NODE_TEXT && n->span.len == 0) return "empty text node";
    uint32_t at = n->span.off;
    for (uint32_t c = n->first_child; c != WN_NONE; c = t->nodes[c].next_sibling) {
      const wn_node *k = &t->nodes[c];
      if (!inside(k->span, n->span)) return "child outside parent";
      if (k->span.off < at) return "children overlap or out of order";
      at = k->span.off + k->span.len;
    }
  }
  return NULL;
}

static const char *check_positions(const wn_tree *t) {
  uint32_t line = 1, col = 1, at = 0;
  for (uint32_t i = 0; i < t->count; i++) {
    uint32_t off = t->nodes[i].span.off;
    if (off < at) line = 1, col = 1, at = 0;
    for (; at < off; at++) {
      unsigned char c = (unsigned char)t->text[at];
      if (c == '\n')
        line++, col = 1;
      else if ((c & 0xC0) != 0x80)
        col++;
    }
    if (t->nodes[i].line != line || t->nodes[i].col != col) return "wrong line or column";
  }
  return NULL;
}

int main(int argc, char **argv) {
  bool json = false;
  int i = 1;
  if (i < argc && !strcmp(argv[i], "--json")) json = true, i++;
  wn_arena *a = wn_arena_new();
  wn_buf out;
  wn_buf_init(&out);
  unsigned long files = 0, nodes = 0, failures = 0;
  wn_diag_sink quiet = {NULL, NULL, 0, 0};
  for (; i < argc; i++) {
    size_t len;
    char *text = slurp(argv[i], &len);
    if (!text) {
      printf("FAIL %s: cannot read\n", argv[i]);
      failures++;
      continue;
    }
    wn_arena_reset(a);
    wn_tree t;
    const char *why = NULL;
    if (wn_tokenize(a, text, len, 1, 1, argv[i], &quiet, &t) != WN_OK) why = "wn_tokenize failed";
    if (!why) why = check_links(&t);
    if (!why) why = check_spans(&t);
    if (!why) why = check_positions(&t);
    if (!why && json) {
      wn_doc doc = {.file = argv[i], .title = argv[i], .text = text, .len = len};
      wn_buf_clear(&out);
      if (!wn_tree_json(&t, &doc, false, &out)) why = "wn_tree_json failed";
    }
    files++;
    nodes += t.count;
    if (why) {
      printf("FAIL %s: %s\n", argv[i], why);
      failures++;
    }
    free(text);
  }
  printf("files=%lu nodes=%lu failures=%lu\n", files, nodes, failures);
  wn_buf_free(&out);
  wn_arena_free(a);
  return failures ? 1 : 0;
}

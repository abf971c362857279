/*
 * libFuzzer target: the tokenizer on arbitrary bytes (invalid UTF-8, NUL,
 * anything). Aborts when a tree breaks its promises: top-level spans that
 * do not tile the input, a child outside its parent or out of order, a
 * broken pre-order link, a span past the end. Then writes the tree as
 * JSON (pretty for odd-sized inputs).
 *
 *   make fuzz            (fuzz/run.sh: every fuzz/fuzz_*.c)
 */
#include "wikinorm.h"

#include <stdio.h>
#include <stdlib.h>

static void ignore(void *user, const wn_diag *d) {
  (void)user;
  (void)d;
}

static void check(const wn_tree *t, size_t size) {
  uint64_t end = 0;
  uint32_t prev = WN_NONE;
  for (uint32_t i = t->first; i != WN_NONE; i = t->nodes[i].next_sibling) {
    if (i >= t->count || t->nodes[i].parent != WN_NONE || t->nodes[i].span.off != end) abort();
    if (prev != WN_NONE && i <= prev) abort();
    end += t->nodes[i].span.len;
    prev = i;
  }
  if (end != size) abort(); /* the spans rebuild the input byte for byte */
  for (uint32_t i = 0; i < t->count; i++) {
    const wn_node *n = &t->nodes[i];
    uint64_t lo = n->span.off, hi = lo + n->span.len;
    if (hi > size || n->type >= WN_NODE_TYPE_COUNT || n->line == 0 || n->col == 0) abort();
    if (n->parent != WN_NONE && n->parent >= i) abort();
    if (n->first_child != WN_NONE && n->first_child != i + 1) abort();
    uint64_t at = lo;
    for (uint32_t c = n->first_child; c != WN_NONE; c = t->nodes[c].next_sibling) {
      const wn_node *k = &t->nodes[c];
      if (c >= t->count || k->parent != i || k->span.off < at) abort();
      at = (uint64_t)k->span.off + k->span.len;
      if (at > hi) abort();
    }
    const wn_span parts[3] = {n->name, n->value, n->attrs};
    for (int p = 0; p < 3; p++)
      if (parts[p].len && (parts[p].off < lo || (uint64_t)parts[p].off + parts[p].len > hi))
        abort();
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static wn_arena *arena;
  if (!arena && !(arena = wn_arena_new())) return 0;
  wn_arena_reset(arena);
  wn_diag_sink quiet = {ignore, NULL, 0, 0};
  wn_tree t;
  if (wn_tokenize(arena, (const char *)data, size, 1, 1, "fuzz", &quiet, &t) != WN_OK) abort();
  check(&t, size);
  wn_buf out;
  wn_buf_init(&out);
  wn_doc doc = {.file = "fuzz", .title = "fuzz", .text = (const char *)data, .len = size};
  if (!wn_tree_json(&t, &doc, size & 1, &out)) abort();
  wn_buf_free(&out);
  return 0;
}

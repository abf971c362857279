/*
 * `wikinorm parse` output: a document's node tree as one JSON object
 * {"title": …, "nodes": […]}, children nested inside their parents.
 *
 * The tree is walked with an explicit stack (no recursion on depth) and
 * everything is appended to one buffer: no allocation per node. Each
 * node type has its fields (README: "wikinorm parse") and one or more
 * groups of children: a template's "params", a table's "rows", a row's
 * "cells", otherwise "nodes".
 */
#include <string.h>

#include "json_out.h"
#include "util/utf8.h"
#include "wikinorm.h"

typedef struct jw {
  const wn_tree *t;
  wn_buf *b;
  bool pretty;
} jw;

typedef struct type_name {
  const char *s;
  size_t n;
} type_name;

#define NAME(s)                                                                                    \
  { s, sizeof s - 1 }
static const type_name type_names[WN_NODE_TYPE_COUNT] = {
    [WN_NODE_TEXT] = NAME("text"),
    [WN_NODE_TEMPLATE] = NAME("template"),
    [WN_NODE_PARSER_FUNCTION] = NAME("parser_function"),
    [WN_NODE_PARAM] = NAME("param"),
    [WN_NODE_ARGUMENT] = NAME("argument"),
    [WN_NODE_WIKILINK] = NAME("wikilink"),
    [WN_NODE_EXTLINK] = NAME("extlink"),
    [WN_NODE_URL] = NAME("url"),
    [WN_NODE_TAG] = NAME("tag"),
    [WN_NODE_COMMENT] = NAME("comment"),
    [WN_NODE_HEADING] = NAME("heading"),
    [WN_NODE_TABLE] = NAME("table"),
    [WN_NODE_TABLE_CAPTION] = NAME("caption"),
    [WN_NODE_TABLE_ROW] = NAME("row"),
    [WN_NODE_TABLE_CELL] = NAME("cell"),
    [WN_NODE_BOLD] = NAME("bold"),
    [WN_NODE_ITALIC] = NAME("italic"),
    [WN_NODE_LIST_ITEM] = NAME("list_item"),
    [WN_NODE_ENTITY] = NAME("entity"),
    [WN_NODE_HR] = NAME("hr"),
    [WN_NODE_MAGIC_WORD] = NAME("magic_word"),
};
#undef NAME

/* ---- primitives ----
 * The byte level of json_out.h: bytes go straight into the wn_buf, with
 * no call per fragment for the fast paths. */

#define PUTS(w, lit) WN_JSON_LIT((w)->b, lit)
#define put(w, s, n) wn_json_raw((w)->b, s, n)
#define put_string(w, s, n) wn_json_string((w)->b, s, n)
#define put_u32(w, v) wn_json_u32((w)->b, v)
#define newline(w, level) wn_json_newline((w)->b, (w)->pretty, level)
#define key_n(w, level, k, n, first) wn_json_key_raw((w)->b, (w)->pretty, level, k, n, first)
#define key(w, level, k, first) key_n(w, level, k, sizeof k - 1, first)

#define field_span(w, level, k, s) field_span_n(w, level, k, sizeof k - 1, s)
static void field_span_n(jw *w, unsigned level, const char *k, size_t kn, wn_span s) {
  key_n(w, level, k, kn, false);
  put_string(w, w->t->text + s.off, s.len);
}

#define field_u32(w, level, k, v) (key(w, level, k, false), put_u32(w, v))
#define field_true(w, level, k) (key(w, level, k, false), PUTS(w, "true"))

static void field_char(jw *w, unsigned level, int32_t cp) {
  char u[4];
  size_t n = wn_utf8_encode(cp, u);
  key(w, level, "char", false);
  put_string(w, u, n);
}

/* ---- child groups ---- */

enum { G_ALL, G_PARAMS, G_NOT_PARAMS, G_CAPTION, G_ROWS, G_CELLS, G_OTHER };

typedef struct group {
  const char *key;
  uint8_t filter;
  bool optional; /* omitted when empty */
  bool single;   /* one object, not an array */
} group;

static bool blank_text(const wn_tree *t, const wn_node *n) {
  if (n->type != WN_NODE_TEXT) return false;
  for (uint32_t i = 0; i < n->span.len; i++) {
    char c = t->text[n->span.off + i];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
  }
  return true;
}

/* The first CAPTION child of a table, or WN_NONE. */
static uint32_t first_caption(const wn_tree *t, uint32_t table) {
  for (uint32_t c = t->nodes[table].first_child; c != WN_NONE; c = t->nodes[c].next_sibling)
    if (t->nodes[c].type == WN_NODE_TABLE_CAPTION) return c;
  return WN_NONE;
}

static bool in_group(const wn_tree *t, uint32_t parent, uint8_t filter, uint32_t c) {
  const wn_node *n = &t->nodes[c];
  switch (filter) {
  case G_PARAMS: return n->type == WN_NODE_PARAM;
  case G_NOT_PARAMS: return n->type != WN_NODE_PARAM;
  case G_CAPTION: return n->type == WN_NODE_TABLE_CAPTION;
  case G_ROWS: return n->type == WN_NODE_TABLE_ROW;
  case G_CELLS: return n->type == WN_NODE_TABLE_CELL;
  case G_OTHER: {
    uint16_t main = t->nodes[parent].type == WN_NODE_TABLE ? WN_NODE_TABLE_ROW : WN_NODE_TABLE_CELL;
    if (n->type == main || blank_text(t, n)) return false;
    return !(t->nodes[parent].type == WN_NODE_TABLE && c == first_caption(t, parent));
  }
  default: return true;
  }
}

static uint32_t next_in_group(const wn_tree *t, uint32_t parent, uint8_t filter, uint32_t c) {
  for (; c != WN_NONE; c = t->nodes[c].next_sibling)
    if (in_group(t, parent, filter, c)) return c;
  return WN_NONE;
}

static const group g_template[] = {{"name_nodes", G_NOT_PARAMS, true, false},
                                   {"params", G_PARAMS, false, false}};
static const group g_file[] = {{"nodes", G_NOT_PARAMS, true, false},
                               {"options", G_PARAMS, false, false}};
static const group g_table[] = {{"caption", G_CAPTION, true, true},
                                {"rows", G_ROWS, false, false},
                                {"nodes", G_OTHER, true, false}};
static const group g_row[] = {{"cells", G_CELLS, false, false}, {"nodes", G_OTHER, true, false}};
static const group g_nodes[] = {{"nodes", G_ALL, false, false}};
static const group g_nodes_opt[] = {{"nodes", G_ALL, true, false}};

static const group *groups_of(const wn_node *n, size_t *count) {
  switch (n->type) {
  case WN_NODE_TEMPLATE:
  case WN_NODE_PARSER_FUNCTION: *count = 2; return g_template;
  case WN_NODE_WIKILINK:
    if (n->flags & WN_NODE_FILE) {
      *count = 2;
      return g_file;
    }
    *count = 1;
    return g_nodes;
  case WN_NODE_TABLE: *count = 3; return g_table;
  case WN_NODE_TABLE_ROW: *count = 2; return g_row;
  case WN_NODE_TAG: *count = 1; return g_nodes_opt;
  case WN_NODE_TEXT:
  case WN_NODE_URL:
  case WN_NODE_COMMENT:
  case WN_NODE_ENTITY:
  case WN_NODE_HR:
  case WN_NODE_MAGIC_WORD: *count = 0; return NULL;
  default: *count = 1; return g_nodes;
  }
}

/* ---- one node's own fields ---- */

static void position(jw *w, unsigned level, const wn_node *n) {
  field_u32(w, level, "line", n->line);
  field_u32(w, level, "col", n->col);
}

static void open_node(jw *w, uint32_t i, unsigned level) {
  const wn_node *n = &w->t->nodes[i];
  PUTS(w, "{");
  unsigned f = level + 1;
  if (n->type == WN_NODE_PARAM) { /* {"name": …, "value": …} as in the issue */
    if (n->flags & WN_NODE_POSITIONAL) {
      key(w, f, "name", true);
      PUTS(w, "\"");
      put_u32(w, (uint32_t)n->num);
      PUTS(w, "\"");
    } else {
      key(w, f, "name", true);
      put_string(w, w->t->text + n->name.off, n->name.len);
    }
    field_span(w, f, "value", n->value);
    position(w, f, n);
    return;
  }
  key(w, f, "type", true);
  PUTS(w, "\"");
  put(w, type_names[n->type].s, type_names[n->type].n);
  PUTS(w, "\"");
  switch (n->type) {
  case WN_NODE_TEXT: field_span(w, f, "text", n->span); break;
  case WN_NODE_TEMPLATE:
  case WN_NODE_PARSER_FUNCTION:
  case WN_NODE_MAGIC_WORD: field_span(w, f, "name", n->name); break;
  case WN_NODE_ARGUMENT:
    field_span(w, f, "name", n->name);
    if (n->num) field_span(w, f, "default", n->value);
    break;
  case WN_NODE_WIKILINK:
    field_span(w, f, "target", n->name);
    if (n->num) field_span(w, f, "label", n->value);
    if (n->flags & WN_NODE_FILE) field_true(w, f, "file");
    break;
  case WN_NODE_EXTLINK:
    field_span(w, f, "url", n->name);
    field_span(w, f, "label", n->value);
    break;
  case WN_NODE_URL: field_span(w, f, "url", n->span); break;
  case WN_NODE_TAG:
    field_span(w, f, "name", n->name);
    if (n->attrs.len) field_span(w, f, "attrs", n->attrs);
    if (n->flags & WN_NODE_SELF_CLOSING) field_true(w, f, "self_closing");
    if (n->flags & WN_NODE_CLOSING_TAG) field_true(w, f, "closing");
    /* a body that was not tokenized (<nowiki>, <pre>, <math>…) */
    if (n->value.len && n->first_child == WN_NONE) field_span(w, f, "body", n->value);
    break;
  case WN_NODE_COMMENT: field_span(w, f, "text", n->value); break;
  case WN_NODE_HEADING:
    field_u32(w, f, "level", (uint32_t)n->num);
    field_span(w, f, "title", n->value);
    break;
  case WN_NODE_TABLE:
  case WN_NODE_TABLE_ROW:
  case WN_NODE_TABLE_CAPTION: field_span(w, f, "attrs", n->attrs); break;
  case WN_NODE_TABLE_CELL:
    key(w, f, "header", false);
    if (n->flags & WN_NODE_HEADER)
      PUTS(w, "true");
    else
      PUTS(w, "false");
    field_span(w, f, "attrs", n->attrs);
    break;
  case WN_NODE_LIST_ITEM: field_span(w, f, "markers", n->name); break;
  case WN_NODE_ENTITY:
    field_span(w, f, "text", n->span);
    field_u32(w, f, "codepoint", (uint32_t)n->num);
    field_char(w, f, n->num);
    break;
  default: break;
  }
  if (n->flags & WN_NODE_UNCLOSED) field_true(w, f, "unclosed");
  position(w, f, n);
}

/* ---- the walk ---- */

typedef struct frame {
  uint32_t node;
  unsigned level;
  uint32_t cursor; /* next child to consider in the current group */
  int group;       /* -1 before the first */
  bool in_group, first;
} frame;

/* Writes node i and its subtree at the given level. stack: room for the
 * tree's depth (grown in a wn_buf). */
static bool write_subtree(jw *w, uint32_t i, unsigned level, wn_buf *stack) {
  const wn_tree *t = w->t;
  stack->len = 0;
  frame f0 = {i, level, WN_NONE, -1, false, false};
  if (!wn_buf_append(stack, (const char *)&f0, sizeof f0)) return false;
  open_node(w, i, level);
  while (stack->len) {
    size_t sp = stack->len / sizeof(frame);
    frame *f = (frame *)(void *)stack->data + (sp - 1);
    unsigned lvl = f->level;
    size_t ng;
    const group *gs = groups_of(&t->nodes[f->node], &ng);
    if (f->in_group) {
      const group *g = &gs[f->group];
      uint32_t c = next_in_group(t, f->node, g->filter, f->cursor);
      if (c != WN_NONE && !(g->single && !f->first)) {
        if (!g->single) {
          if (!f->first) PUTS(w, ",");
          newline(w, lvl + 2);
        }
        f->first = false;
        f->cursor = t->nodes[c].next_sibling;
        frame nf = {c, g->single ? lvl + 1 : lvl + 2, WN_NONE, -1, false, false};
        open_node(w, c, nf.level);
        if (!wn_buf_append(stack, (const char *)&nf, sizeof nf)) return false;
        continue;
      }
      if (!g->single) {
        if (!f->first) newline(w, lvl + 1);
        PUTS(w, "]");
      }
      f->in_group = false;
    }
    if (++f->group >= (int)ng) {
      newline(w, lvl);
      PUTS(w, "}");
      stack->len -= sizeof(frame);
      continue;
    }
    const group *g = &gs[f->group];
    uint32_t c = next_in_group(t, f->node, g->filter, t->nodes[f->node].first_child);
    if (c == WN_NONE && g->optional) continue;
    key_n(w, lvl + 1, g->key, strlen(g->key), false);
    if (!g->single) PUTS(w, "[");
    f->in_group = true;
    f->first = true;
    f->cursor = c;
  }
  return !w->b->failed;
}

bool wn_tree_json(const wn_tree *t, const wn_doc *doc, bool pretty, wn_buf *out) {
  jw w = {t, out, pretty};
  wn_buf stack;
  wn_buf_init(&stack);
  PUTS(&w, "{");
  key(&w, 1, "title", true);
  if (doc && doc->title)
    put_string(&w, doc->title, strlen(doc->title));
  else
    PUTS(&w, "null");
  key(&w, 1, "nodes", false);
  PUTS(&w, "[");
  bool ok = true, first = true;
  for (uint32_t i = t->first; ok && i != WN_NONE && t->count; i = t->nodes[i].next_sibling) {
    if (!first) PUTS(&w, ",");
    first = false;
    newline(&w, 2);
    ok = write_subtree(&w, i, 2, &stack);
  }
  if (!first) newline(&w, 1);
  PUTS(&w, "]");
  newline(&w, 0);
  PUTS(&w, "}");
  wn_buf_free(&stack);
  return ok && !out->failed;
}

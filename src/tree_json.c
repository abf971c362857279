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
#include "wikinorm.h"

#include <string.h>

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
 * Bytes go straight into the wn_buf (grown geometrically with wn_realloc,
 * like wn_buf itself): no call per fragment, no strlen. */

/* The slow path of room(), out of line so that the fast path inlines. */
static __attribute__((noinline)) bool grow(jw *w, size_t n) {
  wn_buf *b = w->b;
  if (b->failed) return false;
  size_t cap = b->cap ? b->cap : 4096;
  while (cap - b->len <= n) {
    if (cap > SIZE_MAX / 2) return b->failed = true, false;
    cap *= 2;
  }
  char *p = wn_realloc(b->data, cap);
  if (!p) return b->failed = true, false;
  b->data = p, b->cap = cap;
  return true;
}

/* Room for n more bytes and the NUL (cap > len whenever data is set). */
static inline bool room(jw *w, size_t n) {
  wn_buf *b = w->b;
  if (!b->failed && b->cap - b->len > n) return true;
  return grow(w, n);
}

static inline void put(jw *w, const char *s, size_t n) {
  if (!room(w, n)) return;
  memcpy(w->b->data + w->b->len, s, n);
  w->b->len += n;
}
#define PUTS(w, lit) put(w, lit, sizeof lit - 1)

/* Bytes a JSON string cannot hold as they are. */
static const uint8_t escape_class[256] = {
    [0] = 1,  [1] = 1,  [2] = 1,  [3] = 1,  [4] = 1,  [5] = 1,   [6] = 1,   [7] = 1,  [8] = 1,
    [9] = 1,  [10] = 1, [11] = 1, [12] = 1, [13] = 1, [14] = 1,  [15] = 1,  [16] = 1, [17] = 1,
    [18] = 1, [19] = 1, [20] = 1, [21] = 1, [22] = 1, [23] = 1,  [24] = 1,  [25] = 1, [26] = 1,
    [27] = 1, [28] = 1, [29] = 1, [30] = 1, [31] = 1, ['"'] = 1, ['\\'] = 1};

/* Length of the prefix of s needing no escape: eight bytes at a time
 * (SWAR tests for a byte < 0x20, '"' or '\\'), then byte by byte. */
static size_t safe_prefix(const unsigned char *s, size_t n) {
  const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t x, q, bs;
    memcpy(&x, s + i, 8);
    q = x ^ (ones * '"');
    bs = x ^ (ones * '\\');
    uint64_t hit = ((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((bs - ones) & ~bs);
    if (hit & high) break;
  }
  while (i < n && !escape_class[s[i]]) i++;
  return i;
}

static void put_escape(jw *w, unsigned char c) {
  static const char hex[] = "0123456789abcdef";
  char esc[6] = {'\\', (char)c, 0, 0, 0, 0};
  size_t len = 2;
  if (c == '\n')
    esc[1] = 'n';
  else if (c == '\r')
    esc[1] = 'r';
  else if (c == '\t')
    esc[1] = 't';
  else if (c < 0x20)
    esc[1] = 'u', esc[2] = '0', esc[3] = '0', esc[4] = hex[c >> 4], esc[5] = hex[c & 15], len = 6;
  put(w, esc, len);
}

/* s[0..n) as a JSON string literal (the escapes of wn_buf_json_string):
 * runs of safe bytes are copied whole. */
static void put_string(jw *w, const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  PUTS(w, "\"");
  for (size_t i = 0;;) {
    size_t k = safe_prefix(u + i, n - i);
    put(w, s + i, k);
    i += k;
    if (i >= n) break;
    put_escape(w, u[i++]);
  }
  PUTS(w, "\"");
}

static void newline(jw *w, unsigned level) {
  if (!w->pretty || !room(w, 1 + (size_t)level * 2)) return;
  char *o = w->b->data + w->b->len;
  *o++ = '\n';
  memset(o, ' ', (size_t)level * 2);
  w->b->len += 1 + (size_t)level * 2;
}

static void put_u32(jw *w, uint32_t v) {
  char d[10];
  int n = 10;
  do d[--n] = (char)('0' + v % 10);
  while ((v /= 10));
  put(w, d + n, (size_t)(10 - n));
}

/* `,"key":` at the given level; first: no comma. */
static void key_n(jw *w, unsigned level, const char *k, size_t n, bool first) {
  if (!w->pretty) { /* the common case, in one go */
    if (!room(w, n + 4)) return;
    char *o = w->b->data + w->b->len;
    if (!first) *o++ = ',';
    *o++ = '"';
    memcpy(o, k, n);
    o += n;
    *o++ = '"';
    *o++ = ':';
    w->b->len = (size_t)(o - w->b->data);
    return;
  }
  if (!first) PUTS(w, ",");
  newline(w, level);
  PUTS(w, "\"");
  put(w, k, n);
  if (w->pretty)
    PUTS(w, "\": ");
  else
    PUTS(w, "\":");
}
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
  size_t n;
  uint32_t c = (uint32_t)cp;
  if (c < 0x80)
    u[0] = (char)c, n = 1;
  else if (c < 0x800)
    u[0] = (char)(0xC0 | c >> 6), u[1] = (char)(0x80 | (c & 0x3F)), n = 2;
  else if (c < 0x10000)
    u[0] = (char)(0xE0 | c >> 12), u[1] = (char)(0x80 | ((c >> 6) & 0x3F)),
    u[2] = (char)(0x80 | (c & 0x3F)), n = 3;
  else
    u[0] = (char)(0xF0 | c >> 18), u[1] = (char)(0x80 | ((c >> 12) & 0x3F)),
    u[2] = (char)(0x80 | ((c >> 6) & 0x3F)), u[3] = (char)(0x80 | (c & 0x3F)), n = 4;
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
  if (room(&w, 0)) out->data[out->len] = '\0'; /* wn_buf's promise */
  return ok && !out->failed;
}

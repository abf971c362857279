/*
 * Finding infoboxes: the templates the mapping names (with their nested
 * sub-family blocks such as {{Infobox spaceflight/Dock}}), the crew
 * wikitable of the crew section, and the "- Key: Value" lines of the
 * rendered form. The output is ordered (key, value) pairs with the line
 * and column of each value; mapping them to fields is record.c's job.
 */
#include "normalize.h"

#include <string.h>

/* ---- small growable arrays in the document's arena ---- */

typedef struct vec {
  void *items;
  size_t n, cap, size;
} vec;

static void *vec_push(wn_arena *a, vec *v) {
  if (v->n == v->cap) {
    size_t cap = v->cap ? v->cap * 2 : 16;
    void *p = wn_arena_alloc(a, cap * v->size);
    if (!p) return NULL;
    if (v->n) memcpy(p, v->items, v->n * v->size);
    v->items = p;
    v->cap = cap;
  }
  void *slot = (char *)v->items + v->n++ * v->size;
  memset(slot, 0, v->size);
  return slot;
}

/* ---- tree helpers ---- */

static bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

static bool is_blank(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!is_ws(s[i])) return false;
  return true;
}

static void trim_span(const char *text, uint32_t *off, uint32_t *len) {
  while (*len && is_ws(text[*off])) (*off)++, (*len)--;
  while (*len && is_ws(text[*off + *len - 1])) (*len)--;
}

/* The index just past node i's subtree in the pre-order array. */
static uint32_t subtree_end(const wn_tree *t, uint32_t i) {
  for (uint32_t k = i; k != WN_NONE; k = t->nodes[k].parent)
    if (t->nodes[k].next_sibling != WN_NONE) return t->nodes[k].next_sibling;
  return t->count;
}

/* Nothing but spaces and comments: an unset parameter. */
static bool value_is_empty(const wn_tree *t, uint32_t param) {
  for (uint32_t c = t->nodes[param].first_child; c != WN_NONE; c = t->nodes[c].next_sibling) {
    const wn_node *n = &t->nodes[c];
    if (n->type == WN_NODE_COMMENT) continue;
    if (n->type == WN_NODE_TEXT && is_blank(t->text + n->span.off, n->span.len)) continue;
    return false;
  }
  return true;
}

#define NOMEM_FAMILY (-2)

/* The family of a template node, -1 for none, NOMEM_FAMILY. */
static int family_of_node(const wn_mapping *m, wn_arena *a, const wn_tree *t, uint32_t i,
                          const wn_map_template **tp) {
  const wn_node *n = &t->nodes[i];
  if (n->type != WN_NODE_TEMPLATE || !n->name.len) return -1;
  const char *norm = wn_map_norm_template(a, t->text + n->name.off, n->name.len);
  return norm ? wn_mapping_family_of(m, norm, tp) : NOMEM_FAMILY;
}

/* ---- pairs of one template ---- */

typedef struct finder {
  const wn_mapping *m;
  wn_arena *a;
  const wn_tree *t;
  const wn_lines *lines;
  vec pairs, blocks;
} finder;

static wn_status add_param(finder *f, uint32_t p, int block, unsigned *positional) {
  const wn_node *n = &f->t->nodes[p];
  wn_pair *pr = vec_push(f->a, &f->pairs);
  if (!pr) return WN_ERR_NOMEM;
  if (n->flags & WN_NODE_POSITIONAL) {
    /* {{T|a|b}}: the parameters are named "1", "2", … */
    ++*positional;
    char *k = wn_arena_printf(f->a, "%u", n->num > 0 ? (unsigned)n->num : *positional);
    if (!k) return WN_ERR_NOMEM;
    pr->key = k, pr->key_len = strlen(k);
  } else {
    uint32_t off = n->name.off, len = n->name.len;
    trim_span(f->t->text, &off, &len);
    pr->key = f->t->text + off, pr->key_len = len;
  }
  pr->tree = f->t;
  pr->node = p;
  pr->off = n->value.off, pr->len = n->value.len;
  trim_span(f->t->text, &pr->off, &pr->len);
  wn_lines_at(f->lines, pr->off, &pr->line, &pr->col);
  pr->block = block;
  pr->empty = value_is_empty(f->t, p);
  return WN_OK;
}

static wn_status add_template_params(finder *f, uint32_t tmpl, int family, int block);

/* Sub-family blocks anywhere inside a parameter's value. */
static wn_status add_blocks_in(finder *f, uint32_t param, int parent_family, bool *found) {
  uint32_t end = subtree_end(f->t, param);
  for (uint32_t k = param + 1; k < end; k++) {
    const wn_map_template *tp;
    int fam = family_of_node(f->m, f->a, f->t, k, &tp);
    if (fam == NOMEM_FAMILY) return WN_ERR_NOMEM;
    if (fam < 0 || f->m->families[fam].parent != parent_family) continue;
    wn_block *b = vec_push(f->a, &f->blocks);
    if (!b) return WN_ERR_NOMEM;
    b->family = fam;
    wn_lines_at(f->lines, f->t->nodes[k].span.off, &b->line, &b->col);
    wn_status st = add_template_params(f, k, fam, (int)f->blocks.n - 1);
    if (st != WN_OK) return st;
    *found = true;
    k = subtree_end(f->t, k) - 1; /* a block's own blocks are not ours */
  }
  return WN_OK;
}

static wn_status add_template_params(finder *f, uint32_t tmpl, int family, int block) {
  unsigned positional = 0;
  for (uint32_t c = f->t->nodes[tmpl].first_child; c != WN_NONE; c = f->t->nodes[c].next_sibling) {
    if (f->t->nodes[c].type != WN_NODE_PARAM) continue;
    wn_status st = add_param(f, c, block, &positional);
    if (st != WN_OK) return st;
    if (block >= 0) continue; /* blocks do not nest further */
    size_t me = f->pairs.n - 1;
    bool found = false;
    st = add_blocks_in(f, c, family, &found);
    if (st != WN_OK) return st;
    if (found) ((wn_pair *)f->pairs.items)[me].holds_blocks = true;
  }
  return WN_OK;
}

/* ---- the crew table ---- */

/* Plain text of simple content (header cells, headings): text, link
 * labels, bold and italic; templates, refs and comments skipped. */
static void simple_text(const wn_tree *t, uint32_t first, wn_buf *out) {
  for (uint32_t c = first; c != WN_NONE; c = t->nodes[c].next_sibling) {
    const wn_node *n = &t->nodes[c];
    switch (n->type) {
    case WN_NODE_TEXT: wn_buf_append(out, t->text + n->span.off, n->span.len); break;
    case WN_NODE_WIKILINK: {
      wn_span s = n->value.len ? n->value : n->name;
      wn_buf_append(out, t->text + s.off, s.len);
      break;
    }
    case WN_NODE_BOLD:
    case WN_NODE_ITALIC: simple_text(t, n->first_child, out); break;
    default: break;
    }
  }
}

static const char *node_key(wn_arena *a, const wn_tree *t, uint32_t first) {
  wn_buf b;
  wn_buf_init(&b);
  simple_text(t, first, &b);
  const char *k = b.failed ? NULL : wn_map_norm_key(a, b.data ? b.data : "", b.len);
  wn_buf_free(&b);
  return k;
}

/* 1 when the heading names a crew section, 0 when not, -1 out of memory. */
static int heading_matches(wn_arena *a, const wn_map_family *fam, const wn_tree *t, uint32_t h) {
  const wn_node *n = &t->nodes[h];
  const char *k = n->first_child != WN_NONE
                      ? node_key(a, t, n->first_child)
                      : wn_map_norm_key(a, t->text + n->value.off, n->value.len);
  return !k ? -1 : wn_mapping_lookup(fam, WN_VOCAB_SECTION, k) != NULL;
}

static uint32_t child_count(const wn_tree *t, uint32_t i, int type) {
  uint32_t n = 0;
  for (uint32_t c = t->nodes[i].first_child; c != WN_NONE; c = t->nodes[c].next_sibling)
    n += t->nodes[c].type == type;
  return n;
}

/* The header row: every cell a header cell. Sets the column of each cell
 * index (up to 32 cells); returns the set of columns found (1 << WN_COL_x). */
static unsigned map_columns(wn_arena *a, const wn_map_family *fam, const wn_tree *t, uint32_t row,
                            int cols[32], bool *nomem) {
  unsigned found = 0;
  int i = 0;
  for (uint32_t c = t->nodes[row].first_child; c != WN_NONE && i < 32;
       c = t->nodes[c].next_sibling) {
    if (t->nodes[c].type != WN_NODE_TABLE_CELL) continue;
    if (!(t->nodes[c].flags & WN_NODE_HEADER)) return 0;
    const char *k = node_key(a, t, t->nodes[c].first_child);
    if (!k) return *nomem = true, 0;
    const wn_map_key *mk = wn_mapping_lookup(fam, WN_VOCAB_COLUMN, k);
    cols[i] = mk ? mk->field : -1;
    if (cols[i] >= 0) found |= 1u << cols[i];
    i++;
  }
  return found;
}

/* Reads the rows of a crew table whose header has the needed columns. */
static wn_status read_crew_table(finder *f, const wn_map_family *fam, uint32_t table,
                                 unsigned needed, wn_infobox *ib) {
  const wn_tree *t = f->t;
  int cols[32];
  for (int i = 0; i < 32; i++) cols[i] = -1;
  bool header = false;
  vec rows = {NULL, 0, 0, sizeof(wn_crew_row)};
  for (uint32_t r = t->nodes[table].first_child; r != WN_NONE; r = t->nodes[r].next_sibling) {
    if (t->nodes[r].type != WN_NODE_TABLE_ROW || !child_count(t, r, WN_NODE_TABLE_CELL)) continue;
    if (!header) {
      bool nomem = false;
      header = (map_columns(f->a, fam, t, r, cols, &nomem) & needed) == needed;
      if (nomem) return WN_ERR_NOMEM;
      if (!header) return WN_OK; /* not a crew table after all */
      continue;
    }
    wn_crew_row *row = vec_push(f->a, &rows);
    if (!row) return WN_ERR_NOMEM;
    for (int k = 0; k < WN_COL_COUNT; k++) row->cell[k] = WN_NONE;
    int i = 0;
    for (uint32_t c = t->nodes[r].first_child; c != WN_NONE && i < 32;
         c = t->nodes[c].next_sibling) {
      if (t->nodes[c].type != WN_NODE_TABLE_CELL) continue;
      if (cols[i] >= 0 && row->cell[cols[i]] == WN_NONE) row->cell[cols[i]] = c;
      i++;
    }
  }
  if (!rows.n) return WN_OK;
  ib->crew_tree = t;
  ib->crew_table = table;
  ib->crew_rows = rows.items;
  ib->ncrew_rows = rows.n;
  wn_lines_at(f->lines, t->nodes[table].span.off, &ib->crew_line, &ib->crew_col);
  return WN_OK;
}

static wn_status set_heading(finder *f, wn_infobox *ib, uint32_t h) {
  uint32_t off = f->t->nodes[h].value.off, len = f->t->nodes[h].value.len;
  trim_span(f->t->text, &off, &len);
  ib->crew_heading = wn_arena_strndup(f->a, f->t->text + off, len);
  return ib->crew_heading ? WN_OK : WN_ERR_NOMEM;
}

/* The first crew table under a crew heading, before the next heading of
 * the same or a higher level; a name column is enough there. Without such
 * a heading, the first table with both a role and a name column. */
static wn_status find_crew_table(finder *f, wn_infobox *ib) {
  const wn_tree *t = f->t;
  const wn_map_family *fam = &f->m->families[ib->family];
  const unsigned name = 1u << WN_COL_NAME, role = 1u << WN_COL_ROLE;
  bool headed = false;
  for (uint32_t h = 0; h < t->count; h++) {
    if (t->nodes[h].type != WN_NODE_HEADING) continue;
    int hm = heading_matches(f->a, fam, t, h);
    if (hm < 0) return WN_ERR_NOMEM;
    if (!hm) continue;
    headed = true;
    int level = t->nodes[h].num;
    for (uint32_t k = subtree_end(t, h); k < t->count; k++) {
      const wn_node *n = &t->nodes[k];
      if (n->type == WN_NODE_HEADING && n->num <= level) break;
      if (n->type != WN_NODE_TABLE) continue;
      wn_status st = read_crew_table(f, fam, k, name, ib);
      if (st != WN_OK) return st;
      if (ib->crew_rows) return set_heading(f, ib, h);
      k = subtree_end(t, k) - 1;
    }
  }
  for (uint32_t k = 0; !headed && k < t->count; k++) {
    if (t->nodes[k].type != WN_NODE_TABLE) continue;
    wn_status st = read_crew_table(f, fam, k, name | role, ib);
    if (st != WN_OK || ib->crew_rows) return st;
    k = subtree_end(t, k) - 1;
  }
  return WN_OK;
}

/* ---- wikitext ---- */

wn_status wn_find_infoboxes(const wn_mapping *m, wn_arena *a, const wn_tree *tree,
                            const wn_lines *lines, wn_infobox **out, size_t *count) {
  vec boxes = {NULL, 0, 0, sizeof(wn_infobox)};
  *out = NULL;
  *count = 0;
  for (uint32_t i = 0; i < tree->count; i++) {
    const wn_map_template *tp;
    int fam = family_of_node(m, a, tree, i, &tp);
    if (fam == NOMEM_FAMILY) return WN_ERR_NOMEM;
    if (fam < 0 || m->families[fam].parent >= 0) continue;
    finder f = {m, a, tree, lines, {NULL, 0, 0, sizeof(wn_pair)}, {NULL, 0, 0, sizeof(wn_block)}};
    wn_infobox *ib = vec_push(a, &boxes);
    if (!ib) return WN_ERR_NOMEM;
    const wn_node *n = &tree->nodes[i];
    uint32_t off = n->name.off, len = n->name.len;
    trim_span(tree->text, &off, &len);
    ib->family = fam;
    ib->vocab = tp->vocab;
    ib->lang = tp->lang;
    ib->template_name = wn_arena_strndup(a, tree->text + off, len);
    ib->crew_table = WN_NONE;
    if (!ib->template_name) return WN_ERR_NOMEM;
    wn_lines_at(lines, n->span.off, &ib->line, &ib->col);
    wn_status st = add_template_params(&f, i, fam, -1);
    if (st != WN_OK) return st;
    ib->pairs = f.pairs.items, ib->npairs = f.pairs.n;
    ib->blocks = f.blocks.items, ib->nblocks = f.blocks.n;
    /* The crew section belongs to the article's first infobox. */
    if (boxes.n == 1 && (st = find_crew_table(&f, ib)) != WN_OK) return st;
    i = subtree_end(tree, i) - 1; /* an infobox inside an infobox is part of it */
  }
  *out = boxes.items;
  *count = boxes.n;
  return WN_OK;
}

/* ---- the rendered form ---- */

typedef struct line {
  const char *s;
  size_t len; /* without the line break and a trailing \r */
  uint32_t off;
} line;

static bool next_line(const char *text, size_t n, size_t *pos, line *l) {
  if (*pos >= n) return false;
  const char *s = text + *pos;
  const char *nl = memchr(s, '\n', n - *pos);
  size_t len = nl ? (size_t)(nl - s) : n - *pos;
  l->s = s;
  l->off = (uint32_t)*pos;
  *pos += len + (nl ? 1 : 0);
  if (len && s[len - 1] == '\r') len--;
  l->len = len;
  return true;
}

/* "= Title =" (one '=' each side, not a "== section =="). */
static bool title_line(const line *l, uint32_t *toff, uint32_t *tlen) {
  if (l->len < 3 || l->s[0] != '=' || l->s[1] == '=') return false;
  size_t e = l->len;
  while (e && (l->s[e - 1] == ' ' || l->s[e - 1] == '\t')) e--;
  if (e < 3 || l->s[e - 1] != '=' || l->s[e - 2] == '=') return false;
  uint32_t off = l->off + 1, len = (uint32_t)e - 2;
  while (len && (l->s[off - l->off] == ' ' || l->s[off - l->off] == '\t')) off++, len--;
  while (len && (l->s[off - l->off + len - 1] == ' ' || l->s[off - l->off + len - 1] == '\t'))
    len--;
  *toff = off, *tlen = len;
  return len > 0;
}

/* "- Key: Value". */
static bool key_line(const line *l, uint32_t *koff, uint32_t *klen, uint32_t *voff,
                     uint32_t *vlen) {
  if (l->len < 4 || l->s[0] != '-' || l->s[1] != ' ') return false;
  const char *colon = NULL;
  for (size_t i = 2; i + 1 <= l->len; i++) {
    if (l->s[i] == ':' && (i + 1 == l->len || l->s[i + 1] == ' ' || l->s[i + 1] == '\t')) {
      colon = l->s + i;
      break;
    }
  }
  if (!colon || colon == l->s + 2) return false;
  *koff = l->off + 2, *klen = (uint32_t)(colon - l->s - 2);
  *voff = (uint32_t)(l->off + (size_t)(colon - l->s) + 1);
  *vlen = (uint32_t)(l->off + l->len - *voff);
  return true;
}

typedef struct rendered {
  const wn_mapping *m;
  wn_arena *a;
  const wn_doc *doc;
  const wn_lines *lines;
  wn_diag_sink *sink;
} rendered;

static wn_status add_rendered_pair(rendered *r, vec *pairs, uint32_t koff, uint32_t klen,
                                   uint32_t voff, uint32_t vlen) {
  const char *text = r->doc->text;
  trim_span(text, &koff, &klen);
  trim_span(text, &voff, &vlen);
  wn_pair *p = vec_push(r->a, pairs);
  wn_tree *t = wn_arena_alloc(r->a, sizeof *t);
  if (!p || !t) return WN_ERR_NOMEM;
  p->key = text + koff, p->key_len = klen;
  p->off = voff, p->len = vlen;
  wn_lines_at(r->lines, voff, &p->line, &p->col);
  /* The value is plain text; tokenizing it lets every normalizer take
   * rendered and wikitext values alike. */
  wn_status st = wn_tokenize(r->a, text + voff, vlen, p->line, p->col, r->doc->file, r->sink, t);
  if (st != WN_OK) return st;
  p->tree = t;
  p->node = WN_NONE;
  p->block = -1;
  p->empty = vlen == 0;
  return WN_OK;
}

/* The family whose keys the lines match best; -1 below two matches,
 * NOMEM_FAMILY. */
static int best_family(rendered *r, const wn_pair *pairs, size_t n) {
  int best = -1;
  size_t best_hits = 1;
  for (size_t f = 0; f < r->m->nfamilies; f++) {
    const wn_map_family *fam = &r->m->families[f];
    if (fam->parent >= 0) continue;
    size_t hits = 0;
    for (size_t i = 0; i < n; i++) {
      const char *k = wn_map_norm_key(r->a, pairs[i].key, pairs[i].key_len);
      if (!k) return NOMEM_FAMILY;
      const wn_map_key *mk = wn_mapping_lookup(fam, WN_VOCAB_LABEL, k);
      hits += mk && mk->field >= 0;
    }
    if (hits > best_hits) best = (int)f, best_hits = hits;
  }
  return best;
}

static wn_status finish_rendered(rendered *r, vec *boxes, vec *pairs, uint32_t toff,
                                 uint32_t tlen) {
  int fam = best_family(r, pairs->items, pairs->n);
  if (fam == NOMEM_FAMILY) return WN_ERR_NOMEM;
  if (fam < 0) return WN_OK;
  wn_infobox *ib = vec_push(r->a, boxes);
  if (!ib) return WN_ERR_NOMEM;
  ib->family = fam;
  ib->vocab = WN_VOCAB_LABEL;
  ib->title = wn_arena_strndup(r->a, r->doc->text + toff, tlen);
  if (!ib->title) return WN_ERR_NOMEM;
  ib->title_off = toff, ib->title_len = tlen;
  wn_lines_at(r->lines, toff, &ib->title_line, &ib->title_col);
  ib->line = ib->title_line, ib->col = ib->title_col;
  ib->pairs = pairs->items, ib->npairs = pairs->n;
  ib->crew_table = WN_NONE;
  return WN_OK;
}

wn_status wn_find_rendered(const wn_mapping *m, wn_arena *a, const wn_doc *doc,
                           const wn_lines *lines, wn_diag_sink *sink, wn_infobox **out,
                           size_t *count) {
  rendered r = {m, a, doc, lines, sink};
  vec boxes = {NULL, 0, 0, sizeof(wn_infobox)};
  vec pairs = {NULL, 0, 0, sizeof(wn_pair)};
  size_t pos = doc->len >= 3 && !memcmp(doc->text, "\xEF\xBB\xBF", 3) ? 3 : 0;
  bool open = false, keys_done = false;
  uint32_t toff = 0, tlen = 0;
  line l;
  wn_status st = WN_OK;
  *out = NULL;
  *count = 0;
  /* Each "= Title =" starts one infobox: the first run of key lines after it. */
  while (st == WN_OK && next_line(doc->text, doc->len, &pos, &l)) {
    uint32_t t1, t2, ko, kl, vo, vl;
    if (title_line(&l, &t1, &t2)) {
      if (open) st = finish_rendered(&r, &boxes, &pairs, toff, tlen);
      pairs = (vec){NULL, 0, 0, sizeof(wn_pair)};
      open = true, keys_done = false;
      toff = t1, tlen = t2;
    } else if (open && !keys_done && key_line(&l, &ko, &kl, &vo, &vl)) {
      st = add_rendered_pair(&r, &pairs, ko, kl, vo, vl);
    } else if (open && pairs.n) {
      keys_done = true;
    }
  }
  if (st == WN_OK && open) st = finish_rendered(&r, &boxes, &pairs, toff, tlen);
  if (st != WN_OK) return st;
  *out = boxes.items;
  *count = boxes.n;
  return WN_OK;
}

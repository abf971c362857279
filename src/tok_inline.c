/*
 * The tokenizer, pass 2: from pass 1's elements to the wn_node array.
 *
 * A stack of scopes walks the element tree without recursion: each scope
 * is one element (or the document) and walks its regions in turn (a
 * template's title, then each parameter's name and value). Inside a
 * region the text between child elements is tokenized for the syntax
 * MediaWiki handles after preprocessing: tables, HTML tags, bold and
 * italic, lists, external links, bare URLs, entities, magic words.
 *
 * That syntax never needs to be taken back: every decision is made when
 * its opener is seen, with a look-ahead that stops at the line end or the
 * next '<' (tags) and is cached when it fails (external links), so the
 * pass stays linear. What is left open is closed where its region, line
 * or enclosing construct ends, flagged WN_NODE_UNCLOSED where that means
 * a missing closer.
 *
 * Nodes are appended in pre-order, so their offsets never decrease and
 * line and column come from one cursor moving forward.
 */
#include "tok_internal.h"

#include <string.h>

/* Kinds of open nodes. IK_ELEM: an element of pass 1 or one of its
 * parameters; the others are inline frames of the current region. */
enum {
  IK_ELEM,
  IK_LEAF,
  IK_TAG,
  IK_TABLE,
  IK_ROW,
  IK_CELL,
  IK_CAPTION,
  IK_BOLD,
  IK_ITALIC,
  IK_LIST,
  IK_EXTLINK
};

typedef struct open_node {
  uint32_t node, last; /* last: the newest child, for linking */
  uint8_t kind, tag;   /* tag: HTML tag id for IK_TAG */
  bool counted;        /* counts toward the depth limit */
  uint32_t body;       /* where the content starts */
  uint32_t close_at;   /* IK_EXTLINK: its ']' */
} open_node;

/* One run of apostrophes of the current line, as MediaWiki's doQuotes
 * reads it: `lead` apostrophes of text, then a marker of `eff` (2, 3 or 5). */
typedef struct qmark {
  uint32_t pos, len, lead;
  uint8_t eff;
} qmark;

typedef struct region {
  uint32_t lo, hi, pos;
  const pelem *atom;  /* the next child element */
  bool full;          /* tokenize the text; else only visit child elements */
  bool line_begin;    /* lo starts a line */
  uint32_t obase;     /* open stack height when the region started */
  uint32_t text_from; /* start of text not yet emitted */
  uint32_t skip_to;   /* attributes up to here: no text, no syntax */
  bool close_after_skip;
  uint32_t xl_fail; /* no ']' closes an external link before here */
  uint32_t line_lo;
  bool qvalid; /* quote plan of the current line */
  uint32_t qbase, qnext, qline_end;
  uint32_t in_extlink;
  bool cell_line, cell_header; /* a table cell line: "||" or "!!" split */
} region;

typedef struct scope {
  const pelem *el; /* NULL: the document */
  const ppart *part;
  uint32_t step;
  uint32_t node, index, split;
  bool region_active;
  region r;
} scope;

typedef struct tk {
  const char *s;
  uint32_t len;
  wn_arena *a;
  wn_node *nodes;
  uint32_t count, cap, last_top;
  open_node *open;
  uint32_t nopen, capopen;
  scope *sc;
  uint32_t nsc, capsc;
  qmark *qm;
  uint32_t nqm, capqm;
  uint32_t depth;
  uint32_t lc_off, lc_line, lc_col, line0, col0;
  tok_warnings *w;
  region *r; /* the region being run */
  const ppart *root;
  tok_stops stops[8];    /* by text mask */
  tok_stops quote_stops; /* '\'' and '\n' */
  bool nomem;
} tk;

/* ---- arrays ---- */

/* Grows an arena array geometrically (the old copy stays in the arena
 * until it is reset: at most as much again). One spare slot at the end
 * absorbs writes after an allocation failure. */
static bool grow(tk *t, void **items, uint32_t *cap, size_t size, uint32_t need) {
  if (need < *cap) return true;
  uint32_t ncap = *cap ? *cap : 16;
  while (ncap <= need) ncap *= 2;
  void *p = wn_arena_alloc(t->a, ((size_t)ncap + 1) * size);
  if (!p) {
    t->nomem = true;
    return false;
  }
  if (*cap) memcpy(p, *items, (size_t)*cap * size);
  *items = p, *cap = ncap;
  return true;
}

/* ---- line and column ---- */

/* Line and column move 8 bytes at a time. Per-byte flags are exact
 * (no carries between bytes): a newline, or a UTF-8 continuation byte
 * (10xxxxxx) that starts no code point. */
static inline uint64_t load64(const unsigned char *p) {
  uint64_t x;
  memcpy(&x, p, 8);
  return x;
}

/* The number of flags (bit 7 of each byte). */
static inline unsigned flag_count(uint64_t f) {
  return (unsigned)(((f >> 7) * 0x0101010101010101ULL) >> 56);
}

static inline unsigned last_flag_byte(uint64_t f) {
#if defined(__GNUC__)
  return (unsigned)(63 - __builtin_clzll(f)) / 8;
#else
  unsigned k = 7;
  while (!(f >> (8 * k + 7) & 1)) k--;
  return k;
#endif
}

/* Advances over the first n (1..8) bytes of x. */
static inline void advance_word(uint64_t x, unsigned n, uint32_t *line, uint32_t *col) {
  const uint64_t low7 = 0x7F7F7F7F7F7F7F7FULL, highs = 0x8080808080808080ULL;
  uint64_t keep = n >= 8 ? ~0ULL : (1ULL << (8 * n)) - 1;
  uint64_t t = x ^ 0x0A0A0A0A0A0A0A0AULL;
  uint64_t nl = ~(((t & low7) + low7) | t) & highs & keep;
  uint64_t cont = x & ~(x << 1) & highs & keep;
  if (!nl) {
    *col += n - flag_count(cont);
    return;
  }
  unsigned last = last_flag_byte(nl);
  uint64_t after = last >= 7 ? 0 : keep & (~0ULL << (8 * (last + 1)));
  *line += flag_count(nl);
  *col = 1 + (n - last - 1) - flag_count(cont & after);
}

#if defined(__SSE2__)
static inline unsigned bits16(unsigned m) {
  static const uint8_t pop8[256] = {
#define B2(n) n, n + 1, n + 1, n + 2
#define B4(n) B2(n), B2(n + 1), B2(n + 1), B2(n + 2)
#define B6(n) B4(n), B4(n + 1), B4(n + 1), B4(n + 2)
      B6(0), B6(1), B6(1), B6(2)
#undef B2
#undef B4
#undef B6
  };
  return pop8[m & 255] + pop8[(m >> 8) & 255];
}

/* Advances over the first n (1..16) bytes at p, 16 bytes readable. */
static inline void advance_chunk(const unsigned char *p, unsigned n, uint32_t *line,
                                 uint32_t *col) {
  __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
  unsigned keep = n >= 16 ? 0xFFFFu : (1u << n) - 1;
  unsigned nl = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('\n'))) & keep;
  /* continuation bytes 0x80..0xBF are the signed bytes below -64 */
  unsigned cont = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(x, _mm_set1_epi8(-64))) & keep;
  if (!nl) {
    *col += n - bits16(cont);
    return;
  }
  unsigned last = 31u - (unsigned)__builtin_clz(nl);
  *line += bits16(nl);
  *col = 1 + (n - last - 1) - bits16(cont >> (last + 1));
}
#endif

static void position_at(tk *t, uint32_t off, uint32_t *out_line, uint32_t *out_col) {
  if (off < t->lc_off) /* never in pre-order; kept correct anyway */
    t->lc_off = 0, t->lc_line = t->line0, t->lc_col = t->col0;
  const unsigned char *p = (const unsigned char *)t->s + t->lc_off;
  const unsigned char *e = (const unsigned char *)t->s + off;
  const unsigned char *end = (const unsigned char *)t->s + t->len;
  uint32_t line = t->lc_line, col = t->lc_col;
#if defined(__SSE2__)
  for (; p + 16 <= e; p += 16) advance_chunk(p, 16, &line, &col);
  if (p < e && p + 16 <= end) {
    advance_chunk(p, (unsigned)(e - p), &line, &col);
    p = e;
  }
#endif
  for (; p + 8 <= e; p += 8) advance_word(load64(p), 8, &line, &col);
  if (p < e) {
    if (p + 8 <= end) { /* a whole word is readable: mask the rest */
      advance_word(load64(p), (unsigned)(e - p), &line, &col);
    } else {
      for (; p < e; p++) {
        if (*p == '\n')
          line++, col = 1;
        else
          col += (*p & 0xC0) != 0x80;
      }
    }
  }
  t->lc_line = line, t->lc_col = col, t->lc_off = off;
  *out_line = line, *out_col = col;
}

/* ---- nodes ---- */

static uint32_t node_add(tk *t, uint16_t type, uint32_t off) {
  if (t->count >= t->cap && !grow(t, (void **)&t->nodes, &t->cap, sizeof *t->nodes, t->count))
    return t->cap;
  uint32_t n = t->count++;
  wn_node *x = &t->nodes[n];
  wn_span empty = {off, 0};
  *x = (wn_node){.type = type,
                 .parent = WN_NONE,
                 .first_child = WN_NONE,
                 .next_sibling = WN_NONE,
                 .span = empty,
                 .name = empty,
                 .value = empty,
                 .attrs = empty};
  position_at(t, off, &x->line, &x->col);
  if (t->nopen) {
    open_node *o = &t->open[t->nopen - 1];
    x->parent = o->node;
    if (o->last == WN_NONE)
      t->nodes[o->node].first_child = n;
    else
      t->nodes[o->last].next_sibling = n;
    o->last = n;
  } else {
    if (t->last_top != WN_NONE) t->nodes[t->last_top].next_sibling = n;
    t->last_top = n;
  }
  return n;
}

static void node_end(tk *t, uint32_t n, uint32_t end) {
  t->nodes[n].span.len = end - t->nodes[n].span.off;
}

static void leaf(tk *t, uint16_t type, uint32_t off, uint32_t end) {
  node_end(t, node_add(t, type, off), end);
}

static open_node *push_open(tk *t, uint32_t node, uint8_t kind, uint32_t body, bool counted) {
  if (t->nopen >= t->capopen && !grow(t, (void **)&t->open, &t->capopen, sizeof *t->open, t->nopen))
    return &t->open[t->capopen];
  open_node *o = &t->open[t->nopen++];
  *o = (open_node){node, WN_NONE, kind, 0, counted, body, WN_NONE};
  if (counted) t->depth++;
  return o;
}

static bool depth_ok(tk *t, uint32_t at) {
  if (t->depth < WN_MAX_DEPTH) return true;
  if (!t->w->depth_reported) {
    t->w->depth_reported = true;
    tok_warn(t->a, t->w, at, "nesting deeper than 100 levels; the rest is kept as text");
  }
  return false;
}

/* Closes the top open node: content up to vend, span up to end. */
static void close_top(tk *t, uint32_t vend, uint32_t end, bool unclosed) {
  if (!t->nopen) return; /* only after an allocation failure */
  open_node o = t->open[--t->nopen];
  wn_node *x = &t->nodes[o.node];
  x->span.len = end - x->span.off;
  switch (o.kind) {
  case IK_TAG:
  case IK_CELL:
  case IK_CAPTION:
  case IK_BOLD:
  case IK_ITALIC:
  case IK_LIST: x->value = (wn_span){o.body, vend > o.body ? vend - o.body : 0}; break;
  default: break;
  }
  if (unclosed && (o.kind == IK_TAG || o.kind == IK_TABLE || o.kind == IK_BOLD ||
                   o.kind == IK_ITALIC || o.kind == IK_EXTLINK))
    x->flags |= WN_NODE_UNCLOSED;
  if (o.kind == IK_TABLE && unclosed)
    tok_warn(t->a, t->w, x->span.off, "table '{|' is never closed");
  if (o.counted) t->depth--;
  if (o.kind == IK_EXTLINK) t->r->in_extlink--;
}

/* Closes every open node above index k, where something else ends at. */
static void close_above(tk *t, uint32_t k, uint32_t at) {
  while (t->nopen > k + 1) close_top(t, at, at, true);
}

/* ---- regions: text ---- */

static void flush(tk *t, region *r, uint32_t upto) {
  if (upto <= r->text_from) return;
  leaf(t, WN_NODE_TEXT, r->text_from, upto);
  r->text_from = upto;
}

/* The end of the text gap starting at k: the next child element or hi. */
static uint32_t gap_end(const region *r, const pelem *a) {
  return a && a->off < r->hi ? a->off : r->hi;
}

/* Attributes from `from` to `to`: their text is not emitted, child
 * elements inside are (as children of the open node). */
static void skip_attrs(tk *t, region *r, uint32_t from, uint32_t to, bool close_after) {
  r->text_from = to;
  if (!r->atom || r->atom->off >= to) { /* nothing inside: jump */
    r->pos = to;
    if (close_after) close_top(t, to, to, false);
    return;
  }
  r->pos = from;
  r->skip_to = to;
  r->close_after_skip = close_after;
}

static void end_skip(tk *t, region *r) {
  if (r->close_after_skip) close_top(t, r->skip_to, r->skip_to, false);
  r->close_after_skip = false;
  if (r->text_from < r->skip_to) r->text_from = r->skip_to;
}

/* Trims spaces and comments at both ends of [lo, hi) (MediaWiki trims the
 * expanded text, where comments are gone). */
static wn_span trim_region(const tk *t, uint32_t lo, uint32_t hi, const pelem *a) {
  const char *s = t->s;
  while (a && a->off < lo) a = a->next;
  for (;;) {
    while (lo < hi && tok_space((unsigned char)s[lo])) lo++;
    if (a && a->off == lo && a->kind == P_COMMENT && a->end <= hi) {
      lo = a->end;
      a = a->next;
      continue;
    }
    break;
  }
  uint32_t vis = lo, pos = lo;
  for (;; a = a->next) {
    uint32_t ge = a && a->off < hi ? a->off : hi;
    uint32_t k = ge;
    while (k > pos && tok_space((unsigned char)s[k - 1])) k--;
    if (k > pos) vis = k;
    if (!(a && a->off < hi)) break;
    if (a->kind != P_COMMENT) vis = a->end;
    pos = a->end;
  }
  return (wn_span){lo, vis - lo};
}

static wn_span trim_spaces(const char *s, uint32_t lo, uint32_t hi) {
  while (lo < hi && tok_space((unsigned char)s[lo])) lo++;
  while (hi > lo && tok_space((unsigned char)s[hi - 1])) hi--;
  return (wn_span){lo, hi - lo};
}

/* The first c in the text gaps of [from, region end), or WN_NONE. */
static uint32_t find_in_gaps(const tk *t, const pelem *a, uint32_t from, uint32_t hi, char c) {
  for (;;) {
    uint32_t ge = a && a->off < hi ? a->off : hi;
    if (from < ge) {
      const char *p = memchr(t->s + from, c, ge - from);
      if (p) return (uint32_t)(p - t->s);
    }
    if (!(a && a->off < hi)) return WN_NONE;
    from = a->end;
    a = a->next;
  }
}

static uint32_t line_end_from(const tk *t, const region *r, uint32_t from) {
  uint32_t e = find_in_gaps(t, r->atom, from, r->hi, '\n');
  return e == WN_NONE ? r->hi : e;
}

/* ---- inline frames ---- */

static bool is_table_kind(uint8_t k) {
  return k == IK_TABLE || k == IK_ROW || k == IK_CELL || k == IK_CAPTION;
}
static bool is_passable(uint8_t k) { return k == IK_TAG || k == IK_BOLD || k == IK_ITALIC; }

/* The innermost open table of the region (through tags and quotes), or
 * WN_NONE. */
static uint32_t table_index(const tk *t, const region *r) {
  for (uint32_t k = t->nopen; k-- > r->obase;) {
    uint8_t kind = t->open[k].kind;
    if (kind == IK_TABLE) return k;
    if (!is_table_kind(kind) && !is_passable(kind)) return WN_NONE;
  }
  return WN_NONE;
}

/* ---- tables ---- */

static void table_open(tk *t, region *r, uint32_t q) {
  if (!depth_ok(t, q)) {
    r->pos = q + 2;
    return;
  }
  flush(t, r, q);
  uint32_t n = node_add(t, WN_NODE_TABLE, q);
  push_open(t, n, IK_TABLE, q + 2, true);
  uint32_t e = line_end_from(t, r, q + 2);
  t->nodes[n].attrs = trim_spaces(t->s, q + 2, e);
  r->cell_line = false;
  skip_attrs(t, r, q + 2, e, false);
}

static void table_close(tk *t, region *r, uint32_t ti, uint32_t q) {
  flush(t, r, q);
  close_above(t, ti, q);
  close_top(t, q, q + 2, false);
  r->pos = r->text_from = q + 2;
  r->cell_line = false;
}

static void row_open(tk *t, region *r, uint32_t ti, uint32_t q) {
  flush(t, r, q);
  close_above(t, ti, q);
  uint32_t k = q + 1;
  while (k < r->hi && t->s[k] == '-' && (!r->atom || k < r->atom->off)) k++;
  uint32_t n = node_add(t, WN_NODE_TABLE_ROW, q);
  push_open(t, n, IK_ROW, k, false);
  uint32_t e = line_end_from(t, r, k);
  t->nodes[n].attrs = trim_spaces(t->s, k, e);
  r->cell_line = false;
  skip_attrs(t, r, k, e, false);
}

/* "| attrs | content": the attributes end at the first single '|' of the
 * cell's line, unless a link comes first (MediaWiki's rule). */
static uint32_t cell_bar(const tk *t, const region *r, uint32_t from, bool header) {
  const char *s = t->s;
  const pelem *a = r->atom;
  for (;;) {
    uint32_t ge = gap_end(r, a);
    for (uint32_t k = from; k < ge; k++) {
      char c = s[k];
      if (c == '\n') return WN_NONE;
      if (c == '|') return k + 1 < ge && s[k + 1] == '|' ? WN_NONE : k;
      if (c == '!' && header && k + 1 < ge && s[k + 1] == '!') return WN_NONE;
    }
    if (!(a && a->off < r->hi) || a->kind == P_LINK) return WN_NONE;
    from = a->end;
    a = a->next;
  }
}

/* The content of a cell or caption starts after its marker, or after
 * its attributes. */
static void cell_content(tk *t, region *r, uint32_t n, uint32_t from, bool header) {
  uint32_t bar = cell_bar(t, r, from, header);
  uint32_t body = bar == WN_NONE ? from : bar + 1;
  t->open[t->nopen - 1].body = body;
  t->nodes[n].value.off = body;
  if (bar == WN_NONE) {
    r->pos = r->text_from = from;
    return;
  }
  t->nodes[n].attrs = trim_spaces(t->s, from, bar);
  skip_attrs(t, r, from, body, false);
}

static void caption_open(tk *t, region *r, uint32_t ti, uint32_t q) {
  flush(t, r, q);
  close_above(t, ti, q);
  uint32_t n = node_add(t, WN_NODE_TABLE_CAPTION, q);
  push_open(t, n, IK_CAPTION, q + 2, false);
  r->cell_line = false;
  cell_content(t, r, n, q + 2, false);
}

/* A cell at q with a marker of mlen bytes ("|", "!", "||", "!!"). */
static void cell_open(tk *t, region *r, uint32_t ti, uint32_t q, uint32_t mlen, bool header) {
  flush(t, r, q);
  if (ti + 1 < t->nopen && t->open[ti + 1].kind == IK_ROW) {
    close_above(t, ti + 1, q);
  } else { /* cells before any "|-": an implicit first row */
    close_above(t, ti, q);
    push_open(t, node_add(t, WN_NODE_TABLE_ROW, q), IK_ROW, q, false);
  }
  uint32_t n = node_add(t, WN_NODE_TABLE_CELL, q);
  if (header) t->nodes[n].flags |= WN_NODE_HEADER;
  push_open(t, n, IK_CELL, q + mlen, false);
  r->cell_line = true;
  r->cell_header = header;
  cell_content(t, r, n, q + mlen, header);
}

/* ---- line starts and ends ---- */

static void list_open(tk *t, region *r, uint32_t s0, uint32_t stop) {
  uint32_t k = s0;
  while (k < stop && strchr("*#:;", t->s[k]) && t->s[k]) k++;
  r->pos = k;
  if (!depth_ok(t, s0)) return;
  flush(t, r, s0);
  uint32_t n = node_add(t, WN_NODE_LIST_ITEM, s0);
  t->nodes[n].name = (wn_span){s0, k - s0};
  push_open(t, n, IK_LIST, k, true);
  r->text_from = k;
}

/* Line-start syntax at s0 (the byte after a '\n', or the region start). */
static void line_start(tk *t, region *r, uint32_t s0, uint32_t stop) {
  const char *s = t->s;
  r->pos = s0;
  if (s0 >= stop) return;
  uint32_t q = s0;
  while (q < stop && (s[q] == ' ' || s[q] == '\t')) q++;
  uint32_t ti = table_index(t, r);
  if (ti != WN_NONE && q < stop) {
    char c = s[q], c2 = q + 1 < stop ? s[q + 1] : 0;
    if (c == '|' && c2 == '}') {
      table_close(t, r, ti, q);
      return;
    }
    if (c == '|' && c2 == '-') {
      row_open(t, r, ti, q);
      return;
    }
    if (c == '|' && c2 == '+') {
      caption_open(t, r, ti, q);
      return;
    }
    if (c == '|' || c == '!') {
      cell_open(t, r, ti, q, 1, c == '!');
      return;
    }
  }
  if (q + 1 < stop && s[q] == '{' && s[q + 1] == '|') {
    table_open(t, r, q);
    return;
  }
  char c = s[s0];
  if (c == ':') { /* ":{|": an indented table, not a list */
    uint32_t k = s0;
    while (k < stop && s[k] == ':') k++;
    while (k < stop && (s[k] == ' ' || s[k] == '\t')) k++;
    if (k + 1 < stop && s[k] == '{' && s[k + 1] == '|') {
      r->pos = k;
      {
        table_open(t, r, k);
        return;
      }
    }
  }
  if (c == '*' || c == '#' || c == ':' || c == ';') {
    list_open(t, r, s0, stop);
    return;
  }
  if (c == '-') {
    uint32_t k = s0;
    while (k < stop && s[k] == '-') k++;
    if (k - s0 >= 4) {
      flush(t, r, s0);
      leaf(t, WN_NODE_HR, s0, k);
      r->pos = r->text_from = k;
    }
  }
}

/* A line ends at p: bold, italic and list items end with it. */
static void line_end(tk *t, region *r, uint32_t p) {
  uint32_t low = WN_NONE;
  for (uint32_t k = t->nopen; k-- > r->obase;) {
    uint8_t kind = t->open[k].kind;
    if (kind == IK_BOLD || kind == IK_ITALIC || kind == IK_LIST)
      low = k;
    else if (kind != IK_TAG)
      break;
  }
  if (low == WN_NONE) return;
  flush(t, r, p);
  while (t->nopen > low) close_top(t, p, p, t->open[t->nopen - 1].kind != IK_LIST);
}

static void on_newline(tk *t, region *r, uint32_t p, uint32_t stop) {
  line_end(t, r, p);
  r->cell_line = false;
  r->qvalid = false;
  r->line_lo = p + 1;
  line_start(t, r, p + 1, stop);
}

/* ---- HTML tags ---- */

typedef struct html_tag {
  const char *name;
  bool empty; /* never has content */
} html_tag;

/* The tags MediaWiki's Sanitizer lets through; others are text. */
static const html_tag html_tags[] = {
    {"abbr", 0},   {"b", 0},       {"bdi", 0},    {"bdo", 0},   {"big", 0},  {"blockquote", 0},
    {"br", 1},     {"caption", 0}, {"center", 0}, {"cite", 0},  {"code", 0}, {"data", 0},
    {"dd", 0},     {"del", 0},     {"dfn", 0},    {"div", 0},   {"dl", 0},   {"dt", 0},
    {"em", 0},     {"font", 0},    {"h1", 0},     {"h2", 0},    {"h3", 0},   {"h4", 0},
    {"h5", 0},     {"h6", 0},      {"hr", 1},     {"i", 0},     {"img", 1},  {"ins", 0},
    {"kbd", 0},    {"li", 0},      {"link", 1},   {"mark", 0},  {"meta", 1}, {"ol", 0},
    {"p", 0},      {"q", 0},       {"rb", 0},     {"rp", 0},    {"rt", 0},   {"rtc", 0},
    {"ruby", 0},   {"s", 0},       {"samp", 0},   {"small", 0}, {"span", 0}, {"strike", 0},
    {"strong", 0}, {"sub", 0},     {"sup", 0},    {"table", 0}, {"td", 0},   {"th", 0},
    {"time", 0},   {"tr", 0},      {"tt", 0},     {"u", 0},     {"ul", 0},   {"var", 0},
    {"wbr", 1},
};
enum { HTML_COUNT = sizeof html_tags / sizeof html_tags[0] };

static int html_lookup(const char *s, size_t n) {
  if (n == 0 || n > 10) return -1;
  for (int i = 0; i < HTML_COUNT; i++)
    if (tok_ieq(s, n, html_tags[i].name)) return i;
  return -1;
}

/* The '>' ending a tag whose name ends at from: MediaWiki's Sanitizer
 * splits the text at '<', so a '<' first means no tag. */
static uint32_t tag_end(const tk *t, const region *r, uint32_t from, bool *atoms) {
  const char *s = t->s;
  const pelem *a = r->atom;
  for (;;) {
    uint32_t ge = gap_end(r, a);
    for (uint32_t k = from; k < ge; k++) {
      if (s[k] == '>') return k;
      if (s[k] == '<') return WN_NONE;
    }
    if (!(a && a->off < r->hi)) return WN_NONE;
    *atoms = true;
    from = a->end;
    a = a->next;
  }
}

/* The open tag `id` of this region (through tags and quotes), or WN_NONE. */
static uint32_t tag_frame(const tk *t, const region *r, int id) {
  for (uint32_t k = t->nopen; k-- > r->obase;) {
    const open_node *o = &t->open[k];
    if (o->kind == IK_TAG && o->tag == id) return k;
    if (!is_passable(o->kind)) return WN_NONE;
  }
  return WN_NONE;
}

static void on_angle(tk *t, region *r, uint32_t p, uint32_t stop) {
  const char *s = t->s;
  uint32_t k = p + 1;
  bool closing = k < stop && s[k] == '/';
  k += closing;
  uint32_t name = k;
  while (k < stop && (tok_alnum((unsigned char)s[k]) || s[k] == '_' || s[k] == '-')) k++;
  int id = html_lookup(s + name, k - name);
  bool atoms = false;
  uint32_t q = id < 0 ? WN_NONE : tag_end(t, r, k, &atoms);
  if (q == WN_NONE) {
    r->pos = p + 1;
    return;
  }
  bool self = s[q - 1] == '/' && q - 1 >= k;
  if (closing && atoms) { /* "</b{{x}}>" closes nothing */
    r->pos = p + 1;
    return;
  }
  if (closing) {
    uint32_t f = tag_frame(t, r, id);
    if (f != WN_NONE) {
      flush(t, r, p);
      close_above(t, f, p);
      close_top(t, p, q + 1, false);
      skip_attrs(t, r, k, q + 1, false);
      return;
    }
  } else if (!html_tags[id].empty && !self) {
    if (!depth_ok(t, p)) {
      r->pos = p + 1;
      return;
    }
    flush(t, r, p);
    uint32_t n = node_add(t, WN_NODE_TAG, p);
    t->nodes[n].name = (wn_span){name, k - name};
    t->nodes[n].attrs = trim_spaces(s, k, q);
    t->nodes[n].value.off = q + 1;
    push_open(t, n, IK_TAG, q + 1, true)->tag = (uint8_t)id;
    skip_attrs(t, r, k, q + 1, false);
    return;
  }
  /* <br>, <br/>, <span/>, or a stray </span>: a tag without content */
  flush(t, r, p);
  uint32_t n = node_add(t, WN_NODE_TAG, p);
  wn_node *x = &t->nodes[n];
  x->name = (wn_span){name, k - name};
  x->attrs = trim_spaces(s, k, self ? q - 1 : q);
  x->value.off = q + 1;
  x->flags |= closing ? WN_NODE_CLOSING_TAG : self ? WN_NODE_SELF_CLOSING : 0;
  push_open(t, n, IK_LEAF, q + 1, false);
  skip_attrs(t, r, k, q + 1, true);
}

/* ---- URLs and external links ---- */

typedef struct scheme {
  const char *name;
  bool slashes; /* "://" rather than ":" */
} scheme;

/* MediaWiki's $wgUrlProtocols. */
static const scheme schemes[] = {
    {"bitcoin", 0}, {"ftp", 1},   {"ftps", 1},      {"geo", 0},  {"git", 1},    {"gopher", 1},
    {"http", 1},    {"https", 1}, {"irc", 1},       {"ircs", 1}, {"magnet", 0}, {"mailto", 0},
    {"matrix", 0},  {"mms", 1},   {"news", 0},      {"nntp", 1}, {"redis", 1},  {"sftp", 1},
    {"sip", 0},     {"sips", 0},  {"sms", 0},       {"ssh", 1},  {"svn", 1},    {"tel", 0},
    {"telnet", 1},  {"urn", 0},   {"worldwind", 1}, {"xmpp", 0},
};

/* s[lo..colon) is a URL scheme and what follows the colon fits it:
 * returns where the address starts, or WN_NONE. */
static uint32_t scheme_end(const char *s, uint32_t lo, uint32_t colon, uint32_t stop) {
  size_t n = colon - lo;
  for (size_t i = 0; i < sizeof schemes / sizeof *schemes; i++) {
    if (!tok_ieq(s + lo, n, schemes[i].name)) continue;
    if (!schemes[i].slashes) return colon + 1;
    if (colon + 2 < stop && s[colon + 1] == '/' && s[colon + 2] == '/') return colon + 3;
    return WN_NONE;
  }
  return WN_NONE;
}

/* The end of URL characters from k: not []<>" or spaces (ASCII or
 * Unicode), not U+FFFD; "''" ends it too (doQuotes runs first). */
static uint32_t url_end(const char *s, uint32_t k, uint32_t stop) {
  /* 1: ends a URL; 2: look closer (quote, multi-byte space lead bytes) */
  static const uint8_t url_class[256] = {
      [0] = 1,    [1] = 1,    [2] = 1,    [3] = 1,    [4] = 1,   [5] = 1,   [6] = 1,    [7] = 1,
      [8] = 1,    [9] = 1,    [10] = 1,   [11] = 1,   [12] = 1,  [13] = 1,  [14] = 1,   [15] = 1,
      [16] = 1,   [17] = 1,   [18] = 1,   [19] = 1,   [20] = 1,  [21] = 1,  [22] = 1,   [23] = 1,
      [24] = 1,   [25] = 1,   [26] = 1,   [27] = 1,   [28] = 1,  [29] = 1,  [30] = 1,   [31] = 1,
      [' '] = 1,  ['"'] = 1,  ['<'] = 1,  ['>'] = 1,  ['['] = 1, [']'] = 1, [0x7F] = 1, ['\''] = 2,
      [0xC2] = 2, [0xE1] = 2, [0xE2] = 2, [0xE3] = 2, [0xEF] = 2};
  while (k < stop) {
    while (k < stop && !url_class[(unsigned char)s[k]]) k++;
    if (k >= stop) break;
    unsigned char c = (unsigned char)s[k];
    if (url_class[c] == 1) break;
    if (c == '\'' && k + 1 < stop && s[k + 1] == '\'') break;
    if (c >= 0xC2 && k + 1 < stop) {
      unsigned char d = (unsigned char)s[k + 1], e = k + 2 < stop ? (unsigned char)s[k + 2] : 0;
      if (c == 0xC2 && d == 0xA0) break;              /* U+00A0 */
      if (c == 0xE1 && d == 0x9A && e == 0x80) break; /* U+1680 */
      if (c == 0xE2 && d == 0x80 && ((e >= 0x80 && e <= 0x8A) || e == 0xAF)) break;
      if (c == 0xE2 && d == 0x81 && e == 0x9F) break; /* U+205F */
      if (c == 0xE3 && d == 0x80 && e == 0x80) break; /* U+3000 */
      if (c == 0xEF && d == 0xBF && e == 0xBD) break; /* U+FFFD */
    }
    k++;
  }
  return k;
}

/* "[url label]": the ']' on the same line (controls end the label), or
 * WN_NONE with *fail set to where the search gave up. */
static uint32_t extlink_close(const tk *t, const region *r, uint32_t from, uint32_t *fail) {
  const char *s = t->s;
  const pelem *a = r->atom;
  for (;;) {
    uint32_t ge = gap_end(r, a);
    for (uint32_t k = from; k < ge; k++) {
      unsigned char c = (unsigned char)s[k];
      if (c == ']') return k;
      if (c < 0x20 && c != '\t') {
        *fail = k;
        return WN_NONE;
      }
    }
    if (!(a && a->off < r->hi)) {
      *fail = r->hi;
      return WN_NONE;
    }
    from = a->end;
    a = a->next;
  }
}

static void on_bracket(tk *t, region *r, uint32_t p, uint32_t stop) {
  const char *s = t->s;
  r->pos = p + 1;
  if (r->in_extlink || p < r->xl_fail || p + 1 >= stop || s[p + 1] == '[') return;
  uint32_t u = p + 1, k = u, addr;
  if (k + 1 < stop && s[k] == '/' && s[k + 1] == '/') {
    addr = k + 2; /* protocol-relative */
  } else {
    while (k < stop && tok_alpha((unsigned char)s[k])) k++;
    if (k >= stop || s[k] != ':' || (addr = scheme_end(s, u, k, stop)) == WN_NONE) return;
  }
  uint32_t e = url_end(s, addr, stop);
  if (e == addr) return;
  uint32_t lab = e;
  while (lab < stop && s[lab] == ' ') lab++;
  uint32_t fail = 0, q = extlink_close(t, r, lab, &fail);
  if (q == WN_NONE) {
    r->xl_fail = fail; /* every '[' before there fails the same way */
    return;
  }
  if (!depth_ok(t, p)) return;
  flush(t, r, p);
  uint32_t n = node_add(t, WN_NODE_EXTLINK, p);
  t->nodes[n].name = (wn_span){u, e - u};
  t->nodes[n].value = (wn_span){lab, q - lab};
  push_open(t, n, IK_EXTLINK, lab, true)->close_at = q;
  r->in_extlink++;
  r->pos = r->text_from = lab;
}

static void on_close_bracket(tk *t, region *r, uint32_t p) {
  r->pos = p + 1;
  for (uint32_t k = t->nopen; k-- > r->obase;) {
    if (t->open[k].kind != IK_EXTLINK) continue;
    if (t->open[k].close_at != p) return;
    flush(t, r, p);
    close_above(t, k, p);
    close_top(t, p, p + 1, false);
    r->text_from = p + 1;
    return;
  }
}

/* A bare URL: the scheme before the ':' at p, on a word boundary. */
static void on_colon(tk *t, region *r, uint32_t p, uint32_t stop) {
  const char *s = t->s;
  r->pos = p + 1;
  if (r->in_extlink) return;
  uint32_t b = p;
  while (b > r->text_from && p - b < 10 && tok_alpha((unsigned char)s[b - 1])) b--;
  if (b == p || (b > 0 && (tok_alnum((unsigned char)s[b - 1]) || s[b - 1] == '_'))) return;
  uint32_t addr = scheme_end(s, b, p, stop);
  if (addr == WN_NONE) return;
  uint32_t e = url_end(s, addr, stop);
  /* Trailing punctuation is not part of it; nor ')' without '('. */
  bool paren = memchr(s + b, '(', e - b) != NULL;
  while (e > addr && (strchr(",;.:!?", s[e - 1]) || (!paren && s[e - 1] == ')')) && s[e - 1]) e--;
  if (e == addr) return;
  flush(t, r, b);
  uint32_t n = node_add(t, WN_NODE_URL, b);
  node_end(t, n, e);
  t->nodes[n].name = (wn_span){b, e - b};
  r->pos = r->text_from = e;
}

/* ---- entities and magic words ---- */

static bool valid_codepoint(int32_t c) {
  return c == 9 || c == 10 || c == 13 || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

static void on_entity(tk *t, region *r, uint32_t p, uint32_t stop) {
  const char *s = t->s;
  r->pos = p + 1;
  uint32_t k = p + 1;
  int32_t cp = -1;
  if (k < stop && s[k] == '#') {
    bool hex = ++k < stop && (s[k] == 'x' || s[k] == 'X');
    k += hex;
    uint32_t d = k;
    int64_t v = 0;
    for (; k < stop && k - d < 8; k++) {
      unsigned char c = (unsigned char)s[k];
      int x = tok_digit(c)                                    ? c - '0'
              : hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10
                                                              : -1;
      if (x < 0) break;
      v = v * (hex ? 16 : 10) + x;
    }
    if (k > d) cp = (int32_t)v;
  } else {
    while (k < stop && k - p <= 32 && tok_alnum((unsigned char)s[k])) k++;
    cp = tok_entity(s + p + 1, k - p - 1);
  }
  if (k >= stop || s[k] != ';' || !valid_codepoint(cp)) return;
  flush(t, r, p);
  uint32_t n = node_add(t, WN_NODE_ENTITY, p);
  node_end(t, n, k + 1);
  t->nodes[n].name = (wn_span){p + 1, k - p - 1};
  t->nodes[n].num = cp;
  r->pos = r->text_from = k + 1;
}

static const char *const magic_words[] = {
    "disambig",
    "expectunusedcategory",
    "forcetoc",
    "hiddencat",
    "index",
    "newsectionlink",
    "nocc",
    "nocontentconvert",
    "noeditsection",
    "nogallery",
    "noglobal",
    "noindex",
    "nonewsectionlink",
    "notc",
    "notitleconvert",
    "notoc",
    "staticredirect",
    "toc",
};

static void on_underscore(tk *t, region *r, uint32_t p, uint32_t stop) {
  const char *s = t->s;
  r->pos = p + 1;
  if (p + 1 >= stop || s[p + 1] != '_') return;
  uint32_t k = p + 2;
  while (k < stop && tok_alpha((unsigned char)s[k])) k++;
  if (k == p + 2 || k + 1 >= stop || s[k] != '_' || s[k + 1] != '_') return;
  for (size_t i = 0; i < sizeof magic_words / sizeof *magic_words; i++) {
    if (!tok_ieq(s + p + 2, k - p - 2, magic_words[i])) continue;
    flush(t, r, p);
    uint32_t n = node_add(t, WN_NODE_MAGIC_WORD, p);
    node_end(t, n, k + 2);
    t->nodes[n].name = (wn_span){p + 2, k - p - 2};
    r->pos = r->text_from = k + 2;
    return;
  }
}

/* ---- table cell separators ---- */

static void on_cell_separator(tk *t, region *r, uint32_t p, uint32_t stop) {
  const char *s = t->s;
  r->pos = p + 1;
  if (p + 1 >= stop || s[p + 1] != s[p] || (s[p] == '!' && !r->cell_header)) return;
  uint32_t ti = table_index(t, r);
  if (ti == WN_NONE) return;
  cell_open(t, r, ti, p, 2, r->cell_header);
}

/* ---- bold and italic ---- */

static bool qm_push(tk *t, qmark m) {
  if (!grow(t, (void **)&t->qm, &t->capqm, sizeof *t->qm, t->nqm)) return false;
  t->qm[t->nqm++] = m;
  return true;
}

/* MediaWiki reads a whole line of apostrophes before deciding: 4 is
 * ' + bold, more than 5 is text + 5, and when both bold and italic
 * counts are odd one bold becomes ' + italic, preferably after a
 * one-letter word. */
static void plan_quotes(tk *t, region *r, uint32_t p) {
  const char *s = t->s;
  t->nqm = r->qbase;
  const pelem *a = r->atom;
  uint32_t k = p, line_end = r->hi;
  for (bool done = false; !done;) {
    uint32_t ge = gap_end(r, a);
    while (k < ge) {
      k = tok_skip(s, k, ge, t->len, &t->quote_stops);
      if (k >= ge) break;
      if (s[k] == '\n') {
        line_end = k;
        done = true;
        break;
      }
      uint32_t j = k;
      while (j < ge && s[j] == '\'') j++;
      if (j - k >= 2) {
        uint32_t len = j - k;
        uint32_t lead = len == 4 ? 1 : len > 5 ? len - 5 : 0;
        uint8_t eff = len == 4 ? 3 : len > 5 ? 5 : (uint8_t)len;
        if (!qm_push(t, (qmark){k, len, lead, eff})) return;
      }
      k = j;
    }
    if (done || !(a && a->off < r->hi)) break;
    k = a->end;
    a = a->next;
  }
  r->qvalid = true;
  r->qline_end = line_end;
  r->qnext = r->qbase;
  unsigned bold = 0, italic = 0;
  for (uint32_t i = r->qbase; i < t->nqm; i++) {
    bold += t->qm[i].eff == 3 || t->qm[i].eff == 5;
    italic += t->qm[i].eff == 2 || t->qm[i].eff == 5;
  }
  if (!(bold % 2 && italic % 2)) return;
  uint32_t single = WN_NONE, multi = WN_NONE, space = WN_NONE;
  for (uint32_t i = r->qbase; i < t->nqm && single == WN_NONE; i++) {
    qmark *m = &t->qm[i];
    if (m->eff != 3) continue;
    uint32_t seg = i > r->qbase ? t->qm[i - 1].pos + t->qm[i - 1].len : r->line_lo;
    uint32_t at = m->pos + m->lead; /* the text before the marker */
    uint32_t n = at > seg ? at - seg : 0;
    char x1 = n >= 1 ? s[at - 1] : 0, x2 = n >= 2 ? s[at - 2] : x1;
    if (x1 == ' ') {
      if (space == WN_NONE) space = i;
    } else if (x2 == ' ') {
      single = i;
    } else if (multi == WN_NONE) {
      multi = i;
    }
  }
  uint32_t pick = single != WN_NONE ? single : multi != WN_NONE ? multi : space;
  if (pick != WN_NONE) t->qm[pick].eff = 2, t->qm[pick].lead++;
}

static void quote_open(tk *t, region *r, uint8_t kind, uint32_t at, uint32_t dl) {
  if (!depth_ok(t, at)) return;
  flush(t, r, at);
  uint32_t n = node_add(t, kind == IK_BOLD ? WN_NODE_BOLD : WN_NODE_ITALIC, at);
  push_open(t, n, kind, at + dl, true);
  r->text_from = at + dl;
}

static void quote_close(tk *t, region *r, uint32_t k, uint32_t at, uint32_t dl) {
  flush(t, r, at);
  close_above(t, k, at);
  close_top(t, at, at + dl, dl == 0);
  r->text_from = at + dl;
}

/* MediaWiki's doQuotes state machine on the open bold and italic nodes:
 * marker of eff apostrophes at m; next: eff of the following marker. */
static void apply_quote(tk *t, region *r, uint32_t m, unsigned eff, unsigned next) {
  uint32_t ib = WN_NONE, ii = WN_NONE;
  for (uint32_t k = t->nopen; k-- > r->obase;) {
    uint8_t kind = t->open[k].kind;
    if (kind == IK_BOLD && ib == WN_NONE)
      ib = k;
    else if (kind == IK_ITALIC && ii == WN_NONE)
      ii = k;
    else if (kind != IK_TAG && kind != IK_BOLD && kind != IK_ITALIC)
      break;
  }
  if (ib == WN_NONE && ii == WN_NONE) {
    if (eff == 2) {
      quote_open(t, r, IK_ITALIC, m, 2);
      return;
    }
    if (eff == 3) {
      quote_open(t, r, IK_BOLD, m, 3);
      return;
    }
    if (next == 3 || next == 5) { /* '''''x''' : italic outside */
      quote_open(t, r, IK_ITALIC, m, 2);
      {
        quote_open(t, r, IK_BOLD, m + 2, 3);
        return;
      }
    }
    quote_open(t, r, IK_BOLD, m, 3);
    {
      quote_open(t, r, IK_ITALIC, m + 3, 2);
      return;
    }
  }
  if (ib == WN_NONE) { /* italic open */
    if (eff == 2) {
      quote_close(t, r, ii, m, 2);
      return;
    }
    if (eff == 3) {
      quote_open(t, r, IK_BOLD, m, 3);
      return;
    }
    quote_close(t, r, ii, m, 2);
    {
      quote_open(t, r, IK_BOLD, m + 2, 3);
      return;
    }
  }
  if (ii == WN_NONE) { /* bold open */
    if (eff == 2) {
      quote_open(t, r, IK_ITALIC, m, 2);
      return;
    }
    if (eff == 3) {
      quote_close(t, r, ib, m, 3);
      return;
    }
    quote_close(t, r, ib, m, 3);
    {
      quote_open(t, r, IK_ITALIC, m + 3, 2);
      return;
    }
  }
  if (ii > ib) { /* bold, then italic inside */
    if (eff == 2) {
      quote_close(t, r, ii, m, 2);
      return;
    }
    if (eff == 3) { /* </i></b><i> */
      quote_close(t, r, ii, m, 0);
      quote_close(t, r, ib, m, 3);
      {
        quote_open(t, r, IK_ITALIC, m + 3, 0);
        return;
      }
    }
    quote_close(t, r, ii, m, 2);
    {
      quote_close(t, r, ib, m + 2, 3);
      return;
    }
  }
  /* italic, then bold inside */
  if (eff == 3) {
    quote_close(t, r, ib, m, 3);
    return;
  }
  if (eff == 2) { /* </b></i><b> */
    quote_close(t, r, ib, m, 0);
    quote_close(t, r, ii, m, 2);
    {
      quote_open(t, r, IK_BOLD, m + 2, 0);
      return;
    }
  }
  quote_close(t, r, ib, m, 3);
  quote_close(t, r, ii, m + 3, 2);
}

static void on_quote(tk *t, region *r, uint32_t p, uint32_t stop) {
  const char *s = t->s;
  uint32_t j = p;
  while (j < stop && s[j] == '\'') j++;
  r->pos = j;
  if (j - p < 2) return;
  if (!r->qvalid || p >= r->qline_end) plan_quotes(t, r, p);
  while (r->qnext < t->nqm && t->qm[r->qnext].pos < p) r->qnext++;
  if (r->qnext >= t->nqm || t->qm[r->qnext].pos != p) return;
  qmark m = t->qm[r->qnext++];
  unsigned next = r->qnext < t->nqm ? t->qm[r->qnext].eff : 0;
  apply_quote(t, r, p + m.lead, m.eff, next);
}

/* ---- the text scanner ---- */

enum { TC_BASE = 1, TC_RBRACKET = 2, TC_CELL = 4 };
static const uint8_t text_class[256] = {
    ['\n'] = TC_BASE, ['<'] = TC_BASE, ['['] = TC_BASE,     ['\''] = TC_BASE, ['&'] = TC_BASE,
    ['_'] = TC_BASE,  [':'] = TC_BASE, [']'] = TC_RBRACKET, ['|'] = TC_CELL,  ['!'] = TC_CELL};

static uint32_t skip_text(tk *t, uint32_t i, uint32_t end, uint8_t mask) {
  tok_stops *st = &t->stops[mask];
  if (!st->ready) {
    char nd[TOK_NEEDLES] = {'\n', '<', '[', '\'', '&', '_', ':', '<', '<', '<'};
    if (mask & TC_RBRACKET) nd[7] = ']';
    if (mask & TC_CELL) nd[8] = '|', nd[9] = '!';
    tok_stops_init(st, text_class, mask, nd);
  }
  return tok_skip(t->s, i, end, t->len, st);
}

static void scan_text(tk *t, region *r, uint32_t stop) {
  uint8_t mask = TC_BASE | (r->in_extlink ? TC_RBRACKET : 0) | (r->cell_line ? TC_CELL : 0);
  uint32_t p = skip_text(t, r->pos, stop, mask);
  if (p >= stop) {
    r->pos = stop;
    return;
  }
  switch (t->s[p]) {
  case '\n': on_newline(t, r, p, stop); break;
  case '<': on_angle(t, r, p, stop); break;
  case '[': on_bracket(t, r, p, stop); break;
  case ']': on_close_bracket(t, r, p); break;
  case '\'': on_quote(t, r, p, stop); break;
  case '&': on_entity(t, r, p, stop); break;
  case '_': on_underscore(t, r, p, stop); break;
  case ':': on_colon(t, r, p, stop); break;
  default: on_cell_separator(t, r, p, stop); break;
  }
}

/* ---- regions ---- */

static void region_init(tk *t, scope *sc, uint32_t lo, uint32_t hi, const pelem *atom, bool full) {
  while (atom && atom->off < lo) atom = atom->next;
  if (!full && !(atom && atom->off < hi)) { /* nothing to visit: the next step follows */
    sc->r.atom = atom;
    sc->region_active = false;
    return;
  }
  sc->r = (region){.lo = lo,
                   .hi = hi,
                   .pos = lo,
                   .atom = atom,
                   .full = full,
                   .line_begin = full && (lo == 0 || t->s[lo - 1] == '\n'),
                   .obase = t->nopen,
                   .text_from = lo,
                   .line_lo = lo,
                   .qbase = t->nqm};
  sc->region_active = true;
}

static void region_end(tk *t, region *r) {
  if (r->full) {
    flush(t, r, r->hi);
    while (t->nopen > r->obase) {
      uint8_t kind = t->open[t->nopen - 1].kind;
      close_top(t, r->hi, r->hi, kind != IK_LIST && kind != IK_LEAF);
    }
  }
  t->nqm = r->qbase;
}

static void enter_element(tk *t, const pelem *e);

/* Runs the top scope's region: true when it ended, false when a child
 * element was entered (a new scope is on top). */
static bool region_run(tk *t, scope *sc) {
  region *r = &sc->r;
  t->r = r;
  if (r->line_begin) {
    r->line_begin = false;
    line_start(t, r, r->pos, gap_end(r, r->atom));
  }
  while (!t->nomem) {
    uint32_t stop = gap_end(r, r->atom);
    if (r->pos < stop) {
      if (!r->full) {
        r->pos = stop;
      } else if (r->skip_to > r->pos) {
        r->pos = r->skip_to < stop ? r->skip_to : stop;
        if (r->pos == r->skip_to) end_skip(t, r);
      } else {
        scan_text(t, r, stop);
      }
      continue;
    }
    if (stop == r->hi) {
      if (r->skip_to > r->pos) end_skip(t, r); /* cannot happen: skips end inside */
      region_end(t, r);
      return true;
    }
    const pelem *a = r->atom;
    if (r->full && r->skip_to <= a->off) flush(t, r, a->off);
    r->atom = a->next;
    r->pos = a->end;
    if (r->text_from < a->end) r->text_from = a->end;
    enter_element(t, a);
    return false;
  }
  return true;
}

/* ---- elements ---- */

static const char *const pf_variables[] = {
    "!",
    "=",
    "ARTICLEPAGENAME",
    "ARTICLEPAGENAMEE",
    "ARTICLESPACE",
    "ARTICLESPACEE",
    "BASEPAGENAME",
    "BASEPAGENAMEE",
    "CONTENTLANG",
    "CONTENTLANGUAGE",
    "CURRENTDAY",
    "CURRENTDAY2",
    "CURRENTDAYNAME",
    "CURRENTDOW",
    "CURRENTHOUR",
    "CURRENTMONTH",
    "CURRENTMONTH1",
    "CURRENTMONTHABBREV",
    "CURRENTMONTHNAME",
    "CURRENTMONTHNAMEGEN",
    "CURRENTTIME",
    "CURRENTTIMESTAMP",
    "CURRENTVERSION",
    "CURRENTWEEK",
    "CURRENTYEAR",
    "DIRECTIONMARK",
    "DIRMARK",
    "FULLPAGENAME",
    "FULLPAGENAMEE",
    "LOCALDAY",
    "LOCALDAY2",
    "LOCALDAYNAME",
    "LOCALDOW",
    "LOCALHOUR",
    "LOCALMONTH",
    "LOCALMONTH1",
    "LOCALMONTHABBREV",
    "LOCALMONTHNAME",
    "LOCALMONTHNAMEGEN",
    "LOCALTIME",
    "LOCALTIMESTAMP",
    "LOCALWEEK",
    "LOCALYEAR",
    "NAMESPACE",
    "NAMESPACEE",
    "NAMESPACENUMBER",
    "NUMBEROFACTIVEUSERS",
    "NUMBEROFADMINS",
    "NUMBEROFARTICLES",
    "NUMBEROFEDITS",
    "NUMBEROFFILES",
    "NUMBEROFPAGES",
    "NUMBEROFUSERS",
    "PAGEID",
    "PAGELANGUAGE",
    "PAGENAME",
    "PAGENAMEE",
    "REVISIONDAY",
    "REVISIONDAY2",
    "REVISIONID",
    "REVISIONMONTH",
    "REVISIONMONTH1",
    "REVISIONSIZE",
    "REVISIONTIMESTAMP",
    "REVISIONUSER",
    "REVISIONYEAR",
    "ROOTPAGENAME",
    "ROOTPAGENAMEE",
    "SCRIPTPATH",
    "SERVER",
    "SERVERNAME",
    "SITENAME",
    "STYLEPATH",
    "SUBJECTPAGENAME",
    "SUBJECTPAGENAMEE",
    "SUBJECTSPACE",
    "SUBJECTSPACEE",
    "SUBPAGENAME",
    "SUBPAGENAMEE",
    "TALKPAGENAME",
    "TALKPAGENAMEE",
    "TALKSPACE",
    "TALKSPACEE",
};

/* A parser function or magic variable: "#if:", "formatnum:", "PAGENAME".
 * Sets the function name and the colon (WN_NONE for a variable). */
static bool parser_function(const tk *t, const ppart *title, wn_span *name, uint32_t *colon) {
  const char *s = t->s;
  uint32_t ge = title->head ? title->head->off : title->hi;
  uint32_t lo = title->lo;
  while (lo < ge && tok_space((unsigned char)s[lo])) lo++;
  const char *c = lo < ge ? memchr(s + lo, ':', ge - lo) : NULL;
  if (c) {
    uint32_t k = (uint32_t)(c - s);
    wn_span nm = trim_spaces(s, lo, k);
    bool hash = nm.len > 1 && s[nm.off] == '#';
    if (hash || tok_function_name(s + nm.off, nm.len)) {
      *name = nm, *colon = k;
      return true;
    }
    return false;
  }
  if (title->head) return false;
  wn_span nm = trim_spaces(s, lo, title->hi);
  /* variables are upper case (or "!", "="): most template names fail here */
  if (!nm.len || nm.len > 20 ||
      (s[nm.off] != '!' && s[nm.off] != '=' && (unsigned char)(s[nm.off] - 'A') >= 26))
    return false;
  for (uint32_t k = 1; k < nm.len; k++)
    if ((unsigned char)(s[nm.off + k] - 'A') >= 26 && !tok_digit((unsigned char)s[nm.off + k]))
      return false;
  if (!tok_in_list(s + nm.off, nm.len, pf_variables, sizeof pf_variables / sizeof *pf_variables,
                   false))
    return false;
  *name = nm, *colon = WN_NONE;
  return true;
}

/* File namespaces of the corpus languages (MediaWiki matches them
 * case-insensitively, then ':'). */
static const char *const file_prefixes[] = {
    "file",   "image",  "文件",       "檔案",       "图像",    "圖像",   "ファイル", "画像",
    "datei",  "bild",   "fil",        "bilete",     "lêer",    "beeld",  "চিত্র",     "ফাইল",
    "αρχείο", "εικόνα", "Αρχείο",     "Εικόνα",     "պատկեր",  "Պատկեր", "चित्र",     "संचिका",
    "файл",   "Файл",   "зображення", "Зображення", "tập tin", "hình",   "media",
};

static bool is_file_target(const char *s, wn_span target) {
  const char *p = s + target.off;
  const char *colon = memchr(p, ':', target.len);
  if (!colon) return false;
  wn_span ns = trim_spaces(s, target.off, (uint32_t)(colon - s));
  for (size_t i = 0; i < sizeof file_prefixes / sizeof *file_prefixes; i++)
    if (tok_ieq(s + ns.off, ns.len, file_prefixes[i])) return true;
  return false;
}

/* Image options MediaWiki takes as name=value. */
static bool file_option_name(const char *s, wn_span n) {
  static const char *const names[] = {"alt",       "link",  "upright", "page",      "class",
                                      "lang",      "start", "end",     "thumbtime", "thumb",
                                      "thumbnail", "frame", "framed"};
  return tok_in_list(s + n.off, n.len, names, sizeof names / sizeof *names, true);
}

static uint32_t open_element_node(tk *t, scope *sc, uint16_t type) {
  uint32_t n = node_add(t, type, sc->el->off);
  push_open(t, n, IK_ELEM, sc->el->off, false);
  sc->node = n;
  return n;
}

static void pop_open(tk *t) {
  if (t->nopen) t->nopen--;
}

static void close_element_node(tk *t, scope *sc) {
  pop_open(t);
  node_end(t, sc->node, sc->el->end);
}

static uint32_t param_open(tk *t, uint32_t lo, uint32_t hi) {
  uint32_t n = node_add(t, WN_NODE_PARAM, lo);
  node_end(t, n, hi);
  push_open(t, n, IK_ELEM, lo, false);
  return n;
}

static void positional(tk *t, scope *sc, uint32_t n, uint32_t lo, uint32_t hi) {
  wn_node *x = &t->nodes[n];
  x->flags |= WN_NODE_POSITIONAL;
  x->num = (int32_t)++sc->index;
  x->name = (wn_span){lo, 0};
  x->value = (wn_span){lo, hi - lo};
}

/* Templates and parser functions: the title, then one PARAM per part. */
static bool step_template(tk *t, scope *sc) {
  const pelem *e = sc->el;
  const ppart *p = sc->part;
  switch (sc->step) {
  case 0: {
    wn_span name;
    uint32_t colon;
    bool pf = parser_function(t, e->parts, &name, &colon);
    uint32_t n = open_element_node(t, sc, pf ? WN_NODE_PARSER_FUNCTION : WN_NODE_TEMPLATE);
    t->nodes[n].name = pf ? name : trim_region(t, p->lo, p->hi, p->head);
    sc->split = pf ? colon : WN_NONE;
    region_init(t, sc, p->lo, sc->split != WN_NONE ? sc->split : p->hi, p->head, false);
    sc->step = sc->split != WN_NONE ? 1 : 3;
    return true;
  }
  case 1: /* the parser function's first argument, after ':' */
    positional(t, sc, param_open(t, sc->split + 1, p->hi), sc->split + 1, p->hi);
    region_init(t, sc, sc->split + 1, p->hi, sc->r.atom, true);
    sc->step = 2;
    return true;
  case 2:
    pop_open(t); /* the PARAM */
    sc->step = 3;
    /* fall through */
  case 3:
    p = sc->part = p->next;
    if (!p) {
      close_element_node(t, sc);
      return false;
    }
    {
      uint32_t n = param_open(t, p->lo, p->hi);
      if (p->eq == WN_NONE) {
        positional(t, sc, n, p->lo, p->hi);
        region_init(t, sc, p->lo, p->hi, p->head, true);
        sc->step = 2;
        return true;
      }
      t->nodes[n].name = trim_region(t, p->lo, p->eq, p->head);
      t->nodes[n].value = trim_region(t, p->eq + 1, p->hi, p->head);
      region_init(t, sc, p->lo, p->eq, p->head, false);
      sc->step = 4;
      return true;
    }
  case 4: /* the value of a named parameter */
    region_init(t, sc, p->eq + 1, p->hi, sc->r.atom, true);
    sc->step = 2;
    return true;
  }
  return false;
}

static bool step_argument(tk *t, scope *sc) {
  const pelem *e = sc->el;
  const ppart *p = sc->part;
  switch (sc->step) {
  case 0: {
    uint32_t n = open_element_node(t, sc, WN_NODE_ARGUMENT);
    t->nodes[n].name = trim_region(t, p->lo, p->hi, p->head);
    if (p->next) {
      t->nodes[n].value = (wn_span){p->next->lo, p->next->hi - p->next->lo};
      t->nodes[n].num = 1;
    }
    region_init(t, sc, p->lo, p->hi, p->head, false);
    sc->step = 1;
    return true;
  }
  case 1: /* the default */
    p = sc->part = p->next;
    if (!p) break;
    region_init(t, sc, p->lo, p->hi, p->head, true);
    sc->step = 2;
    return true;
  case 2: /* parts after the default: MediaWiki ignores them */
    p = sc->part = p->next;
    if (!p) break;
    region_init(t, sc, p->lo, p->hi, p->head, false);
    return true;
  }
  (void)e;
  close_element_node(t, sc);
  return false;
}

/* Links: the target, then the label; a file link's options each become a
 * PARAM (positional, or named for alt=, link=, upright=…). */
static bool step_link(tk *t, scope *sc) {
  const pelem *e = sc->el;
  const ppart *p = e->parts;
  switch (sc->step) {
  case 0: {
    uint32_t bar = e->body.off;
    uint32_t n = open_element_node(t, sc, WN_NODE_WIKILINK);
    wn_node *x = &t->nodes[n];
    x->name = trim_region(t, p->lo, bar == WN_NONE ? p->hi : bar, p->head);
    if (is_file_target(t->s, x->name)) x->flags |= WN_NODE_FILE;
    if (bar != WN_NONE) x->value = (wn_span){bar + 1, p->hi - bar - 1}, x->num = 1;
    sc->split = bar;
    region_init(t, sc, p->lo, bar == WN_NONE ? p->hi : bar, p->head, false);
    sc->step = 1;
    return true;
  }
  case 1:
    if (sc->split == WN_NONE) break;
    if (!(t->nodes[sc->node].flags & WN_NODE_FILE)) {
      region_init(t, sc, sc->split + 1, p->hi, sc->r.atom, true);
      sc->step = 9;
      return true;
    }
    sc->step = 2;
    /* fall through */
  case 2: { /* one option, from split + 1 */
    uint32_t lo = sc->split + 1;
    const pelem *a = sc->r.atom;
    uint32_t bar = find_in_gaps(t, a, lo, p->hi, '|');
    uint32_t hi = bar == WN_NONE ? p->hi : bar;
    uint32_t n = param_open(t, lo, hi);
    uint32_t eq = find_in_gaps(t, a, lo, hi, '=');
    wn_span key = eq == WN_NONE ? (wn_span){0, 0} : trim_spaces(t->s, lo, eq);
    if (eq != WN_NONE && (!a || a->off > eq) && file_option_name(t->s, key)) {
      t->nodes[n].name = key;
      t->nodes[n].value = trim_region(t, eq + 1, hi, a);
      region_init(t, sc, eq + 1, hi, a, true);
    } else {
      positional(t, sc, n, lo, hi);
      region_init(t, sc, lo, hi, a, true);
    }
    sc->split = bar;
    sc->step = 3;
    return true;
  }
  case 3:
    pop_open(t); /* the option's PARAM */
    if (sc->split == WN_NONE) break;
    sc->step = 2;
    return step_link(t, sc);
  case 9: break;
  }
  close_element_node(t, sc);
  return false;
}

static bool step_ext(tk *t, scope *sc) {
  const pelem *e = sc->el;
  if (sc->step == 0) {
    uint32_t n = node_add(t, WN_NODE_TAG, e->off);
    wn_node *x = &t->nodes[n];
    x->name = e->name;
    x->attrs = trim_spaces(t->s, e->attrs.off, e->attrs.off + e->attrs.len);
    x->value = e->body;
    if (e->flags & PF_SELF_CLOSING) x->flags |= WN_NODE_SELF_CLOSING;
    if (e->flags & PF_CLOSING) x->flags |= WN_NODE_CLOSING_TAG;
    if (e->flags & PF_UNCLOSED) x->flags |= WN_NODE_UNCLOSED;
    sc->node = n;
    if (e->flags & PF_RAW) {
      node_end(t, n, e->end);
      return false;
    }
    push_open(t, n, IK_ELEM, e->body.off, false);
    region_init(t, sc, e->parts->lo, e->parts->hi, e->parts->head, true);
    sc->step = 1;
    return true;
  }
  close_element_node(t, sc);
  return false;
}

static bool step_heading(tk *t, scope *sc) {
  const pelem *e = sc->el;
  const ppart *p = e->parts;
  uint32_t thi = e->body.off + e->body.len;
  switch (sc->step) {
  case 0: {
    uint32_t n = open_element_node(t, sc, WN_NODE_HEADING);
    t->nodes[n].num = e->level;
    t->nodes[n].value = trim_region(t, e->body.off, thi, p->head);
    region_init(t, sc, e->body.off, thi, p->head, true);
    sc->step = 1;
    return true;
  }
  case 1: /* comments after the closing '=' */
    region_init(t, sc, thi, p->hi, sc->r.atom, false);
    sc->step = 2;
    return true;
  }
  close_element_node(t, sc);
  return false;
}

/* Sets up the scope's next region; false when the element is complete. */
static bool scope_advance(tk *t, scope *sc) {
  if (!sc->el) {
    if (sc->step++ == 0) {
      region_init(t, sc, 0, t->len, t->root->head, true);
      return true;
    }
    return false;
  }
  switch (sc->el->kind) {
  case P_TEMPLATE: return step_template(t, sc);
  case P_ARGUMENT: return step_argument(t, sc);
  case P_LINK: return step_link(t, sc);
  case P_EXT: return step_ext(t, sc);
  case P_HEADING: return step_heading(t, sc);
  default: { /* P_COMMENT */
    const pelem *e = sc->el;
    uint32_t n = node_add(t, WN_NODE_COMMENT, e->off);
    node_end(t, n, e->end);
    t->nodes[n].value = e->body;
    if (e->flags & PF_UNCLOSED) t->nodes[n].flags |= WN_NODE_UNCLOSED;
    return false;
  }
  }
}

static void enter_element(tk *t, const pelem *e) {
  if (!grow(t, (void **)&t->sc, &t->capsc, sizeof *t->sc, t->nsc)) return;
  scope *sc = &t->sc[t->nsc++]; /* the region is set up by its first step */
  sc->el = e, sc->part = e->parts, sc->step = 0, sc->index = 0, sc->region_active = false;
  t->depth++;
}

wn_status tok_inline(wn_arena *a, const char *text, uint32_t len, uint32_t line0, uint32_t col0,
                     const ppart *root, tok_warnings *w, wn_tree *out) {
  tk t = {.s = text,
          .len = len,
          .a = a,
          .last_top = WN_NONE,
          .lc_line = line0,
          .lc_col = col0,
          .line0 = line0,
          .col0 = col0,
          .w = w,
          .root = root};
  if (!grow(&t, (void **)&t.nodes, &t.cap, sizeof *t.nodes, 64 + len / 24) ||
      !grow(&t, (void **)&t.open, &t.capopen, sizeof *t.open, 64) ||
      !grow(&t, (void **)&t.sc, &t.capsc, sizeof *t.sc, 32))
    return WN_ERR_NOMEM;
  t.sc[t.nsc++] = (scope){0};
  static const uint8_t quote_class[256] = {['\''] = 1, ['\n'] = 1};
  tok_stops_init(
      &t.quote_stops, quote_class, 1,
      (const char[TOK_NEEDLES]){'\'', '\n', '\n', '\n', '\n', '\n', '\n', '\n', '\n', '\n'});
  while (t.nsc && !t.nomem) {
    scope *sc = &t.sc[t.nsc - 1];
    if (sc->region_active) {
      if (!region_run(&t, sc)) continue; /* a child element is on top now */
      sc = &t.sc[t.nsc - 1];
      sc->region_active = false;
    }
    if (!scope_advance(&t, sc)) {
      if (t.sc[t.nsc - 1].el) t.depth--;
      t.nsc--;
    }
  }
  if (t.nomem) return WN_ERR_NOMEM;
  *out = (wn_tree){text, len, t.nodes, t.count, t.count ? 0 : WN_NONE};
  return WN_OK;
}

/* Typed value normalizers (SCHEMA.md section 3).
 *
 * A value is first flattened: its nodes are walked into plain text plus
 * marks (link targets, {{le}} pairs, flag icons, file links) at offsets of
 * that text. Templates render by the action data/vocab.tsv gives their
 * name (list, convert, date, le, drop…); refs, comments and File links
 * vanish; <br> and list templates split items with '\n'. Each type then
 * parses the flat text with the string-level parsers of values_time.c and
 * the lexicon, and keeps what it cannot parse as {"text": …} + warning. */
#include "values.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Type names, as mapping files write them.                             */

static const char *const type_names[WN_VT_TYPE_COUNT] = {
    "Text",        "LangText",    "Entity", "EntityList", "Mission", "Timestamp", "Duration",
    "Mass",        "Length",      "Angle",  "Period",     "Integer", "Cospar",    "OrbitReference",
    "OrbitRegime", "CentralBody", "Place",  "CrewList",   "Photo",   "Caption"};

const char *wn_value_type_name(wn_value_type t) {
  return (unsigned)t < WN_VT_TYPE_COUNT ? type_names[t] : "?";
}

int wn_value_type_from_name(const char *name, size_t len) {
  for (int i = 0; i < WN_VT_TYPE_COUNT; i++) {
    size_t l = strlen(type_names[i]);
    if (l != len) continue;
    size_t k = 0;
    while (k < l && (name[k] | 0x20) == (type_names[i][k] | 0x20)) k++;
    if (k == l) return i;
  }
  return -1;
}

/* ------------------------------------------------------------------ */
/* The flat form of a value.                                            */

typedef enum { MK_LINK, MK_LE, MK_FLAG, MK_FILE } mark_kind;

typedef struct mark {
  uint32_t start, end; /* in the flat text */
  mark_kind kind;
  const char *a, *b; /* LINK: target; LE: zh, en; FLAG: alpha-2; FILE: file name */
} mark;

typedef struct flat {
  wn_arena *arena;
  const wn_tree *t;
  wn_lexdoc *lex;
  char *s;
  size_t len, cap;
  mark *marks;
  size_t nmarks, mcap;
  bool space, brk; /* a space / an item break is pending */
  bool unknown;    /* a template of unknown name was dropped */
  bool nomem;
  int depth;
} flat;

#define MAX_DEPTH 40

static bool flat_reserve(flat *f, size_t more) {
  if (f->len + more + 1 <= f->cap) return true;
  size_t cap = f->cap ? f->cap * 2 : 256;
  while (cap < f->len + more + 1) cap *= 2;
  char *s = wn_arena_alloc(f->arena, cap);
  if (!s) return !(f->nomem = true);
  if (f->len) memcpy(s, f->s, f->len);
  f->s = s, f->cap = cap;
  return true;
}

/* Emits pending separators before real content. */
static void flat_sep(flat *f) {
  if (f->len && f->brk && f->s[f->len - 1] != '\n') {
    if (f->s[f->len - 1] == ' ') f->len--;
    f->s[f->len++] = '\n';
  } else if (f->len && f->space && f->s[f->len - 1] != '\n' && f->s[f->len - 1] != ' ') {
    f->s[f->len++] = ' ';
  }
  f->space = f->brk = false;
}

static void flat_text(flat *f, const char *s, size_t n) {
  if (!flat_reserve(f, n + 2)) return;
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      f->space = true, i++;
      continue;
    }
    if (c == 0) { /* a NUL is valid input but cannot live in a C string: dropped */
      i++;
      continue;
    }
    if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) { /* NBSP */
      f->space = true, i += 2;
      continue;
    }
    if (c == '\'' && i + 1 < n && s[i + 1] == '\'') { /* '' and ''' markup */
      while (i < n && s[i] == '\'') i++;
      continue;
    }
    if (!flat_reserve(f, 2)) return;
    flat_sep(f);
    f->s[f->len++] = (char)c;
    i++;
  }
  if (f->s) f->s[f->len] = '\0';
}

static void flat_cstr(flat *f, const char *s) { flat_text(f, s, strlen(s)); }
static void flat_break(flat *f) { f->brk = true; }

/* Arena copy of s[0..n) without NUL bytes (marks and kept wikitext are C
 * strings: a NUL inside would silently cut them). */
static char *dup_nonul(wn_arena *a, const char *s, size_t n) {
  char *c = wn_arena_alloc(a, n + 1);
  if (!c) return NULL;
  size_t o = 0;
  for (size_t i = 0; i < n; i++)
    if (s[i]) c[o++] = s[i];
  c[o] = '\0';
  return c;
}

static size_t mark_add(flat *f, mark_kind k, const char *a, const char *b) {
  if (f->nmarks == f->mcap) {
    size_t cap = f->mcap ? f->mcap * 2 : 8;
    mark *m = wn_arena_alloc(f->arena, cap * sizeof *m);
    if (!m) {
      f->nomem = true;
      return SIZE_MAX;
    }
    if (f->nmarks) memcpy(m, f->marks, f->nmarks * sizeof *m);
    f->marks = m, f->mcap = cap;
  }
  f->marks[f->nmarks] = (mark){(uint32_t)f->len, (uint32_t)f->len, k, a, b};
  return f->nmarks++;
}

static void mark_close(flat *f, size_t i) {
  if (i == SIZE_MAX) return;
  mark *m = &f->marks[i];
  m->end = (uint32_t)f->len;
  while (m->start < m->end && (f->s[m->start] == ' ' || f->s[m->start] == '\n')) m->start++;
}

/* ---- node helpers ---- */

static const wn_node *node(const flat *f, uint32_t i) { return &f->t->nodes[i]; }

static const char *span_str(flat *f, wn_span s, size_t *len) {
  const char *p = f->t->text + s.off;
  size_t n = s.len;
  while (n && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++, n--;
  while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\n' || p[n - 1] == '\r')) n--;
  *len = n;
  return p;
}

/* Lower-case ASCII, '_' = ' ', single spaces: the key of a template name,
 * into key (size TEMPLATE_KEY); "" when too long. */
#define TEMPLATE_KEY 96
static const char *template_key(const flat *f, wn_span name, char *key) {
  const char *p = f->t->text + name.off;
  size_t n = name.len;
  while (n && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')) p++, n--;
  while (n && (p[n - 1] == ' ' || p[n - 1] == '\n' || p[n - 1] == '\t' || p[n - 1] == '\r')) n--;
  if (n > 9 && (strncmp(p, "Template:", 9) == 0 || strncmp(p, "template:", 9) == 0)) p += 9, n -= 9;
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    char c = p[i] == '_' ? ' ' : p[i];
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    if (c == ' ' && o && key[o - 1] == ' ') continue;
    if (o + 1 >= TEMPLATE_KEY) return "";
    key[o++] = c;
  }
  key[o] = '\0';
  return key;
}

/* The positional parameter k (1-based) of a template node, or WN_NONE. */
static uint32_t param_at(const flat *f, uint32_t tmpl, int k) {
  char want[16];
  int wl = snprintf(want, sizeof want, "%d", k);
  int pos = 0;
  for (uint32_t c = node(f, tmpl)->first_child; c != WN_NONE; c = node(f, c)->next_sibling) {
    const wn_node *p = node(f, c);
    if (p->type != WN_NODE_PARAM) continue;
    if (p->flags & WN_NODE_POSITIONAL) {
      if (++pos == k) return c;
      continue;
    }
    const char *nm = f->t->text + p->name.off;
    if (p->name.len == (uint32_t)wl && memcmp(nm, want, (size_t)wl) == 0) return c;
  }
  return WN_NONE;
}

static int param_count(const flat *f, uint32_t tmpl) {
  int n = 0;
  while (param_at(f, tmpl, n + 1) != WN_NONE) n++;
  return n;
}

static void walk(flat *f, uint32_t first);

static void walk_param(flat *f, uint32_t p) {
  if (p != WN_NONE) walk(f, node(f, p)->first_child);
}

/* The flattened text of one parameter, in the arena. */
static char *param_text(flat *f, uint32_t p, size_t *len) {
  flat sub = {.arena = f->arena, .t = f->t, .lex = f->lex, .depth = f->depth};
  walk_param(&sub, p);
  if (sub.nomem) f->nomem = true;
  *len = sub.len;
  return sub.s ? sub.s : (char *)"";
}

static const char *param_raw(flat *f, uint32_t p, size_t *len) {
  if (p == WN_NONE) {
    *len = 0;
    return "";
  }
  return span_str(f, node(f, p)->value, len);
}

/* ---- templates ---- */

static void render_date_params(flat *f, uint32_t tmpl) {
  /* {{Start date|1986|03|13|12|33|09|Z}} -> 1986-03-13T12:33:09Z */
  static const char *const fmt[] = {"%s", "-%02ld", "-%02ld", "T%02ld", ":%02ld", ":%02ld"};
  /* At most 15 + 5 * 17 ("-" and 15 digits, or a sign and 14) + 3 + 7
   * bytes: out cannot overflow, so o never passes its end. */
  char out[128] = "";
  size_t o = 0;
  int k = 1;
  for (; k <= 6; k++) {
    size_t l;
    const char *v = param_raw(f, param_at(f, tmpl, k), &l);
    if (!l) break;
    char num[16];
    size_t cut = l < 15 ? l : 15;
    while (cut < l && cut && ((unsigned char)v[cut] & 0xC0) == 0x80) cut--; /* whole characters */
    snprintf(num, sizeof num, "%.*s", (int)cut, v);
    if (k == 1)
      o += (size_t)snprintf(out + o, sizeof out - o, "%s", num);
    else
      o += (size_t)snprintf(out + o, sizeof out - o, fmt[k - 1], strtol(num, NULL, 10));
  }
  if (k == 5) o += (size_t)snprintf(out + o, sizeof out - o, ":00"); /* hh only */
  size_t l;
  const char *tz = param_raw(f, param_at(f, tmpl, 7), &l);
  if (k > 4 && l && l < 8) o += (size_t)snprintf(out + o, sizeof out - o, "%.*s", (int)l, tz);
  flat_text(f, out, o);
}

static void render_interval(flat *f, uint32_t tmpl) {
  size_t la, lb;
  char *a = param_text(f, param_at(f, tmpl, 1), &la);
  char *b = param_text(f, param_at(f, tmpl, 2), &lb);
  wn_time ta, tb;
  wn_duration d;
  if (!wn_parse_time(a, la, &ta) || !wn_parse_time(b, lb, &tb) || !wn_time_interval(&ta, &tb, &d)) {
    f->unknown = true;
    return;
  }
  /* "4 days, 22 hours, 54 minutes": every unit down to the precision. */
  static const struct {
    const char *unit;
    int64_t secs;
    wn_precision p;
  } units[] = {{"days", 86400, WN_PREC_DAY},
               {"hours", 3600, WN_PREC_HOUR},
               {"minutes", 60, WN_PREC_MINUTE},
               {"seconds", 1, WN_PREC_SECOND}};
  int64_t rest = d.seconds;
  char out[128];
  size_t o = 0;
  for (size_t i = 0; i < 4 && units[i].p <= d.precision; i++) {
    o += (size_t)snprintf(out + o, sizeof out - o, "%s%lld %s", o ? ", " : "",
                          (long long)(rest / units[i].secs), units[i].unit);
    rest %= units[i].secs;
  }
  flat_text(f, out, o);
}

static void render_convert(flat *f, uint32_t tmpl) {
  /* {{convert|7080|kg|lb}}: the input value and unit; "|-|" ranges keep
   * the first value. */
  size_t lv, lu;
  const char *v = param_raw(f, param_at(f, tmpl, 1), &lv);
  const char *u = param_raw(f, param_at(f, tmpl, 2), &lu);
  static const char *const range_words[] = {"-", "–", "to", "and", "x", "×", "or", "+"};
  for (size_t i = 0; i < sizeof range_words / sizeof *range_words; i++)
    if (lu == strlen(range_words[i]) && memcmp(u, range_words[i], lu) == 0)
      u = param_raw(f, param_at(f, tmpl, 4), &lu);
  flat_text(f, v, lv);
  f->space = true;
  flat_text(f, u, lu);
}

static void learn_le(flat *f, const char *zh, size_t zl, const char *en, size_t el) {
  if (f->lex && zl && el) wn_lexdoc_learn(f->lex, zh, zl, en, el);
}

static void render_le(flat *f, uint32_t tmpl, bool tsl) {
  /* {{le|中文|English|display}}; {{tsl|en|English|中文}} */
  uint32_t pz = param_at(f, tmpl, tsl ? 3 : 1), pe = param_at(f, tmpl, 2);
  size_t zl, el;
  const char *zh = param_raw(f, pz, &zl), *en = param_raw(f, pe, &el);
  learn_le(f, zh, zl, en, el);
  char *zc = dup_nonul(f->arena, zh, zl), *ec = dup_nonul(f->arena, en, el);
  if (!zc || !ec) f->nomem = true;
  size_t m = mark_add(f, MK_LE, zc, ec);
  uint32_t shown = tsl ? pz : (param_at(f, tmpl, 3) != WN_NONE ? param_at(f, tmpl, 3) : pz);
  if (shown == WN_NONE) shown = pe;
  walk_param(f, shown);
  mark_close(f, m);
}

static void render_flag(flat *f, uint32_t tmpl, bool with_text) {
  size_t l;
  const char *code = param_raw(f, param_at(f, tmpl, 1), &l);
  const char *a2 = wn_country_alpha2(code, l);
  flat_sep(f);
  size_t m = mark_add(f, MK_FLAG, a2, NULL); /* unknown codes give no nationality */
  if (with_text) walk_param(f, param_at(f, tmpl, 1));
  mark_close(f, m);
}

static void render_template(flat *f, uint32_t i) {
  const wn_node *n = node(f, i);
  char kbuf[TEMPLATE_KEY];
  const char *key = template_key(f, n->name, kbuf);
  const wn_vocab_row *r = wn_vocab("template", key, strlen(key));
  const char *act = r ? r->col[0] : NULL;
  if (!act) {
    if (strncmp(key, "cite", 4) == 0 || strncmp(key, "citation", 8) == 0) return;
    f->unknown = true;
    return;
  }
  if (!strcmp(act, "drop")) return;
  if (!strcmp(act, "list")) {
    for (int k = 1;; k++) {
      uint32_t p = param_at(f, i, k);
      if (p == WN_NONE) break;
      flat_break(f);
      walk_param(f, p);
      flat_break(f);
    }
  } else if (!strcmp(act, "first")) {
    walk_param(f, param_at(f, i, 1));
  } else if (!strcmp(act, "second")) {
    walk_param(f, param_at(f, i, 2));
  } else if (!strcmp(act, "last")) {
    walk_param(f, param_at(f, i, param_count(f, i)));
  } else if (!strcmp(act, "text")) {
    const char *v = r->col[1] ? r->col[1] : "";
    if (!strcmp(v, "\\n"))
      flat_break(f);
    else {
      if (v[0] == ' ') f->space = true;
      flat_cstr(f, v);
      if (*v && v[strlen(v) - 1] == ' ') f->space = true;
    }
  } else if (!strcmp(act, "convert")) {
    render_convert(f, i);
  } else if (!strcmp(act, "date")) {
    render_date_params(f, i);
  } else if (!strcmp(act, "datetext")) {
    walk_param(f, param_at(f, i, 1));
  } else if (!strcmp(act, "interval")) {
    render_interval(f, i);
  } else if (!strcmp(act, "le") || !strcmp(act, "tsl")) {
    render_le(f, i, act[0] == 't');
  } else if (!strcmp(act, "flagicon") || !strcmp(act, "flag")) {
    render_flag(f, i, act[1] == 'l' && act[4] == '\0');
  } else if (!strcmp(act, "ship")) {
    flat_cstr(f, r->col[1] ? r->col[1] : "");
    f->space = true;
    walk_param(f, param_at(f, i, 1));
    uint32_t p2 = param_at(f, i, 2);
    if (p2 != WN_NONE) {
      f->space = true;
      flat_cstr(f, "(");
      walk_param(f, p2);
      flat_cstr(f, ")");
    }
  } else {
    f->unknown = true;
  }
}

static void render_parser_function(flat *f, uint32_t i) {
  /* {{formatnum:2694}}, {{lc:…}}: the argument; {{#if:…}} and others are dropped. */
  const wn_node *n = node(f, i);
  size_t l;
  const char *name = span_str(f, n->name, &l);
  const char *colon = memchr(name, ':', l);
  size_t fl = colon ? (size_t)(colon - name) : l;
  static const char *const keep[] = {"formatnum", "lc", "uc", "lcfirst", "ucfirst", "padleft"};
  bool known = false;
  for (size_t k = 0; k < sizeof keep / sizeof *keep; k++)
    if (fl == strlen(keep[k]) && strncmp(name, keep[k], fl) == 0) known = true;
  if (!known) {
    f->unknown = true;
    return;
  }
  uint32_t p = param_at(f, i, 1);
  if (p != WN_NONE)
    walk_param(f, p);
  else if (n->first_child != WN_NONE)
    walk(f, n->first_child);
  else if (colon) {
    const char *v = span_str(f, n->value, &l);
    if (l)
      flat_text(f, v, l);
    else
      flat_text(f, colon + 1, (size_t)(name + fl + (l - fl) - colon - 1));
  }
}

/* ---- links and tags ---- */

static bool has_prefix_ci(const char *s, size_t n, const char *p) {
  size_t l = strlen(p);
  if (n < l) return false;
  for (size_t i = 0; i < l; i++) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    if (c != p[i]) return false;
  }
  return true;
}

static const char *const file_prefixes[] = {
    "file:", "image:", "media:", "文件:", "图像:", "檔案:", "圖像:", "图片:", "圖片:"};

/* Length of a File:/Image:/文件: prefix of s, or 0. */
static size_t file_prefix(const char *s, size_t n) {
  for (size_t i = 0; i < sizeof file_prefixes / sizeof *file_prefixes; i++)
    if (has_prefix_ci(s, n, file_prefixes[i])) return strlen(file_prefixes[i]);
  return 0;
}

/* A link target as an identity: '_' = ' ', no anchor, no leading ':'.
 * NULL when there is none ([[#anchor]]) or, with *nomem set, no memory. */
static char *clean_target(wn_arena *a, const char *s, size_t n, bool *nomem) {
  while (n && (*s == ':' || *s == ' ')) s++, n--;
  const char *hash = memchr(s, '#', n);
  if (hash) n = (size_t)(hash - s);
  while (n && s[n - 1] == ' ') n--;
  if (!n) return NULL;
  char *t = dup_nonul(a, s, n);
  if (!t) {
    *nomem = true;
    return NULL;
  }
  n = strlen(t);
  if (!n) return NULL; /* only NULs */
  for (size_t i = 0; i < n; i++)
    if (t[i] == '_') t[i] = ' ';
  if (t[0] >= 'a' && t[0] <= 'z') t[0] = (char)(t[0] - 'a' + 'A'); /* first letter */
  return t;
}

static void render_link(flat *f, uint32_t i) {
  const wn_node *n = node(f, i);
  size_t tl;
  const char *target = span_str(f, n->name, &tl);
  size_t fp = file_prefix(target, tl);
  if ((n->flags & WN_NODE_FILE) || fp) {
    if (!fp) {
      const char *colon = memchr(target, ':', tl);
      fp = colon ? (size_t)(colon - target) + 1 : 0;
    }
    flat_sep(f);
    char *file = dup_nonul(f->arena, target + fp, tl - fp);
    if (!file) f->nomem = true;
    mark_add(f, MK_FILE, file, NULL);
    return;
  }
  if (has_prefix_ci(target, tl, "category:") || has_prefix_ci(target, tl, "分类:") ||
      has_prefix_ci(target, tl, "分類:"))
    return;
  char *id = clean_target(f->arena, target, tl, &f->nomem);
  size_t m = mark_add(f, MK_LINK, id, NULL);
  if (n->first_child != WN_NONE) {
    walk(f, n->first_child);
  } else {
    size_t ll;
    const char *label = span_str(f, n->value, &ll);
    if (ll)
      flat_text(f, label, ll);
    else if (!(tl && target[0] == '#'))
      flat_text(f, target, tl);
  }
  mark_close(f, m);
  if (m != SIZE_MAX && f->marks[m].a == NULL) f->nmarks--; /* [[#anchor|x]]: no identity */
}

static void render_tag(flat *f, uint32_t i) {
  const wn_node *n = node(f, i);
  size_t l;
  const char *name = span_str(f, n->name, &l);
  char key[16];
  size_t k = 0;
  for (; k < l && k + 1 < sizeof key; k++) key[k] = (char)(name[k] | 0x20);
  key[k] = '\0';
  if (!strcmp(key, "br") || !strcmp(key, "/br") || !strcmp(key, "br/")) {
    flat_break(f);
    return;
  }
  static const char *const dropped[] = {
      "ref",      "references", "math",  "gallery", "templatestyles",
      "timeline", "score",      "graph", "maplink", "indicator"};
  for (size_t d = 0; d < sizeof dropped / sizeof *dropped; d++)
    if (!strcmp(key, dropped[d])) return;
  if (n->flags & (WN_NODE_SELF_CLOSING | WN_NODE_CLOSING_TAG)) return;
  if (!strcmp(key, "nowiki") || !strcmp(key, "pre") || !strcmp(key, "code")) {
    const char *body = span_str(f, n->value, &l);
    flat_text(f, body, l);
    return;
  }
  if (!strcmp(key, "li") || !strcmp(key, "p") || !strcmp(key, "div")) flat_break(f);
  walk(f, n->first_child);
  if (!strcmp(key, "li") || !strcmp(key, "p") || !strcmp(key, "div")) flat_break(f);
}

static void render_entity(flat *f, int32_t cp) {
  if (cp == 0xA0 || cp == 0x2009 || cp == 0x202F || cp == 0x2002 || cp == 0x2003) {
    f->space = true;
    return;
  }
  char u[4];
  size_t n;
  if (cp < 0x80)
    u[0] = (char)cp, n = 1;
  else if (cp < 0x800)
    u[0] = (char)(0xC0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
  else if (cp < 0x10000)
    u[0] = (char)(0xE0 | cp >> 12), u[1] = (char)(0x80 | ((cp >> 6) & 0x3F)),
    u[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
  else if (cp < 0x110000)
    u[0] = (char)(0xF0 | cp >> 18), u[1] = (char)(0x80 | ((cp >> 12) & 0x3F)),
    u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), u[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
  else
    return;
  flat_text(f, u, n);
}

static void walk_node(flat *f, uint32_t i) {
  const wn_node *n = node(f, i);
  switch ((wn_node_type)n->type) {
  case WN_NODE_TEXT: flat_text(f, f->t->text + n->span.off, n->span.len); break;
  case WN_NODE_TEMPLATE: render_template(f, i); break;
  case WN_NODE_PARSER_FUNCTION: render_parser_function(f, i); break;
  case WN_NODE_WIKILINK: render_link(f, i); break;
  case WN_NODE_EXTLINK:
    if (n->first_child != WN_NONE)
      walk(f, n->first_child);
    else {
      size_t l;
      const char *v = span_str(f, n->value, &l);
      flat_text(f, v, l);
    }
    break;
  case WN_NODE_URL: flat_text(f, f->t->text + n->span.off, n->span.len); break;
  case WN_NODE_TAG: render_tag(f, i); break;
  case WN_NODE_ENTITY: render_entity(f, n->num); break;
  case WN_NODE_LIST_ITEM:
    flat_break(f);
    walk(f, n->first_child);
    break;
  case WN_NODE_COMMENT:
  case WN_NODE_HR:
  case WN_NODE_MAGIC_WORD: break;
  case WN_NODE_TABLE_ROW:
  case WN_NODE_TABLE_CELL:
    flat_break(f);
    walk(f, n->first_child);
    break;
  default: walk(f, n->first_child); break;
  }
}

static void walk(flat *f, uint32_t first) {
  if (++f->depth > MAX_DEPTH) {
    f->depth--;
    return;
  }
  for (uint32_t c = first; c != WN_NONE && !f->nomem; c = node(f, c)->next_sibling) walk_node(f, c);
  f->depth--;
}

/* "()" left behind by a dropped {{coord}} or reference goes away; marks
 * after it move back. */
static void drop_empty_parens(flat *f) {
  for (size_t i = 0; i + 1 < f->len; i++) {
    if (f->s[i] != '(') continue;
    size_t j = i + 1;
    while (j < f->len && f->s[j] == ' ') j++;
    if (j >= f->len || f->s[j] != ')') continue;
    size_t from = i, to = j + 1;
    if (from && f->s[from - 1] == ' ') from--;
    size_t cut = to - from;
    memmove(f->s + from, f->s + to, f->len - to);
    f->len -= cut;
    for (size_t k = 0; k < f->nmarks; k++) {
      mark *m = &f->marks[k];
      if (m->start >= to)
        m->start -= (uint32_t)cut;
      else if (m->start > from)
        m->start = (uint32_t)from;
      if (m->end >= to)
        m->end -= (uint32_t)cut;
      else if (m->end > from)
        m->end = (uint32_t)from;
    }
    i = from ? from - 1 : 0;
  }
}

static void flatten(flat *f, wn_arena *a, const wn_value_in *in) {
  *f = (flat){.arena = a, .t = in->tree, .lex = in->lex};
  if (!in->tree || !in->tree->count) return;
  uint32_t first = in->node == WN_NONE ? in->tree->first : in->tree->nodes[in->node].first_child;
  walk(f, first);
  if (!f->s) {
    f->s = (char *)"";
    return;
  }
  drop_empty_parens(f);
  while (f->len && (f->s[f->len - 1] == ' ' || f->s[f->len - 1] == '\n')) f->len--;
  f->s[f->len] = '\0';
}

char *wn_value_text(wn_arena *a, const wn_value_in *in, size_t *len) {
  flat f;
  flatten(&f, a, in);
  if (f.nomem) return NULL;
  return wn_nfc(a, f.s, f.len, len);
}

/* ------------------------------------------------------------------ */
/* Small string helpers.                                                */

static bool has_cjk(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] >= 0xE3) return true;
  return false;
}

static void trim(const char **s, size_t *n) {
  while (*n && ((*s)[0] == ' ' || (*s)[0] == '\n')) (*s)++, (*n)--;
  while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\n')) (*n)--;
}

/* One line: items joined by spaces (dates written over a <br>). */
static char *one_line(wn_arena *a, const char *s, size_t n) {
  char *c = wn_arena_strndup(a, s, n);
  if (c)
    for (size_t i = 0; i < n; i++)
      if (c[i] == '\n') c[i] = ' ';
  return c;
}

/* NFKC with the degree look-alikes (º ˚) made degrees first: NFKC would
 * turn º into "o". */
static char *fold_number_text(wn_arena *a, const char *s, size_t n, size_t *out) {
  char *c = wn_arena_alloc(a, n * 2 + 1);
  if (!c) return NULL;
  size_t o = 0;
  for (size_t i = 0; i < n;) {
    size_t l;
    int32_t cp = wn_utf8_decode(s + i, n - i, &l);
    if (cp == 0x00BA || cp == 0x02DA || cp == 0x2070 || cp == 0x00B0) {
      c[o++] = (char)0xC2, c[o++] = (char)0xB0;
    } else if (cp == '\n') {
      c[o++] = ' ';
    } else {
      memcpy(c + o, s + i, l), o += l;
    }
    i += l;
  }
  return wn_nfkc(a, c, o, out);
}

/* A name as output: NFC, the middle-dot family folded. */
static char *name_str(wn_arena *a, const char *s, size_t n) {
  size_t l;
  trim(&s, &n);
  char *c = wn_nfc(a, s, n, &l);
  return c ? wn_fold_dots(a, c, l, NULL) : NULL;
}

/* name_str for the flat's arena; running out of memory is recorded. */
static char *fname(flat *f, const char *s, size_t n) {
  char *c = s ? name_str(f->arena, s, n) : NULL;
  if (!c) f->nomem = true;
  return c;
}

/* Records an allocation failure of a builder; its result is NULL. */
static cJSON *oom(flat *f) {
  f->nomem = true;
  return NULL;
}

static cJSON *json_add_str(cJSON *o, const char *k, const char *v) {
  if (!v || !*v) return o;
  return cJSON_AddStringToObject(o, k, v) ? o : NULL;
}

/* Drops a trailing "(…)" qualifier: "Soyuz programme (crewed)". */
static size_t without_parenthetical(const char *s, size_t n) {
  if (n && s[n - 1] == ')') {
    for (size_t i = n; i-- > 0;)
      if (s[i] == '(') {
        size_t k = i;
        while (k && s[k - 1] == ' ') k--;
        return k ? k : n;
      }
  }
  return n;
}

/* ------------------------------------------------------------------ */
/* Items and marks.                                                     */

typedef struct range {
  size_t s, e;
} range;

/* Items of [s, e) split at '\n'. */
static size_t split_items(const flat *f, size_t s, size_t e, range *out, size_t max) {
  size_t n = 0;
  for (size_t i = s; i <= e && n < max;) {
    const char *nl = i < e ? memchr(f->s + i, '\n', e - i) : NULL;
    size_t end = nl ? (size_t)(nl - f->s) : e;
    size_t a = i, b = end;
    while (a < b && f->s[a] == ' ') a++;
    while (b > a && f->s[b - 1] == ' ') b--;
    if (b > a) out[n++] = (range){a, b};
    if (!nl) break;
    i = end + 1;
  }
  return n;
}

/* The first mark of kind k inside r (or touching it for zero-width). */
static const mark *mark_in(const flat *f, range r, mark_kind k) {
  for (size_t i = 0; i < f->nmarks; i++) {
    const mark *m = &f->marks[i];
    if (m->kind == k && m->start >= r.s && m->end <= r.e &&
        (m->end > m->start || k == MK_FLAG || k == MK_FILE))
      return m;
  }
  return NULL;
}

static size_t marks_in(const flat *f, range r, mark_kind k) {
  size_t n = 0;
  for (size_t i = 0; i < f->nmarks; i++)
    if (f->marks[i].kind == k && f->marks[i].start >= r.s && f->marks[i].end <= r.e &&
        f->marks[i].end > f->marks[i].start)
      n++;
  return n;
}

/* Strips a short "CSM:" / "LM:" label before the value of an item. */
static range strip_label(const flat *f, range r) {
  const char *s = f->s + r.s;
  size_t n = r.e - r.s;
  const char *colon = memchr(s, ':', n);
  if (!colon || colon == s || (size_t)(colon - s) > 24 || has_cjk(s, (size_t)(colon - s))) return r;
  for (const char *p = s; p < colon; p++)
    if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == ' ' || *p == '-')) return r;
  range o = {(size_t)(colon - f->s) + 1, r.e};
  while (o.s < o.e && f->s[o.s] == ' ') o.s++;
  return o.s < o.e ? o : r;
}

/* Splits an item at commas (and 、 and " and ") when it lists several
 * names: "Sergey Ryzhikov, Andrei Borisenko, Shane Kimbrough". */
static size_t split_commas(const flat *f, range r, range *out, size_t max) {
  size_t n = 0, start = r.s;
  for (size_t i = r.s; i <= r.e && n < max; i++) {
    size_t sep = 0;
    if (i == r.e)
      sep = 0;
    else if (f->s[i] == ',' || f->s[i] == ';')
      sep = 1;
    else if (!memcmp(f->s + i, "、", 3) || !memcmp(f->s + i, "，", 3))
      sep = 3;
    else if (i + 5 <= r.e && !memcmp(f->s + i, " and ", 5))
      sep = 5;
    else
      continue;
    /* not inside a mark */
    bool inside = false;
    for (size_t k = 0; k < f->nmarks && i < r.e; k++)
      if (f->marks[k].start < i && f->marks[k].end > i) inside = true;
    if (inside) continue;
    range x = {start, i};
    while (x.s < x.e && f->s[x.s] == ' ') x.s++;
    while (x.e > x.s && f->s[x.e - 1] == ' ') x.e--;
    if (x.e > x.s) out[n++] = x;
    if (i == r.e) break;
    start = i + sep;
    i += sep - 1;
  }
  return n;
}

/* ------------------------------------------------------------------ */
/* Entities.                                                            */

typedef struct names {
  const char *en, *zh, *label;
} names;

static bool is_zh(const char *lang) { return lang && !strncmp(lang, "zh", 2); }

/* en/zh/label of the range r of the flat text. */
static names names_of(flat *f, range r, const char *lang, bool person) {
  names nm = {0};
  nm.label = fname(f, f->s + r.s, r.e - r.s);
  const mark *le = mark_in(f, r, MK_LE);
  const mark *ln = mark_in(f, r, MK_LINK);
  if (ln && marks_in(f, r, MK_LINK) > 1 && ln->start != r.s) ln = NULL; /* a text with links */
  if (le) {
    nm.zh = fname(f, le->a, strlen(le->a));
    nm.en = fname(f, le->b, strlen(le->b));
    return nm;
  }
  const char *label = nm.label ? nm.label : "";
  if (ln && ln->a) {
    const char *tg = ln->a;
    if (has_cjk(tg, strlen(tg)) || is_zh(lang)) {
      nm.zh = fname(f, tg, strlen(tg));
      nm.en = person ? wn_lex_person_to_en(f->lex, tg, strlen(tg))
                     : wn_lex_to_en(f->lex, tg, strlen(tg));
      if (!nm.en && has_cjk(label, strlen(label)))
        nm.en = person ? wn_lex_person_to_en(f->lex, label, strlen(label))
                       : wn_lex_to_en(f->lex, label, strlen(label));
    } else {
      /* Ed White (astronaut) is Ed White as a person's name */
      size_t l = person ? without_parenthetical(tg, strlen(tg)) : strlen(tg);
      nm.en = fname(f, tg, l);
    }
    return nm;
  }
  size_t ll = strlen(label);
  if (has_cjk(label, ll)) {
    nm.zh = label;
    nm.en = person ? wn_lex_person_to_en(f->lex, label, ll) : wn_lex_to_en(f->lex, label, ll);
  } else if (ll) {
    const char *canon = wn_lex_to_en(f->lex, label, ll);
    nm.en = canon ? canon : fname(f, label, without_parenthetical(label, ll));
  }
  return nm;
}

static cJSON *entity_json(flat *f, range r, const char *lang) {
  names nm = names_of(f, r, lang, false);
  if (!nm.label || !*nm.label) return NULL; /* fname flagged a failure */
  cJSON *o = cJSON_CreateObject();
  if (!o || !json_add_str(o, "en", nm.en) || !json_add_str(o, "zh", nm.zh) ||
      !json_add_str(o, "label", nm.label)) {
    cJSON_Delete(o);
    return oom(f);
  }
  return o;
}

/* ------------------------------------------------------------------ */
/* Places.                                                              */

const char *wn_site_canonical(const char *s, size_t n) {
  const wn_vocab_row *r = wn_vocab("site", s, n);
  return r ? r->col[1] : NULL;
}

const char *wn_place_country(const char *s, size_t n) {
  const wn_vocab_row *r = wn_vocab("site", s, n);
  size_t p, l;
  if (r) return r->col[0];
  if ((r = wn_vocab_find("country", s, n, &p, &l))) return r->col[0];
  if ((r = wn_vocab_find("site", s, n, &p, &l))) return r->col[0];
  return NULL;
}

static bool pad_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '/';
}

/* The pad at s: a digit, then digits, letters and '/' ("39A", "31/6"). */
static size_t pad_at(const char *s, size_t n) {
  if (!n || s[0] < '0' || s[0] > '9') return 0;
  size_t i = 0;
  while (i < n && pad_char(s[i])) i++;
  while (i && s[i - 1] == '/') i--;
  return i;
}

/* The pad found at s[0..n) (no pad: NULL, WN_OK). */
static wn_status pad_copy(wn_arena *a, const char *s, size_t n, char **out) {
  *out = wn_arena_strndup(a, s, n);
  return *out ? WN_OK : WN_ERR_NOMEM;
}

wn_status wn_parse_pad(wn_arena *a, const char *s0, size_t n0, char **out) {
  *out = NULL;
  size_t n;
  char *s = wn_nfkc(a, s0, n0, &n);
  if (!s) return WN_ERR_NOMEM;
  size_t off = 0;
  while (off < n) {
    size_t p, l;
    const wn_vocab_row *r = wn_vocab_find("pad_word", s + off, n - off, &p, &l);
    if (!r) break;
    p += off;
    if ((unsigned char)s[p] >= 0x80) { /* 31号发射台: the number before */
      size_t b = p;
      while (b && s[b - 1] >= '0' && s[b - 1] <= '9') b--;
      if (b < p) return pad_copy(a, s + b, p - b, out);
    } else {
      size_t q = p + l;
      while (q < n && (s[q] == ' ' || s[q] == '-' || s[q] == ':' || s[q] == '.')) q++;
      size_t k = pad_at(s + q, n - q);
      if (k) return pad_copy(a, s + q, k, out);
    }
    off = p + l;
  }
  /* a bare pad: "1/5", "31/6", "39A" */
  const char *t = s;
  size_t tn = n;
  trim(&t, &tn);
  size_t k = pad_at(t, tn);
  if (k && k == tn) return pad_copy(a, t, k, out);
  return WN_OK;
}

/* A facility from an identity: the site it is, or the site its title
 * starts with ("Kennedy Space Center Launch Complex 39A"). *rest: what
 * follows the site name in that title. */
static const char *site_of(const char *id, const char **rest) {
  size_t n = strlen(id);
  *rest = NULL;
  const char *c = wn_site_canonical(id, n);
  if (c) return c;
  for (size_t i = n; i > 0; i--) {
    if (id[i - 1] != ' ') continue;
    if ((c = wn_site_canonical(id, i - 1))) {
      *rest = id + i;
      return c;
    }
  }
  return NULL;
}

static cJSON *place_json(flat *f, const char *lang) {
  range items[16];
  size_t ni = split_items(f, 0, f->len, items, 16);
  if (!ni) return NULL;
  range all = {items[0].s, items[ni - 1].e};
  const char *facility = NULL, *zh = NULL, *label = NULL, *pad = NULL, *pad_rest = NULL;
  size_t after = all.s;
  /* The first link or {{le}} that names a known site, else the first one. */
  const mark *chosen = NULL;
  for (size_t i = 0; i < f->nmarks && !facility; i++) {
    const mark *m = &f->marks[i];
    if ((m->kind != MK_LINK && m->kind != MK_LE) || m->end <= m->start) continue;
    range r = {m->start, m->end};
    names nm = names_of(f, r, lang, false);
    const char *site = nm.en ? site_of(nm.en, &pad_rest) : NULL;
    if (site) {
      facility = site, zh = nm.zh, label = nm.label, after = m->end, chosen = m;
      if (m->start != items[0].s) label = fname(f, f->s + items[0].s, items[0].e - items[0].s);
    } else if (!chosen) {
      chosen = m;
    }
  }
  names nm = {0};
  if (!facility && chosen) {
    range r = {chosen->start, chosen->end};
    nm = names_of(f, r, lang, false);
    facility = nm.en, zh = nm.zh, label = nm.label, after = chosen->end;
    /* "46 km E of Arkalyk": the whole text is the label */
    if (chosen->start != items[0].s) label = fname(f, f->s + items[0].s, items[0].e - items[0].s);
  }
  if (!chosen) {
    /* "Baikonur, Site 31": the part before the first comma */
    const char *s = f->s + items[0].s;
    const char *comma = memchr(s, ',', items[0].e - items[0].s);
    size_t l = comma ? (size_t)(comma - s) : items[0].e - items[0].s;
    range r = {items[0].s, items[0].s + l};
    nm = names_of(f, r, lang, false);
    const char *site = nm.en ? site_of(nm.en, &pad_rest) : NULL;
    facility = site ? site : nm.en, zh = nm.zh, label = nm.label, after = r.e;
    if (!site && comma) label = fname(f, s, items[0].e - items[0].s), after = items[0].e;
  }
  char *p = NULL;
  if (after < all.e && wn_parse_pad(f->arena, f->s + after, all.e - after, &p) != WN_OK)
    return oom(f);
  if (!p && pad_rest && wn_parse_pad(f->arena, pad_rest, strlen(pad_rest), &p) != WN_OK)
    return oom(f);
  pad = p;
  const char *country = facility ? wn_place_country(facility, strlen(facility)) : NULL;
  if (!country) country = wn_place_country(f->s + all.s, all.e - all.s);
  const mark *flag = mark_in(f, all, MK_FLAG);
  if (!country && flag && flag->a) country = flag->a;
  /* A place that is a whole country ([[哈萨克斯坦]]) has no facility. */
  if (facility && !pad && wn_vocab("country", facility, strlen(facility)))
    facility = zh = label = NULL;
  cJSON *o = cJSON_CreateObject();
  if (!o) return oom(f);
  bool ok = true;
  if (facility || label) {
    cJSON *fac = cJSON_AddObjectToObject(o, "facility");
    ok = fac && json_add_str(fac, "en", facility) && json_add_str(fac, "zh", zh) &&
         json_add_str(fac, "label", label);
  }
  ok = ok && json_add_str(o, "pad", pad) && json_add_str(o, "country", country);
  if (!ok || !cJSON_GetArraySize(o)) {
    cJSON_Delete(o);
    return ok ? NULL : oom(f);
  }
  return o;
}

/* ------------------------------------------------------------------ */
/* Crew.                                                                */

/* Full-width forms (ＦＥ１, 第２次) need NFKC; everything else is read as is,
 * without allocating. */
static bool has_fullwidth(const char *s, size_t n) {
  for (size_t i = 0; i + 1 < n; i++)
    if ((unsigned char)s[i] == 0xEF &&
        ((unsigned char)s[i + 1] == 0xBC || (unsigned char)s[i + 1] == 0xBD))
      return true;
  return false;
}

static const char *role_of(const char *t, size_t n) {
  trim(&t, &n);
  while (n && (t[n - 1] == ':' || t[n - 1] == '.')) n--;
  const wn_vocab_row *r = wn_vocab("role", t, n);
  size_t p, l;
  if (!r) r = wn_vocab_find("role", t, n, &p, &l);
  return r ? r->col[0] : NULL;
}

const char *wn_crew_role(const char *s, size_t len) {
  if (!has_fullwidth(s, len)) return role_of(s, len);
  wn_arena *a = wn_arena_new();
  size_t n;
  char *k = a ? wn_nfkc(a, s, len, &n) : NULL;
  const char *role = k ? role_of(k, n) : NULL;
  if (a) wn_arena_free(a);
  return role;
}

static int flight_of(const char *k, size_t n) {
  int num = 0;
  const char *di = memmem(k, n, "第", 3);
  if (di) { /* 第2次, 第二次 */
    const char *p = di + 3, *end = k + n;
    if (p < end && *p >= '0' && *p <= '9')
      num = (int)strtol(p, NULL, 10);
    else {
      const char *ci = memmem(p, (size_t)(end - p), "次", 3);
      const wn_vocab_row *r = ci ? wn_vocab("ordinal", p, (size_t)(ci - p)) : NULL;
      if (r) num = (int)strtol(r->col[0], NULL, 10);
    }
  }
  if (!num) {
    size_t p, l;
    const wn_vocab_row *r = wn_vocab_find("ordinal", k, n, &p, &l);
    if (r && (unsigned char)k[p] < 0x80) num = (int)strtol(r->col[0], NULL, 10);
  }
  if (!num) {
    const char *t = k;
    trim(&t, &n);
    while (n && (*t == '(' || *t == '#')) t++, n--;
    if (n && *t >= '1' && *t <= '9') {
      long v = 0;
      size_t i = 0;
      while (i < n && t[i] >= '0' && t[i] <= '9' && v < 1000) v = v * 10 + (t[i++] - '0');
      if (i == n || t[i] == ')') num = (int)v;
    }
  }
  return num;
}

int wn_flight_number(const char *s, size_t len) {
  if (!has_fullwidth(s, len)) return flight_of(s, len);
  wn_arena *a = wn_arena_new();
  size_t n;
  char *k = a ? wn_nfkc(a, s, len, &n) : NULL;
  int num = k ? flight_of(k, n) : 0;
  if (a) wn_arena_free(a);
  return num;
}

const char *wn_country_alpha2(const char *code, size_t len) {
  const char *s = code;
  size_t n = len;
  trim(&s, &n);
  const wn_vocab_row *r = wn_vocab("flag", s, n);
  if (!r) r = wn_vocab("country", s, n);
  return r ? r->col[0] : NULL;
}

/* The text of r outside the marks of the name (for role and flight words). */
static char *outside(flat *f, range r, const mark *nm) {
  if (!nm) return wn_arena_strndup(f->arena, f->s + r.s, r.e - r.s);
  return wn_arena_printf(f->arena, "%.*s %.*s", (int)(nm->start - r.s), f->s + r.s,
                         (int)(r.e - nm->end), f->s + nm->end);
}

static cJSON *crew_member_json(flat *f, range r, const char *lang, const char *role, int flight) {
  const mark *nm_mark = mark_in(f, r, MK_LE);
  if (!nm_mark) nm_mark = mark_in(f, r, MK_LINK);
  range name = nm_mark ? (range){nm_mark->start, nm_mark->end} : r;
  char *rest = outside(f, r, nm_mark);
  if (!rest) return oom(f);
  if (!nm_mark) {
    /* "Commander: Sergey Ryzhikov", "Sergey Ryzhikov (Commander)" */
    const char *s = f->s + r.s, *colon = memchr(s, ':', r.e - r.s);
    const char *paren = memchr(s, '(', r.e - r.s);
    if (colon && wn_crew_role(s, (size_t)(colon - s))) {
      rest = wn_arena_strndup(f->arena, s, (size_t)(colon - s));
      name.s = (size_t)(colon - f->s) + 1;
    } else if (paren) {
      rest = wn_arena_strndup(f->arena, paren, (size_t)(f->s + r.e - paren));
      name.e = (size_t)(paren - f->s);
    }
    if (!rest) return oom(f);
    while (name.s < name.e && f->s[name.s] == ' ') name.s++;
    while (name.e > name.s && f->s[name.e - 1] == ' ') name.e--;
  }
  names nm = names_of(f, name, lang, true);
  if (!nm.label || !*nm.label) return NULL; /* fname flagged a failure */
  if (!role && rest) role = wn_crew_role(rest, strlen(rest));
  if (!flight && rest) flight = wn_flight_number(rest, strlen(rest));
  const mark *flag = mark_in(f, r, MK_FLAG);
  if (!nm.zh && nm.en && is_zh(lang)) nm.zh = nm.label;
  if (!nm.zh && nm.en) nm.zh = wn_lex_to_zh(f->lex, nm.en, strlen(nm.en));
  if (!nm.en && nm.zh) nm.en = wn_lex_person_to_en(f->lex, nm.zh, strlen(nm.zh));
  cJSON *o = cJSON_CreateObject(), *n = cJSON_CreateObject();
  if (!o || !n || !cJSON_AddItemToObject(o, "name", n)) { /* n is not o's yet */
    cJSON_Delete(o);
    cJSON_Delete(n);
    return oom(f);
  }
  if (!json_add_str(n, "zh", nm.zh) || !json_add_str(n, "en", nm.en) ||
      !json_add_str(o, "role", role) || !json_add_str(o, "nationality", flag ? flag->a : NULL) ||
      (flight > 0 && !cJSON_AddNumberToObject(o, "flight_number", flight))) {
    cJSON_Delete(o);
    return oom(f);
  }
  return o;
}

wn_status wn_crew_member(wn_arena *a, const wn_value_in *name_cell, const char *role,
                         int flight_number, cJSON **out) {
  *out = NULL;
  flat f;
  flatten(&f, a, name_cell);
  if (f.nomem) return WN_ERR_NOMEM;
  if (!f.len) return WN_OK; /* no name: no member */
  range r = {0, f.len};
  for (size_t i = 0; i < f.len; i++)
    if (f.s[i] == '\n') f.s[i] = ' ';
  cJSON *m = crew_member_json(&f, r, name_cell->lang, role, flight_number);
  if (f.nomem || wn_lexdoc_failed(name_cell->lex)) { /* a name may be missing or wrong */
    cJSON_Delete(m);
    return WN_ERR_NOMEM;
  }
  *out = m;
  return WN_OK;
}

static cJSON *crew_list_json(flat *f, const char *lang) {
  range items[64], parts[64];
  size_t ni = split_items(f, 0, f->len, items, 64);
  cJSON *arr = cJSON_CreateArray();
  if (!arr) return oom(f);
  for (size_t i = 0; i < ni && !f->nomem; i++) {
    size_t nmarks = marks_in(f, items[i], MK_LINK) + marks_in(f, items[i], MK_LE);
    size_t np = nmarks != 1 ? split_commas(f, items[i], parts, 64) : 0;
    if (np < 2) parts[0] = items[i], np = 1;
    for (size_t k = 0; k < np; k++) {
      cJSON *m = crew_member_json(f, parts[k], lang, NULL, 0);
      if (m) cJSON_AddItemToArray(arr, m);
    }
  }
  return arr;
}

/* ------------------------------------------------------------------ */
/* Photos and captions.                                                 */

static bool is_suffix_word(const char *w, size_t n) {
  static const char *const sfx[] = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"};
  for (size_t i = 0; i < sizeof sfx / sizeof *sfx; i++)
    if (n == strlen(sfx[i]) && has_prefix_ci(w, n, sfx[i])) return true;
  return false;
}

/* Latin letters with diacritics -> ASCII (é -> e), for surname keys. */
static char ascii_of(int32_t cp) {
  static const char *const latin1 =
      "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty"; /* U+00C0.. */
  if (cp >= 0xC0 && cp <= 0xFF) return latin1[cp - 0xC0];
  if (cp >= 0x100 && cp <= 0x17F) { /* Latin Extended-A, pairs of upper/lower */
    static const char *const ext =
        "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiJjJjKkkLlLlLlLlLl"
        "NnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
    size_t i = (size_t)(cp - 0x100);
    return i < strlen(ext) ? ext[i] : 0;
  }
  return 0;
}

wn_status wn_surname_key(wn_arena *a, const wn_lexdoc *ld, const char *name, size_t len,
                         char **out) {
  *out = NULL;
  const char *s = name;
  size_t n = len;
  trim(&s, &n);
  /* strchr would match the terminating NUL: a NUL byte is not punctuation */
  while (n && s[n - 1] && strchr(".,;:)]\"'", s[n - 1])) n--;
  while (n && s[0] && strchr("([\"'", s[0])) s++, n--;
  if (!n) return WN_OK;
  if (has_cjk(s, n)) {
    const char *en = wn_lex_person_to_en(ld, s, n);
    if (wn_lexdoc_failed(ld)) return WN_ERR_NOMEM; /* en may be missing for want of memory */
    if (en && !has_cjk(en, strlen(en))) return wn_surname_key(a, ld, en, strlen(en), out);
    *out = wn_fold_dots(a, s, n, NULL);
    return *out ? WN_OK : WN_ERR_NOMEM;
  }
  /* the last word that is not Jr./II */
  size_t e = n;
  for (;;) {
    while (e && (s[e - 1] == ' ' || s[e - 1] == ',')) e--;
    size_t b = e;
    while (b && s[b - 1] != ' ') b--;
    if (b == 0 || !is_suffix_word(s + b, e - b)) {
      s += b, n = e - b;
      break;
    }
    e = b;
  }
  char *k = wn_arena_alloc(a, n + 1);
  if (!k) return WN_ERR_NOMEM;
  size_t o = 0;
  for (size_t i = 0; i < n;) {
    size_t l;
    int32_t cp = wn_utf8_decode(s + i, n - i, &l);
    char c = cp < 0x80 ? (char)cp : ascii_of(cp);
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') k[o++] = c;
    i += l;
  }
  k[o] = '\0';
  if (o) *out = k;
  return WN_OK;
}

/* Splits a list of names; false when a part does not look like a name. */
static size_t split_names(const char *s, size_t n, range *out, size_t max, bool *ok) {
  size_t np = 0, start = 0;
  *ok = true;
  for (size_t i = 0; i <= n && np < max; i++) {
    size_t sep = 0;
    if (i == n)
      sep = 0;
    else if (s[i] == ',' || s[i] == ';' || s[i] == '&')
      sep = 1;
    else if (i + 3 <= n && (!memcmp(s + i, "、", 3) || !memcmp(s + i, "和", 3) ||
                            !memcmp(s + i, "与", 3) || !memcmp(s + i, "及", 3)))
      sep = 3;
    else if (i + 5 <= n && !memcmp(s + i, " and ", 5))
      sep = 5;
    else
      continue;
    const char *p = s + start;
    size_t l = i - start;
    trim(&p, &l);
    if (l >= 4 && !memcmp(p, "and ", 4)) p += 4, l -= 4; /* ", and Chaffee" */
    if (l) {
      size_t words = 1;
      for (size_t k = 0; k < l; k++) words += p[k] == ' ';
      bool upper = (p[0] >= 'A' && p[0] <= 'Z') || (unsigned char)p[0] >= 0xC3;
      if (words > 5 || !upper) *ok = false;
      out[np++] = (range){(size_t)(p - s), (size_t)(p - s) + l};
    }
    if (i == n) break;
    start = i + sep;
    i += sep ? sep - 1 : 0;
  }
  if (!np) *ok = false;
  return np;
}

/* The surname keys of a list of names; NULL when it is not one or, with
 * *nomem set, when memory ran out. */
static cJSON *order_json(wn_arena *a, const wn_lexdoc *ld, const char *s, size_t n, bool *nomem) {
  range parts[32];
  bool ok;
  size_t np = split_names(s, n, parts, 32, &ok);
  if (!ok || np < 1) return NULL;
  cJSON *arr = cJSON_CreateArray();
  if (!arr) goto fail;
  for (size_t i = 0; i < np; i++) {
    char *k;
    if (wn_surname_key(a, ld, s + parts[i].s, parts[i].e - parts[i].s, &k) != WN_OK) goto fail;
    /* a name without an ASCII surname (a zh name the lexicon does not
     * know) would make the order wrong: then there is no order */
    if (!k || k[0] < 'a' || k[0] > 'z' || has_cjk(k, strlen(k))) {
      cJSON_Delete(arr);
      return NULL;
    }
    cJSON *ks = cJSON_CreateString(k);
    if (!ks || !cJSON_AddItemToArray(arr, ks)) {
      cJSON_Delete(ks);
      goto fail;
    }
  }
  return arr;
fail:
  cJSON_Delete(arr);
  *nomem = true;
  return NULL;
}

/* A full stop ends a sentence; the dot of an initial ("Roger B. Chaffee")
 * does not: it follows a capital. */
static bool full_stop(const char *s, size_t i, size_t n) {
  return s[i] == '.' && (i + 1 == n || s[i + 1] == ' ') && i > 0 &&
         !(s[i - 1] >= 'A' && s[i - 1] <= 'Z');
}

/* The end of the sentence or line that starts at s. */
static size_t sentence_end(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '\n' || s[i] == '(' || full_stop(s, i, n)) return i;
    if (i + 3 <= n && !memcmp(s + i, "。", 3)) return i;
  }
  return n;
}

/* The "order" of a caption (NFKC text s) with a left-to-right marker at
 * p..p+l; NULL when none or, with *nomem set, no memory. */
static cJSON *caption_order(wn_arena *a, const wn_lexdoc *ld, const char *s, size_t n, size_t p,
                            size_t l, bool *nomem) {
  /* names after the marker: "(l-r) Kimbrough, Ryzhikov and Borisenko" */
  size_t q = p + l;
  while (q < n && s[q] && strchr(":) -", s[q])) q++;
  cJSON *order = order_json(a, ld, s + q, sentence_end(s + q, n - q), nomem);
  if (order || *nomem) return order;
  /* names before it: "Grissom, White, and Chaffee\n(left to right) in front of…" */
  size_t e = p;
  while (e && s[e - 1] && strchr("( ,", s[e - 1])) e--;
  if (e && s[e - 1] == '\n') e--;
  size_t b = e;
  while (b && s[b - 1] != '\n' && !full_stop(s, b - 1, n)) b--;
  return e > b ? order_json(a, ld, s + b, e - b, nomem) : NULL;
}

cJSON *wn_caption_json(wn_arena *a, const wn_lexdoc *ld, const char *text, size_t len) {
  size_t n, cl, p, l;
  char *s = wn_nfkc(a, text, len, &n);
  char *shown = one_line(a, text, len);
  char *cap = shown ? wn_nfc(a, shown, strlen(shown), &cl) : NULL;
  if (!s || !cap) return NULL;
  cJSON *o = cJSON_CreateObject();
  if (!o || (cl && !cJSON_AddStringToObject(o, "caption", cap))) goto fail;
  if (!wn_vocab_find("order_marker", s, n, &p, &l)) return o;
  bool nomem = false;
  cJSON *order = caption_order(a, ld, s, n, p, l, &nomem);
  if (nomem) goto fail;
  if (order && !cJSON_AddItemToObject(o, "order", order)) { /* order is not o's yet */
    cJSON_Delete(order);
    goto fail;
  }
  return o;
fail:
  cJSON_Delete(o);
  return NULL;
}

/* NULL when there is no name or, with *nomem set, no memory. */
static char *file_name(wn_arena *a, const char *s, size_t n, bool *nomem) {
  trim(&s, &n);
  size_t fp = file_prefix(s, n);
  s += fp, n -= fp;
  const char *bar = memchr(s, '|', n); /* "File:X.png|220px" written as text */
  if (bar) n = (size_t)(bar - s);
  trim(&s, &n);
  char *c = wn_nfc(a, s, n, &n);
  if (!c) *nomem = true;
  if (!c || !n) return NULL;
  for (size_t i = 0; i < n; i++)
    if (c[i] == '_') c[i] = ' ';
  size_t l = n;
  trim((const char **)&c, &l);
  c[l] = '\0';
  if (c[0] >= 'a' && c[0] <= 'z') c[0] = (char)(c[0] - 'a' + 'A');
  return c;
}

/* ------------------------------------------------------------------ */
/* Dispatch.                                                            */

static wn_status keep_text(wn_value_out *out, wn_arena *a, const char *s, size_t n,
                           const char *why) {
  size_t l;
  char *c = wn_nfc(a, s, n, &l);
  if (!c) return WN_ERR_NOMEM;
  size_t o = 0; /* raw wikitext may hold NULs: a C string cannot */
  for (size_t i = 0; i < l; i++)
    if (c[i]) c[o++] = c[i];
  c[o] = '\0';
  out->json = cJSON_CreateObject();
  if (!out->json || !cJSON_AddStringToObject(out->json, "text", c)) {
    cJSON_Delete(out->json);
    out->json = NULL;
    return WN_ERR_NOMEM;
  }
  out->warning = why;
  return WN_OK;
}

static wn_status done(wn_value_out *out, cJSON *j) {
  out->json = j;
  return j ? WN_OK : WN_ERR_NOMEM;
}

/* A builder over the flat text gave j. NULL is out of memory only when
 * the builder said so; else there was nothing to build: kept as text. */
static wn_status done_flat(wn_value_out *out, wn_arena *a, flat *f, cJSON *j, const char *why) {
  if (f->nomem) {
    cJSON_Delete(j);
    return WN_ERR_NOMEM;
  }
  return j ? done(out, j) : keep_text(out, a, f->s, f->len, why);
}

static cJSON *time_json(const wn_time *t) {
  char buf[32];
  wn_time_format(t, buf);
  cJSON *o = cJSON_CreateObject();
  if (!o || !cJSON_AddStringToObject(o, "utc", buf) ||
      !cJSON_AddStringToObject(o, "precision", wn_precision_name(t->precision)) ||
      (t->planned && !cJSON_AddTrueToObject(o, "planned"))) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

static cJSON *duration_json(const wn_duration *d) {
  char buf[48];
  wn_duration_iso(d, buf);
  cJSON *o = cJSON_CreateObject();
  if (!o || !cJSON_AddStringToObject(o, "iso8601", buf) ||
      !cJSON_AddNumberToObject(o, "seconds", (double)d->seconds) ||
      !cJSON_AddStringToObject(o, "precision", wn_precision_name(d->precision)) ||
      (d->planned && !cJSON_AddTrueToObject(o, "planned"))) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

static cJSON *quantity_json(const wn_quantity *q, wn_dimension dim) {
  cJSON *o = cJSON_CreateObject();
  if (!o || !cJSON_AddNumberToObject(o, "value", q->value) ||
      !cJSON_AddStringToObject(o, "unit", wn_dimension_unit(dim)) ||
      (q->planned && !cJSON_AddTrueToObject(o, "planned"))) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

const char *wn_orbit_enum(wn_value_type t, const char *s, size_t n) {
  const char *table = t == WN_VT_ENUM_ORBIT_REFERENCE ? "orbit_reference"
                      : t == WN_VT_ENUM_ORBIT_REGIME  ? "orbit_regime"
                                                      : "central_body";
  const char *x = s;
  size_t l = n;
  trim(&x, &l);
  const wn_vocab_row *r = wn_vocab(table, x, l);
  return r ? r->col[0] : NULL;
}

static const char *lang_of(const wn_value_in *in, const char *s, size_t n) {
  if (in->lang && *in->lang) return in->lang;
  return has_cjk(s, n) ? "zh" : "en";
}

static cJSON *langtext_json(flat *f, const char *lang) {
  char *text = fname(f, one_line(f->arena, f->s, f->len), f->len);
  if (!text || !*text) return NULL; /* fname flagged a failure */
  size_t tl = strlen(text);
  range all = {0, f->len};
  const mark *le = mark_in(f, all, MK_LE);
  const char *zh = NULL, *en = NULL;
  if (le)
    zh = le->a, en = le->b;
  else if (is_zh(lang) || has_cjk(text, tl)) {
    zh = text;
    en = wn_lex_to_en(f->lex, text, tl);
    if (!en) {
      const char *d = wn_mission_designation(f->arena, f->lex, text, tl);
      if (d && !has_cjk(d, strlen(d))) en = d;
    }
  } else {
    en = text;
    zh = wn_lex_to_zh(f->lex, text, tl);
  }
  cJSON *o = cJSON_CreateObject();
  bool other = !is_zh(lang) && strcmp(lang, "en") && !zh && !en; /* "ja": … */
  if (!o || !json_add_str(o, "zh", zh) || !json_add_str(o, "en", en) ||
      (other && !json_add_str(o, lang, text))) {
    cJSON_Delete(o);
    return oom(f);
  }
  return o;
}

/* True when wn_mission_key gives a key for d unless memory runs out: no
 * CJK left and at least one ASCII letter or digit. */
static bool key_expected(const char *d) {
  bool alnum = false;
  for (const unsigned char *p = (const unsigned char *)d; *p; p++) {
    if (*p >= 0xE3) return false;
    alnum |= (*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z');
  }
  return alnum;
}

static cJSON *mission_json(flat *f, range r, const char *lang) {
  const mark *ln = mark_in(f, r, MK_LINK);
  const char *name = ln && ln->a ? ln->a : NULL;
  size_t nl = name ? strlen(name) : 0;
  if (!name) name = f->s + r.s, nl = r.e - r.s;
  const char *d = wn_mission_designation(f->arena, f->lex, name, nl);
  const char *k = d ? wn_mission_key(f->arena, d) : NULL;
  /* Without a layer to record it, a NULL designation of a name is taken
   * as out of memory (with one, wn_lexdoc_failed tells). */
  if (!d && !f->lex) f->nomem = f->nomem || nl;
  if (d && !k && key_expected(d)) f->nomem = true;
  if (!d || !k) return NULL;
  cJSON *o = cJSON_CreateObject();
  if (!o || !cJSON_AddStringToObject(o, "key", k) ||
      !cJSON_AddStringToObject(o, "designation", d)) {
    cJSON_Delete(o);
    return oom(f);
  }
  return o;
}

static wn_status parse_flat(wn_arena *a, wn_value_type t, const wn_value_in *in, flat *f,
                            wn_value_out *out) {
  const char *lang = lang_of(in, f->s, f->len);
  range items[64];
  size_t ni = split_items(f, 0, f->len, items, 64);
  range first = ni ? strip_label(f, items[0]) : (range){0, 0};
  size_t nl;
  char *num = NULL;
  switch (t) {
  case WN_VT_TEXT: {
    size_t l;
    char *c = wn_nfc(a, f->s, f->len, &l);
    return done(out, c ? cJSON_CreateString(c) : NULL);
  }
  case WN_VT_LANGTEXT:
    return done_flat(out, a, f, langtext_json(f, lang), "no text found; kept as text");
  case WN_VT_ENTITY:
    return done_flat(out, a, f, entity_json(f, first, lang), "no entity found; kept as text");
  case WN_VT_ENTITY_LIST: {
    cJSON *arr = cJSON_CreateArray();
    range parts[64];
    for (size_t i = 0; arr && i < ni && !f->nomem; i++) {
      range it = strip_label(f, items[i]);
      size_t np =
          marks_in(f, it, MK_LINK) + marks_in(f, it, MK_LE) > 1 || has_cjk(f->s + it.s, it.e - it.s)
              ? split_commas(f, it, parts, 64)
              : 0;
      if (!np) parts[0] = it, np = 1;
      for (size_t k = 0; k < np; k++) {
        cJSON *e = entity_json(f, parts[k], lang);
        if (e) cJSON_AddItemToArray(arr, e);
      }
    }
    if (arr && !f->nomem && !cJSON_GetArraySize(arr)) {
      cJSON_Delete(arr);
      return keep_text(out, a, f->s, f->len, "no entity found; kept as text");
    }
    return arr ? done_flat(out, a, f, arr, NULL) : WN_ERR_NOMEM;
  }
  case WN_VT_MISSION: {
    return done_flat(out, a, f, mission_json(f, first, lang),
                     "mission name not in the programme lexicon; kept as text");
  }
  case WN_VT_TIMESTAMP: {
    wn_time tm;
    num = fold_number_text(a, f->s, f->len, &nl);
    if (!num) return WN_ERR_NOMEM;
    if (!wn_parse_time(num, nl, &tm))
      return keep_text(out, a, f->s, f->len, "unparsed timestamp kept as text");
    return done(out, time_json(&tm));
  }
  case WN_VT_DURATION: {
    wn_duration d;
    num = fold_number_text(a, f->s, f->len, &nl);
    if (!num) return WN_ERR_NOMEM;
    if (!wn_parse_duration(num, nl, &d)) {
      /* "Total: 7 hours, 45 minutes<br>First: …": the first item */
      num = fold_number_text(a, f->s + first.s, first.e - first.s, &nl);
      if (!num) return WN_ERR_NOMEM;
      if (ni < 2 || first.s == items[0].s || !wn_parse_duration(num, nl, &d))
        return keep_text(out, a, f->s, f->len, "unparsed duration kept as text");
    }
    return done(out, duration_json(&d));
  }
  case WN_VT_MASS:
  case WN_VT_LENGTH:
  case WN_VT_ANGLE:
  case WN_VT_PERIOD: {
    wn_dimension dim = t == WN_VT_MASS     ? WN_DIM_MASS
                       : t == WN_VT_LENGTH ? WN_DIM_LENGTH
                       : t == WN_VT_ANGLE  ? WN_DIM_ANGLE
                                           : WN_DIM_TIME;
    wn_quantity q;
    num = fold_number_text(a, f->s + first.s, first.e - first.s, &nl);
    if (!num) return WN_ERR_NOMEM;
    if (!wn_parse_quantity(num, nl, dim, &q))
      return keep_text(out, a, f->s, f->len, "unparsed quantity kept as text");
    return done(out, quantity_json(&q, dim));
  }
  case WN_VT_INTEGER: {
    int64_t v;
    num = fold_number_text(a, f->s + first.s, first.e - first.s, &nl);
    if (!num) return WN_ERR_NOMEM;
    if (!wn_parse_integer(num, nl, &v))
      return keep_text(out, a, f->s, f->len, "unparsed integer kept as text");
    return done(out, cJSON_CreateNumber((double)v));
  }
  case WN_VT_COSPAR: {
    char id[16];
    num = fold_number_text(a, f->s + first.s, first.e - first.s, &nl);
    if (!num) return WN_ERR_NOMEM;
    if (!wn_parse_cospar(num, nl, id))
      return keep_text(out, a, f->s, f->len, "unparsed COSPAR ID kept as text");
    return done(out, cJSON_CreateString(id));
  }
  case WN_VT_ENUM_ORBIT_REFERENCE:
  case WN_VT_ENUM_ORBIT_REGIME:
  case WN_VT_ENUM_CENTRAL_BODY: {
    const char *v = NULL;
    const mark *ln = mark_in(f, first, MK_LINK);
    num = fold_number_text(a, f->s + first.s, first.e - first.s, &nl);
    if (!num) return WN_ERR_NOMEM;
    v = wn_orbit_enum(t, num, nl);
    if (!v && ln && ln->a) v = wn_orbit_enum(t, ln->a, strlen(ln->a));
    if (!v) {
      size_t p, l;
      const char *table = t == WN_VT_ENUM_ORBIT_REFERENCE ? "orbit_reference"
                          : t == WN_VT_ENUM_ORBIT_REGIME  ? "orbit_regime"
                                                          : "central_body";
      const wn_vocab_row *r = wn_vocab_find(table, num, nl, &p, &l);
      v = r ? r->col[0] : NULL;
    }
    if (!v) return keep_text(out, a, f->s, f->len, "unknown orbit word kept as text");
    return done(out, cJSON_CreateString(v));
  }
  case WN_VT_PLACE: {
    return done_flat(out, a, f, place_json(f, lang), "unparsed place kept as text");
  }
  case WN_VT_CREW_LIST: {
    cJSON *c = crew_list_json(f, lang);
    if (c && !f->nomem && !cJSON_GetArraySize(c)) {
      cJSON_Delete(c);
      return keep_text(out, a, f->s, f->len, "no crew member found; kept as text");
    }
    return c ? done_flat(out, a, f, c, NULL) : WN_ERR_NOMEM;
  }
  case WN_VT_PHOTO: {
    range all = {0, f->len};
    const mark *fm = mark_in(f, all, MK_FILE);
    char *file = fm ? file_name(a, fm->a, strlen(fm->a), &f->nomem)
                    : file_name(a, f->s + first.s, first.e - first.s, &f->nomem);
    if (f->nomem) return WN_ERR_NOMEM;
    if (!file) return keep_text(out, a, f->s, f->len, "no file name; kept as text");
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddStringToObject(o, "file", file)) {
      cJSON_Delete(o);
      return WN_ERR_NOMEM;
    }
    return done(out, o);
  }
  case WN_VT_CAPTION: return done(out, wn_caption_json(a, in->lex, f->s, f->len));
  case WN_VT_TYPE_COUNT: break;
  }
  return keep_text(out, a, f->s, f->len, "unknown value type");
}

wn_status wn_value_parse(wn_arena *a, wn_value_type t, const wn_value_in *in, wn_value_out *out) {
  *out = (wn_value_out){NULL, NULL};
  flat f;
  flatten(&f, a, in);
  if (f.nomem) return WN_ERR_NOMEM;
  bool has_file = false;
  for (size_t i = 0; i < f.nmarks; i++) has_file |= f.marks[i].kind == MK_FILE;
  if (!f.len && !(t == WN_VT_PHOTO && has_file)) {
    if (!f.unknown || !in->tree || in->node == WN_NONE) return WN_OK;
    /* only templates we do not know: keep the wikitext */
    size_t l;
    const char *raw = span_str(&f, in->tree->nodes[in->node].value, &l);
    return l ? keep_text(out, a, raw, l, "unknown template; value kept as wikitext") : WN_OK;
  }
  wn_status st = parse_flat(a, t, in, &f, out);
  if (st == WN_OK && (f.nomem || wn_lexdoc_failed(in->lex))) {
    cJSON_Delete(out->json);
    *out = (wn_value_out){NULL, NULL};
    return WN_ERR_NOMEM;
  }
  return st;
}

/* ------------------------------------------------------------------ */
/* {{le}} pairs of a whole document.                                    */

void wn_lexdoc_learn_tree(wn_lexdoc *ld, const wn_tree *t) {
  if (!ld || !t) return;
  flat f = {.t = t};
  for (uint32_t i = 0; i < t->count; i++) {
    if (t->nodes[i].type != WN_NODE_TEMPLATE) continue;
    char kbuf[TEMPLATE_KEY];
    const char *key = template_key(&f, t->nodes[i].name, kbuf);
    const wn_vocab_row *r = wn_vocab("template", key, strlen(key));
    if (!r || (strcmp(r->col[0], "le") && strcmp(r->col[0], "tsl"))) continue;
    bool tsl = r->col[0][0] == 't';
    size_t zl, el;
    const char *zh = param_raw(&f, param_at(&f, i, tsl ? 3 : 1), &zl);
    const char *en = param_raw(&f, param_at(&f, i, 2), &el);
    if (zl && el) wn_lexdoc_learn(ld, zh, zl, en, el);
  }
}

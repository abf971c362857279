/* The renderer of values: wikitext nodes → flat text plus marks.

 * A value is walked into plain text plus marks (link targets, {{le}}
 * pairs, flag icons, file links) at offsets of that text. Templates
 * render by the action data/vocab.tsv gives their name (list, convert,
 * date, le, drop…); refs, comments and File links vanish; <br> and list
 * templates split items with '\n'. The normalizers (values.c, crew.c)
 * read the result through flatten.h; wn_value_text is its plain text and
 * wn_lexdoc_learn_tree collects the {{le}} pairs of a whole document. */
#include "flatten.h"

#include "util/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

const char *wn_flat_span(const flat *f, wn_span s, size_t *len) {
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
  return wn_flat_span(f, node(f, p)->value, len);
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
  const char *name = wn_flat_span(f, n->name, &l);
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
    const char *v = wn_flat_span(f, n->value, &l);
    if (l)
      flat_text(f, v, l);
    else
      flat_text(f, colon + 1, (size_t)(name + fl + (l - fl) - colon - 1));
  }
}

/* ---- links and tags ---- */

bool wn_has_prefix_ci(const char *s, size_t n, const char *p) {
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
size_t wn_file_prefix(const char *s, size_t n) {
  for (size_t i = 0; i < sizeof file_prefixes / sizeof *file_prefixes; i++)
    if (wn_has_prefix_ci(s, n, file_prefixes[i])) return strlen(file_prefixes[i]);
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
  const char *target = wn_flat_span(f, n->name, &tl);
  size_t fp = wn_file_prefix(target, tl);
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
  if (wn_has_prefix_ci(target, tl, "category:") || wn_has_prefix_ci(target, tl, "分类:") ||
      wn_has_prefix_ci(target, tl, "分類:"))
    return;
  char *id = clean_target(f->arena, target, tl, &f->nomem);
  size_t m = mark_add(f, MK_LINK, id, NULL);
  if (n->first_child != WN_NONE) {
    walk(f, n->first_child);
  } else {
    size_t ll;
    const char *label = wn_flat_span(f, n->value, &ll);
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
  const char *name = wn_flat_span(f, n->name, &l);
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
    const char *body = wn_flat_span(f, n->value, &l);
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
  char u[4]; /* the tokenizer keeps only valid code points */
  flat_text(f, u, wn_utf8_encode(cp, u));
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
      const char *v = wn_flat_span(f, n->value, &l);
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

/* Kept bytes before original offset x: the new offset of x. */
static uint32_t kept_before(const uint32_t *opos, size_t w, uint32_t x) {
  size_t lo = 0, hi = w;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (opos[mid] < x)
      lo = mid + 1;
    else
      hi = mid;
  }
  return (uint32_t)lo;
}

/* "()" left behind by a dropped {{coord}} or reference goes away (with
 * one space before it); marks after it move back. One pass, compacting
 * in place, so that a value of many "()" stays linear. The scan resumes
 * after each cut as the earlier memmove-based loop did (which left the
 * first byte after a cut at offset 0 unexamined): outputs are the same. */
static void drop_empty_parens(flat *f) {
  char *s = f->s;
  size_t n = f->len, w = 0;
  uint32_t *opos = NULL; /* original offset of each kept byte, once a cut was made */
  bool skip = false;
  for (size_t i = 0; i < n;) {
    size_t j = i + 1;
    bool cut = false;
    if (!skip && i + 1 < n && s[i] == '(') {
      while (j < n && s[j] == ' ') j++;
      cut = j < n && s[j] == ')';
    }
    if (!cut) {
      if (opos) opos[w] = (uint32_t)i;
      s[w++] = s[i++];
      skip = false;
      continue;
    }
    if (!opos) {
      if (!(opos = wn_arena_alloc(f->arena, (n + 1) * sizeof *opos))) {
        f->nomem = true;
        return;
      }
      for (size_t k = 0; k < w; k++) opos[k] = (uint32_t)k;
    }
    if (w && s[w - 1] == ' ') w--;
    skip = w == 0;
    i = j + 1;
  }
  if (!opos) return;
  f->len = w;
  for (size_t k = 0; k < f->nmarks; k++) {
    f->marks[k].start = kept_before(opos, w, f->marks[k].start);
    f->marks[k].end = kept_before(opos, w, f->marks[k].end);
  }
}

typedef struct mark_key {
  uint32_t start, index;
} mark_key;

static int mark_key_cmp(const void *a, const void *b) {
  const mark_key *x = a, *y = b;
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* The marks by start, so that a range finds its marks without a scan of
 * all of them. Without memory the lookups scan (same answers). */
static void index_marks(flat *f) {
  if (f->nmarks < 2) return;
  mark_key *k = wn_arena_alloc(f->arena, f->nmarks * sizeof *k);
  if (!k) return;
  for (size_t i = 0; i < f->nmarks; i++) k[i] = (mark_key){f->marks[i].start, (uint32_t)i};
  qsort(k, f->nmarks, sizeof *k, mark_key_cmp);
  f->by_start = k;
}

void wn_flatten(flat *f, wn_arena *a, const wn_value_in *in) {
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
  index_marks(f);
}

char *wn_value_text(wn_arena *a, const wn_value_in *in, size_t *len) {
  flat f;
  wn_flatten(&f, a, in);
  if (f.nomem) return NULL;
  return wn_nfc(a, f.s, f.len, len);
}

/* ------------------------------------------------------------------ */
/* Small string helpers.                                                */

bool wn_has_cjk(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] >= 0xE3) return true;
  return false;
}

void wn_trim(const char **s, size_t *n) {
  while (*n && ((*s)[0] == ' ' || (*s)[0] == '\n')) (*s)++, (*n)--;
  while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\n')) (*n)--;
}

/* One line: items joined by spaces (dates written over a <br>). */
char *wn_one_line(wn_arena *a, const char *s, size_t n) {
  char *c = wn_arena_strndup(a, s, n);
  if (c)
    for (size_t i = 0; i < n; i++)
      if (c[i] == '\n') c[i] = ' ';
  return c;
}

/* NFKC with the degree look-alikes (º ˚) made degrees first: NFKC would
 * turn º into "o". */
char *wn_fold_number_text(wn_arena *a, const char *s, size_t n, size_t *out) {
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
char *wn_name_str(wn_arena *a, const char *s, size_t n) {
  size_t l;
  wn_trim(&s, &n);
  char *c = wn_nfc(a, s, n, &l);
  return c ? wn_fold_dots(a, c, l, NULL) : NULL;
}

/* name_str for the flat's arena; running out of memory is recorded. */
char *wn_flat_name(flat *f, const char *s, size_t n) {
  char *c = s ? wn_name_str(f->arena, s, n) : NULL;
  if (!c) f->nomem = true;
  return c;
}

const char *wn_flat_dup(flat *f, const char *s) {
  if (!s) return NULL;
  char *c = wn_arena_strndup(f->arena, s, strlen(s));
  if (!c) f->nomem = true;
  return c;
}

/* Drops a trailing "(…)" qualifier: "Soyuz programme (crewed)". */
size_t wn_without_parenthetical(const char *s, size_t n) {
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

/* Items of [s, e) split at '\n'. */
size_t wn_flat_items(const flat *f, size_t s, size_t e, range *out, size_t max) {
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

static bool mark_inside(const mark *m, range r, mark_kind k, bool zero_width) {
  return m->kind == k && m->start >= r.s && m->end <= r.e && (m->end > m->start || zero_width);
}

/* The marks that start in [r.s, r.e]: [*lo, *hi) of f->by_start. */
static void marks_starting(const flat *f, range r, size_t *lo, size_t *hi) {
  size_t a = 0, b = f->nmarks;
  while (a < b) {
    size_t mid = a + (b - a) / 2;
    if (f->by_start[mid].start < r.s)
      a = mid + 1;
    else
      b = mid;
  }
  *lo = a;
  while (b < f->nmarks && f->by_start[b].start <= r.e) b++;
  *hi = b;
}

/* The first mark (in opening order) of kind k inside r (or touching it
 * for zero-width). */
const mark *wn_mark_in(const flat *f, range r, mark_kind k) {
  bool zw = k == MK_FLAG || k == MK_FILE;
  if (!f->by_start) {
    for (size_t i = 0; i < f->nmarks; i++)
      if (mark_inside(&f->marks[i], r, k, zw)) return &f->marks[i];
    return NULL;
  }
  size_t lo, hi, best = SIZE_MAX;
  marks_starting(f, r, &lo, &hi);
  for (size_t i = lo; i < hi; i++) {
    size_t x = f->by_start[i].index;
    if (x < best && mark_inside(&f->marks[x], r, k, zw)) best = x;
  }
  return best == SIZE_MAX ? NULL : &f->marks[best];
}

size_t wn_marks_in(const flat *f, range r, mark_kind k) {
  size_t n = 0;
  if (!f->by_start) {
    for (size_t i = 0; i < f->nmarks; i++) n += mark_inside(&f->marks[i], r, k, false);
    return n;
  }
  size_t lo, hi;
  marks_starting(f, r, &lo, &hi);
  for (size_t i = lo; i < hi; i++) n += mark_inside(&f->marks[f->by_start[i].index], r, k, false);
  return n;
}

/* Strips a short "CSM:" / "LM:" label before the value of an item. */
range wn_flat_strip_label(const flat *f, range r) {
  const char *s = f->s + r.s;
  size_t n = r.e - r.s;
  const char *colon = memchr(s, ':', n);
  if (!colon || colon == s || (size_t)(colon - s) > 24 || wn_has_cjk(s, (size_t)(colon - s)))
    return r;
  for (const char *p = s; p < colon; p++)
    if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == ' ' || *p == '-')) return r;
  range o = {(size_t)(colon - f->s) + 1, r.e};
  while (o.s < o.e && f->s[o.s] == ' ') o.s++;
  return o.s < o.e ? o : r;
}

/* True when some mark has start < i < end. The counts of open marks
 * are made once per value (a difference array), not per separator. */
static bool inside_mark(flat *f, size_t i) {
  if (!f->nmarks) return false;
  if (!f->open) {
    int32_t *c = wn_arena_calloc(f->arena, f->len + 2, sizeof *c);
    if (!c) {
      f->nomem = true;
      return false;
    }
    for (size_t k = 0; k < f->nmarks; k++) {
      size_t a = (size_t)f->marks[k].start + 1, b = f->marks[k].end;
      if (b > f->len + 1) b = f->len + 1;
      if (a < b) c[a]++, c[b]--;
    }
    for (size_t k = 1; k <= f->len + 1; k++) c[k] += c[k - 1];
    f->open = c;
  }
  return i <= f->len && f->open[i] > 0;
}

/* Splits an item at commas (and 、 and " and ") when it lists several
 * names: "Sergey Ryzhikov, Andrei Borisenko, Shane Kimbrough". */
size_t wn_flat_split_commas(flat *f, range r, range *out, size_t max) {
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
    if (i < r.e && inside_mark(f, i)) continue;
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

bool wn_lang_is_zh(const char *lang) { return lang && !strncmp(lang, "zh", 2); }

wn_names wn_flat_names(flat *f, range r, const char *lang, bool person) {
  wn_names nm = {0};
  nm.label = wn_flat_name(f, f->s + r.s, r.e - r.s);
  const mark *le = wn_mark_in(f, r, MK_LE);
  const mark *ln = wn_mark_in(f, r, MK_LINK);
  if (ln && wn_marks_in(f, r, MK_LINK) > 1 && ln->start != r.s) ln = NULL; /* a text with links */
  if (le) {
    nm.zh = wn_flat_name(f, le->a, strlen(le->a));
    nm.en = wn_flat_name(f, le->b, strlen(le->b));
    return nm;
  }
  const char *label = nm.label ? nm.label : "";
  if (ln && ln->a) {
    const char *tg = ln->a;
    if (wn_has_cjk(tg, strlen(tg)) || wn_lang_is_zh(lang)) {
      nm.zh = wn_flat_name(f, tg, strlen(tg));
      nm.en = person ? wn_lex_person_to_en(f->lex, tg, strlen(tg))
                     : wn_lex_to_en(f->lex, tg, strlen(tg));
      if (!nm.en && wn_has_cjk(label, strlen(label)))
        nm.en = person ? wn_lex_person_to_en(f->lex, label, strlen(label))
                       : wn_lex_to_en(f->lex, label, strlen(label));
      nm.en = wn_flat_dup(f, nm.en);
    } else {
      /* Ed White (astronaut) is Ed White as a person's name */
      size_t l = person ? wn_without_parenthetical(tg, strlen(tg)) : strlen(tg);
      nm.en = wn_flat_name(f, tg, l);
    }
    return nm;
  }
  size_t ll = strlen(label);
  if (wn_has_cjk(label, ll)) {
    nm.zh = label;
    nm.en = person ? wn_lex_person_to_en(f->lex, label, ll) : wn_lex_to_en(f->lex, label, ll);
    nm.en = wn_flat_dup(f, nm.en);
  } else if (ll) {
    const char *canon = wn_lex_to_en(f->lex, label, ll);
    nm.en =
        canon ? wn_flat_dup(f, canon) : wn_flat_name(f, label, wn_without_parenthetical(label, ll));
  }
  return nm;
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

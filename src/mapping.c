/*
 * The mapping: which infobox templates exist, and which source key (in
 * each vocabulary) feeds which field path with which value type. It is
 * data (data/spaceflight.map, embedded at build time, plus --mapping
 * files); the format is described at the top of data/spaceflight.map.
 */
#include "normalize.h"

#include "lexicon.h"
#include "util/utf8.h"
#include "util/vec.h"

#include <ctype.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Room for need elements of an (items, cap) pair of normalize.h, through
 * the one vector (on the heap: the mapping outlives documents). */
static bool grow(void **items, size_t *cap, size_t need, size_t size) {
  if (need <= *cap) return true;
  wn_vec v = {*items, *cap, *cap};
  if (!wn_vec_reserve(NULL, &v, size, need - *cap)) return false;
  *items = v.items;
  *cap = v.cap;
  return true;
}

wn_status wn_mapping_init(wn_mapping *m) {
  memset(m, 0, sizeof *m);
  m->arena = wn_arena_new();
  return m->arena ? WN_OK : WN_ERR_NOMEM;
}

void wn_mapping_free(wn_mapping *m) {
  if (!m) return;
  for (size_t i = 0; i < m->nfamilies; i++) {
    wn_free(m->families[i].templates);
    wn_free(m->families[i].fields);
    wn_free(m->families[i].keys);
  }
  wn_free(m->families);
  wn_arena_free(m->arena);
  memset(m, 0, sizeof *m);
}

/* ---- normal forms ---- */

static bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

static void trim(const char **s, size_t *len) {
  while (*len && is_space((unsigned char)**s)) (*s)++, (*len)--;
  while (*len && is_space((unsigned char)(*s)[*len - 1])) (*len)--;
}

/* Full-width forms folded (NFKC) and Traditional script simplified, so
 * that 發射 and ｎａｍｅ find 发射 and name. */
static char *fold_script(wn_arena *a, const char *s, size_t len, size_t *out_len) {
  if (!wn_has_non_ascii(s, len)) {
    *out_len = len;
    return wn_arena_strndup(a, s, len);
  }
  size_t n1, n2;
  char *k = wn_nfkc(a, s, len, &n1);
  char *z = k ? wn_zh_simplify(a, k, n1, &n2) : NULL;
  if (!z) return NULL;
  *out_len = n2;
  return z;
}

const char *wn_map_norm_key(wn_arena *a, const char *s, size_t len) {
  trim(&s, &len);
  size_t n;
  char *k = fold_script(a, s, len, &n);
  if (!k) return NULL;
  if (wn_has_non_ascii(k, n)) {
    size_t n2;
    k = wn_casefold(a, k, n, &n2);
    if (!k) return NULL;
    n = n2;
  }
  wn_squeeze_spaces(k, n, true);
  return k;
}

/* "Template:", "模板:" and the like: a template may be called by its full
 * page name. */
static void drop_namespace(const char **s, size_t *len) {
  static const char *const prefixes[] = {"template", "模板", "樣板", "样板", "msg"};
  const char *colon = memchr(*s, ':', *len);
  if (!colon) return;
  const char *p = *s;
  size_t plen = (size_t)(colon - p);
  trim(&p, &plen);
  for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
    if (plen == strlen(prefixes[i]) && strncasecmp(p, prefixes[i], plen) == 0) {
      *len -= (size_t)(colon + 1 - *s);
      *s = colon + 1;
      trim(s, len);
      return;
    }
  }
}

const char *wn_map_norm_template(wn_arena *a, const char *s, size_t len) {
  /* A comment may trail the name: {{Infobox spaceflight <!-- … -->. */
  const char *c = len >= 4 ? memmem(s, len, "<!--", 4) : NULL;
  if (c) len = (size_t)(c - s);
  trim(&s, &len);
  drop_namespace(&s, &len);
  size_t n;
  char *k;
  if (wn_has_non_ascii(s, len)) {
    k = wn_zh_simplify(a, s, len, &n);
    if (!k) return NULL;
    k = wn_arena_strndup(a, k, n); /* writable copy */
  } else {
    k = wn_arena_strndup(a, s, len);
    n = len;
  }
  if (!k) return NULL;
  n = wn_squeeze_spaces(k, n, false);
  /* MediaWiki capitalizes the first letter of page names. */
  if (n) k[0] = (char)toupper((unsigned char)k[0]);
  return k;
}

/* ---- lookups ---- */

int wn_mapping_family_of(const wn_mapping *m, const char *norm_name, const wn_map_template **t) {
  for (size_t f = 0; f < m->nfamilies; f++) {
    const wn_map_family *fam = &m->families[f];
    for (size_t i = 0; i < fam->ntemplates; i++) {
      if (strcmp(fam->templates[i].norm, norm_name) == 0) {
        if (t) *t = &fam->templates[i];
        return (int)f;
      }
    }
  }
  return -1;
}

static const wn_map_key *find_key(const wn_map_family *f, int vocab, const char *norm) {
  for (size_t i = 0; i < f->nkeys; i++)
    if (f->keys[i].vocab == vocab && strcmp(f->keys[i].norm, norm) == 0) return &f->keys[i];
  return NULL;
}

const wn_map_key *wn_mapping_lookup(const wn_map_family *f, int vocab, const char *norm) {
  static const int zh_order[] = {WN_VOCAB_ZH, WN_VOCAB_PARAM, -1};
  static const int param_order[] = {WN_VOCAB_PARAM, WN_VOCAB_ZH, -1};
  static const int label_order[] = {WN_VOCAB_LABEL, WN_VOCAB_PARAM, WN_VOCAB_ZH, -1};
  static const int other[] = {-1, -1};
  const int *order = vocab == WN_VOCAB_ZH      ? zh_order
                     : vocab == WN_VOCAB_PARAM ? param_order
                     : vocab == WN_VOCAB_LABEL ? label_order
                                               : other;
  if (order == other) return find_key(f, vocab, norm);
  for (; *order >= 0; order++) {
    const wn_map_key *k = find_key(f, *order, norm);
    if (k) return k;
  }
  return NULL;
}

static bool contains(const char *text, size_t len, const char *needle) {
  return needle && memmem(text, len, needle, strlen(needle)) != NULL;
}

/* The gate in one pass over the text instead of one memmem per needle:
 * positions whose first two bytes begin some needle are candidates (16
 * at a time with SSE2), and only those are compared. */
enum { GATE_NEEDLES = 32, GATE_PAIRS = 8 };

typedef struct gate_set {
  const char *needle[GATE_NEEDLES];
  size_t len[GATE_NEEDLES], n;
  unsigned char pair[GATE_PAIRS][2];
  size_t npairs;
} gate_set;

/* False when the needles do not fit the one-pass scan (too many, too
 * short, too many distinct first pairs). */
static bool gate_add(gate_set *g, const char *needle) {
  if (!needle) return true;
  size_t len = strlen(needle);
  if (len < 2 || g->n == GATE_NEEDLES) return false;
  g->needle[g->n] = needle, g->len[g->n++] = len;
  for (size_t p = 0; p < g->npairs; p++)
    if (g->pair[p][0] == (unsigned char)needle[0] && g->pair[p][1] == (unsigned char)needle[1])
      return true;
  if (g->npairs == GATE_PAIRS) return false;
  g->pair[g->npairs][0] = (unsigned char)needle[0];
  g->pair[g->npairs++][1] = (unsigned char)needle[1];
  return true;
}

static bool gate_match_at(const gate_set *g, const char *text, size_t len, size_t at) {
  for (size_t k = 0; k < g->n; k++)
    if (len - at >= g->len[k] && !memcmp(text + at, g->needle[k], g->len[k])) return true;
  return false;
}

static bool gate_scan(const gate_set *g, const char *text, size_t len) {
  size_t i = 0;
#if defined(__SSE2__)
  __m128i first[GATE_PAIRS], second[GATE_PAIRS];
  for (size_t p = 0; p < g->npairs; p++) {
    first[p] = _mm_set1_epi8((char)g->pair[p][0]);
    second[p] = _mm_set1_epi8((char)g->pair[p][1]);
  }
  for (; i + 17 <= len; i += 16) {
    __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(text + i));
    __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(text + i + 1));
    __m128i hit = _mm_setzero_si128();
    for (size_t p = 0; p < g->npairs; p++)
      hit = _mm_or_si128(hit,
                         _mm_and_si128(_mm_cmpeq_epi8(a, first[p]), _mm_cmpeq_epi8(b, second[p])));
    for (unsigned mask = (unsigned)_mm_movemask_epi8(hit); mask; mask &= mask - 1)
      if (gate_match_at(g, text, len, i + (size_t)__builtin_ctz(mask))) return true;
  }
#endif
  for (; i + 1 < len; i++)
    for (size_t p = 0; p < g->npairs; p++)
      if ((unsigned char)text[i] == g->pair[p][0] && (unsigned char)text[i + 1] == g->pair[p][1] &&
          gate_match_at(g, text, len, i))
        return true;
  return false;
}

bool wn_mapping_gate(const wn_mapping *m, const char *text, size_t len) {
  gate_set g = {.n = 0, .npairs = 0};
  bool fits = true;
  for (size_t f = 0; f < m->nfamilies && fits; f++) {
    const wn_map_family *fam = &m->families[f];
    if (fam->parent >= 0) continue; /* nested blocks need their parent */
    for (size_t i = 0; i < fam->ntemplates && fits; i++)
      fits = gate_add(&g, fam->templates[i].needle) && gate_add(&g, fam->templates[i].needle_alt);
  }
  if (fits) return gate_scan(&g, text, len);
  for (size_t f = 0; f < m->nfamilies; f++) {
    const wn_map_family *fam = &m->families[f];
    if (fam->parent >= 0) continue;
    for (size_t i = 0; i < fam->ntemplates; i++)
      if (contains(text, len, fam->templates[i].needle) ||
          contains(text, len, fam->templates[i].needle_alt))
        return true;
  }
  return false;
}

/* ---- the file format ---- */

typedef struct parser {
  wn_mapping *m;
  const char *file;
  wn_diag_sink *sink;
  const char *line; /* start of the current line, for columns */
  uint32_t lineno;
  int family; /* current family, -1 before the first */
  int field;  /* current field of that family, -1 none */
  bool failed;
} parser;

static uint32_t col_of(const parser *p, const char *at) {
  return (uint32_t)wn_utf8_count(p->line, (size_t)(at - p->line)) + 1;
}

static void error_at(parser *p, const char *at, const char *msg, const char *arg, size_t arglen) {
  wn_report(p->sink, p->file, p->lineno, col_of(p, at), WN_ERROR, "%s%s%.*s%s", msg,
            arg ? " '" : "", (int)(arg ? arglen : 0), arg ? arg : "", arg ? "'" : "");
  p->failed = true;
}

/* The next whitespace-delimited word of [*s, end), stopping at ':'. */
static bool next_word(const char **s, const char *end, const char **w, size_t *wlen) {
  const char *q = *s;
  while (q < end && is_space((unsigned char)*q)) q++;
  const char *start = q;
  while (q < end && !is_space((unsigned char)*q) && *q != ':') q++;
  *w = start;
  *wlen = (size_t)(q - start);
  *s = q;
  return *wlen > 0;
}

static wn_map_family *cur_family(parser *p, const char *at) {
  if (p->family < 0) {
    error_at(p, at, "no 'family' line before this one", NULL, 0);
    return NULL;
  }
  return &p->m->families[p->family];
}

static int find_family(const wn_mapping *m, const char *name, size_t len) {
  for (size_t i = 0; i < m->nfamilies; i++)
    if (strlen(m->families[i].name) == len && !memcmp(m->families[i].name, name, len))
      return (int)i;
  return -1;
}

static int find_field(const wn_map_family *f, const char *path, size_t len) {
  for (size_t i = 0; i < f->nfields; i++)
    if (strlen(f->fields[i].path) == len && !memcmp(f->fields[i].path, path, len)) return (int)i;
  return -1;
}

static wn_status do_family(parser *p, const char *arg, const char *end) {
  const char *w;
  size_t wl;
  if (!next_word(&arg, end, &w, &wl))
    return error_at(p, arg, "family needs a name", NULL, 0), WN_OK;
  int f = find_family(p->m, w, wl);
  if (f < 0) {
    wn_mapping *m = p->m;
    if (!grow((void **)&m->families, &m->cap_families, m->nfamilies + 1, sizeof *m->families))
      return WN_ERR_NOMEM;
    wn_map_family *fam = &m->families[m->nfamilies];
    memset(fam, 0, sizeof *fam);
    fam->name = wn_arena_strndup(m->arena, w, wl);
    if (!fam->name) return WN_ERR_NOMEM;
    fam->parent = -1;
    fam->crew_field = -1;
    fam->file = wn_arena_strndup(m->arena, p->file, strlen(p->file));
    if (!fam->file) return WN_ERR_NOMEM;
    fam->line = p->lineno, fam->col = col_of(p, w);
    f = (int)m->nfamilies++;
  }
  p->family = f;
  p->field = -1;
  return WN_OK;
}

static wn_status do_parent(parser *p, const char *arg, const char *end) {
  wn_map_family *fam = cur_family(p, arg);
  const char *w;
  size_t wl;
  if (!fam) return WN_OK;
  if (!next_word(&arg, end, &w, &wl))
    return error_at(p, arg, "parent needs a family", NULL, 0), WN_OK;
  int parent = find_family(p->m, w, wl);
  if (parent < 0 || parent == p->family)
    return error_at(p, w, "unknown parent family", w, wl), WN_OK;
  if (p->m->families[parent].parent >= 0)
    return error_at(p, w, "a parent must be a top-level family:", w, wl), WN_OK;
  fam->parent = parent;
  return WN_OK;
}

static wn_status do_list(parser *p, const char *arg, const char *end) {
  wn_map_family *fam = cur_family(p, arg);
  const char *w;
  size_t wl;
  if (!fam) return WN_OK;
  if (!next_word(&arg, end, &w, &wl))
    return error_at(p, arg, "list needs a field path", NULL, 0), WN_OK;
  fam->list = wn_arena_strndup(p->m->arena, w, wl);
  return fam->list ? WN_OK : WN_ERR_NOMEM;
}

/* Calls fn for each '|'-separated item of [s, end), trimmed. */
typedef wn_status (*item_fn)(parser *p, const char *item, size_t len, void *user);

static wn_status each_item(parser *p, const char *s, const char *end, item_fn fn, void *user) {
  bool any = false;
  while (s <= end) {
    const char *bar = memchr(s, '|', (size_t)(end - s));
    const char *stop = bar ? bar : end;
    const char *item = s;
    size_t len = (size_t)(stop - s);
    trim(&item, &len);
    if (len) {
      wn_status st = fn(p, item, len, user);
      if (st != WN_OK) return st;
      any = true;
    } else if (bar || !any) {
      error_at(p, item, "empty name in list", NULL, 0);
    }
    if (!bar) break;
    s = bar + 1;
  }
  return WN_OK;
}

/* What the gate searches for: the longest word of the name, leaving out
 * the first of several ("Infobox" is in most articles), with both cases of
 * a first letter (MediaWiki folds it). */
static wn_status set_needles(wn_arena *a, wn_map_template *t, const char *name, size_t len) {
  size_t best = 0, best_len = 0, i = 0, words = 0;
  while (i < len) {
    while (i < len && (name[i] == ' ' || name[i] == '_')) i++;
    size_t start = i;
    while (i < len && name[i] != ' ' && name[i] != '_') i++;
    if (i == start) break;
    if (words++ == 1 || i - start > best_len) best = start, best_len = i - start;
  }
  t->needle = wn_arena_strndup(a, name + best, best_len);
  if (!t->needle) return WN_ERR_NOMEM;
  t->needle_alt = NULL;
  unsigned char c = (unsigned char)name[best];
  if (best == 0 && isalpha(c)) {
    char *alt = wn_arena_strndup(a, name, best_len);
    if (!alt) return WN_ERR_NOMEM;
    alt[0] = (char)(isupper(c) ? tolower(c) : toupper(c));
    t->needle_alt = alt;
  }
  return WN_OK;
}

typedef struct template_ctx {
  int vocab;
  const char *lang;
} template_ctx;

static wn_status add_template(parser *p, const char *name, size_t len, void *user) {
  template_ctx *tc = user;
  wn_mapping *m = p->m;
  const char *norm = wn_map_norm_template(m->arena, name, len);
  if (!norm) return WN_ERR_NOMEM;
  const wn_map_template *old;
  int owner = wn_mapping_family_of(m, norm, &old);
  if (owner >= 0 && owner != p->family)
    return error_at(p, name, "template already belongs to another family:", name, len), WN_OK;
  /* Another spelling of a known name (太空任務信息框) still adds a needle. */
  wn_map_family *fam = &m->families[p->family];
  if (!grow((void **)&fam->templates, &fam->cap_templates, fam->ntemplates + 1,
            sizeof *fam->templates))
    return WN_ERR_NOMEM;
  wn_map_template *t = &fam->templates[fam->ntemplates++];
  t->norm = norm;
  t->vocab = tc->vocab;
  t->lang = tc->lang;
  return set_needles(m->arena, t, name, len);
}

static int vocab_from_name(const char *s, size_t len) {
  static const char *const names[] = {"zh_params", "template_params"};
  for (int i = 0; i < 2; i++)
    if (len == strlen(names[i]) && !memcmp(s, names[i], len)) return i;
  return -1;
}

/* template VOCAB LANG: NAME | NAME … */
static wn_status do_template(parser *p, const char *arg, const char *end) {
  if (!cur_family(p, arg)) return WN_OK;
  const char *colon = memchr(arg, ':', (size_t)(end - arg));
  template_ctx tc = {WN_VOCAB_PARAM, ""};
  const char *w;
  size_t wl;
  const char *q = arg;
  if (!colon) return error_at(p, arg, "expected 'template VOCAB LANG: NAME | …'", NULL, 0), WN_OK;
  if (next_word(&q, colon, &w, &wl)) {
    tc.vocab = vocab_from_name(w, wl);
    if (tc.vocab < 0)
      return error_at(p, w, "unknown vocabulary (zh_params or template_params):", w, wl), WN_OK;
    if (next_word(&q, colon, &w, &wl)) {
      tc.lang = wn_arena_strndup(p->m->arena, w, wl);
      if (!tc.lang) return WN_ERR_NOMEM;
    }
  }
  return each_item(p, colon + 1, end, add_template, &tc);
}

static bool valid_path(const char *s, size_t len) {
  if (!len || s[0] == '.' || s[len - 1] == '.') return false;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (!(islower(c) || isdigit(c) || c == '_' || c == '.' || c == '[' || c == ']')) return false;
  }
  return true;
}

/* Sets up "L[].x": the List field L must come first. */
static bool resolve_element(parser *p, wn_map_family *fam, wn_map_field *fd, const char *at) {
  const char *br = strstr(fd->path, "[]");
  fd->list = -1;
  fd->leaf = fd->path;
  if (!br) return !strchr(fd->path, '[') && !strchr(fd->path, ']');
  int l = find_field(fam, fd->path, (size_t)(br - fd->path));
  if (l < 0 || fam->fields[l].type != WN_MAP_LIST || br[2] != '.' || strchr(br + 3, '[')) {
    error_at(p, at, "an element path needs 'L[].name' after a List field L:", fd->path,
             strlen(fd->path));
    return true;
  }
  fd->list = l;
  fd->leaf = br + 3;
  return true;
}

/* field PATH TYPE */
static wn_status do_field(parser *p, const char *arg, const char *end) {
  wn_map_family *fam = cur_family(p, arg);
  const char *path, *type;
  size_t pl, tl;
  if (!fam) return WN_OK;
  if (!next_word(&arg, end, &path, &pl) || !next_word(&arg, end, &type, &tl))
    return error_at(p, arg, "expected 'field PATH TYPE'", NULL, 0), WN_OK;
  if (!valid_path(path, pl))
    return error_at(p, path, "bad field path (a-z, 0-9, _ . []):", path, pl), WN_OK;
  int t = tl == 4 && !memcmp(type, "List", 4) ? WN_MAP_LIST : wn_value_type_from_name(type, tl);
  if (t == -1) return error_at(p, type, "unknown value type", type, tl), WN_OK;
  int f = find_field(fam, path, pl);
  if (f < 0) {
    if (!grow((void **)&fam->fields, &fam->cap_fields, fam->nfields + 1, sizeof *fam->fields))
      return WN_ERR_NOMEM;
    wn_map_field *fd = &fam->fields[fam->nfields];
    fd->path = wn_arena_strndup(p->m->arena, path, pl);
    if (!fd->path) return WN_ERR_NOMEM;
    if (!resolve_element(p, fam, fd, path))
      return error_at(p, path, "bad field path:", path, pl), WN_OK;
    f = (int)fam->nfields++;
  }
  wn_map_field *fd = &fam->fields[f];
  fd->type = t; /* a later file may change the type */
  fd->file = wn_arena_strndup(p->m->arena, p->file, strlen(p->file));
  if (!fd->file) return WN_ERR_NOMEM;
  fd->line = p->lineno, fd->col = col_of(p, path);
  p->field = f;
  return WN_OK;
}

typedef struct key_ctx {
  int vocab;
  int field;
} key_ctx;

static wn_status add_key(parser *p, const char *key, size_t len, void *user) {
  key_ctx *kc = user;
  wn_map_family *fam = &p->m->families[p->family];
  const char *norm = wn_map_norm_key(p->m->arena, key, len);
  if (!norm) return WN_ERR_NOMEM;
  /* A key feeds one field: a later assignment (an override file) moves it. */
  for (size_t i = 0; i < fam->nkeys; i++) {
    if (fam->keys[i].vocab == kc->vocab && !strcmp(fam->keys[i].norm, norm)) {
      fam->keys[i].field = kc->field;
      return WN_OK;
    }
  }
  if (!grow((void **)&fam->keys, &fam->cap_keys, fam->nkeys + 1, sizeof *fam->keys))
    return WN_ERR_NOMEM;
  fam->keys[fam->nkeys++] = (wn_map_key){norm, kc->vocab, kc->field};
  return WN_OK;
}

/* unmap: KEY | … — the keys feed no field any more, in every vocabulary. */
static wn_status unmap_key(parser *p, const char *key, size_t len, void *user) {
  for (int v = WN_VOCAB_ZH; v <= WN_VOCAB_LABEL; v++) {
    key_ctx kc = {v, -1};
    wn_status st = add_key(p, key, len, &kc);
    if (st != WN_OK) return st;
  }
  (void)user;
  return WN_OK;
}

static wn_status do_keys(parser *p, int vocab, const char *at, const char *arg, const char *end) {
  if (!cur_family(p, at)) return WN_OK;
  if (p->field < 0) return error_at(p, at, "keys need a 'field' line before them", NULL, 0), WN_OK;
  key_ctx kc = {vocab, p->field};
  return each_item(p, arg, end, add_key, &kc);
}

/* crew_column role|name|flight_number: HEADER | … */
static wn_status do_crew_column(parser *p, const char *arg, const char *end) {
  static const char *const cols[WN_COL_COUNT] = {"role", "name", "flight_number"};
  if (!cur_family(p, arg)) return WN_OK;
  const char *colon = memchr(arg, ':', (size_t)(end - arg));
  const char *w;
  size_t wl;
  const char *q = arg;
  if (!colon || !next_word(&q, colon, &w, &wl))
    return error_at(p, arg, "expected 'crew_column role|name|flight_number: HEADER | …'", NULL, 0),
           WN_OK;
  for (int c = 0; c < WN_COL_COUNT; c++) {
    if (wl == strlen(cols[c]) && !memcmp(w, cols[c], wl)) {
      key_ctx kc = {WN_VOCAB_COLUMN, c};
      return each_item(p, colon + 1, end, add_key, &kc);
    }
  }
  return error_at(p, w, "unknown crew column (role, name, flight_number):", w, wl), WN_OK;
}

static wn_status do_crew_table(parser *p, const char *arg, const char *end) {
  wn_map_family *fam = cur_family(p, arg);
  const char *w;
  size_t wl;
  if (!fam) return WN_OK;
  if (!next_word(&arg, end, &w, &wl))
    return error_at(p, arg, "crew_table needs a field", NULL, 0), WN_OK;
  int f = find_field(fam, w, wl);
  if (f < 0) return error_at(p, w, "unknown field", w, wl), WN_OK;
  fam->crew_field = f;
  return WN_OK;
}

static wn_status do_line(parser *p, const char *s, const char *end) {
  const char *w, *q = s;
  size_t wl;
  if (!next_word(&q, end, &w, &wl)) return WN_OK;
  const char *rest = q < end && *q == ':' ? q + 1 : q;
#define IS(name) (wl == sizeof name - 1 && !memcmp(w, name, wl))
  if (IS("family")) return do_family(p, rest, end);
  if (p->family < 0) return error_at(p, w, "no 'family' line before this one", NULL, 0), WN_OK;
  if (IS("parent")) return do_parent(p, rest, end);
  if (IS("list")) return do_list(p, rest, end);
  if (IS("template")) return do_template(p, rest, end);
  if (IS("field")) return do_field(p, rest, end);
  if (IS("crew_column")) return do_crew_column(p, rest, end);
  if (IS("crew_table")) return do_crew_table(p, rest, end);
  if (q < end && *q == ':') {
    if (IS("zh")) return do_keys(p, WN_VOCAB_ZH, w, rest, end);
    if (IS("param")) return do_keys(p, WN_VOCAB_PARAM, w, rest, end);
    if (IS("label")) return do_keys(p, WN_VOCAB_LABEL, w, rest, end);
    if (IS("crew_section")) {
      if (!cur_family(p, w)) return WN_OK;
      key_ctx kc = {WN_VOCAB_SECTION, -1};
      return each_item(p, rest, end, add_key, &kc);
    }
    if (IS("unmap")) {
      if (!cur_family(p, w)) return WN_OK;
      return each_item(p, rest, end, unmap_key, NULL);
    }
  }
#undef IS
  error_at(p, w, "unknown directive", w, wl);
  return WN_OK;
}

/* A '#' at the start or after a space begins a comment. */
static const char *comment_start(const char *s, const char *end) {
  for (const char *q = s; q < end; q++)
    if (*q == '#' && (q == s || is_space((unsigned char)q[-1]))) return q;
  return end;
}

wn_status wn_mapping_load(wn_mapping *m, const char *file, const char *text, size_t len,
                          wn_diag_sink *sink) {
  parser p = {m, file, sink, text, 0, -1, -1, false};
  if (!wn_utf8_valid(text, len)) {
    wn_report(sink, file, 1, 1, WN_ERROR, "mapping file is not valid UTF-8");
    return WN_ERR_INPUT;
  }
  const char *s = text, *end = text + len;
  if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) s += 3;
  while (s < end) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    const char *eol = nl ? nl : end;
    p.line = s;
    p.lineno++;
    wn_status st = do_line(&p, s, comment_start(s, eol));
    if (st != WN_OK) return st;
    s = eol + 1;
  }
  return p.failed ? WN_ERR_INPUT : WN_OK;
}

wn_status wn_mapping_check(const wn_mapping *m, wn_diag_sink *sink) {
  bool bad = false;
  for (size_t f = 0; f < m->nfamilies; f++) {
    const wn_map_family *fam = &m->families[f];
    if (!fam->ntemplates) {
      wn_report(sink, fam->file, fam->line, fam->col, WN_ERROR, "family '%s' has no template",
                fam->name);
      bad = true;
    }
    if (fam->parent >= 0) {
      const wn_map_family *par = &m->families[fam->parent];
      int l = fam->list ? find_field(par, fam->list, strlen(fam->list)) : -1;
      if (l < 0 || par->fields[l].type != WN_MAP_LIST) {
        wn_report(sink, fam->file, fam->line, fam->col, WN_ERROR,
                  "family '%s' needs 'list PATH' naming a List field of '%s'", fam->name,
                  par->name);
        bad = true;
      }
    }
    /* A value cannot also be an object of further fields: P and P.x clash
     * (except P.caption, which completes the Photo at P). */
    for (size_t i = 0; i < fam->nfields; i++) {
      for (size_t k = 0; k < fam->nfields; k++) {
        const char *p = fam->fields[i].path, *q = fam->fields[k].path;
        size_t pl = strlen(p);
        if (i == k || fam->fields[k].type == WN_VT_CAPTION || strncmp(p, q, pl) || q[pl] != '.')
          continue;
        const wn_map_field *fd = &fam->fields[i];
        wn_report(sink, fd->file, fd->line, fd->col, WN_ERROR,
                  "field '%s' cannot also hold field '%s' (family '%s')", p, q, fam->name);
        bad = true;
      }
    }
    for (size_t i = 0; i < fam->nfields; i++) {
      const wn_map_field *fd = &fam->fields[i];
      if (fd->type != WN_VT_CAPTION) continue;
      /* P.caption completes the Photo at P. */
      size_t pl = strlen(fd->path);
      int photo =
          pl > 8 && !strcmp(fd->path + pl - 8, ".caption") ? find_field(fam, fd->path, pl - 8) : -1;
      if (photo < 0 || fam->fields[photo].type != WN_VT_PHOTO) {
        wn_report(sink, fd->file, fd->line, fd->col, WN_ERROR,
                  "Caption field '%s' needs a Photo field at its path minus '.caption' "
                  "(family '%s')",
                  fd->path, fam->name);
        bad = true;
      }
    }
  }
  return bad ? WN_ERR_INPUT : WN_OK;
}

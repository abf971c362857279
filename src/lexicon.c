/* The lexicon: zh <-> en names of programmes, places, agencies and people
 * (data/lexicon.tsv, --lexicon FILE, {{le}} pairs learned per document),
 * and the small vocabulary tables of data/vocab.tsv (months, zones,
 * units, roles, country codes…) that the value parsers consult.
 *
 * Keys are folded before hashing: NFKC, case, the middle-dot family,
 * '_' and runs of spaces, and Traditional -> Simplified (OpenCC t2s), so
 * that 發射 finds 发射 and 安东∙什卡普列罗夫 finds 安东·什卡普列罗夫. */
#include "values.h"

#include <errno.h>
#include <opencc/opencc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"

/* ------------------------------------------------------------------ */
/* Hash tables in an arena (open addressing, linear probing).           */

typedef struct lex_slot {
  const char *key; /* folded */
  uint32_t klen, hash;
  const char *a, *b; /* payload: zh/en, en/zh, … */
} lex_slot;

typedef struct lex_table {
  lex_slot *slots;
  uint32_t cap, count;
} lex_table;

static uint32_t hash_bytes(const char *s, size_t n) {
  uint32_t h = 2166136261u; /* FNV-1a */
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

static const lex_slot *table_find(const lex_table *t, const char *key, size_t n) {
  if (!t->cap) return NULL;
  uint32_t h = hash_bytes(key, n);
  for (uint32_t i = h & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
    const lex_slot *s = &t->slots[i];
    if (!s->key) return NULL;
    if (s->hash == h && s->klen == n && memcmp(s->key, key, n) == 0) return s;
  }
}

static bool table_grow(wn_arena *a, lex_table *t) {
  uint32_t cap = t->cap ? t->cap * 2 : 64;
  lex_slot *slots = wn_arena_calloc(a, cap, sizeof *slots);
  if (!slots) return false;
  for (uint32_t i = 0; i < t->cap; i++) {
    lex_slot *s = &t->slots[i];
    if (!s->key) continue;
    uint32_t j = s->hash & (cap - 1);
    while (slots[j].key) j = (j + 1) & (cap - 1);
    slots[j] = *s;
  }
  t->slots = slots; /* the old array stays in the arena: freed with it */
  t->cap = cap;
  return true;
}

/* Inserts key -> (a, b) unless the key is present (the first one wins).
 * Returns false on allocation failure only. */
static bool table_put(wn_arena *ar, lex_table *t, const char *key, size_t n, const char *a,
                      const char *b) {
  if ((t->count + 1) * 2 > t->cap && !table_grow(ar, t)) return false;
  uint32_t h = hash_bytes(key, n);
  uint32_t i = h & (t->cap - 1);
  for (; t->slots[i].key; i = (i + 1) & (t->cap - 1))
    if (t->slots[i].hash == h && t->slots[i].klen == n && memcmp(t->slots[i].key, key, n) == 0)
      return true;
  t->slots[i] = (lex_slot){key, (uint32_t)n, h, a, b};
  t->count++;
  return true;
}

/* ------------------------------------------------------------------ */
/* Folding.                                                             */

/* OpenCC is opened once; its converter is not documented as thread-safe,
 * so conversions are serialized (they are short and rare: CJK only). */
static pthread_once_t opencc_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t opencc_lock = PTHREAD_MUTEX_INITIALIZER;
static opencc_t opencc_t2s = (opencc_t)-1;

static void opencc_init(void) {
  opencc_t cc = opencc_open("t2s.json");
  if (cc == (opencc_t)-1) cc = opencc_open("/usr/share/opencc/t2s.json");
  opencc_t2s = cc;
}

static bool has_non_ascii(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] >= 0x80) return true;
  return false;
}

char *wn_zh_simplify(wn_arena *a, const char *s, size_t len, size_t *out_len) {
  if (!has_non_ascii(s, len)) {
    if (out_len) *out_len = len;
    return wn_arena_strndup(a, s, len);
  }
  pthread_once(&opencc_once, opencc_init);
  char *res = NULL;
  if (opencc_t2s != (opencc_t)-1) {
    pthread_mutex_lock(&opencc_lock);
    res = opencc_convert_utf8(opencc_t2s, s, len);
    pthread_mutex_unlock(&opencc_lock);
  }
  if (!res) { /* no converter: names still match in their own script */
    if (out_len) *out_len = len;
    return wn_arena_strndup(a, s, len);
  }
  size_t n = strlen(res);
  char *copy = wn_arena_strndup(a, res, n);
  opencc_convert_utf8_free(res);
  if (copy && out_len) *out_len = n;
  return copy;
}

/* The middle-dot family: · U+00B7, ∙ U+2219, • U+2022, ‧ U+2027,
 * ・ U+30FB, ･ U+FF65, ⋅ U+22C5, · U+0387, ● U+25CF is not a dot. */
static bool is_middle_dot(int32_t cp) {
  switch (cp) {
  case 0x00B7:
  case 0x0387:
  case 0x2219:
  case 0x2022:
  case 0x2027:
  case 0x30FB:
  case 0xFF65:
  case 0x22C5: return true;
  default: return false;
  }
}

char *wn_fold_dots(wn_arena *a, const char *s, size_t len, size_t *out_len) {
  char *out = wn_arena_alloc(a, len + 1);
  if (!out) return NULL;
  size_t o = 0;
  for (size_t i = 0; i < len;) {
    size_t l;
    int32_t cp = wn_utf8_decode(s + i, len - i, &l);
    if (is_middle_dot(cp)) {
      out[o++] = (char)0xC2, out[o++] = (char)0xB7; /* never longer than the input */
    } else {
      memcpy(out + o, s + i, l);
      o += l;
    }
    i += l;
  }
  out[o] = '\0';
  if (out_len) *out_len = o;
  return out;
}

/* Collapses spaces and '_' to one ' ', trims; in place. */
static size_t squeeze_spaces(char *s, size_t n) {
  size_t o = 0;
  bool space = false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == ' ' || c == '_' || c == '\t' || c == '\n' || c == '\r') {
      space = o > 0;
      continue;
    }
    if (space) s[o++] = ' ';
    space = false;
    s[o++] = c;
  }
  s[o] = '\0';
  return o;
}

/* The lookup key of a name (see the file comment). */
static char *fold_key(wn_arena *a, const char *s, size_t n, size_t *out_len) {
  size_t l;
  char *k = wn_nfkc(a, s, n, &l);
  if (k && has_non_ascii(k, l)) k = wn_zh_simplify(a, k, l, &l);
  if (k) k = wn_casefold(a, k, l, &l);
  if (k) k = wn_fold_dots(a, k, l, &l);
  if (!k) return NULL;
  *out_len = squeeze_spaces(k, l);
  return k;
}

/* ------------------------------------------------------------------ */
/* The shared lexicon.                                                  */

struct wn_lexicon {
  wn_arena *arena;
  lex_table zh2en; /* fold(zh) -> (zh, en) */
  lex_table en2zh; /* fold(en) -> (en, zh) */
  lex_table alias; /* fold(en variant) -> (canonical en) */
  lex_table prog;  /* fold(zh programme) -> (zh, en) */
  size_t prog_max; /* longest programme key, in code points */
};

/* Adds one pair; a second en for a known zh becomes an en variant. */
static bool lexicon_add(wn_arena *a, lex_table *zh2en, lex_table *en2zh, lex_table *alias,
                        const char *zh, size_t zl, const char *en, size_t el) {
  size_t kz, ke;
  char *zc = wn_arena_strndup(a, zh, zl), *ec = wn_arena_strndup(a, en, el);
  char *fz = fold_key(a, zh, zl, &kz), *fe = fold_key(a, en, el, &ke);
  if (!zc || !ec || !fz || !fe) return false;
  const lex_slot *known = table_find(zh2en, fz, kz);
  if (known && strcmp(known->b, ec) != 0 && alias && !table_put(a, alias, fe, ke, known->b, NULL))
    return false;
  return table_put(a, zh2en, fz, kz, zc, ec) && table_put(a, en2zh, fe, ke, ec, zc);
}

static wn_status load_tsv(wn_lexicon *lex, const char *file, const char *text, size_t len,
                          wn_diag_sink *sink) {
  wn_status st = WN_OK;
  uint32_t line = 0;
  for (size_t i = 0; i < len;) {
    const char *p = text + i;
    const char *nl = memchr(p, '\n', len - i);
    size_t n = nl ? (size_t)(nl - p) : len - i;
    i += n + 1;
    line++;
    if (n && p[n - 1] == '\r') n--;
    if (!n || p[0] == '#') continue;
    const char *tab = memchr(p, '\t', n);
    if (!wn_utf8_valid(p, n)) {
      wn_report(sink, file, line, 1, WN_ERROR, "lexicon line is not valid UTF-8");
      st = WN_ERR_INPUT;
      continue;
    }
    if (!tab || tab == p) {
      wn_report(sink, file, line, 1, WN_ERROR, "expected \"zh<TAB>en\"");
      st = WN_ERR_INPUT;
      continue;
    }
    const char *en = tab + 1;
    const char *tab2 = memchr(en, '\t', (size_t)(p + n - en));
    size_t el = tab2 ? (size_t)(tab2 - en) : (size_t)(p + n - en);
    const char *flags = tab2 ? tab2 + 1 : NULL;
    size_t fl = tab2 ? (size_t)(p + n - flags) : 0;
    if (!el) {
      wn_report(sink, file, line, (uint32_t)wn_utf8_count(p, (size_t)(en - p)) + 1, WN_ERROR,
                "empty en name");
      st = WN_ERR_INPUT;
      continue;
    }
    size_t zl = (size_t)(tab - p);
    if (!lexicon_add(lex->arena, &lex->zh2en, &lex->en2zh, &lex->alias, p, zl, en, el))
      return WN_ERR_NOMEM;
    if (flags && fl == 9 && memcmp(flags, "programme", 9) == 0) {
      size_t k;
      char *fz = fold_key(lex->arena, p, zl, &k);
      char *ec = wn_arena_strndup(lex->arena, en, el);
      if (!fz || !ec || !table_put(lex->arena, &lex->prog, fz, k, fz, ec)) return WN_ERR_NOMEM;
      size_t cps = wn_utf8_count(fz, k);
      if (cps > lex->prog_max) lex->prog_max = cps;
    } else if (flags && fl) {
      wn_report(sink, file, line, 1, WN_ERROR, "unknown flag \"%.*s\" (expected \"programme\")",
                (int)fl, flags);
      st = WN_ERR_INPUT;
    }
  }
  return st;
}

static wn_status load_file(wn_lexicon *lex, const char *path, wn_diag_sink *sink) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    wn_report(sink, path, 0, 0, WN_ERROR, "cannot open lexicon: %s", strerror(errno));
    return WN_ERR_IO;
  }
  wn_buf b;
  wn_buf_init(&b);
  char chunk[8192];
  size_t got;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) wn_buf_append(&b, chunk, got);
  bool bad = ferror(f);
  fclose(f);
  if (b.failed) {
    wn_buf_free(&b);
    return WN_ERR_NOMEM;
  }
  if (bad) {
    wn_buf_free(&b);
    wn_report(sink, path, 0, 0, WN_ERROR, "cannot read lexicon");
    return WN_ERR_IO;
  }
  wn_status st = load_tsv(lex, path, b.data ? b.data : "", b.len, sink);
  wn_buf_free(&b);
  return st;
}

wn_status wn_lexicon_new(const char *const *files, size_t count, wn_diag_sink *sink,
                         wn_lexicon **out) {
  *out = NULL;
  wn_lexicon *lex = wn_malloc(sizeof *lex);
  if (!lex) return WN_ERR_NOMEM;
  *lex = (wn_lexicon){0};
  lex->arena = wn_arena_new();
  if (!lex->arena) {
    wn_free(lex);
    return WN_ERR_NOMEM;
  }
  wn_status st = WN_OK;
  for (const wn_embedded_file *f = wn_embedded_files; f->name && st == WN_OK; f++)
    if (strncmp(f->name, "lexicon", 7) == 0 && strstr(f->name, ".tsv"))
      st = load_tsv(lex, f->name, f->data, f->len, sink);
  for (size_t i = 0; i < count && st == WN_OK; i++) st = load_file(lex, files[i], sink);
  if (st != WN_OK) {
    wn_lexicon_free(lex);
    return st;
  }
  *out = lex;
  return WN_OK;
}

void wn_lexicon_free(wn_lexicon *lex) {
  if (!lex) return;
  wn_arena_free(lex->arena);
  wn_free(lex);
}

/* ------------------------------------------------------------------ */
/* The per-document layer.                                              */

struct wn_lexdoc {
  wn_arena *arena;
  const wn_lexicon *base;
  lex_table zh2en, en2zh, surname;
  bool nomem; /* a fold or a learned pair ran out of memory */
};

/* Lookups take a const layer; running out of memory is still recorded so
 * that the caller reports it instead of a silently unknown name. */
static char *doc_fold(const wn_lexdoc *ld, const char *s, size_t n, size_t *out) {
  char *k = fold_key(ld->arena, s, n, out);
  if (!k) ((wn_lexdoc *)ld)->nomem = true;
  return k;
}

bool wn_lexdoc_failed(const wn_lexdoc *ld) { return ld && ld->nomem; }

wn_lexdoc *wn_lexdoc_new(wn_arena *a, const wn_lexicon *base) {
  wn_lexdoc *ld = wn_arena_calloc(a, 1, sizeof *ld);
  if (ld) ld->arena = a, ld->base = base;
  return ld;
}

/* The part after the last middle dot of a folded zh name, or NULL. */
static const char *after_last_dot(const char *s, size_t n, size_t *rest) {
  const char *last = NULL;
  for (size_t i = 0; i + 1 < n; i++)
    if ((unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xB7) last = s + i + 2;
  if (!last || last == s + n) return NULL;
  *rest = (size_t)(s + n - last);
  return last;
}

static const char *last_word(const char *s, size_t n, size_t *len) {
  while (n && s[n - 1] == ' ') n--;
  size_t i = n;
  while (i && s[i - 1] != ' ') i--;
  *len = n - i;
  return i && *len ? s + i : NULL;
}

void wn_lexdoc_learn(wn_lexdoc *ld, const char *zh, size_t zh_len, const char *en, size_t en_len) {
  if (!ld || !zh_len || !en_len) return;
  if (!lexicon_add(ld->arena, &ld->zh2en, &ld->en2zh, NULL, zh, zh_len, en, en_len)) {
    ld->nomem = true;
    return;
  }
  /* 安东·什卡普列罗夫 / Anton Shkaplerov also teaches 什卡普列罗夫 / Shkaplerov,
   * the form photo captions use. */
  size_t fl, rl, wl;
  char *fz = doc_fold(ld, zh, zh_len, &fl);
  const char *rest = fz ? after_last_dot(fz, fl, &rl) : NULL;
  const char *word = last_word(en, en_len, &wl);
  if (rest && word) {
    char *w = wn_arena_strndup(ld->arena, word, wl);
    if (!w || !table_put(ld->arena, &ld->surname, rest, rl, w, NULL)) ld->nomem = true;
  }
}

static const char *lookup_to_en(const wn_lexdoc *ld, const char *k, size_t kl) {
  const lex_slot *s = table_find(&ld->zh2en, k, kl);
  if (s) return s->b;
  if (ld->base) {
    if ((s = table_find(&ld->base->zh2en, k, kl))) return s->b;
    if ((s = table_find(&ld->base->alias, k, kl))) return s->a;
    if ((s = table_find(&ld->base->en2zh, k, kl))) return s->a;
  }
  if ((s = table_find(&ld->en2zh, k, kl))) return s->a;
  return NULL;
}

const char *wn_lex_to_en(const wn_lexdoc *ld, const char *name, size_t len) {
  if (!ld || !len) return NULL;
  size_t kl;
  char *k = doc_fold(ld, name, len, &kl);
  return k && kl ? lookup_to_en(ld, k, kl) : NULL;
}

const char *wn_lex_person_to_en(const wn_lexdoc *ld, const char *name, size_t len) {
  if (!ld || !len) return NULL;
  size_t kl, rl;
  char *k = doc_fold(ld, name, len, &kl);
  if (!k || !kl) return NULL;
  const char *en = lookup_to_en(ld, k, kl);
  if (en) return en;
  const lex_slot *s = table_find(&ld->surname, k, kl);
  if (s) return s->a;
  const char *rest = after_last_dot(k, kl, &rl);
  if (!rest) return NULL;
  if ((s = table_find(&ld->surname, rest, rl))) return s->a;
  return lookup_to_en(ld, rest, rl);
}

const char *wn_lex_to_zh(const wn_lexdoc *ld, const char *name, size_t len) {
  if (!ld || !len) return NULL;
  size_t kl;
  char *k = doc_fold(ld, name, len, &kl);
  if (!k || !kl) return NULL;
  const lex_slot *s = table_find(&ld->en2zh, k, kl);
  if (s) return s->b;
  if (!ld->base) return NULL;
  if ((s = table_find(&ld->base->alias, k, kl))) { /* a variant: its canonical's zh */
    size_t cl;
    char *c = doc_fold(ld, s->a, strlen(s->a), &cl);
    if (c) s = table_find(&ld->base->en2zh, c, cl);
    return s ? s->b : NULL;
  }
  s = table_find(&ld->base->en2zh, k, kl);
  return s ? s->b : NULL;
}

/* ------------------------------------------------------------------ */
/* Mission designations: 联盟MS-02 -> Soyuz MS-02 -> soyuz-ms-02.       */

/* Value of a zh numeral (十一 -> 11, 二十 -> 20, 一〇二 -> 102); -1 if the
 * text is not one. */
static long zh_numeral(const char *s, size_t n) {
  static const char *const digits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  long total = 0, cur = 0, plain = 0;
  bool any = false, positional = true;
  for (size_t i = 0; i < n;) {
    size_t l;
    int32_t cp = wn_utf8_decode(s + i, n - i, &l);
    long d = -1;
    for (int k = 0; k < 10; k++)
      if (strncmp(s + i, digits[k], l) == 0 && strlen(digits[k]) == l) d = k;
    if (cp == 0x3007) d = 0; /* 〇 */
    if (cp == 0x4E24) d = 2; /* 两 */
    if (d >= 0) {
      cur = d;
      plain = plain * 10 + d;
    } else if (cp == 0x5341) { /* 十 */
      total += (cur ? cur : 1) * 10, cur = 0, positional = false;
    } else if (cp == 0x767E) { /* 百 */
      total += (cur ? cur : 1) * 100, cur = 0, positional = false;
    } else {
      return -1;
    }
    any = true;
    i += l;
  }
  if (!any) return -1;
  return positional ? plain : total + cur;
}

static bool ends_with(const char *s, size_t n, const char *suffix, size_t *stem) {
  size_t k = strlen(suffix);
  if (n < k || memcmp(s + n - k, suffix, k) != 0) return false;
  *stem = n - k;
  return true;
}

/* Arena result r of a designation step; NULL also sets *nomem. */
static char *step(char *r, bool *nomem) {
  if (!r) *nomem = true;
  return r;
}

/* The en form of what follows a programme prefix: "-02" stays, "十一号"
 * becomes " 11", "11号" becomes " 11". NULL when it keeps CJK or, with
 * *nomem set, when memory ran out. */
static char *designation_rest(wn_arena *a, const char *en_prefix, const char *r, size_t n,
                              bool *nomem) {
  size_t stem;
  while (n && r[0] == ' ') r++, n--;
  if (ends_with(r, n, "号", &stem) || ends_with(r, n, "號", &stem)) n = stem;
  if (!n) return step(wn_arena_strndup(a, "", 0), nomem);
  long num = has_non_ascii(r, n) ? zh_numeral(r, n) : -1;
  char *text = step(num >= 0 ? wn_arena_printf(a, "%ld", num) : wn_arena_strndup(a, r, n), nomem);
  if (!text || has_non_ascii(text, strlen(text))) return NULL;
  size_t pl = strlen(en_prefix);
  bool glue = text[0] == '-' || text[0] == ' ' || !pl || en_prefix[pl - 1] == '-';
  return glue ? text : step(wn_arena_printf(a, " %s", text), nomem);
}

/* A designation that ran out of memory: NULL, recorded in ld (like
 * doc_fold) so that the value is reported as WN_ERR_NOMEM. */
static const char *designation_oom(const wn_lexdoc *ld) {
  if (ld) ((wn_lexdoc *)ld)->nomem = true;
  return NULL;
}

const char *wn_mission_designation(wn_arena *a, const wn_lexdoc *ld, const char *name, size_t len) {
  size_t n;
  char *s = wn_nfkc(a, name, len, &n);
  if (s) s = wn_fold_dots(a, s, n, &n);
  if (!s) return designation_oom(ld);
  n = squeeze_spaces(s, n);
  if (!n) return NULL;
  const char *whole = ld ? wn_lex_to_en(ld, s, n) : NULL;
  if (whole) return whole;
  if (!has_non_ascii(s, n) || !ld || !ld->base || !ld->base->prog.count) return s;
  /* Longest programme prefix, by code points. */
  size_t sl;
  char *simp = wn_zh_simplify(a, s, n, &sl);
  if (!simp) return designation_oom(ld);
  size_t cut[64], ncut = 0;
  for (size_t i = 0; i < sl && ncut < 64;) {
    size_t l;
    wn_utf8_decode(simp + i, sl - i, &l);
    i += l;
    cut[ncut++] = i;
  }
  for (size_t c = ncut < ld->base->prog_max ? ncut : ld->base->prog_max; c > 0; c--) {
    size_t kl;
    char *k = fold_key(a, simp, cut[c - 1], &kl);
    if (!k) return designation_oom(ld);
    const lex_slot *p = table_find(&ld->base->prog, k, kl);
    if (!p) continue;
    bool nomem = false;
    char *rest = designation_rest(a, p->b, simp + cut[c - 1], sl - cut[c - 1], &nomem);
    if (nomem) return designation_oom(ld);
    if (!rest) break;
    char *d = wn_arena_printf(a, "%s%s", p->b, rest);
    return d ? d : designation_oom(ld);
  }
  return s;
}

const char *wn_mission_key(wn_arena *a, const char *designation) {
  if (!designation) return NULL;
  size_t n = strlen(designation);
  char *k = wn_arena_alloc(a, n + 1);
  if (!k) return NULL;
  size_t o = 0;
  bool dash = false;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)designation[i];
    if (c >= 0xE3) return NULL; /* CJK left: the lexicon does not know the name */
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (c >= 'A' && c <= 'Z') c = (unsigned char)(c - 'A' + 'a'), keep = true;
    if (!keep) {
      dash = o > 0;
      continue;
    }
    if (dash) k[o++] = '-';
    dash = false;
    k[o++] = (char)c;
  }
  k[o] = '\0';
  return o ? k : NULL;
}

/* ------------------------------------------------------------------ */
/* Vocabulary tables (data/vocab.tsv): "table<TAB>key<TAB>col1[<TAB>col2]".
 * Built once, without allocation, over the embedded bytes.             */

#define VOCAB_SLOTS 4096

typedef struct vocab_slot {
  const char *table, *key;
  uint16_t tlen, klen;
  wn_vocab_row row;
} vocab_slot;

static vocab_slot vocab_slots[VOCAB_SLOTS];
static pthread_once_t vocab_once = PTHREAD_ONCE_INIT;
static size_t vocab_count;
/* Values are copied here NUL-terminated, so callers may return them. */
static char vocab_pool[1 << 16];
static size_t vocab_pool_used;

static const char *pool_copy(const char *s, size_t n) {
  if (vocab_pool_used + n + 1 > sizeof vocab_pool) return NULL;
  char *p = vocab_pool + vocab_pool_used;
  memcpy(p, s, n);
  p[n] = '\0';
  vocab_pool_used += n + 1;
  return p;
}

static uint32_t vocab_hash(const char *t, size_t tl, const char *k, size_t kl) {
  return hash_bytes(t, tl) * 31u ^ hash_bytes(k, kl);
}

static void vocab_put(const char *t, size_t tl, const char *k, size_t kl, const wn_vocab_row *r) {
  if (vocab_count * 2 >= VOCAB_SLOTS) return; /* tests check every row is found */
  uint32_t i = vocab_hash(t, tl, k, kl) & (VOCAB_SLOTS - 1);
  for (; vocab_slots[i].key; i = (i + 1) & (VOCAB_SLOTS - 1))
    if (vocab_slots[i].tlen == tl && vocab_slots[i].klen == kl &&
        !memcmp(vocab_slots[i].table, t, tl) && !memcmp(vocab_slots[i].key, k, kl))
      return;
  vocab_slots[i] = (vocab_slot){t, k, (uint16_t)tl, (uint16_t)kl, *r};
  vocab_count++;
}

/* wn_vocab_find scans the rows of one table: the slots of each table, in
 * slot order, are listed together (it was the hottest function of an
 * infobox document when it scanned all VOCAB_SLOTS). */
#define VOCAB_TABLES 64

typedef struct vocab_table {
  const char *name;
  size_t len;
  uint16_t first, count; /* in vocab_order */
} vocab_table;

static vocab_table vocab_tables[VOCAB_TABLES];
static void vocab_load(void);
static size_t vocab_ntables;
static uint16_t vocab_order[VOCAB_SLOTS];

static vocab_table *vocab_table_of(const char *t, size_t tl) {
  for (size_t i = 0; i < vocab_ntables; i++)
    if (vocab_tables[i].len == tl && !memcmp(vocab_tables[i].name, t, tl)) return &vocab_tables[i];
  return NULL;
}

/* false when there are more tables than VOCAB_TABLES (then every find
 * scans all slots, as before). */
static bool vocab_index(void) {
  for (size_t i = 0; i < VOCAB_SLOTS; i++) {
    const vocab_slot *s = &vocab_slots[i];
    if (!s->key) continue;
    vocab_table *t = vocab_table_of(s->table, s->tlen);
    if (!t) {
      if (vocab_ntables == VOCAB_TABLES) return false;
      t = &vocab_tables[vocab_ntables++];
      *t = (vocab_table){s->table, s->tlen, 0, 0};
    }
    t->count++;
  }
  uint16_t at = 0;
  for (size_t k = 0; k < vocab_ntables; k++)
    vocab_tables[k].first = at, at += vocab_tables[k].count;
  uint16_t fill[VOCAB_TABLES] = {0};
  for (size_t i = 0; i < VOCAB_SLOTS; i++) {
    if (!vocab_slots[i].key) continue;
    vocab_table *t = vocab_table_of(vocab_slots[i].table, vocab_slots[i].tlen);
    size_t k = (size_t)(t - vocab_tables);
    vocab_order[t->first + fill[k]++] = (uint16_t)i;
  }
  return true;
}

static bool vocab_indexed;

static void vocab_init(void) {
  vocab_load();
  vocab_indexed = vocab_index();
}

static void vocab_load(void) {
  const wn_embedded_file *f = wn_embedded("vocab.tsv");
  if (!f) return;
  const char *p = f->data, *end = f->data + f->len;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *e = nl ? nl : end;
    const char *cols[5];
    size_t lens[5], nc = 0;
    if (p < e && *p != '#') {
      for (const char *c = p; nc < 5;) {
        const char *tab = memchr(c, '\t', (size_t)(e - c));
        const char *ce = tab ? tab : e;
        cols[nc] = c, lens[nc] = (size_t)(ce - c), nc++;
        if (!tab) break;
        c = tab + 1;
      }
    }
    if (nc >= 2) {
      wn_vocab_row r = {{NULL, NULL, NULL}, {0, 0, 0}};
      for (size_t c = 2; c < nc; c++) {
        r.col[c - 2] = pool_copy(cols[c], lens[c]);
        r.len[c - 2] = r.col[c - 2] ? (uint32_t)lens[c] : 0;
      }
      vocab_put(cols[0], lens[0], cols[1], lens[1], &r);
    }
    p = e + 1;
  }
}

size_t wn_vocab_size(void) {
  pthread_once(&vocab_once, vocab_init);
  return vocab_count;
}

const wn_vocab_row *wn_vocab(const char *table, const char *key, size_t len) {
  pthread_once(&vocab_once, vocab_init);
  char k[128];
  size_t kl = 0;
  bool space = false;
  for (size_t i = 0; i < len; i++) { /* ASCII case and spaces fold; data keys are folded */
    char c = key[i];
    if (c == ' ' || c == '\t' || c == '_' || c == '\n') {
      space = kl > 0;
      continue;
    }
    if (kl + 2 >= sizeof k) return NULL;
    if (space) k[kl++] = ' ';
    space = false;
    k[kl++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
  }
  if (!kl) return NULL;
  size_t tl = strlen(table);
  uint32_t i = vocab_hash(table, tl, k, kl) & (VOCAB_SLOTS - 1);
  for (; vocab_slots[i].key; i = (i + 1) & (VOCAB_SLOTS - 1)) {
    const vocab_slot *s = &vocab_slots[i];
    if (s->tlen == tl && s->klen == kl && !memcmp(s->table, table, tl) && !memcmp(s->key, k, kl))
      return &s->row;
  }
  return NULL;
}

static bool word_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool ascii_ieq(const char *a, const char *b, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = (char)(x - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

const wn_vocab_row *wn_vocab_find(const char *table, const char *text, size_t n, size_t *pos,
                                  size_t *len) {
  pthread_once(&vocab_once, vocab_init);
  size_t tl = strlen(table), best_pos = SIZE_MAX, best_len = 0;
  const wn_vocab_row *best = NULL;
  const vocab_table *vt = vocab_indexed ? vocab_table_of(table, tl) : NULL;
  if (vocab_indexed && !vt) return NULL;
  size_t rows = vt ? vt->count : VOCAB_SLOTS;
  for (size_t r = 0; r < rows; r++) {
    const vocab_slot *s = &vocab_slots[vt ? vocab_order[vt->first + r] : r];
    if (!s->key || s->tlen != tl || memcmp(s->table, table, tl) != 0) continue;
    bool ascii = word_char((unsigned char)s->key[0]);
    for (size_t p = 0; p + s->klen <= n && p <= best_pos; p++) {
      if (!ascii_ieq(text + p, s->key, s->klen)) continue;
      /* ASCII keys match whole words only: "ms" is not in "Thomas" */
      if (ascii && ((p > 0 && word_char((unsigned char)text[p - 1])) ||
                    (p + s->klen < n && word_char((unsigned char)text[p + s->klen]) &&
                     word_char((unsigned char)s->key[s->klen - 1]))))
        continue;
      if (p < best_pos || s->klen > best_len) best_pos = p, best_len = s->klen, best = &s->row;
      break;
    }
  }
  if (best) *pos = best_pos, *len = best_len;
  return best;
}

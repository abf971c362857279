/* The lexicon: zh <-> en names of programmes, places, agencies and people
 * (data/lexicon.tsv, --lexicon FILE, {{le}} pairs learned per document).
 * The vocabulary tables are in vocab.c, mission designations in
 * designation.c.
 *
 * Keys are folded before hashing: NFKC, case, the middle-dot family,
 * '_' and runs of spaces, and Traditional -> Simplified (OpenCC t2s), so
 * that 發射 finds 发射 and 安东∙什卡普列罗夫 finds 安东·什卡普列罗夫. */
#include <errno.h>
#include <opencc/opencc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "lexicon.h"
#include "util/utf8.h"
#include "util/vec.h"

/* ------------------------------------------------------------------ */
/* Tables: wn_map from a folded key to a pair of strings in the arena.  */

typedef struct lex_pair {
  const char *a, *b; /* payload: zh/en, en/zh, … */
} lex_pair;

static const lex_pair *table_find(const wn_map *t, const char *key, size_t n) {
  return wn_map_get(t, key, n);
}

/* Inserts key -> (a, b) unless the key is present (the first one wins).
 * The key must live in the map's arena. false on allocation failure. */
static bool table_put(wn_arena *ar, wn_map *t, const char *key, size_t n, const char *a,
                      const char *b) {
  bool created;
  wn_map_slot *s = wn_map_put(t, key, n, &created);
  if (!s) return false;
  if (!created) return true;
  lex_pair *p = wn_arena_alloc(ar, sizeof *p);
  if (!p) return false; /* the slot stays, valueless: found as absent */
  p->a = a, p->b = b;
  s->value = p;
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

char *wn_zh_simplify(wn_arena *a, const char *s, size_t len, size_t *out_len) {
  if (!wn_has_non_ascii(s, len)) {
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

char *wn_fold_dots(wn_arena *a, const char *s, size_t len, size_t *out_len) {
  char *out = wn_arena_alloc(a, len + 1);
  if (!out) return NULL;
  size_t o = 0;
  for (size_t i = 0; i < len;) {
    size_t l;
    int32_t cp = wn_utf8_decode(s + i, len - i, &l);
    if (wn_is_middle_dot(cp)) {
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

size_t wn_squeeze_spaces(char *s, size_t n, bool lower) {
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
    s[o++] = lower && c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
  }
  s[o] = '\0';
  return o;
}

/* The lookup key of a name (see the file comment). */
char *wn_lex_fold_key(wn_arena *a, const char *s, size_t n, size_t *out_len) {
  size_t l;
  char *k = wn_nfkc(a, s, n, &l);
  if (k && wn_has_non_ascii(k, l)) k = wn_zh_simplify(a, k, l, &l);
  if (k) k = wn_casefold(a, k, l, &l);
  if (k) k = wn_fold_dots(a, k, l, &l);
  if (!k) return NULL;
  *out_len = wn_squeeze_spaces(k, l, false);
  return k;
}

/* ------------------------------------------------------------------ */
/* The shared lexicon.                                                  */

struct wn_lexicon {
  wn_arena *arena;
  wn_map zh2en;    /* fold(zh) -> (zh, en) */
  wn_map en2zh;    /* fold(en) -> (en, zh) */
  wn_map alias;    /* fold(en variant) -> (canonical en) */
  wn_map prog;     /* fold(zh programme) -> (zh, en) */
  size_t prog_max; /* longest programme key, in code points */
};

/* Adds one pair; a second en for a known zh becomes an en variant. */
static bool lexicon_add(wn_arena *a, wn_map *zh2en, wn_map *en2zh, wn_map *alias, const char *zh,
                        size_t zl, const char *en, size_t el) {
  size_t kz, ke;
  char *zc = wn_arena_strndup(a, zh, zl), *ec = wn_arena_strndup(a, en, el);
  char *fz = wn_lex_fold_key(a, zh, zl, &kz), *fe = wn_lex_fold_key(a, en, el, &ke);
  if (!zc || !ec || !fz || !fe) return false;
  const lex_pair *known = table_find(zh2en, fz, kz);
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
      char *fz = wn_lex_fold_key(lex->arena, p, zl, &k);
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
  wn_map_init(&lex->zh2en, lex->arena);
  wn_map_init(&lex->en2zh, lex->arena);
  wn_map_init(&lex->alias, lex->arena);
  wn_map_init(&lex->prog, lex->arena);
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
  wn_map zh2en, en2zh, surname;
  bool nomem; /* a fold or a learned pair ran out of memory */
};

/* Lookups take a const layer; running out of memory is still recorded so
 * that the caller reports it instead of a silently unknown name. */
static char *doc_fold(const wn_lexdoc *ld, const char *s, size_t n, size_t *out) {
  char *k = wn_lex_fold_key(ld->arena, s, n, out);
  if (!k) ((wn_lexdoc *)ld)->nomem = true;
  return k;
}

bool wn_lexdoc_failed(const wn_lexdoc *ld) { return ld && ld->nomem; }

wn_lexdoc *wn_lexdoc_new(wn_arena *a, const wn_lexicon *base) {
  wn_lexdoc *ld = wn_arena_calloc(a, 1, sizeof *ld);
  if (!ld) return NULL;
  ld->arena = a, ld->base = base;
  wn_map_init(&ld->zh2en, a);
  wn_map_init(&ld->en2zh, a);
  wn_map_init(&ld->surname, a);
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
  const lex_pair *s = table_find(&ld->zh2en, k, kl);
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
  const lex_pair *s = table_find(&ld->surname, k, kl);
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
  const lex_pair *s = table_find(&ld->en2zh, k, kl);
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
/* For designation.c.                                                   */

const char *wn_lex_programme(const wn_lexdoc *ld, const char *key, size_t len) {
  if (!ld || !ld->base) return NULL;
  const lex_pair *p = table_find(&ld->base->prog, key, len);
  return p ? p->b : NULL;
}

size_t wn_lex_programme_max(const wn_lexdoc *ld) {
  return ld && ld->base && ld->base->prog.n ? ld->base->prog_max : 0;
}

void wn_lexdoc_set_failed(const wn_lexdoc *ld) {
  if (ld) ((wn_lexdoc *)ld)->nomem = true;
}

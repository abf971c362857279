/* Crew members, surname keys and caption order (SCHEMA.md section 3,
 * CrewMember and Photo): the people half of the normalizers. Roles,
 * ordinals and flags are words of data/vocab.tsv; names come from the
 * flat text's marks and the lexicon (flatten.h). */
#include "flatten.h"

#include <stdlib.h>
#include <string.h>

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
  wn_trim(&t, &n);
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
    wn_trim(&t, &n);
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
  wn_trim(&s, &n);
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

static wn_value *crew_member_value(flat *f, range r, const char *lang, const char *role,
                                   int flight) {
  const mark *nm_mark = wn_mark_in(f, r, MK_LE);
  if (!nm_mark) nm_mark = wn_mark_in(f, r, MK_LINK);
  range name = nm_mark ? (range){nm_mark->start, nm_mark->end} : r;
  char *rest = outside(f, r, nm_mark);
  if (!rest) return wn_flat_oom(f);
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
    if (!rest) return wn_flat_oom(f);
    while (name.s < name.e && f->s[name.s] == ' ') name.s++;
    while (name.e > name.s && f->s[name.e - 1] == ' ') name.e--;
  }
  wn_names nm = wn_flat_names(f, name, lang, true);
  if (!nm.label || !*nm.label) return NULL; /* fname flagged a failure */
  if (!role && rest) role = wn_crew_role(rest, strlen(rest));
  if (!flight && rest) flight = wn_flight_number(rest, strlen(rest));
  const mark *flag = wn_mark_in(f, r, MK_FLAG);
  if (!nm.zh && nm.en && wn_lang_is_zh(lang)) nm.zh = nm.label;
  if (!nm.zh && nm.en) nm.zh = wn_flat_dup(f, wn_lex_to_zh(f->lex, nm.en, strlen(nm.en)));
  if (!nm.en && nm.zh) nm.en = wn_flat_dup(f, wn_lex_person_to_en(f->lex, nm.zh, strlen(nm.zh)));
  wn_value *o = wn_value_new(f->arena, WN_V_CREW_MEMBER);
  wn_value *n = wn_value_new(f->arena, WN_V_LANGTEXT);
  if (!o || !n) return wn_flat_oom(f);
  n->u.lt.zh = wn_nz(nm.zh), n->u.lt.en = wn_nz(nm.en);
  o->u.crew.name = n;
  o->u.crew.role = wn_nz(role); /* static vocabulary words */
  o->u.crew.nationality = flag ? wn_nz(flag->a) : NULL;
  o->u.crew.flight_number = flight > 0 ? flight : 0;
  return o;
}

wn_status wn_crew_member(wn_arena *a, const wn_value_in *name_cell, const char *role,
                         int flight_number, wn_value **out) {
  *out = NULL;
  flat f;
  wn_flatten(&f, a, name_cell);
  if (f.nomem) return WN_ERR_NOMEM;
  if (!f.len) return WN_OK; /* no name: no member */
  range r = {0, f.len};
  for (size_t i = 0; i < f.len; i++)
    if (f.s[i] == '\n') f.s[i] = ' ';
  wn_value *m = crew_member_value(&f, r, name_cell->lang, role, flight_number);
  if (f.nomem || wn_lexdoc_failed(name_cell->lex)) /* a name may be missing or wrong */
    return WN_ERR_NOMEM;
  *out = m;
  return WN_OK;
}

wn_value *wn_crew_list_value(flat *f, const char *lang) {
  range items[64], parts[64];
  size_t ni = wn_flat_items(f, 0, f->len, items, 64);
  wn_value *arr = wn_value_new(f->arena, WN_V_LIST);
  if (!arr) return wn_flat_oom(f);
  for (size_t i = 0; i < ni && !f->nomem; i++) {
    size_t nmarks = wn_marks_in(f, items[i], MK_LINK) + wn_marks_in(f, items[i], MK_LE);
    size_t np = nmarks != 1 ? wn_flat_split_commas(f, items[i], parts, 64) : 0;
    if (np < 2) parts[0] = items[i], np = 1;
    for (size_t k = 0; k < np; k++) {
      wn_value *m = crew_member_value(f, parts[k], lang, NULL, 0);
      if (m && !wn_value_push(f->arena, arr, m)) return wn_flat_oom(f);
    }
  }
  return arr;
}

/* ------------------------------------------------------------------ */
/* Photos and captions.                                                 */

static bool is_suffix_word(const char *w, size_t n) {
  static const char *const sfx[] = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"};
  for (size_t i = 0; i < sizeof sfx / sizeof *sfx; i++)
    if (n == strlen(sfx[i]) && wn_has_prefix_ci(w, n, sfx[i])) return true;
  return false;
}

/* Latin letters with diacritics -> ASCII (é -> e), for surname keys. */
/* Latin letters that carry no combining mark, so that decomposition
 * (wn_strip_marks) leaves them: their usual ASCII spelling's first letter. */
static char ascii_of(int32_t cp) {
  switch (cp) {
  case 0xD8:
  case 0xF8: return 'o'; /* Ø ø */
  case 0x141:
  case 0x142: return 'l'; /* Ł ł */
  case 0x110:
  case 0x111:
  case 0xD0:
  case 0xF0: return 'd'; /* Đ đ Ð ð */
  case 0xDF: return 's'; /* ß */
  case 0xC6:
  case 0xE6: return 'a'; /* Æ æ */
  case 0x152:
  case 0x153: return 'o'; /* Œ œ */
  case 0xDE:
  case 0xFE: return 't';  /* Þ þ */
  case 0x131: return 'i'; /* ı */
  default: return 0;
  }
}

wn_status wn_surname_key(wn_arena *a, const wn_lexdoc *ld, const char *name, size_t len,
                         char **out) {
  *out = NULL;
  const char *s = name;
  size_t n = len;
  wn_trim(&s, &n);
  /* strchr would match the terminating NUL: a NUL byte is not punctuation */
  while (n && s[n - 1] && strchr(".,;:)]\"'", s[n - 1])) n--;
  while (n && s[0] && strchr("([\"'", s[0])) s++, n--;
  if (!n) return WN_OK;
  if (wn_has_cjk(s, n)) {
    const char *en = wn_lex_person_to_en(ld, s, n);
    if (wn_lexdoc_failed(ld)) return WN_ERR_NOMEM; /* en may be missing for want of memory */
    if (en && !wn_has_cjk(en, strlen(en))) return wn_surname_key(a, ld, en, strlen(en), out);
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
  /* Accents of every script fold through utf8proc (é → e, ồ → o). */
  s = wn_strip_marks(a, s, n, &n);
  if (!s) return WN_ERR_NOMEM;
  char *k = wn_arena_alloc(a, 2 * n + 1);
  if (!k) return WN_ERR_NOMEM;
  size_t o = 0;
  for (size_t i = 0; i < n;) {
    size_t l;
    int32_t cp = wn_utf8_decode(s + i, n - i, &l);
    char c = cp < 0x80 ? (char)cp : ascii_of(cp);
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') k[o++] = c;
    if (cp == 0xDF) k[o++] = 's'; /* ß is ss */
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
    wn_trim(&p, &l);
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
static wn_value *order_value(wn_arena *a, const wn_lexdoc *ld, const char *s, size_t n,
                             bool *nomem) {
  range parts[32];
  bool ok;
  size_t np = split_names(s, n, parts, 32, &ok);
  if (!ok || np < 1) return NULL;
  wn_value *arr = wn_value_new(a, WN_V_LIST);
  if (!arr) goto fail;
  for (size_t i = 0; i < np; i++) {
    char *k;
    if (wn_surname_key(a, ld, s + parts[i].s, parts[i].e - parts[i].s, &k) != WN_OK) goto fail;
    /* a name without an ASCII surname (a zh name the lexicon does not
     * know) would make the order wrong: then there is no order */
    if (!k || k[0] < 'a' || k[0] > 'z' || wn_has_cjk(k, strlen(k))) return NULL;
    wn_value *ks = wn_value_new(a, WN_V_TEXT);
    if (!ks) goto fail;
    ks->u.s = k; /* already in the arena */
    if (!wn_value_push(a, arr, ks)) goto fail;
  }
  return arr;
fail:
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
static wn_value *caption_order(wn_arena *a, const wn_lexdoc *ld, const char *s, size_t n, size_t p,
                               size_t l, bool *nomem) {
  /* names after the marker: "(l-r) Kimbrough, Ryzhikov and Borisenko" */
  size_t q = p + l;
  while (q < n && s[q] && strchr(":) -", s[q])) q++;
  wn_value *order = order_value(a, ld, s + q, sentence_end(s + q, n - q), nomem);
  if (order || *nomem) return order;
  /* names before it: "Grissom, White, and Chaffee\n(left to right) in front of…" */
  size_t e = p;
  while (e && s[e - 1] && strchr("( ,", s[e - 1])) e--;
  if (e && s[e - 1] == '\n') e--;
  size_t b = e;
  while (b && s[b - 1] != '\n' && !full_stop(s, b - 1, n)) b--;
  return e > b ? order_value(a, ld, s + b, e - b, nomem) : NULL;
}

wn_value *wn_caption_value(wn_arena *a, const wn_lexdoc *ld, const char *text, size_t len) {
  size_t n, cl, p, l;
  char *s = wn_nfkc(a, text, len, &n);
  char *shown = wn_one_line(a, text, len);
  char *cap = shown ? wn_nfc(a, shown, strlen(shown), &cl) : NULL;
  wn_value *o = s && cap ? wn_value_new(a, WN_V_PHOTO) : NULL;
  if (!o) return NULL;
  o->u.photo.caption = cl ? cap : NULL;
  if (!wn_vocab_find("order_marker", s, n, &p, &l)) return o;
  bool nomem = false;
  o->u.photo.order = caption_order(a, ld, s, n, p, l, &nomem);
  return nomem ? NULL : o;
}

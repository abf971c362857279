/* Mission designations and keys: 联盟MS-02 -> Soyuz MS-02 -> soyuz-ms-02.
 * A zh name becomes its en designation through the lexicon (the whole
 * name, else the longest programme prefix plus the rest in en form). */
#include <string.h>

#include "lexicon.h"
#include "util/utf8.h"

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
  long num = wn_has_non_ascii(r, n) ? zh_numeral(r, n) : -1;
  char *text = step(num >= 0 ? wn_arena_printf(a, "%ld", num) : wn_arena_strndup(a, r, n), nomem);
  if (!text || wn_has_non_ascii(text, strlen(text))) return NULL;
  size_t pl = strlen(en_prefix);
  bool glue = text[0] == '-' || text[0] == ' ' || !pl || en_prefix[pl - 1] == '-';
  return glue ? text : step(wn_arena_printf(a, " %s", text), nomem);
}

/* A designation that ran out of memory: NULL, recorded in ld (like
 * doc_fold) so that the value is reported as WN_ERR_NOMEM. */
static const char *designation_oom(const wn_lexdoc *ld) {
  wn_lexdoc_set_failed(ld);
  return NULL;
}

const char *wn_mission_designation(wn_arena *a, const wn_lexdoc *ld, const char *name, size_t len) {
  size_t n;
  char *s = wn_nfkc(a, name, len, &n);
  if (s) s = wn_fold_dots(a, s, n, &n);
  if (!s) return designation_oom(ld);
  n = wn_squeeze_spaces(s, n, false);
  if (!n) return NULL;
  const char *whole = ld ? wn_lex_to_en(ld, s, n) : NULL;
  if (whole) return whole;
  size_t prog_max = wn_lex_programme_max(ld);
  if (!wn_has_non_ascii(s, n) || !prog_max) return s;
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
  for (size_t c = ncut < prog_max ? ncut : prog_max; c > 0; c--) {
    size_t kl;
    char *k = wn_lex_fold_key(a, simp, cut[c - 1], &kl);
    if (!k) return designation_oom(ld);
    const char *prog = wn_lex_programme(ld, k, kl);
    if (!prog) continue;
    bool nomem = false;
    char *rest = designation_rest(a, prog, simp + cut[c - 1], sl - cut[c - 1], &nomem);
    if (nomem) return designation_oom(ld);
    if (!rest) break;
    char *d = wn_arena_printf(a, "%s%s", prog, rest);
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

/* Name identity (names.h): folding, transliteration variants, the
 * surname rule. Accents of every script fold through wn_strip_marks. */
#include "names.h"

#include <string.h>

#include "util/utf8.h"

static bool is_separator(int32_t cp) {
  if (cp < 0x80)
    return !((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9'));
  if (wn_is_middle_dot(cp)) return true;
  switch (cp) {
  case 0xA0: /* no-break space */
  case 0xD7:
  case 0xF7: /* × ÷ */
  case 0x2018:
  case 0x2019:
  case 0x201C:
  case 0x201D: /* quotes */
  case 0x3000:
  case 0x3001:
  case 0xFF0C:
  case 0xFF08:
  case 0xFF09: return true;
  }
  return cp >= 0x2010 && cp <= 0x2015; /* dashes */
}

/* Spells one ASCII token the same way for transliteration variants:
 * y→i (Andrey/Andrei), a final j→i (Sergej), x→ks (Alexei/Aleksei),
 * kh→h (Mikhail/Mihail), doubled letters once (Vasilii/Vasili). */
static size_t fold_token(const char *t, size_t n, char *out) {
  size_t len = 0;
  for (size_t i = 0; i < n; i++) {
    char c = t[i];
    const char *rep = NULL;
    if (c == 'y')
      rep = "i";
    else if (c == 'j' && i + 1 == n)
      rep = "i";
    else if (c == 'x')
      rep = "ks";
    else if (c == 'k' && i + 1 < n && t[i + 1] == 'h')
      rep = "h", i++;
    char one[2] = {c, 0};
    for (const char *p = rep ? rep : one; *p; p++)
      if (!len || out[len - 1] != *p) out[len++] = *p;
  }
  return len;
}

/* Cuts a trailing "(cosmonaut)" / "(ISS module)" disambiguator. */
static size_t strip_disambiguator(const char *s, size_t n) {
  size_t end = n;
  while (end && s[end - 1] == ' ') end--;
  if (!end || s[end - 1] != ')') return n;
  const char *open = NULL;
  for (size_t i = end; i-- > 1;)
    if (s[i] == '(') {
      open = s + i;
      break;
    }
  if (!open) return n;
  size_t cut = (size_t)(open - s);
  while (cut && s[cut - 1] == ' ') cut--;
  return cut ? cut : n;
}

/* The folded form of a name: words of lower-case ASCII (accents dropped,
 * transliteration variants spelled one way) or other scripts as they are,
 * separated by single spaces. NULL on allocation failure. */
static char *fold_name(wn_arena *a, const char *s) {
  if (!a || !s) return NULL;
  size_t n = strip_disambiguator(s, strlen(s)), slen, flen;
  char *bare = wn_strip_marks(a, s, n, &slen);
  char *cf = bare ? wn_casefold(a, bare, slen, &flen) : NULL;
  char *word = cf ? wn_arena_alloc(a, flen * 2 + 2) : NULL;
  char *out = word ? wn_arena_alloc(a, flen * 2 + 2) : NULL;
  if (!out) return NULL;
  size_t olen = 0, wlen = 0;
  bool ascii = true;
  for (size_t i = 0; i <= flen;) {
    size_t cl = 1;
    int32_t cp = i < flen ? wn_utf8_decode(cf + i, flen - i, &cl) : ' ';
    if (i == flen || is_separator(cp)) {
      if (wlen) {
        if (olen) out[olen++] = ' ';
        if (ascii)
          olen += fold_token(word, wlen, out + olen);
        else
          memcpy(out + olen, word, wlen), olen += wlen;
      }
      wlen = 0, ascii = true;
    } else {
      if (cp >= 0x80) ascii = false;
      memcpy(word + wlen, cf + i, cl), wlen += cl;
    }
    i += cl;
  }
  out[olen] = 0;
  return out;
}

#define MAX_NAME_WORDS 16

/* Splits a folded name (single spaces) into words in place, dropping the
 * suffixes Jr and Sr. */
static size_t name_words(char *folded, char **w) {
  size_t n = 0;
  for (char *p = folded; *p && n < MAX_NAME_WORDS;) {
    char *space = strchr(p, ' ');
    if (space) *space = 0;
    if (strcmp(p, "jr") && strcmp(p, "sr")) w[n++] = p;
    if (!space) break;
    p = space + 1;
  }
  return n;
}

/* Words match when equal or when one is the initial of the other. */
static bool word_match(const char *x, const char *y) {
  if (!strcmp(x, y)) return true;
  return ((!x[1] && x[0] == y[0]) || (!y[1] && y[0] == x[0])) && (unsigned char)x[0] < 0x80;
}

/* The shorter list of given names is a subsequence of the longer one. */
static bool given_compatible(char **x, size_t nx, char **y, size_t ny) {
  if (nx > ny) return given_compatible(y, ny, x, nx);
  size_t j = 0;
  for (size_t i = 0; i < nx; i++) {
    while (j < ny && !word_match(x[i], y[j])) j++;
    if (j++ >= ny) return false;
  }
  return true;
}

int wn_names_match(wn_arena *a, const char *x, const char *y) {
  char *fx = fold_name(a, x), *fy = fold_name(a, y);
  if (!fx || !fy) return -1;
  if (!*fx || !*fy) return 0;
  if (!strcmp(fx, fy)) return 1;
  char *wx[MAX_NAME_WORDS], *wy[MAX_NAME_WORDS];
  size_t nx = name_words(fx, wx), ny = name_words(fy, wy);
  if (!nx || !ny || (nx < 2 && ny < 2)) return 0;
  /* Family name first (Kanai Norishige) against given name first. */
  if (nx == 2 && ny == 2 && !strcmp(wx[0], wy[1]) && !strcmp(wx[1], wy[0])) return 2;
  const char *sx = wx[nx - 1], *sy = wy[ny - 1];
  if (strcmp(sx, sy) || strlen(sx) < 2) return 0;
  /* A bare surname (or place) stands for any fuller name ending in it. */
  if (nx == 1 || ny == 1) return 3;
  return given_compatible(wx, nx - 1, wy, ny - 1) ? 2 : 0;
}

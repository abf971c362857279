/* The text layer: UTF-8 validation and repair, Unicode normalization
 * (the only file that includes utf8proc), line/column lookup, and cheap
 * guesses of format and language. */
#include "wikinorm.h"

#include <string.h>
#include <utf8proc.h>

/* Length of the valid UTF-8 sequence at s, or 0 when it is invalid
 * (overlong, surrogate, > U+10FFFF, truncated). */
static inline size_t utf8_seq_len(const unsigned char *s, size_t n) {
  unsigned char c = s[0];
  if (c < 0x80) return 1;
  if (c < 0xC2) return 0;
  if (c < 0xE0) return (n >= 2 && (s[1] & 0xC0) == 0x80) ? 2 : 0;
  if (c < 0xF0) {
    if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
    if (c == 0xE0 && s[1] < 0xA0) return 0;  /* overlong */
    if (c == 0xED && s[1] >= 0xA0) return 0; /* surrogate */
    return 3;
  }
  if (c < 0xF5) {
    if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80) return 0;
    if (c == 0xF0 && s[1] < 0x90) return 0;  /* overlong */
    if (c == 0xF4 && s[1] >= 0x90) return 0; /* > U+10FFFF */
    return 4;
  }
  return 0;
}

/* Skips the ASCII prefix eight bytes at a time: most wikitext is ASCII. */
static size_t ascii_prefix(const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i + 8 <= n) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    if (w & 0x8080808080808080ull) break;
    i += 8;
  }
  while (i < n && s[i] < 0x80) i++;
  return i;
}

bool wn_utf8_valid(const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0;
  while (i < n) {
    i += ascii_prefix(s + i, n - i);
    if (i >= n) break;
    size_t l = utf8_seq_len(s + i, n - i);
    if (!l) return false;
    i += l;
  }
  return true;
}

size_t wn_utf8_repair(const char *str, size_t n, wn_buf *out, size_t *first_bad) {
  static const char fffd[] = "\xEF\xBF\xBD";
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0, run = 0, bad = 0;
  if (first_bad) *first_bad = SIZE_MAX;
  while (i < n) {
    i += ascii_prefix(s + i, n - i);
    if (i >= n) break;
    size_t l = utf8_seq_len(s + i, n - i);
    if (l) {
      i += l;
      continue;
    }
    if (!bad && first_bad) *first_bad = i;
    bad++;
    wn_buf_append(out, str + run, i - run);
    wn_buf_append(out, fffd, 3);
    i++;
    run = i;
  }
  wn_buf_append(out, str + run, n - run);
  return bad;
}

/* wn_utf8_decode, inline for the hot loops of this file. */
static inline int32_t decode(const unsigned char *s, size_t n, size_t *len) {
  size_t l = utf8_seq_len(s, n);
  if (!l) {
    *len = 1;
    return 0xFFFD;
  }
  *len = l;
  switch (l) {
  case 1: return s[0];
  case 2: return ((s[0] & 0x1F) << 6) | (s[1] & 0x3F);
  case 3: return ((s[0] & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
  default:
    return ((s[0] & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F);
  }
}

int32_t wn_utf8_decode(const char *str, size_t n, size_t *len) {
  return decode((const unsigned char *)str, n, len);
}

size_t wn_utf8_count(const char *str, size_t n) {
  /* Every byte that is not a continuation byte starts a code point. */
  size_t count = 0;
  for (size_t i = 0; i < n; i++) count += ((unsigned char)str[i] & 0xC0) != 0x80;
  return count;
}

static char *normalize(wn_arena *a, const char *s, size_t n, size_t *out_len, int options) {
  utf8proc_uint8_t *res = NULL;
  utf8proc_ssize_t r =
      utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &res,
                   (utf8proc_option_t)(options | UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  if (r < 0) {
    /* Invalid input cannot reach here (texts are repaired); keep as is. */
    char *copy = wn_arena_strndup(a, s, n);
    if (copy && out_len) *out_len = n;
    return copy;
  }
  char *copy = wn_arena_strndup(a, (const char *)res, (size_t)r);
  free(res); /* utf8proc allocates with malloc */
  if (copy && out_len) *out_len = (size_t)r;
  return copy;
}

char *wn_nfc(wn_arena *a, const char *s, size_t n, size_t *out_len) {
  return normalize(a, s, n, out_len, 0);
}
char *wn_nfkc(wn_arena *a, const char *s, size_t n, size_t *out_len) {
  return normalize(a, s, n, out_len, UTF8PROC_COMPAT);
}
char *wn_casefold(wn_arena *a, const char *s, size_t n, size_t *out_len) {
  return normalize(a, s, n, out_len, UTF8PROC_CASEFOLD);
}
/* Decompose, drop combining marks, compose: folds accents of every script
 * (é → e, ё → е, ồ → o). */
char *wn_strip_marks(wn_arena *a, const char *s, size_t n, size_t *out_len) {
  return normalize(a, s, n, out_len, UTF8PROC_COMPAT | UTF8PROC_STRIPMARK);
}

/* ---- lines ---- */

wn_status wn_lines_build(wn_arena *a, const char *text, size_t len, uint32_t line0, uint32_t col0,
                         wn_lines *out) {
  uint32_t count = 1;
  for (const char *p = text, *end = text + len; (p = memchr(p, '\n', (size_t)(end - p))); p++)
    count++;
  uint32_t *starts = wn_arena_alloc(a, (size_t)count * sizeof *starts);
  if (!starts) return WN_ERR_NOMEM;
  starts[0] = 0;
  uint32_t k = 1;
  for (const char *p = text, *end = text + len; (p = memchr(p, '\n', (size_t)(end - p))); p++)
    starts[k++] = (uint32_t)(p + 1 - text);
  *out = (wn_lines){text, len, starts, count, line0 ? line0 : 1, col0 ? col0 : 1};
  return WN_OK;
}

void wn_lines_at(const wn_lines *l, size_t off, uint32_t *line, uint32_t *col) {
  if (off > l->len) off = l->len;
  uint32_t lo = 0, hi = l->count; /* last start <= off */
  while (hi - lo > 1) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (l->starts[mid] <= off)
      lo = mid;
    else
      hi = mid;
  }
  uint32_t c = (uint32_t)wn_utf8_count(l->text + l->starts[lo], off - l->starts[lo]) + 1;
  *line = l->line0 + lo;
  *col = lo == 0 ? l->col0 + c - 1 : c;
}

/* ---- guesses ---- */

static const char *skip_space(const char *p, const char *end) {
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++;
  return p;
}

wn_format wn_detect_format(const char *text, size_t len) {
  const char *end = text + len, *p = text;
  if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
  p = skip_space(p, end);
  if (p < end && (*p == '{' || *p == '[')) {
    /* A record is {"schema": …; wikitext starts with {{ */
    const char *q = skip_space(p + 1, end);
    if (q < end && (*q == '"' || (*p == '[' && *q == '{'))) return WN_FORMAT_JSON;
    return WN_FORMAT_WIKITEXT;
  }
  /* Rendered: a "= Title =" line, later "- Key: Value" lines, and no
   * template braces before them. */
  if (p < end && *p == '=' && (p + 1 >= end || p[1] != '=')) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *line_end = nl ? nl : end;
    const char *q = line_end;
    while (q > p && (q[-1] == ' ' || q[-1] == '\r')) q--;
    if (q - p >= 3 && q[-1] == '=') {
      for (const char *r = line_end; r && r < end; r = memchr(r + 1, '\n', (size_t)(end - r - 1))) {
        const char *s = r + 1;
        if (s + 2 <= end && s[0] == '-' && s[1] == ' ') return WN_FORMAT_RENDERED;
        if (s >= end) break;
      }
    }
  }
  return WN_FORMAT_WIKITEXT;
}

/* ASCII letters in s[0..n) (all ASCII): eight bytes at a time, SWAR.
 * Folded to lower case, a letter is a byte in 'a'..'z'. */
static size_t ascii_letters(const unsigned char *s, size_t n) {
  const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
  size_t count = 0, i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    uint64_t x = w | ones * 0x20;          /* bytes stay < 0x80: no carry */
    uint64_t ge = x + ones * (0x80 - 'a'); /* high bit: x >= 'a' */
    uint64_t gt = x + ones * (0x80 - 'z' - 1);
    count += (((ge & ~gt & high) >> 7) * ones) >> 56;
  }
  for (; i < n; i++) {
    unsigned x = s[i] | 0x20u;
    count += x >= 'a' && x <= 'z';
  }
  return count;
}

const char *wn_detect_lang(const char *text, size_t len) {
  /* Count letters by script in the first 64 KiB. Han without kana is zh;
   * kana is ja; Latin dominating is en (the language we map). */
  size_t han = 0, kana = 0, latin = 0, hangul = 0, cyr = 0;
  size_t n = len < 65536 ? len : 65536;
  const unsigned char *s = (const unsigned char *)text;
  for (size_t i = 0; i < n;) {
    if (s[i] < 0x80) { /* a run of ASCII at once */
      size_t k = ascii_prefix(s + i, n - i);
      latin += ascii_letters(s + i, k);
      i += k;
      continue;
    }
    size_t l;
    int32_t c = decode(s + i, n - i, &l);
    i += l;
    if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF))
      han++;
    else if (c >= 0x3040 && c <= 0x30FF)
      kana++;
    else if (c >= 0xAC00 && c <= 0xD7AF)
      hangul++;
    else if (c >= 0x0400 && c <= 0x04FF)
      cyr++;
  }
  if (kana * 20 > han + kana && kana > 10) return "ja";
  if (hangul > han && hangul > 10) return "ko";
  if (han > 10 && han * 4 > latin / 3) return "zh";
  if (cyr > latin && cyr > 10) return "ru";
  if (latin > 10) return "en";
  return "";
}

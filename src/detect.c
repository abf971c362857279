/* Cheap guesses the reader makes about a document: its format (wikitext,
 * rendered text, JSON records) and its language (from the script). */
#include <string.h>

#include "util/utf8.h"
#include "wikinorm.h"

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
      size_t k = wn_ascii_prefix(s + i, n - i);
      latin += ascii_letters(s + i, k);
      i += k;
      continue;
    }
    size_t l;
    int32_t c = wn_utf8_decode_inline(text + i, n - i, &l);
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

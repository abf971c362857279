/* UTF-8: validation, decoding, encoding, repair, counting (util/utf8.h). */
#include "util/utf8.h"

bool wn_utf8_valid(const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0;
  while (i < n) {
    i += wn_ascii_prefix(s + i, n - i);
    if (i >= n) break;
    int l = wn_utf8_sequence(s + i, n - i);
    if (l <= 0) return false;
    i += (size_t)l;
  }
  return true;
}

size_t wn_utf8_repair(const char *str, size_t n, wn_buf *out, size_t *first_bad) {
  static const char fffd[] = "\xEF\xBF\xBD";
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0, run = 0, bad = 0;
  if (first_bad) *first_bad = SIZE_MAX;
  while (i < n) {
    i += wn_ascii_prefix(s + i, n - i);
    if (i >= n) break;
    int l = wn_utf8_sequence(s + i, n - i);
    if (l > 0) {
      i += (size_t)l;
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

int32_t wn_utf8_decode(const char *str, size_t n, size_t *len) {
  return wn_utf8_decode_inline(str, n, len);
}

size_t wn_utf8_count(const char *str, size_t n) {
  /* Every byte that is not a continuation byte starts a code point. */
  size_t count = 0;
  for (size_t i = 0; i < n; i++) count += ((unsigned char)str[i] & 0xC0) != 0x80;
  return count;
}

size_t wn_utf8_encode(int32_t cp, char out[4]) {
  uint32_t c = (uint32_t)cp;
  if (cp < 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
  if (c < 0x80) return out[0] = (char)c, 1;
  if (c < 0x800) return out[0] = (char)(0xC0 | c >> 6), out[1] = (char)(0x80 | (c & 0x3F)), 2;
  if (c < 0x10000) {
    out[0] = (char)(0xE0 | c >> 12);
    out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[2] = (char)(0x80 | (c & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | c >> 18);
  out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
  out[3] = (char)(0x80 | (c & 0x3F));
  return 4;
}

bool wn_is_middle_dot(int32_t cp) {
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

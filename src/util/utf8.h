/*
 * UTF-8, once for the library: the validator, the decoder, the encoder,
 * repair and counting (util/utf8.c; the public ones are declared in
 * include/wikinorm.h "Text layer"), and the middle-dot family.
 */
#ifndef WN_UTIL_UTF8_H
#define WN_UTIL_UTF8_H

#include <string.h>

#include "wikinorm.h"

/* The one rule of well-formed UTF-8: the length of the sequence at s[0..n)
 * (n > 0), 0 when it is invalid (overlong, surrogate, > U+10FFFF, a bad
 * byte), -1 when it is a valid beginning cut by the end of s. Inline: the
 * reader's careful path calls it per character. */
static inline int wn_utf8_sequence(const unsigned char *s, size_t n) {
  unsigned c = s[0], lo = 0x80, hi = 0xBF;
  size_t need;
  if (c < 0x80) return 1;
  if (c < 0xC2) return 0;
  if (c < 0xE0)
    need = 2;
  else if (c < 0xF0) {
    need = 3;
    if (c == 0xE0)
      lo = 0xA0; /* overlong */
    else if (c == 0xED)
      hi = 0x9F; /* surrogates */
  } else if (c < 0xF5) {
    need = 4;
    if (c == 0xF0)
      lo = 0x90; /* overlong */
    else if (c == 0xF4)
      hi = 0x8F; /* > U+10FFFF */
  } else
    return 0;
  for (size_t k = 1; k < need; k++) {
    if (k >= n) return -1;
    unsigned b = s[k];
    if (k == 1 ? b < lo || b > hi : (b & 0xC0) != 0x80) return 0;
  }
  return (int)need;
}

/* Length of the ASCII prefix of s[0..n), eight bytes at a time: most
 * wikitext is ASCII. */
static inline size_t wn_ascii_prefix(const unsigned char *s, size_t n) {
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

/* True when s[0..n) has a byte outside ASCII. */
static inline bool wn_has_non_ascii(const char *s, size_t n) {
  return wn_ascii_prefix((const unsigned char *)s, n) < n;
}

/* The one encoder: writes cp as UTF-8 into out and returns its length
 * (1 to 4). A surrogate, a negative value or one past U+10FFFF is written
 * as U+FFFD (3 bytes). */
size_t wn_utf8_encode(int32_t cp, char out[4]);

/* The middle-dot family that separates the parts of transcribed names:
 * · U+00B7, · U+0387, ∙ U+2219, • U+2022, ‧ U+2027, ・ U+30FB,
 * ･ U+FF65, ⋅ U+22C5 (● U+25CF is not one). */
bool wn_is_middle_dot(int32_t cp);

/* The one decoder (wn_utf8_decode of the public API), inline for the
 * hot scans: invalid bytes decode as U+FFFD of length 1. */
static inline int32_t wn_utf8_decode_inline(const char *str, size_t n, size_t *len) {
  const unsigned char *s = (const unsigned char *)str;
  int l = wn_utf8_sequence(s, n);
  if (l <= 0) {
    *len = 1;
    return 0xFFFD;
  }
  *len = (size_t)l;
  switch (l) {
  case 1: return s[0];
  case 2: return ((s[0] & 0x1F) << 6) | (s[1] & 0x3F);
  case 3: return ((s[0] & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
  default:
    return ((s[0] & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F);
  }
}

#endif

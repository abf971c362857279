/* The growable byte buffer (wn_buf): outputs are built here. */
#include "wikinorm.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void wn_buf_init(wn_buf *b) { *b = (wn_buf){0}; }

void wn_buf_free(wn_buf *b) {
  wn_free(b->data);
  *b = (wn_buf){0};
}

void wn_buf_clear(wn_buf *b) {
  b->len = 0;
  b->failed = false;
  if (b->data) b->data[0] = '\0';
}

static bool buf_reserve(wn_buf *b, size_t extra) {
  if (b->failed) return false;
  if (extra > SIZE_MAX - b->len - 1) return b->failed = true, false;
  size_t need = b->len + extra + 1;
  if (need <= b->cap) return true;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
  char *p = wn_realloc(b->data, cap);
  if (!p) return b->failed = true, false;
  b->data = p;
  b->cap = cap;
  return true;
}

bool wn_buf_append(wn_buf *b, const char *s, size_t n) {
  if (!buf_reserve(b, n)) return false;
  if (n) memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
  return true;
}

bool wn_buf_puts(wn_buf *b, const char *s) { return wn_buf_append(b, s, strlen(s)); }
bool wn_buf_putc(wn_buf *b, char c) { return wn_buf_append(b, &c, 1); }

bool wn_buf_printf(wn_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0 || !buf_reserve(b, (size_t)n)) return false;
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
  return true;
}

bool wn_buf_json_string(wn_buf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  if (!buf_reserve(b, n + 2)) return false;
  b->data[b->len++] = '"';
  size_t run = 0; /* bytes copied verbatim in one go */
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    if (!wn_buf_append(b, s + run, i - run)) return false;
    run = i + 1;
    char esc[7] = {'\\', 0, 0, 0, 0, 0, 0};
    size_t el = 2;
    switch (c) {
    case '"': esc[1] = '"'; break;
    case '\\': esc[1] = '\\'; break;
    case '\n': esc[1] = 'n'; break;
    case '\r': esc[1] = 'r'; break;
    case '\t': esc[1] = 't'; break;
    default:
      esc[1] = 'u', esc[2] = '0', esc[3] = '0', esc[4] = hex[c >> 4], esc[5] = hex[c & 15];
      el = 6;
    }
    if (!wn_buf_append(b, esc, el)) return false;
  }
  if (!wn_buf_append(b, s + run, n - run)) return false;
  return wn_buf_putc(b, '"');
}

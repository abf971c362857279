/* Unicode normalization and folds through utf8proc: the only file that
 * includes utf8proc.h. Results go into the caller's arena. */
#include "wikinorm.h"

#include <stdlib.h>
#include <utf8proc.h>

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
  free(res); /* utf8proc allocates with malloc and has no hooks */
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

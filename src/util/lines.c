/* Line/column lookup over one text (wn_lines). */
#include "wikinorm.h"

#include <string.h>

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

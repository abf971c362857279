/*
 * JSON output of records. Our own writer rather than cJSON_Print: two-space
 * indentation instead of tabs, UTF-8 kept as is, and numbers that never
 * gain an exponent or a ".0" when they are whole (14958900, not 1.49589e7).
 */
#include "normalize.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool put_number(wn_buf *out, double v) {
  if (!isfinite(v)) return wn_buf_puts(out, "null"); /* JSON has no NaN */
  if (v == floor(v) && fabs(v) < 9007199254740992.0) /* 2^53: exact integers */
    return wn_buf_printf(out, "%lld", (long long)v);
  char s[40];
  /* The shortest form that reads back as the same double. */
  for (int prec = 15; prec <= 17; prec++) {
    snprintf(s, sizeof s, "%.*g", prec, v);
    if (strtod(s, NULL) == v) break;
  }
  return wn_buf_puts(out, s);
}

static bool indent(wn_buf *out, bool pretty, int depth) {
  if (!pretty) return true;
  if (!wn_buf_putc(out, '\n')) return false;
  for (int i = 0; i < depth; i++)
    if (!wn_buf_append(out, "  ", 2)) return false;
  return true;
}

static bool put_string(wn_buf *out, const char *s) {
  return wn_buf_json_string(out, s ? s : "", s ? strlen(s) : 0);
}

static bool emit(const cJSON *item, bool pretty, int depth, wn_buf *out) {
  if (cJSON_IsNull(item) || cJSON_IsInvalid(item)) return wn_buf_puts(out, "null");
  if (cJSON_IsFalse(item)) return wn_buf_puts(out, "false");
  if (cJSON_IsTrue(item)) return wn_buf_puts(out, "true");
  if (cJSON_IsNumber(item)) return put_number(out, item->valuedouble);
  if (cJSON_IsString(item)) return put_string(out, item->valuestring);
  if (cJSON_IsRaw(item)) return wn_buf_puts(out, item->valuestring ? item->valuestring : "null");
  bool object = cJSON_IsObject(item);
  if (!item->child) return wn_buf_puts(out, object ? "{}" : "[]");
  if (!wn_buf_putc(out, object ? '{' : '[')) return false;
  for (const cJSON *c = item->child; c; c = c->next) {
    if (!indent(out, pretty, depth + 1)) return false;
    if (object) {
      if (!put_string(out, c->string) || !wn_buf_puts(out, pretty ? ": " : ":")) return false;
    }
    if (!emit(c, pretty, depth + 1, out)) return false;
    if (c->next && !wn_buf_putc(out, ',')) return false;
  }
  if (!indent(out, pretty, depth)) return false;
  return wn_buf_putc(out, object ? '}' : ']');
}

bool wn_emit_json(const cJSON *item, bool pretty, wn_buf *out) {
  return emit(item, pretty, 0, out) && !out->failed;
}

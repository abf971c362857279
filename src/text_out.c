/*
 * The human form of typed values (text_out.h): what diff prints for
 * people. Works on wn_value; times and durations from their epoch
 * seconds, never from a formatted string.
 */
#include "text_out.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "json_out.h"

void wn_setf(char *out, size_t n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(out, n, fmt, ap);
  va_end(ap);
}

/* ---- durations ---- */

static const struct {
  const char *name;
  int64_t seconds;
} duration_parts[] = {{"d", 86400}, {"h", 3600}, {"m", 60}, {"s", 1}};

/* The unit a precision counts in: day and coarser count days; none (not
 * stated) reads as exact. */
static int64_t precision_unit(wn_precision p) {
  switch (p) {
  case WN_PREC_YEAR:
  case WN_PREC_MONTH:
  case WN_PREC_DAY: return 86400;
  case WN_PREC_HOUR: return 3600;
  case WN_PREC_MINUTE: return 60;
  default: return 1;
  }
}

/* Appends "N unit" parts of s from the first non-zero one (or the last
 * shown) down to the part of size `finest`; skip_zero drops zero parts. */
static void format_parts(int64_t s, int64_t finest, bool skip_zero, char *out, size_t n) {
  size_t len = 0;
  if (n) out[0] = 0;
  bool started = false;
  for (size_t k = 0; k < 4; k++) {
    int64_t unit = duration_parts[k].seconds;
    if (unit < finest) break;
    int64_t v = s / unit;
    s %= unit;
    bool last = unit == finest;
    if (!started && v == 0 && !last) continue;
    if (skip_zero && v == 0 && (started || !last)) continue;
    started = true;
    if (len < n)
      len += (size_t)snprintf(out + len, n - len, "%s%" PRId64 " %s", len ? " " : "", v,
                              duration_parts[k].name);
  }
}

void wn_format_duration(int64_t s, wn_precision p, char *out, size_t n) {
  if (s < 0) s = -s;
  format_parts(s, precision_unit(p), false, out, n);
}

void wn_format_delta_seconds(int64_t s, char *out, size_t n) {
  if (s < 0) s = -s;
  if (s < 3600)
    wn_setf(out, n, "%" PRId64 " s", s);
  else
    format_parts(s, 1, true, out, n);
}

/* ---- times and quantities ---- */

void wn_format_timestamp(const wn_value *ts, char *out, size_t n) {
  int64_t lo, hi;
  wn_timestamp_interval(ts, &lo, &hi);
  int64_t days = lo >= 0 ? lo / 86400 : (lo - 86399) / 86400, y;
  int64_t rest = lo - days * 86400;
  int m, d;
  wn_civil_from_days(days, &y, &m, &d);
  int h = (int)(rest / 3600), mi = (int)(rest % 3600 / 60), s = (int)(rest % 60);
  switch (ts->u.ts.precision) {
  case WN_PREC_YEAR: wn_setf(out, n, "%04" PRId64, y); break;
  case WN_PREC_MONTH: wn_setf(out, n, "%04" PRId64 "-%02d", y, m); break;
  case WN_PREC_DAY: wn_setf(out, n, "%04" PRId64 "-%02d-%02d", y, m, d); break;
  case WN_PREC_HOUR: wn_setf(out, n, "%04" PRId64 "-%02d-%02d %02d h UTC", y, m, d, h); break;
  case WN_PREC_MINUTE:
    wn_setf(out, n, "%04" PRId64 "-%02d-%02d %02d:%02d UTC", y, m, d, h, mi);
    break;
  default: wn_setf(out, n, "%04" PRId64 "-%02d-%02d %02d:%02d:%02d UTC", y, m, d, h, mi, s);
  }
}

void wn_format_quantity(double v, const char *unit, int digits, char *out, size_t n) {
  if (!strcmp(unit, "m") && fabs(v) >= 10000)
    wn_setf(out, n, "%.*g km", digits, v / 1000);
  else if (!strcmp(unit, "s") && fabs(v) >= 120)
    wn_setf(out, n, "%.*g min", digits, v / 60);
  else if (!strcmp(unit, "deg"))
    wn_setf(out, n, "%.*g°", digits, v);
  else
    wn_setf(out, n, "%.*g%s%s", digits, v, *unit ? " " : "", unit);
}

/* ---- names, places, lists ---- */

/* Appends s on one line: line breaks of lists become " / ". */
static void put_one_line(wn_buf *out, const char *s) {
  for (; *s; s++) {
    if (*s == '\n')
      wn_buf_puts(out, " / ");
    else if (*s != '\r')
      wn_buf_putc(out, *s);
  }
}

/* A value as compact JSON on one line: the form of shapes with no human
 * rendering. */
static void put_json(wn_buf *out, const wn_value *v) {
  wn_buf tmp;
  wn_buf_init(&tmp);
  wn_jw w;
  wn_jw_init(&w, &tmp, WN_JSON_COMPACT);
  wn_value_write_json(&w, v);
  put_one_line(out, tmp.failed || !tmp.data ? "?" : tmp.data);
  if (tmp.failed) out->failed = true;
  wn_buf_free(&tmp);
}

/* The display form of a name: en, else label, else zh, else text. */
static const char *name_of(const wn_value *v) {
  if (!v) return NULL;
  switch (v->kind) {
  case WN_V_TEXT:
  case WN_V_ENUM:
  case WN_V_UNPARSED: return v->u.s;
  case WN_V_ENTITY:
    return v->u.ent.en ? v->u.ent.en : v->u.ent.label ? v->u.ent.label : v->u.ent.zh;
  case WN_V_LANGTEXT: return v->u.lt.en ? v->u.lt.en : v->u.lt.zh;
  default: return NULL;
  }
}

static void put_name(wn_buf *out, const wn_value *v) {
  const char *s = name_of(v);
  put_one_line(out, s ? s : "?");
}

/* The name of a list element: a crew member's name, else itself. */
static const wn_value *element_name(const wn_value *v) {
  if (v && v->kind == WN_V_CREW_MEMBER && v->u.crew.name) return v->u.crew.name;
  if (v && v->kind == WN_V_OBJECT && wn_value_get(v, "name")) return wn_value_get(v, "name");
  return v;
}

static void put_names(wn_buf *out, const wn_value *list) {
  for (size_t i = 0; i < list->u.list.n; i++) {
    if (i) wn_buf_puts(out, ", ");
    put_name(out, element_name(list->u.list.items[i]));
  }
}

static void put_place(wn_buf *out, const wn_value *v) {
  const wn_value *f = v->u.place.facility;
  if (f) wn_value_human(f, out);
  const char *pad = v->u.place.pad, *country = v->u.place.country;
  if (pad) wn_buf_printf(out, "%spad %s", f ? ", " : "", pad);
  if (country) wn_buf_printf(out, f || pad ? " (%s)" : "%s", country);
}

static bool is_docking(const wn_value *e) {
  return e && e->kind == WN_V_OBJECT &&
         (wn_value_get(e, "target") || wn_value_get(e, "docked") || wn_value_get(e, "undocked"));
}

static void put_dockings(wn_buf *out, const wn_value *list) {
  for (size_t i = 0; i < list->u.list.n; i++) {
    const wn_value *x = list->u.list.items[i];
    if (i) wn_buf_puts(out, "; ");
    const wn_value *t = wn_value_get(x, "target"), *p = wn_value_get(x, "port");
    const wn_value *d = wn_value_get(x, "docked"), *u = wn_value_get(x, "undocked");
    if (t) put_name(out, t);
    if (p) wn_buf_puts(out, " "), put_name(out, p);
    if (d || u) {
      wn_buf_puts(out, t || p ? " " : "");
      if (d) wn_value_human(d, out);
      wn_buf_puts(out, " – ");
      if (u) wn_value_human(u, out);
    }
  }
}

void wn_value_human(const wn_value *v, wn_buf *out) {
  char tmp[256];
  if (!v) {
    wn_buf_puts(out, "—");
    return;
  }
  switch (v->kind) {
  case WN_V_INTEGER: wn_buf_printf(out, "%.15g", (double)v->u.i); return;
  case WN_V_TEXT:
  case WN_V_ENUM:
  case WN_V_UNPARSED: put_one_line(out, v->u.s ? v->u.s : ""); return;
  case WN_V_ENTITY:
  case WN_V_LANGTEXT:
    if (name_of(v))
      put_name(out, v);
    else
      put_json(out, v);
    return;
  case WN_V_TIMESTAMP: wn_format_timestamp(v, tmp, sizeof tmp); break;
  case WN_V_DURATION:
    wn_format_duration(v->u.dur.seconds, (wn_precision)v->u.dur.precision, tmp, sizeof tmp);
    break;
  case WN_V_QUANTITY:
    wn_format_quantity(v->u.q.value, wn_unit_name((wn_unit)v->u.q.unit), 15, tmp, sizeof tmp);
    break;
  case WN_V_PLACE:
    if (v->u.place.facility || v->u.place.pad || v->u.place.country)
      put_place(out, v);
    else
      put_json(out, v);
    return;
  case WN_V_MISSION:
    if (v->u.mission.key && v->u.mission.designation)
      put_one_line(out, v->u.mission.designation);
    else
      put_json(out, v);
    return;
  case WN_V_PHOTO:
    if (v->u.photo.file)
      put_one_line(out, v->u.photo.file);
    else
      put_json(out, v);
    return;
  case WN_V_LIST:
    if (v->u.list.n && is_docking(v->u.list.items[0]))
      put_dockings(out, v);
    else
      put_names(out, v);
    return;
  default: put_json(out, v); return;
  }
  wn_buf_puts(out, tmp);
}

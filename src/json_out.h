/*
 * The one JSON writer of the library (json_out.c): the primitives that
 * every JSON output is written with (records, merged records, `parse`
 * node trees, diff and check reports), and the writers of typed values
 * and records. Internal; the public entry is wn_record_write_json.
 *
 * Two levels:
 *  - bytes: wn_json_* append to a wn_buf with no state (the node tree
 *    writer keeps its own nesting; the fast paths are inline);
 *  - a writer: wn_jw keeps the nesting and writes separators, newlines
 *    and indentation itself.
 *
 * Layout rules (one for every output):
 *  - compact: no spaces at all: {"a":1,"b":[2,3]};
 *  - pretty: two-space indent, `"key": value`, every member on its own
 *    line, an empty object `{}` or array `[]` on one line;
 *  - pretty with flat containers (WN_JSON_FLAT: merged records, diff and
 *    check reports): a container of at most four plain members (no
 *    object or array inside) whose keys and strings total at most 72
 *    bytes (8 for any other plain value) is kept on one line as
 *    {"utc": "2016-10-19T08:05:00Z", "precision": "minute"}.
 * Numbers: integral values within ±2^53 as integers (2e15 is
 * 2000000000000000); others in the shortest of %.15g, %.16g, %.17g that
 * reads back the same; NaN and infinities as null.
 *
 * Every function leaves out->failed set on allocation failure and then
 * does nothing more; check it (or wn_jw_ok) once at the end.
 */
#ifndef WN_JSON_OUT_H
#define WN_JSON_OUT_H

#include <string.h>

#include "record.h"
#include "value.h"
#include "wikinorm.h"

/* ---- bytes ---- */

/* The slow path of wn_json_room: grows out geometrically (wn_realloc). */
bool wn_json_grow(wn_buf *out, size_t n);
/* Room for n more bytes and a NUL. */
static inline bool wn_json_room(wn_buf *out, size_t n) {
  if (!out->failed && out->cap - out->len > n) return true;
  return wn_json_grow(out, n);
}
/* Appends s[0..n) as it is. */
static inline void wn_json_raw(wn_buf *out, const char *s, size_t n) {
  if (!wn_json_room(out, n)) return;
  memcpy(out->data + out->len, s, n);
  out->len += n;
  out->data[out->len] = '\0';
}
#define WN_JSON_LIT(out, lit) wn_json_raw(out, lit, sizeof lit - 1)

/* s[0..n) as a JSON string literal, quotes included: '"', '\\' and
 * control bytes escaped (\n \r \t, else \u00XX); UTF-8 kept as it is. */
void wn_json_string(wn_buf *out, const char *s, size_t n);
/* A NUL-terminated string, or null for NULL. */
void wn_json_cstring(wn_buf *out, const char *s);
/* The number rule above. */
void wn_json_number(wn_buf *out, double v);
void wn_json_int(wn_buf *out, int64_t v);
void wn_json_u32(wn_buf *out, uint32_t v);
/* Pretty only: a newline and two spaces per level. */
void wn_json_newline(wn_buf *out, bool pretty, unsigned level);
/* `,"key":` (pretty: `,` newline indent `"key": `); first: no comma. The
 * key is written as it is (no escaping: for literal names). */
void wn_json_key_raw(wn_buf *out, bool pretty, unsigned level, const char *k, size_t n, bool first);

/* ---- the writer ---- */

enum { WN_JSON_COMPACT = 0, WN_JSON_PRETTY = 1, WN_JSON_FLAT = 2 };

typedef struct wn_jw {
  wn_buf *out;
  int style;      /* WN_JSON_COMPACT, WN_JSON_PRETTY or WN_JSON_FLAT */
  unsigned depth; /* open containers */
  bool first;     /* nothing written yet in the innermost container */
  bool after_key; /* a key was written: its value follows on the line */
  bool inline_;   /* the innermost container is kept on one line */
} wn_jw;

void wn_jw_init(wn_jw *w, wn_buf *out, int style);
bool wn_jw_ok(const wn_jw *w); /* false once out ran out of memory */

void wn_jw_object_begin(wn_jw *w);
void wn_jw_object_end(wn_jw *w);
void wn_jw_array_begin(wn_jw *w);
void wn_jw_array_end(wn_jw *w);
/* A container kept on one line (in WN_JSON_FLAT; like the others in the
 * other styles). It must hold only plain values; the caller decides with
 * wn_json_flat_fits. */
void wn_jw_object_begin_inline(wn_jw *w);
void wn_jw_array_begin_inline(wn_jw *w);
/* True when n members whose keys and string values total chars bytes fit
 * the flat rule (count 8 for a number, bool or null). */
static inline bool wn_json_flat_fits(size_t n, size_t chars) { return n <= 4 && chars <= 72; }

void wn_jw_key(wn_jw *w, const char *k);    /* escaped */
void wn_jw_string(wn_jw *w, const char *s); /* null for NULL */
void wn_jw_string_n(wn_jw *w, const char *s, size_t n);
void wn_jw_number(wn_jw *w, double v);
void wn_jw_int(wn_jw *w, int64_t v);
void wn_jw_bool(wn_jw *w, bool v);
void wn_jw_null(wn_jw *w);

/* ---- values and records ---- */

/* One typed value (value.h) in its JSON form (SCHEMA.md section 3):
 * members in schema order, absent (NULL, 0 flight number, false planned)
 * members left out; UNPARSED as {"text": …}; CLAIMS as {"status",
 * "delta"?, "value"?, "claims"?}. NULL writes null. */
void wn_value_write_json(wn_jw *w, const wn_value *v);

/* A record (normalized or merged) as one JSON object in style (no
 * trailing newline). wn_record_write_json is this with WN_JSON_COMPACT or
 * WN_JSON_PRETTY for a normalized record, WN_JSON_FLAT for a pretty
 * merged one. false when out ran out of memory. */
bool wn_record_write_json_style(const wn_record *rec, int style, wn_buf *out);

#endif

/*
 * The one JSON writer (json_out.h): byte primitives, the nesting writer,
 * typed values and records. Our own writer rather than cJSON_Print:
 * two-space indentation, UTF-8 kept as it is, and one number rule.
 */
#include "json_out.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- bytes ---- */

bool wn_json_grow(wn_buf *out, size_t n) {
  if (out->failed) return false;
  size_t cap = out->cap ? out->cap : 256;
  while (cap - out->len <= n) {
    if (cap > SIZE_MAX / 2) return out->failed = true, false;
    cap *= 2;
  }
  char *p = wn_realloc(out->data, cap);
  if (!p) return out->failed = true, false;
  out->data = p, out->cap = cap;
  return true;
}

/* Bytes a JSON string cannot hold as they are. */
static const uint8_t escape_class[256] = {
    [0] = 1,  [1] = 1,  [2] = 1,  [3] = 1,  [4] = 1,  [5] = 1,   [6] = 1,   [7] = 1,  [8] = 1,
    [9] = 1,  [10] = 1, [11] = 1, [12] = 1, [13] = 1, [14] = 1,  [15] = 1,  [16] = 1, [17] = 1,
    [18] = 1, [19] = 1, [20] = 1, [21] = 1, [22] = 1, [23] = 1,  [24] = 1,  [25] = 1, [26] = 1,
    [27] = 1, [28] = 1, [29] = 1, [30] = 1, [31] = 1, ['"'] = 1, ['\\'] = 1};

/* Length of the prefix of s needing no escape: eight bytes at a time
 * (SWAR tests for a byte < 0x20, '"' or '\\'), then byte by byte. */
static size_t safe_prefix(const unsigned char *s, size_t n) {
  const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t x, q, bs;
    memcpy(&x, s + i, 8);
    q = x ^ (ones * '"');
    bs = x ^ (ones * '\\');
    uint64_t hit = ((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((bs - ones) & ~bs);
    if (hit & high) break;
  }
  while (i < n && !escape_class[s[i]]) i++;
  return i;
}

static void put_escape(wn_buf *out, unsigned char c) {
  static const char hex[] = "0123456789abcdef";
  char esc[6] = {'\\', (char)c, 0, 0, 0, 0};
  size_t len = 2;
  if (c == '\n')
    esc[1] = 'n';
  else if (c == '\r')
    esc[1] = 'r';
  else if (c == '\t')
    esc[1] = 't';
  else if (c < 0x20)
    esc[1] = 'u', esc[2] = '0', esc[3] = '0', esc[4] = hex[c >> 4], esc[5] = hex[c & 15], len = 6;
  wn_json_raw(out, esc, len);
}

/* Runs of safe bytes are copied whole. */
void wn_json_string(wn_buf *out, const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  WN_JSON_LIT(out, "\"");
  for (size_t i = 0;;) {
    size_t k = safe_prefix(u + i, n - i);
    wn_json_raw(out, s + i, k);
    i += k;
    if (i >= n) break;
    put_escape(out, u[i++]);
  }
  WN_JSON_LIT(out, "\"");
}

void wn_json_cstring(wn_buf *out, const char *s) {
  if (s)
    wn_json_string(out, s, strlen(s));
  else
    WN_JSON_LIT(out, "null");
}

void wn_json_number(wn_buf *out, double v) {
  if (!isfinite(v)) return WN_JSON_LIT(out, "null"); /* JSON has no NaN */
  char s[40];
  if (v == floor(v) && fabs(v) < 9007199254740992.0) { /* 2^53: exact integers */
    snprintf(s, sizeof s, "%lld", (long long)v);
  } else {
    /* The shortest form that reads back as the same double. */
    for (int prec = 15; prec <= 17; prec++) {
      snprintf(s, sizeof s, "%.*g", prec, v);
      if (strtod(s, NULL) == v) break;
    }
  }
  wn_json_raw(out, s, strlen(s));
}

void wn_json_int(wn_buf *out, int64_t v) {
  char s[24];
  int n = snprintf(s, sizeof s, "%" PRId64, v);
  wn_json_raw(out, s, (size_t)n);
}

void wn_json_u32(wn_buf *out, uint32_t v) {
  char d[10];
  int n = 10;
  do d[--n] = (char)('0' + v % 10);
  while ((v /= 10));
  wn_json_raw(out, d + n, (size_t)(10 - n));
}

void wn_json_newline(wn_buf *out, bool pretty, unsigned level) {
  if (!pretty || !wn_json_room(out, 1 + (size_t)level * 2)) return;
  char *o = out->data + out->len;
  *o++ = '\n';
  memset(o, ' ', (size_t)level * 2);
  out->len += 1 + (size_t)level * 2;
  out->data[out->len] = '\0';
}

void wn_json_key_raw(wn_buf *out, bool pretty, unsigned level, const char *k, size_t n,
                     bool first) {
  if (!pretty) { /* the common case, in one go */
    if (!wn_json_room(out, n + 4)) return;
    char *o = out->data + out->len;
    if (!first) *o++ = ',';
    *o++ = '"';
    memcpy(o, k, n);
    o += n;
    *o++ = '"';
    *o++ = ':';
    out->len = (size_t)(o - out->data);
    out->data[out->len] = '\0';
    return;
  }
  if (!first) WN_JSON_LIT(out, ",");
  wn_json_newline(out, true, level);
  WN_JSON_LIT(out, "\"");
  wn_json_raw(out, k, n);
  WN_JSON_LIT(out, "\": ");
}

/* ---- the writer ---- */

void wn_jw_init(wn_jw *w, wn_buf *out, int style) {
  *w = (wn_jw){out, style, 0, true, false, false};
}

bool wn_jw_ok(const wn_jw *w) { return !w->out->failed; }

static bool pretty(const wn_jw *w) { return w->style != WN_JSON_COMPACT; }

/* Before a value or a key: the separator and the line of a member. */
static void before(wn_jw *w) {
  if (w->after_key) {
    w->after_key = false;
    return;
  }
  if (w->depth) {
    if (!w->first) {
      if (w->inline_)
        WN_JSON_LIT(w->out, ", ");
      else
        WN_JSON_LIT(w->out, ",");
    }
    if (!w->inline_) wn_json_newline(w->out, pretty(w), w->depth);
  }
  w->first = false;
}

static void begin(wn_jw *w, char c, bool inline_) {
  before(w);
  wn_json_raw(w->out, &c, 1);
  w->depth++;
  w->first = true;
  w->inline_ = inline_ && w->style == WN_JSON_FLAT;
}

static void end(wn_jw *w, char c) {
  w->depth--;
  if (!w->first && !w->inline_) wn_json_newline(w->out, pretty(w), w->depth);
  wn_json_raw(w->out, &c, 1);
  w->first = false;
  w->inline_ = false; /* an inline container holds no container */
}

void wn_jw_object_begin(wn_jw *w) { begin(w, '{', false); }
void wn_jw_object_begin_inline(wn_jw *w) { begin(w, '{', true); }
void wn_jw_object_end(wn_jw *w) { end(w, '}'); }
void wn_jw_array_begin(wn_jw *w) { begin(w, '[', false); }
void wn_jw_array_begin_inline(wn_jw *w) { begin(w, '[', true); }
void wn_jw_array_end(wn_jw *w) { end(w, ']'); }

void wn_jw_key(wn_jw *w, const char *k) {
  before(w);
  wn_json_string(w->out, k, strlen(k));
  if (pretty(w))
    WN_JSON_LIT(w->out, ": ");
  else
    WN_JSON_LIT(w->out, ":");
  w->after_key = true;
}

void wn_jw_string(wn_jw *w, const char *s) {
  before(w);
  wn_json_cstring(w->out, s);
}

void wn_jw_string_n(wn_jw *w, const char *s, size_t n) {
  before(w);
  wn_json_string(w->out, s, n);
}

void wn_jw_number(wn_jw *w, double v) {
  before(w);
  wn_json_number(w->out, v);
}

void wn_jw_int(wn_jw *w, int64_t v) {
  before(w);
  wn_json_int(w->out, v);
}

void wn_jw_bool(wn_jw *w, bool v) {
  before(w);
  if (v)
    WN_JSON_LIT(w->out, "true");
  else
    WN_JSON_LIT(w->out, "false");
}

void wn_jw_null(wn_jw *w) {
  before(w);
  WN_JSON_LIT(w->out, "null");
}

/* ---- values ---- */

/* One member of a typed value's object form: a plain string, number,
 * bool, or a nested value. */
enum { M_STR, M_INT, M_NUM, M_BOOL, M_VAL };
typedef struct member {
  const char *key;
  int type;
  const char *s;
  int64_t i;
  double d;
  const wn_value *v;
} member;

typedef struct members {
  member m[8];
  size_t n;
} members;

static void add_str(members *ms, const char *k, const char *s) {
  if (s) ms->m[ms->n++] = (member){k, M_STR, s, 0, 0, NULL};
}
static void add_val(members *ms, const char *k, const wn_value *v) {
  if (v) ms->m[ms->n++] = (member){k, M_VAL, NULL, 0, 0, v};
}
static void add_int(members *ms, const char *k, int64_t i) {
  ms->m[ms->n++] = (member){k, M_INT, NULL, i, 0, NULL};
}
static void add_num(members *ms, const char *k, double d) {
  ms->m[ms->n++] = (member){k, M_NUM, NULL, 0, d, NULL};
}
static void add_true(members *ms, const char *k, bool b) {
  if (b) ms->m[ms->n++] = (member){k, M_BOOL, NULL, 0, 0, NULL};
}

/* The members of a value written as a fixed-shape object; false for the
 * kinds written otherwise (strings, integers, lists, objects, claims).
 * ts/iso: room for the formatted time or duration. */
static bool members_of(const wn_value *v, members *ms, char *buf) {
  ms->n = 0;
  switch (v->kind) {
  case WN_V_UNPARSED: add_str(ms, "text", v->u.s ? v->u.s : ""); return true;
  case WN_V_LANGTEXT:
    add_str(ms, "zh", v->u.lt.zh);
    add_str(ms, "en", v->u.lt.en);
    if (v->u.lt.other_lang) add_str(ms, v->u.lt.other_lang, v->u.lt.other);
    return true;
  case WN_V_ENTITY:
    add_str(ms, "en", v->u.ent.en);
    add_str(ms, "zh", v->u.ent.zh);
    add_str(ms, "label", v->u.ent.label);
    add_str(ms, "id", v->u.ent.id);
    return true;
  case WN_V_MISSION:
    add_str(ms, "key", v->u.mission.key);
    add_str(ms, "designation", v->u.mission.designation);
    return true;
  case WN_V_TIMESTAMP:
    wn_timestamp_utc(v, buf);
    add_str(ms, "utc", buf);
    add_str(ms, "precision", wn_precision_name((wn_precision)v->u.ts.precision));
    add_str(ms, "zone", wn_zone_source_name((wn_zone_source)v->u.ts.zone));
    add_true(ms, "planned", v->planned);
    return true;
  case WN_V_DURATION:
    wn_duration_iso8601(v->u.dur.seconds, (wn_precision)v->u.dur.precision, buf);
    add_str(ms, "iso8601", buf);
    add_int(ms, "seconds", v->u.dur.seconds);
    add_str(ms, "precision", wn_precision_name((wn_precision)v->u.dur.precision));
    add_true(ms, "planned", v->planned);
    return true;
  case WN_V_QUANTITY:
    add_num(ms, "value", v->u.q.value);
    add_str(ms, "unit", wn_unit_name((wn_unit)v->u.q.unit));
    add_true(ms, "planned", v->planned);
    return true;
  case WN_V_PLACE:
    add_val(ms, "facility", v->u.place.facility);
    add_str(ms, "pad", v->u.place.pad);
    add_str(ms, "country", v->u.place.country);
    return true;
  case WN_V_CREW_MEMBER:
    add_val(ms, "name", v->u.crew.name);
    add_str(ms, "role", v->u.crew.role);
    add_str(ms, "nationality", v->u.crew.nationality);
    if (v->u.crew.flight_number) add_int(ms, "flight_number", v->u.crew.flight_number);
    return true;
  case WN_V_PHOTO:
    add_str(ms, "file", v->u.photo.file);
    add_str(ms, "caption", v->u.photo.caption);
    add_val(ms, "order", v->u.photo.order);
    return true;
  default: return false;
  }
}

/* Written as a JSON string, number or bool (not a container). */
static bool plain(const wn_value *v) {
  return v->kind == WN_V_TEXT || v->kind == WN_V_ENUM || v->kind == WN_V_INTEGER;
}

static size_t plain_chars(const wn_value *v) {
  return v->kind == WN_V_INTEGER ? 8 : v->u.s ? strlen(v->u.s) : 0;
}

static bool members_flat(const members *ms) {
  size_t chars = 0;
  for (size_t i = 0; i < ms->n; i++) {
    const member *m = &ms->m[i];
    if (m->type == M_VAL && !plain(m->v)) return false;
    chars += strlen(m->key) + (m->type == M_STR   ? strlen(m->s)
                               : m->type == M_VAL ? plain_chars(m->v)
                                                  : 8);
  }
  return wn_json_flat_fits(ms->n, chars);
}

static void write_members(wn_jw *w, const members *ms) {
  if (w->style == WN_JSON_FLAT && members_flat(ms))
    wn_jw_object_begin_inline(w);
  else
    wn_jw_object_begin(w);
  for (size_t i = 0; i < ms->n; i++) {
    const member *m = &ms->m[i];
    wn_jw_key(w, m->key);
    switch (m->type) {
    case M_STR: wn_jw_string(w, m->s); break;
    case M_INT: wn_jw_int(w, m->i); break;
    case M_NUM: wn_jw_number(w, m->d); break;
    case M_BOOL: wn_jw_bool(w, true); break;
    default: wn_value_write_json(w, m->v);
    }
  }
  wn_jw_object_end(w);
}

static bool list_flat(const wn_value *v) {
  size_t chars = 0;
  for (size_t i = 0; i < v->u.list.n; i++) {
    if (!plain(v->u.list.items[i])) return false;
    chars += plain_chars(v->u.list.items[i]);
  }
  return wn_json_flat_fits(v->u.list.n, chars);
}

static bool object_flat(const wn_value *v) {
  size_t chars = 0;
  for (size_t i = 0; i < v->u.obj.n; i++) {
    const wn_member *m = &v->u.obj.members[i];
    if (!m->value || !plain(m->value)) return false;
    chars += strlen(m->name) + plain_chars(m->value);
  }
  return wn_json_flat_fits(v->u.obj.n, chars);
}

static void write_claims(wn_jw *w, const wn_value *v) {
  size_t n = 1, chars = strlen("status") + (v->u.claims.status ? strlen(v->u.claims.status) : 0);
  bool flat = !v->u.claims.claims;
  if (v->u.claims.delta) n++, chars += strlen("delta") + strlen(v->u.claims.delta);
  if (v->u.claims.value) {
    n++;
    flat = flat && plain(v->u.claims.value);
    chars += strlen("value") + (flat ? plain_chars(v->u.claims.value) : 0);
  }
  if (w->style == WN_JSON_FLAT && flat && wn_json_flat_fits(n, chars))
    wn_jw_object_begin_inline(w);
  else
    wn_jw_object_begin(w);
  wn_jw_key(w, "status");
  wn_jw_string(w, v->u.claims.status);
  if (v->u.claims.delta) wn_jw_key(w, "delta"), wn_jw_string(w, v->u.claims.delta);
  if (v->u.claims.value) wn_jw_key(w, "value"), wn_value_write_json(w, v->u.claims.value);
  if (v->u.claims.claims) {
    wn_jw_key(w, "claims");
    /* A claims object holds values: never flat unless they all are plain. */
    bool cflat = v->u.claims.nclaims <= 4;
    size_t cchars = 0;
    for (size_t i = 0; i < v->u.claims.nclaims && cflat; i++) {
      const wn_value *c = v->u.claims.claims[i].value;
      cflat = c && plain(c);
      if (cflat) cchars += strlen(v->u.claims.claims[i].lang) + plain_chars(c);
    }
    if (w->style == WN_JSON_FLAT && cflat && cchars <= 72)
      wn_jw_object_begin_inline(w);
    else
      wn_jw_object_begin(w);
    for (size_t i = 0; i < v->u.claims.nclaims; i++) {
      wn_jw_key(w, v->u.claims.claims[i].lang);
      wn_value_write_json(w, v->u.claims.claims[i].value);
    }
    wn_jw_object_end(w);
  }
  wn_jw_object_end(w);
}

void wn_value_write_json(wn_jw *w, const wn_value *v) {
  if (!v) return wn_jw_null(w);
  char buf[64];
  members ms;
  switch (v->kind) {
  case WN_V_TEXT:
  case WN_V_ENUM: wn_jw_string(w, v->u.s ? v->u.s : ""); return;
  case WN_V_INTEGER: wn_jw_int(w, v->u.i); return;
  case WN_V_LIST:
    if (w->style == WN_JSON_FLAT && list_flat(v))
      wn_jw_array_begin_inline(w);
    else
      wn_jw_array_begin(w);
    for (size_t i = 0; i < v->u.list.n; i++) wn_value_write_json(w, v->u.list.items[i]);
    wn_jw_array_end(w);
    return;
  case WN_V_OBJECT:
    if (w->style == WN_JSON_FLAT && object_flat(v))
      wn_jw_object_begin_inline(w);
    else
      wn_jw_object_begin(w);
    for (size_t i = 0; i < v->u.obj.n; i++) {
      if (!v->u.obj.members[i].value) continue;
      wn_jw_key(w, v->u.obj.members[i].name);
      wn_value_write_json(w, v->u.obj.members[i].value);
    }
    wn_jw_object_end(w);
    return;
  case WN_V_CLAIMS: write_claims(w, v); return;
  default:
    if (members_of(v, &ms, buf))
      write_members(w, &ms);
    else
      wn_jw_null(w);
  }
}

/* ---- records ---- */

static void key_string(wn_jw *w, const char *k, const char *s) {
  wn_jw_key(w, k);
  wn_jw_string(w, s);
}

static void key_id(wn_jw *w, const char *k, int64_t id) {
  wn_jw_key(w, k);
  if (id < 0)
    wn_jw_null(w);
  else
    wn_jw_int(w, id);
}

/* {k1: s1, "line", "col", k2: s2}: a provenance entry or a warning. */
static void located(wn_jw *w, const char *k1, const char *s1, uint32_t line, uint32_t col,
                    const char *k2, const char *s2) {
  wn_jw_object_begin(w);
  key_string(w, k1, s1);
  wn_jw_key(w, "line"), wn_jw_int(w, line);
  wn_jw_key(w, "col"), wn_jw_int(w, col);
  key_string(w, k2, s2);
  wn_jw_object_end(w);
}

static void write_normalized(wn_jw *w, const wn_record *r) {
  wn_jw_key(w, "source");
  wn_jw_object_begin(w);
  key_string(w, "file", r->source.file);
  key_string(w, "title", r->source.title);
  key_string(w, "lang", r->source.lang);
  key_string(w, "format", r->source.format);
  key_string(w, "template", r->source.template_name);
  key_string(w, "vocabulary", r->source.vocabulary);
  key_id(w, "page_id", r->source.page_id);
  key_id(w, "revision_id", r->source.revision_id);
  wn_jw_object_end(w);
  wn_jw_key(w, "fields");
  wn_value_write_json(w, r->fields);
  wn_jw_key(w, "extra");
  wn_jw_object_begin(w);
  for (size_t i = 0; i < r->extra.n; i++) {
    const wn_extra *e = &WN_VEC_AT(&r->extra, wn_extra, i);
    key_string(w, e->key, e->raw);
  }
  wn_jw_object_end(w);
  wn_jw_key(w, "provenance");
  wn_jw_object_begin(w);
  for (size_t i = 0; i < r->provenance.n; i++) {
    const wn_provenance *p = &WN_VEC_AT(&r->provenance, wn_provenance, i);
    wn_jw_key(w, p->path);
    located(w, "key", p->key, p->line, p->col, "raw", p->raw);
  }
  wn_jw_object_end(w);
  wn_jw_key(w, "warnings");
  wn_jw_array_begin(w);
  for (size_t i = 0; i < r->warnings.n; i++) {
    const wn_warning *x = &WN_VEC_AT(&r->warnings, wn_warning, i);
    located(w, "path", x->path, x->line, x->col, "message", x->message);
  }
  wn_jw_array_end(w);
}

static size_t chars_of(const char *k, const char *s) { return strlen(k) + (s ? strlen(s) : 8); }

static void write_merged(wn_jw *w, const wn_record *r) {
  wn_jw_key(w, "sources");
  wn_jw_array_begin(w);
  for (size_t i = 0; i < r->sources.n; i++) {
    const wn_source_ref *s = &WN_VEC_AT(&r->sources, wn_source_ref, i);
    size_t n = 2 + (s->title != NULL);
    size_t chars = chars_of("lang", s->lang) + chars_of("file", s->file) +
                   (s->title ? chars_of("title", s->title) : 0);
    if (wn_json_flat_fits(n, chars))
      wn_jw_object_begin_inline(w);
    else
      wn_jw_object_begin(w);
    key_string(w, "lang", s->lang);
    key_string(w, "file", s->file);
    if (s->title) key_string(w, "title", s->title);
    wn_jw_object_end(w);
  }
  wn_jw_array_end(w);
  wn_jw_key(w, "fields");
  wn_value_write_json(w, r->fields);
  wn_jw_key(w, "checks");
  wn_jw_array_begin(w);
  for (size_t i = 0; i < r->checks.n; i++) {
    const wn_check_entry *c = &WN_VEC_AT(&r->checks, wn_check_entry, i);
    size_t n = 2 + (c->lang != NULL) + (c->delta != NULL);
    size_t chars = chars_of("check", c->check) + chars_of("status", c->status) +
                   (c->lang ? chars_of("lang", c->lang) : 0) +
                   (c->delta ? chars_of("delta", c->delta) : 0);
    if (wn_json_flat_fits(n, chars))
      wn_jw_object_begin_inline(w);
    else
      wn_jw_object_begin(w);
    if (c->lang) key_string(w, "lang", c->lang);
    key_string(w, "check", c->check);
    key_string(w, "status", c->status);
    if (c->delta) key_string(w, "delta", c->delta);
    wn_jw_object_end(w);
  }
  wn_jw_array_end(w);
}

bool wn_record_write_json_style(const wn_record *rec, int style, wn_buf *out) {
  wn_jw w;
  wn_jw_init(&w, out, style);
  wn_jw_object_begin(&w);
  key_string(&w, "schema", rec->schema);
  key_string(&w, "key", rec->key);
  key_string(&w, "designation", rec->designation);
  if (rec->merged)
    write_merged(&w, rec);
  else
    write_normalized(&w, rec);
  wn_jw_object_end(&w);
  return wn_jw_ok(&w);
}

bool wn_record_write_json(const wn_record *rec, bool pretty, wn_buf *out) {
  int style = !pretty ? WN_JSON_COMPACT : rec->merged ? WN_JSON_FLAT : WN_JSON_PRETTY;
  return wn_record_write_json_style(rec, style, out);
}

/*
 * The one JSON reader of the library: records written by wikinorm (one
 * object, an array of them, JSON Lines, or pretty records one after
 * another) read back into wn_record values in the list's arena, typed by
 * the mapping (or, for paths it does not know, by their JSON shape).
 *
 * Each value is first checked by a strict RFC 8259 scan, then parsed by
 * cJSON: cJSON is lenient (01, 1.) and returns NULL both for bad syntax
 * and for an allocation failure, without saying where or why. The scan
 * says both, so a broken value is reported at file:line:col and skipped,
 * and a cJSON failure after it is an allocation failure.
 */
#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalize.h"
#include "record.h"

/* ---- the syntax check ---- */

typedef struct scan {
  const char *s;
  size_t len, i;
  int depth;
  const char *error; /* the first syntax error, at error_at */
  size_t error_at;
} scan;

static bool fail(scan *p, const char *message) {
  if (!p->error) p->error = message, p->error_at = p->i;
  return false;
}

static void skip_ws(scan *p) {
  while (p->i < p->len &&
         (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' || p->s[p->i] == '\r'))
    p->i++;
}

static bool take(scan *p, char c) {
  skip_ws(p);
  if (p->i >= p->len || p->s[p->i] != c) return false;
  p->i++;
  return true;
}

static int32_t hex4(scan *p) {
  if (p->len - p->i < 4) return -1;
  int32_t v = 0;
  for (int k = 0; k < 4; k++) {
    char c = p->s[p->i + (size_t)k];
    int h = c >= '0' && c <= '9'   ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                   : -1;
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  p->i += 4;
  return v;
}

/* \uXXXX, with a surrogate pair as one code point; 0 and lone surrogates
 * are errors (strings are C strings; the text must stay valid UTF-8). */
static bool unicode_escape(scan *p) {
  int32_t cp = hex4(p);
  if (cp < 0) return fail(p, "bad \\u escape");
  if (cp >= 0xD800 && cp < 0xDC00 && p->len - p->i >= 6 && p->s[p->i] == '\\' &&
      p->s[p->i + 1] == 'u') {
    p->i += 2;
    int32_t lo = hex4(p);
    if (lo < 0xDC00 || lo > 0xDFFF) return fail(p, "a lone surrogate in a \\u escape");
  } else if (cp >= 0xD800 && cp < 0xE000) {
    return fail(p, "a lone surrogate in a \\u escape");
  }
  if (!cp) return fail(p, "\\u0000 in a string");
  return true;
}

static bool string(scan *p) {
  size_t open = p->i++;
  while (p->i < p->len) {
    while (p->i < p->len && p->s[p->i] != '"' && p->s[p->i] != '\\' &&
           (unsigned char)p->s[p->i] >= 0x20)
      p->i++;
    if (p->i >= p->len) break;
    char c = p->s[p->i++];
    if (c == '"') return true;
    if (c != '\\') return p->i--, fail(p, "a control character in a string");
    if (p->i >= p->len) break;
    c = p->s[p->i];
    if (c == 'u') {
      p->i++;
      if (!unicode_escape(p)) return false;
    } else if (c && strchr("\"\\/bfnrt", c)) {
      p->i++;
    } else {
      return fail(p, "a bad escape in a string");
    }
  }
  p->i = open;
  return fail(p, "an unterminated string");
}

static size_t digits(scan *p) {
  size_t n = 0;
  while (p->i < p->len && p->s[p->i] >= '0' && p->s[p->i] <= '9') p->i++, n++;
  return n;
}

static bool number(scan *p) {
  size_t start = p->i;
  if (p->s[p->i] == '-') p->i++;
  size_t first = p->i, n = digits(p);
  if (!n || (n > 1 && p->s[first] == '0')) return p->i = start, fail(p, "a bad number");
  if (p->i < p->len && p->s[p->i] == '.' && (p->i++, !digits(p))) return fail(p, "a bad number");
  if (p->i < p->len && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
    p->i++;
    if (p->i < p->len && (p->s[p->i] == '+' || p->s[p->i] == '-')) p->i++;
    if (!digits(p)) return fail(p, "a bad number");
  }
  if (p->i - start >= 64) return p->i = start, fail(p, "a number too long");
  return true;
}

static bool value(scan *p);

/* The members of an object or the items of an array, after its bracket. */
static bool container(scan *p, bool object) {
  if (++p->depth > CJSON_NESTING_LIMIT) return fail(p, "nested too deeply");
  char close = object ? '}' : ']';
  if (!take(p, close)) {
    do {
      if (object) {
        skip_ws(p);
        if (p->i >= p->len || p->s[p->i] != '"') return fail(p, "expected a member name");
        if (!string(p)) return false;
        if (!take(p, ':')) return fail(p, "expected ':'");
      }
      if (!value(p)) return false;
    } while (take(p, ','));
    if (!take(p, close)) return fail(p, object ? "expected ',' or '}'" : "expected ',' or ']'");
  }
  p->depth--;
  return true;
}

static bool value(scan *p) {
  skip_ws(p);
  if (p->i >= p->len) return fail(p, "a value is missing");
  char c = p->s[p->i];
  if (c == '{' || c == '[') return p->i++, container(p, c == '{');
  if (c == '"') return string(p);
  if (c == '-' || (c >= '0' && c <= '9')) return number(p);
  static const char *const words[] = {"true", "false", "null"};
  for (int k = 0; k < 3; k++) {
    size_t n = strlen(words[k]);
    if (p->len - p->i >= n && !memcmp(p->s + p->i, words[k], n)) return p->i += n, true;
  }
  return fail(p, "an unexpected character");
}

/* ---- typing ---- */

typedef struct reader {
  wn_arena *a;
  const wn_mapping *m;
  bool nomem;
} reader;

static const char *str_of(reader *r, const cJSON *j) {
  if (!cJSON_IsString(j)) return NULL;
  char *s = wn_arena_strndup(r->a, j->valuestring, strlen(j->valuestring));
  if (!s) r->nomem = true;
  return s;
}

static const char *copy_str(reader *r, const char *s) {
  char *d = s ? wn_arena_strndup(r->a, s, strlen(s)) : NULL;
  if (s && !d) r->nomem = true;
  return d;
}

static const cJSON *get(const cJSON *o, const char *k) {
  return cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, k) : NULL;
}

static const char *member_str(reader *r, const cJSON *o, const char *k) {
  return str_of(r, get(o, k));
}

/* The mapping's type of a top-level field path, or of field name of the
 * elements of a List field (family fam); -1 when unknown. */
static int path_type(const reader *r, int fam, const char *path) {
  for (size_t f = 0; r->m && f < r->m->nfamilies; f++) {
    const wn_map_family *x = &r->m->families[f];
    if (fam >= 0 ? (int)f != fam : x->parent >= 0) continue;
    for (size_t k = 0; k < x->nfields; k++)
      if (!strcmp(x->fields[k].path, path)) return x->fields[k].type;
  }
  return -1;
}

/* The sub-family whose templates fill List field path, or -1. */
static int list_family(const reader *r, const char *path) {
  for (size_t f = 0; path && r->m && f < r->m->nfamilies; f++)
    if (r->m->families[f].list && !strcmp(r->m->families[f].list, path)) return (int)f;
  return -1;
}

static wn_value *new_value(reader *r, wn_vkind k) {
  wn_value *v = wn_value_new(r->a, k);
  if (!v) r->nomem = true;
  return v;
}

/* Appends a member without looking for an existing one (linear on
 * objects of any size; a repeated JSON key keeps both, the first wins). */
static bool append(reader *r, wn_value *obj, const char *name, wn_value *v) {
  if (obj->u.obj.n == obj->u.obj.cap) {
    size_t cap = obj->u.obj.cap ? obj->u.obj.cap * 2 : 8;
    wn_member *m = wn_arena_alloc(r->a, cap * sizeof *m);
    if (!m) return r->nomem = true, false;
    if (obj->u.obj.n) memcpy(m, obj->u.obj.members, obj->u.obj.n * sizeof *m);
    obj->u.obj.members = m, obj->u.obj.cap = cap;
  }
  obj->u.obj.members[obj->u.obj.n++] = (wn_member){name, v};
  return true;
}

/* "2016-10-19T08:05:00Z", or a prefix of it; a fraction of a second is
 * kept with its digits. Years are bounded so that seconds never overflow. */
static bool parse_utc(const char *s, wn_value *v) {
  long long y = 0;
  int mo = 1, d = 1, h = 0, mi = 0, sec = 0, used = 0;
  int n = sscanf(s, "%lld%n-%d%n-%d%nT%d%n:%d%n:%d%n", &y, &used, &mo, &used, &d, &used, &h, &used,
                 &mi, &used, &sec, &used);
  if (n < 1 || y < -99999 || y > 99999) return false;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 24 || mi < 0 || mi > 59 || sec < 0 ||
      sec > 60)
    return false;
  const char *f = s + used;
  uint32_t nanos = 0;
  unsigned nd = 0;
  if (*f == '.')
    for (f++; *f >= '0' && *f <= '9'; f++)
      if (nd < 9) nanos = nanos * 10 + (uint32_t)(*f - '0'), nd++;
  for (unsigned k = nd; k < 9; k++) nanos *= 10;
  v->u.ts.epoch = wn_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
  v->u.ts.nanos = nanos;
  v->u.ts.frac_digits = (uint8_t)nd;
  return true;
}

/* Seconds of an ISO 8601 duration, for records without "seconds". Years
 * and months count as 365 and 30 days. */
static bool iso_duration_seconds(const char *s, int64_t *out) {
  if (!s || *s != 'P') return false;
  bool time = false;
  double total = 0;
  for (s++; *s;) {
    if (*s == 'T') {
      time = true, s++;
      continue;
    }
    char *end;
    double v = strtod(s, &end);
    if (end == s) return false;
    switch (*end) {
    case 'Y': total += v * 365 * 86400; break;
    case 'M': total += time ? v * 60 : v * 30 * 86400; break;
    case 'W': total += v * 7 * 86400; break;
    case 'D': total += v * 86400; break;
    case 'H': total += v * 3600; break;
    case 'S': total += v; break;
    default: return false;
    }
    s = end + 1;
  }
  if (!(fabs(total) <= 1e14)) return false;
  *out = (int64_t)llround(total);
  return true;
}

static wn_precision precision_of(const cJSON *o) {
  const cJSON *p = get(o, "precision");
  return cJSON_IsString(p) ? wn_precision_from_name(p->valuestring) : WN_PREC_NONE;
}

static bool planned_of(const cJSON *o) { return cJSON_IsTrue(get(o, "planned")); }

static wn_value *to_value(reader *r, const cJSON *j, int type, int fam);

/* The type of an element of a list the mapping does not type: an object
 * with a name there is a crew member. */
enum { IN_LIST = -3 };

static wn_value *typed_object(reader *r, const cJSON *j, int fam) {
  wn_value *v = new_value(r, WN_V_OBJECT);
  for (const cJSON *c = j->child; v && c && !r->nomem; c = c->next) {
    wn_value *x = to_value(r, c, fam >= 0 ? path_type(r, fam, c->string) : -1, -1);
    const char *name = x ? copy_str(r, c->string) : NULL;
    if (x && name) append(r, v, name, x);
  }
  return r->nomem ? NULL : v;
}

static wn_value *entity_or_langtext(reader *r, const cJSON *j, bool langtext) {
  wn_value *v = new_value(r, langtext ? WN_V_LANGTEXT : WN_V_ENTITY);
  if (!v) return NULL;
  if (cJSON_IsString(j)) {
    if (langtext)
      v->u.lt.en = str_of(r, j);
    else
      v->u.ent.label = str_of(r, j);
  } else if (langtext) {
    v->u.lt.zh = member_str(r, j, "zh"), v->u.lt.en = member_str(r, j, "en");
    for (const cJSON *c = j->child; c; c = c->next)
      if (cJSON_IsString(c) && strcmp(c->string, "zh") && strcmp(c->string, "en")) {
        v->u.lt.other_lang = copy_str(r, c->string);
        v->u.lt.other = str_of(r, c);
        break;
      }
  } else {
    v->u.ent.en = member_str(r, j, "en"), v->u.ent.zh = member_str(r, j, "zh");
    v->u.ent.label = member_str(r, j, "label"), v->u.ent.id = member_str(r, j, "id");
  }
  return r->nomem ? NULL : v;
}

static bool has(const cJSON *o, const char *k) { return get(o, k) != NULL; }

/* An object by its type, else by its shape. */
static wn_value *object_value(reader *r, const cJSON *j, int type, int fam) {
  wn_value *v = NULL;
  if (has(j, "utc")) {
    const cJSON *utc = get(j, "utc");
    if (!cJSON_IsString(utc) || !(v = new_value(r, WN_V_TIMESTAMP))) return typed_object(r, j, -1);
    if (!parse_utc(utc->valuestring, v)) return typed_object(r, j, -1);
    v->u.ts.precision = (uint8_t)precision_of(j);
    const cJSON *z = get(j, "zone");
    const char *zn = cJSON_IsString(z) ? z->valuestring : "";
    for (int k = WN_ZONE_VALUE; k <= WN_ZONE_ASSUMED_UTC; k++)
      if (!strcmp(zn, wn_zone_source_name((wn_zone_source)k))) v->u.ts.zone = (uint8_t)k;
    v->planned = planned_of(j);
    return v;
  }
  if (has(j, "seconds") || has(j, "iso8601")) {
    const cJSON *s = get(j, "seconds"), *iso = get(j, "iso8601");
    int64_t secs;
    if (cJSON_IsNumber(s) && fabs(s->valuedouble) <= 1e14)
      secs = (int64_t)llround(s->valuedouble);
    else if (!cJSON_IsString(iso) || !iso_duration_seconds(iso->valuestring, &secs))
      return typed_object(r, j, -1);
    if (!(v = new_value(r, WN_V_DURATION))) return NULL;
    v->u.dur.seconds = secs, v->u.dur.precision = (uint8_t)precision_of(j);
    v->planned = planned_of(j);
    return v;
  }
  if (has(j, "value") && has(j, "unit")) {
    const cJSON *x = get(j, "value"), *u = get(j, "unit");
    int unit = cJSON_IsString(u) ? wn_unit_from_name(u->valuestring) : -1;
    if (!cJSON_IsNumber(x) || unit < 0) return typed_object(r, j, -1);
    if (!(v = new_value(r, WN_V_QUANTITY))) return NULL;
    v->u.q.value = x->valuedouble, v->u.q.unit = (uint8_t)unit, v->planned = planned_of(j);
    return v;
  }
  if (type == WN_VT_PLACE || has(j, "facility") || has(j, "pad") || has(j, "country")) {
    if (!(v = new_value(r, WN_V_PLACE))) return NULL;
    const cJSON *f = get(j, "facility");
    if (f && !cJSON_IsNull(f)) v->u.place.facility = entity_or_langtext(r, f, false);
    v->u.place.pad = member_str(r, j, "pad"), v->u.place.country = member_str(r, j, "country");
    return r->nomem ? NULL : v;
  }
  if (has(j, "key") && has(j, "designation")) {
    if (!(v = new_value(r, WN_V_MISSION))) return NULL;
    v->u.mission.key = member_str(r, j, "key");
    v->u.mission.designation = member_str(r, j, "designation");
    return r->nomem ? NULL : v;
  }
  if (type == WN_VT_PHOTO || has(j, "file")) {
    if (!(v = new_value(r, WN_V_PHOTO))) return NULL;
    v->u.photo.file = member_str(r, j, "file"), v->u.photo.caption = member_str(r, j, "caption");
    const cJSON *o = get(j, "order");
    if (cJSON_IsArray(o)) v->u.photo.order = to_value(r, o, WN_VT_TEXT, -1);
    return r->nomem ? NULL : v;
  }
  if (type == WN_VT_CREW_LIST ||
      (cJSON_IsObject(get(j, "name")) &&
       (has(j, "role") || has(j, "nationality") || has(j, "flight_number") || type == IN_LIST))) {
    if (!(v = new_value(r, WN_V_CREW_MEMBER))) return NULL;
    const cJSON *n = get(j, "name"), *fn = get(j, "flight_number");
    if (n && !cJSON_IsNull(n)) v->u.crew.name = entity_or_langtext(r, n, true);
    v->u.crew.role = member_str(r, j, "role");
    v->u.crew.nationality = member_str(r, j, "nationality");
    if (cJSON_IsNumber(fn) && fabs(fn->valuedouble) < 1e9) v->u.crew.flight_number = fn->valueint;
    return r->nomem ? NULL : v;
  }
  if (has(j, "en") || has(j, "zh") || has(j, "label"))
    return entity_or_langtext(r, j, type == WN_VT_LANGTEXT);
  if (has(j, "text") && !j->child->next && cJSON_IsString(j->child)) {
    if (!(v = new_value(r, WN_V_UNPARSED))) return NULL;
    v->u.s = str_of(r, j->child);
    return r->nomem ? NULL : v;
  }
  return typed_object(r, j, fam);
}

/* One JSON value as a typed value; NULL for null (absent) or on failure
 * (r->nomem). type: the mapping's wn_value_type, -1 when unknown; fam:
 * the sub-family of the elements of a List field. */
static wn_value *to_value(reader *r, const cJSON *j, int type, int fam) {
  wn_value *v = NULL;
  if (r->nomem || !j || cJSON_IsNull(j)) return NULL;
  if (cJSON_IsBool(j)) {
    v = wn_value_str(r->a, WN_V_TEXT, cJSON_IsTrue(j) ? "true" : "false", cJSON_IsTrue(j) ? 4 : 5);
  } else if (cJSON_IsNumber(j)) {
    double d = j->valuedouble;
    if (d == floor(d) && fabs(d) < 9.2e18) {
      v = wn_value_int(r->a, (int64_t)d);
    } else { /* not a count: kept as its text */
      char s[32];
      snprintf(s, sizeof s, "%.17g", d);
      v = wn_value_str(r->a, WN_V_TEXT, s, strlen(s));
    }
  } else if (cJSON_IsString(j)) {
    bool e = type == WN_VT_ENUM_ORBIT_REFERENCE || type == WN_VT_ENUM_ORBIT_REGIME ||
             type == WN_VT_ENUM_CENTRAL_BODY;
    v = wn_value_str(r->a, e ? WN_V_ENUM : WN_V_TEXT, j->valuestring, strlen(j->valuestring));
  } else if (cJSON_IsArray(j)) {
    int item = type == WN_VT_ENTITY_LIST                       ? WN_VT_ENTITY
               : type == WN_VT_CREW_LIST || type == WN_VT_TEXT ? type
                                                               : IN_LIST;
    if (!(v = new_value(r, WN_V_LIST))) return NULL;
    for (const cJSON *c = j->child; c && !r->nomem; c = c->next) {
      wn_value *x = to_value(r, c, item, fam);
      if (x && !wn_value_push(r->a, v, x)) r->nomem = true;
    }
    return r->nomem ? NULL : v;
  } else if (cJSON_IsObject(j)) {
    return object_value(r, j, type, fam);
  } else {
    return NULL;
  }
  if (!v) r->nomem = true;
  return v;
}

/* ---- records ---- */

typedef struct tree {
  reader *r;
  wn_record *rec;
  wn_map nodes; /* dotted path -> its OBJECT in rec->fields */
} tree;

/* The OBJECT at a dotted path of the fields, created on the way. */
static wn_value *node_at(tree *t, const char *path, size_t len) {
  if (!len) return t->rec->fields;
  wn_value *v = wn_map_get(&t->nodes, path, len);
  if (v) return v;
  size_t dot = len;
  while (dot && path[dot - 1] != '.') dot--;
  wn_value *parent = node_at(t, path, dot ? dot - 1 : 0);
  const char *key = wn_arena_strndup(t->r->a, path, len);
  const char *name = key ? key + dot : NULL;
  bool created;
  wn_map_slot *slot = name ? wn_map_put(&t->nodes, key, len, &created) : NULL;
  v = slot && parent ? new_value(t->r, WN_V_OBJECT) : NULL;
  if (!v || !append(t->r, parent, name, v)) return t->r->nomem = true, NULL;
  slot->value = v;
  return v;
}

/* A leaf value at a dotted path. */
static void put_leaf(tree *t, const char *path, wn_value *v) {
  size_t len = strlen(path), dot = len;
  while (dot && path[dot - 1] != '.') dot--;
  wn_value *parent = node_at(t, path, dot ? dot - 1 : 0);
  if (parent) append(t->r, parent, path + dot, v);
}

/* One leaf of a merged record: {"status", "delta"?, "value"?, "claims"?}. */
static wn_value *claims_value(reader *r, const cJSON *j, int type, int fam) {
  wn_value *v = new_value(r, WN_V_CLAIMS);
  if (!v) return NULL;
  v->u.claims.status = member_str(r, j, "status");
  v->u.claims.delta = member_str(r, j, "delta");
  v->u.claims.value = to_value(r, get(j, "value"), type, fam);
  const cJSON *c = get(j, "claims");
  size_t n = 0;
  for (const cJSON *x = cJSON_IsObject(c) ? c->child : NULL; x; x = x->next) n++;
  if (n && !(v->u.claims.claims = wn_arena_calloc(r->a, n, sizeof(wn_claim)))) r->nomem = true;
  for (const cJSON *x = n ? c->child : NULL; x && !r->nomem; x = x->next) {
    wn_value *cv = to_value(r, x, type, fam);
    if (cv) v->u.claims.claims[v->u.claims.nclaims++] = (wn_claim){copy_str(r, x->string), cv};
  }
  return r->nomem ? NULL : v;
}

/* The members of a fields object (nested, or flat dotted keys of older
 * files) under prefix. */
static void read_fields(tree *t, const cJSON *j, const char *prefix) {
  reader *r = t->r;
  for (const cJSON *c = j->child; c && !r->nomem; c = c->next) {
    const char *path =
        prefix ? wn_arena_printf(r->a, "%s.%s", prefix, c->string) : copy_str(r, c->string);
    if (!path) return (void)(r->nomem = true);
    int type = path_type(r, -1, path), fam = list_family(r, path);
    wn_value *v = NULL;
    if (t->rec->merged && cJSON_IsString(get(c, "status"))) {
      v = claims_value(r, c, type, fam);
    } else if (cJSON_IsObject(c) && type < 0) {
      v = object_value(r, c, -1, -1);
      if (v && v->kind == WN_V_OBJECT) { /* nesting */
        if (node_at(t, path, strlen(path))) read_fields(t, c, path);
        continue;
      }
    } else {
      v = to_value(r, c, type, fam);
    }
    if (v) put_leaf(t, path, v);
  }
}

static uint32_t u32_of(const cJSON *j) {
  return cJSON_IsNumber(j) && j->valuedouble > 0 && j->valuedouble < 4e9 ? (uint32_t)j->valuedouble
                                                                         : 0;
}

static int64_t id_of(const cJSON *j) {
  return cJSON_IsNumber(j) && j->valuedouble >= 0 && j->valuedouble < 9e18 ? (int64_t)j->valuedouble
                                                                           : -1;
}

/* Provenance by dotted path (flat), or nested by path segments. */
static void read_provenance(reader *r, wn_record *rec, const cJSON *j, const char *prefix) {
  for (const cJSON *c = cJSON_IsObject(j) ? j->child : NULL; c && !r->nomem; c = c->next) {
    const char *path =
        prefix ? wn_arena_printf(r->a, "%s.%s", prefix, c->string) : copy_str(r, c->string);
    if (!path) return (void)(r->nomem = true);
    if (!cJSON_IsObject(c)) continue;
    if (!has(c, "line") && !has(c, "key") && !has(c, "raw") && !has(c, "col")) {
      read_provenance(r, rec, c, path);
      continue;
    }
    wn_provenance p = {path, member_str(r, c, "key"), u32_of(get(c, "line")), u32_of(get(c, "col")),
                       member_str(r, c, "raw")};
    if (!r->nomem && !wn_record_add_provenance(rec, &p)) r->nomem = true;
  }
}

static void read_record(reader *r, wn_record *rec, const cJSON *j) {
  const char *schema = member_str(r, j, "schema");
  if (schema) rec->schema = schema;
  rec->key = member_str(r, j, "key");
  rec->designation = member_str(r, j, "designation");
  const cJSON *s = get(j, "source");
  rec->source.file = member_str(r, s, "file");
  rec->source.title = member_str(r, s, "title");
  rec->source.lang = member_str(r, s, "lang");
  rec->source.format = member_str(r, s, "format");
  rec->source.template_name = member_str(r, s, "template");
  rec->source.vocabulary = member_str(r, s, "vocabulary");
  rec->source.page_id = id_of(get(s, "page_id"));
  rec->source.revision_id = id_of(get(s, "revision_id"));
  tree t = {r, rec, {0}};
  wn_map_init(&t.nodes, r->a);
  read_fields(&t, get(j, "fields"), NULL);
  const cJSON *e = get(j, "extra");
  for (const cJSON *c = cJSON_IsObject(e) ? e->child : NULL; c && !r->nomem; c = c->next)
    if (cJSON_IsString(c) && !wn_record_add_extra(rec, copy_str(r, c->string), str_of(r, c)))
      r->nomem = true;
  read_provenance(r, rec, get(j, "provenance"), NULL);
  const cJSON *w = get(j, "warnings");
  for (const cJSON *c = cJSON_IsArray(w) ? w->child : NULL; c && !r->nomem; c = c->next)
    if (!wn_record_add_warning(rec, member_str(r, c, "path"), u32_of(get(c, "line")),
                               u32_of(get(c, "col")), member_str(r, c, "message")))
      r->nomem = true;
  const cJSON *src = get(j, "sources");
  for (const cJSON *c = cJSON_IsArray(src) ? src->child : NULL; c && !r->nomem; c = c->next) {
    wn_source_ref x = {member_str(r, c, "lang"), member_str(r, c, "file"),
                       member_str(r, c, "title")};
    if (!wn_vec_push(r->a, &rec->sources, sizeof x, &x)) r->nomem = true;
  }
  const cJSON *ch = get(j, "checks");
  for (const cJSON *c = cJSON_IsArray(ch) ? ch->child : NULL; c && !r->nomem; c = c->next) {
    wn_check_entry x = {member_str(r, c, "lang"), member_str(r, c, "check"),
                        member_str(r, c, "status"), member_str(r, c, "delta")};
    if (!wn_vec_push(r->a, &rec->checks, sizeof x, &x)) r->nomem = true;
  }
}

/* One parsed JSON value: a record, or an array of records. Anything else
 * is an error at the value's position. */
static wn_status add_value(reader *r, wn_record_list *l, const cJSON *v, const char *file,
                           uint32_t line, uint32_t col, wn_diag_sink *sink) {
  if (cJSON_IsArray(v)) {
    wn_status st = WN_OK;
    for (const cJSON *c = v->child; c && st != WN_ERR_NOMEM; c = c->next) {
      wn_status one = add_value(r, l, c, file, line, col, sink);
      if (one != WN_OK) st = one;
    }
    return st;
  }
  if (!cJSON_IsObject(get(v, "fields"))) {
    wn_report(sink, file, line, col, WN_ERROR, "not a wikinorm record (no \"fields\" object)");
    return WN_ERR_INPUT;
  }
  const cJSON *schema = get(v, "schema");
  bool merged =
      cJSON_IsString(schema) && !strncmp(schema->valuestring, "wikinorm/spaceflight-merged/", 28);
  wn_record *rec = wn_record_new(r->a, merged);
  if (!rec) return WN_ERR_NOMEM;
  rec->input = file, rec->input_line = line;
  read_record(r, rec, v);
  if (r->nomem) return WN_ERR_NOMEM;
  return wn_record_list_push(l, rec, false);
}

/* Line and column (in code points) of offsets met in increasing order. */
typedef struct cursor {
  const char *text;
  size_t off;
  uint32_t line, col;
} cursor;

static void cursor_to(cursor *c, size_t off) {
  for (; c->off < off; c->off++) {
    if (c->text[c->off] == '\n')
      c->line++, c->col = 1;
    else if (((unsigned char)c->text[c->off] & 0xC0) != 0x80)
      c->col++;
  }
}

static size_t skip_space(const char *s, size_t i, size_t len) {
  if (i == 0 && len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) i = 3; /* a byte-order mark */
  while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
  return i;
}

/* After a broken value: the next line that starts a value at its first
 * column, as every JSON Lines record and every pretty record does. */
static size_t next_value_line(const char *s, size_t i, size_t len) {
  for (; i < len; i++)
    if (s[i] == '\n' && i + 1 < len && (s[i + 1] == '{' || s[i + 1] == '[')) return i + 1;
  return len;
}

wn_status wn_record_list_read_json(wn_record_list *l, const wn_context *ctx, const char *json,
                                   size_t len, const char *file, wn_diag_sink *sink) {
  if (!l || !json) return WN_ERR_USAGE;
  reader r = {l->arena, ctx ? wn_context_mapping(ctx) : NULL, false};
  file = copy_str(&r, file ? file : "<input>");
  if (!file) return WN_ERR_NOMEM;
  wn_status worst = WN_OK;
  cursor at = {json, 0, 1, 1};
  for (size_t i = skip_space(json, 0, len); i < len; i = skip_space(json, i, len)) {
    scan p = {json, len, i, 0, NULL, 0};
    bool good = value(&p);
    cursor_to(&at, i);
    if (!good) {
      cursor bad = at;
      cursor_to(&bad, p.error_at);
      if (bad.line == at.line)
        wn_report(sink, file, bad.line, bad.col, WN_ERROR, "invalid JSON: %s", p.error);
      else
        wn_report(sink, file, at.line, at.col, WN_ERROR,
                  "invalid JSON: the value starting here breaks at line %u, column %u: %s",
                  bad.line, bad.col, p.error);
      worst = WN_ERR_INPUT;
      i = next_value_line(json, i, len);
      continue;
    }
    /* The scan passed: a cJSON failure now is an allocation failure. */
    cJSON *v = cJSON_ParseWithLength(json + i, p.i - i);
    if (!v) return WN_ERR_NOMEM;
    wn_status st = add_value(&r, l, v, file, at.line, at.col, sink);
    cJSON_Delete(v);
    if (st == WN_ERR_NOMEM) return st;
    if (st != WN_OK) worst = st;
    i = p.i;
  }
  return worst;
}

wn_value *wn_value_read_json(wn_arena *a, const wn_context *ctx, const char *path, const char *json,
                             size_t len) {
  scan p = {json, len, 0, 0, NULL, 0};
  if (!value(&p)) return NULL;
  cJSON *j = cJSON_ParseWithLength(json, len);
  reader r = {a, ctx ? wn_context_mapping(ctx) : NULL, false};
  wn_value *v =
      j ? to_value(&r, j, path ? path_type(&r, -1, path) : -1, path ? list_family(&r, path) : -1)
        : NULL;
  cJSON_Delete(j);
  return r.nomem ? NULL : v;
}

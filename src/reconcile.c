/*
 * Reconcile: records of the same mission from several languages compared
 * field by field (SCHEMA.md section 4). `merge` writes one merged record
 * per mission key, `diff` the fields of two inputs that are not equal,
 * `check` the internal checks of every record. The comparisons themselves
 * are in compare.c.
 */
#include "compare.h"
#include "values.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- records ---- */

typedef struct rec {
  cJSON *json;
  const cJSON *fields, *prov;
  const char *key, *designation, *lang, *file, *title;
} rec;

struct wn_records {
  rec *v;
  size_t n, cap;
  char **inputs; /* input names of records without source.file */
  size_t ninputs, cap_inputs;
};

wn_records *wn_records_new(void) {
  wn_records *r = wn_malloc(sizeof *r);
  if (r) *r = (wn_records){0};
  return r;
}

void wn_records_free(wn_records *r) {
  if (!r) return;
  for (size_t i = 0; i < r->n; i++) cJSON_Delete(r->v[i].json);
  for (size_t i = 0; i < r->ninputs; i++) wn_free(r->inputs[i]);
  wn_free(r->v);
  wn_free(r->inputs);
  wn_free(r);
}

size_t wn_records_count(const wn_records *r) { return r ? r->n : 0; }

static bool grow(void **v, size_t *cap, size_t need, size_t size) {
  if (need <= *cap) return true;
  size_t cap2 = *cap ? *cap * 2 : 8;
  while (cap2 < need) cap2 *= 2;
  void *p = wn_realloc(*v, cap2 * size);
  if (!p) return false;
  *v = p, *cap = cap2;
  return true;
}

static const char *json_str(const cJSON *o, const char *k) {
  const cJSON *v = cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, k) : NULL;
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A copy of the input's name kept for the records' lifetime. */
static const char *keep_input_name(wn_records *r, const char *file) {
  if (r->ninputs && !strcmp(r->inputs[r->ninputs - 1], file)) return r->inputs[r->ninputs - 1];
  size_t n = strlen(file);
  char *copy = wn_malloc(n + 1);
  if (!copy || !grow((void **)&r->inputs, &r->cap_inputs, r->ninputs + 1, sizeof *r->inputs)) {
    wn_free(copy);
    return NULL;
  }
  memcpy(copy, file, n + 1);
  return r->inputs[r->ninputs++] = copy;
}

/* Takes ownership of one record object. */
static wn_status add_record(wn_records *r, cJSON *json, const char *input) {
  if (!grow((void **)&r->v, &r->cap, r->n + 1, sizeof *r->v)) return WN_ERR_NOMEM;
  const cJSON *source = cJSON_GetObjectItemCaseSensitive(json, "source");
  rec *x = &r->v[r->n];
  *x = (rec){.json = json};
  x->fields = cJSON_GetObjectItemCaseSensitive(json, "fields");
  x->prov = cJSON_GetObjectItemCaseSensitive(json, "provenance");
  x->key = json_str(json, "key");
  x->designation = json_str(json, "designation");
  x->lang = json_str(source, "lang");
  x->title = json_str(source, "title");
  x->file = json_str(source, "file");
  if (!x->file || !*x->file) x->file = keep_input_name(r, input);
  if (!x->file) return WN_ERR_NOMEM;
  r->n++;
  return WN_OK;
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

/* One parsed JSON value: a record, or an array of records. Anything else
 * is an error at the value's position (reported; the value is skipped
 * and reading goes on). Takes ownership of v. */
static wn_status add_value(wn_records *r, cJSON *v, const char *file, uint32_t line, uint32_t col,
                           wn_diag_sink *sink) {
  wn_status st = WN_OK;
  if (cJSON_IsArray(v)) {
    cJSON *item;
    while (st != WN_ERR_NOMEM && (item = cJSON_DetachItemFromArray(v, 0))) {
      wn_status one = add_value(r, item, file, line, col, sink);
      if (one != WN_OK) st = one;
    }
  } else if (json_str(v, "schema") &&
             !strncmp(json_str(v, "schema"), "wikinorm/spaceflight-merged/", 28)) {
    wn_report(sink, file, line, col, WN_ERROR, "a merged record cannot be merged again");
    st = WN_ERR_INPUT;
  } else if (!cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(v, "fields"))) {
    wn_report(sink, file, line, col, WN_ERROR, "not a wikinorm record (no \"fields\" object)");
    st = WN_ERR_INPUT;
  } else {
    st = add_record(r, v, file);
    if (st == WN_OK) return WN_OK; /* r owns v now */
  }
  cJSON_Delete(v);
  return st;
}

/* ---- a JSON reader ----
 *
 * Records are read by this small parser rather than cJSON_Parse so that a
 * broken value (reported where it breaks) is told apart from an
 * allocation failure (WN_ERR_NOMEM): cJSON_Parse returns NULL for both.
 * It builds cJSON values, RFC 8259 strictly, to cJSON's nesting limit. */

typedef struct jparser {
  const char *s;
  size_t len, i;
  int depth;
  bool nomem;
  const char *error; /* the first syntax error, at error_at */
  size_t error_at;
  wn_buf text; /* a decoded string */
} jparser;

static cJSON *jp_value(jparser *p);

static cJSON *jp_error(jparser *p, const char *message) {
  if (!p->error) p->error = message, p->error_at = p->i;
  return NULL;
}

static void jp_space(jparser *p) {
  while (p->i < p->len &&
         (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' || p->s[p->i] == '\r'))
    p->i++;
}

static bool jp_take(jparser *p, char c) {
  jp_space(p);
  if (p->i >= p->len || p->s[p->i] != c) return false;
  p->i++;
  return true;
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static int32_t jp_hex4(jparser *p) {
  if (p->len - p->i < 4) return -1;
  int32_t v = 0;
  for (int k = 0; k < 4; k++) {
    int h = hex_value(p->s[p->i + (size_t)k]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  p->i += 4;
  return v;
}

static void put_utf8(wn_buf *b, int32_t cp) {
  char u[4];
  size_t n;
  if (cp < 0x80)
    u[0] = (char)cp, n = 1;
  else if (cp < 0x800)
    u[0] = (char)(0xC0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
  else if (cp < 0x10000)
    u[0] = (char)(0xE0 | cp >> 12), u[1] = (char)(0x80 | (cp >> 6 & 0x3F)),
    u[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
  else
    u[0] = (char)(0xF0 | cp >> 18), u[1] = (char)(0x80 | (cp >> 12 & 0x3F)),
    u[2] = (char)(0x80 | (cp >> 6 & 0x3F)), u[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
  wn_buf_append(b, u, n);
}

/* \uXXXX, with a surrogate pair as one code point; 0 and lone surrogates
 * are errors (strings are C strings; the text must stay valid UTF-8). */
static bool jp_unicode_escape(jparser *p) {
  int32_t cp = jp_hex4(p);
  if (cp < 0) return jp_error(p, "bad \\u escape"), false;
  if (cp >= 0xD800 && cp < 0xDC00 && p->len - p->i >= 6 && p->s[p->i] == '\\' &&
      p->s[p->i + 1] == 'u') {
    p->i += 2;
    int32_t lo = jp_hex4(p);
    if (lo < 0xDC00 || lo > 0xDFFF) return jp_error(p, "a lone surrogate in a \\u escape"), false;
    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
  } else if (cp >= 0xD800 && cp < 0xE000) {
    return jp_error(p, "a lone surrogate in a \\u escape"), false;
  }
  if (!cp) return jp_error(p, "\\u0000 in a string"), false;
  put_utf8(&p->text, cp);
  return true;
}

/* A string into p->text (NUL-terminated); p->i is at its quote. */
static bool jp_string(jparser *p) {
  size_t open = p->i;
  wn_buf_clear(&p->text);
  wn_buf_append(&p->text, "", 0);
  p->i++;
  while (p->i < p->len) {
    size_t run = p->i;
    while (p->i < p->len && p->s[p->i] != '"' && p->s[p->i] != '\\' &&
           (unsigned char)p->s[p->i] >= 0x20)
      p->i++;
    wn_buf_append(&p->text, p->s + run, p->i - run);
    if (p->i >= p->len) break;
    char c = p->s[p->i++];
    if (c == '"') return !(p->nomem = p->text.failed);
    if (c != '\\') return p->i--, jp_error(p, "a control character in a string"), false;
    if (p->i >= p->len) break;
    static const char escapes[] = "\"\"\\\\//b\bf\fn\nr\rt\t";
    const char *e = strchr(escapes, p->s[p->i]);
    if (p->s[p->i] == 'u') {
      p->i++;
      if (!jp_unicode_escape(p)) return false;
    } else if (e && (e - escapes) % 2 == 0 && p->s[p->i]) {
      wn_buf_putc(&p->text, e[1]);
      p->i++;
    } else {
      return jp_error(p, "a bad escape in a string"), false;
    }
  }
  p->i = open;
  return jp_error(p, "an unterminated string"), false;
}

static size_t jp_digits(jparser *p) {
  size_t n = 0;
  while (p->i < p->len && p->s[p->i] >= '0' && p->s[p->i] <= '9') p->i++, n++;
  return n;
}

static cJSON *jp_number(jparser *p) {
  size_t start = p->i;
  if (p->s[p->i] == '-') p->i++;
  size_t first = p->i, n = jp_digits(p);
  if (!n || (n > 1 && p->s[first] == '0')) return p->i = start, jp_error(p, "a bad number");
  if (p->i < p->len && p->s[p->i] == '.' && (p->i++, !jp_digits(p)))
    return jp_error(p, "a bad number");
  if (p->i < p->len && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
    p->i++;
    if (p->i < p->len && (p->s[p->i] == '+' || p->s[p->i] == '-')) p->i++;
    if (!jp_digits(p)) return jp_error(p, "a bad number");
  }
  char buf[64];
  size_t n_chars = p->i - start;
  if (n_chars >= sizeof buf) return p->i = start, jp_error(p, "a number too long");
  memcpy(buf, p->s + start, n_chars);
  buf[n_chars] = 0;
  cJSON *v = cJSON_CreateNumber(strtod(buf, NULL));
  if (!v) p->nomem = true;
  return v;
}

static cJSON *jp_literal(jparser *p) {
  static const char *const words[] = {"true", "false", "null"};
  for (int k = 0; k < 3; k++) {
    size_t n = strlen(words[k]);
    if (p->len - p->i >= n && !memcmp(p->s + p->i, words[k], n)) {
      p->i += n;
      cJSON *v = k == 0 ? cJSON_CreateTrue() : k == 1 ? cJSON_CreateFalse() : cJSON_CreateNull();
      if (!v) p->nomem = true;
      return v;
    }
  }
  return jp_error(p, "an unexpected character");
}

/* The members of an object or the items of an array, after its bracket. */
static cJSON *jp_container(jparser *p, bool object) {
  if (++p->depth > CJSON_NESTING_LIMIT) return jp_error(p, "nested too deeply");
  cJSON *c = object ? cJSON_CreateObject() : cJSON_CreateArray();
  if (!c) return p->nomem = true, NULL;
  char close = object ? '}' : ']';
  if (!jp_take(p, close)) {
    do {
      wn_buf key; /* the member name, kept while its value is read */
      wn_buf_init(&key);
      if (object) {
        jp_space(p);
        if (p->i >= p->len || p->s[p->i] != '"') {
          jp_error(p, "expected a member name");
          break;
        }
        if (!jp_string(p)) break;
        if (!wn_buf_append(&key, p->text.data, p->text.len)) {
          p->nomem = true;
          break;
        }
        if (!jp_take(p, ':')) {
          wn_buf_free(&key);
          jp_error(p, "expected ':'");
          break;
        }
      }
      cJSON *v = jp_value(p);
      bool added = v && (object ? cJSON_AddItemToObject(c, key.data ? key.data : "", v)
                                : cJSON_AddItemToArray(c, v));
      wn_buf_free(&key);
      if (!added) {
        if (v) p->nomem = true, cJSON_Delete(v);
        break;
      }
    } while (jp_take(p, ','));
    if (!p->error && !p->nomem && !jp_take(p, close))
      jp_error(p, object ? "expected ',' or '}'" : "expected ',' or ']'");
  }
  p->depth--;
  if (p->error || p->nomem) cJSON_Delete(c), c = NULL;
  return c;
}

static cJSON *jp_value(jparser *p) {
  jp_space(p);
  if (p->i >= p->len) return jp_error(p, "a value is missing");
  char c = p->s[p->i];
  if (c == '{' || c == '[') return p->i++, jp_container(p, c == '{');
  if (c == '"') {
    if (!jp_string(p)) return NULL;
    cJSON *v = cJSON_CreateString(p->text.data ? p->text.data : "");
    if (!v) p->nomem = true;
    return v;
  }
  if (c == '-' || (c >= '0' && c <= '9')) return jp_number(p);
  return jp_literal(p);
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

/* Consecutive JSON values: one document, JSON Lines, or pretty records
 * one after another. A broken value is reported where it starts (and
 * where it breaks) and skipped; the records around it are kept. */
wn_status wn_records_add_json(wn_records *r, const char *json, size_t len, const char *file,
                              wn_diag_sink *sink) {
  if (!r || !json) return WN_ERR_USAGE;
  if (!file) file = "<input>";
  wn_status worst = WN_OK;
  cursor at = {json, 0, 1, 1};
  jparser p = {json, len, 0, 0, false, NULL, 0, {0}};
  wn_buf_init(&p.text);
  for (size_t i = skip_space(json, 0, len); i < len; i = skip_space(json, i, len)) {
    p.i = i, p.depth = 0, p.error = NULL;
    cJSON *v = jp_value(&p);
    if (p.nomem) {
      worst = WN_ERR_NOMEM;
      break;
    }
    cursor_to(&at, i);
    if (!v) {
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
    wn_status st = add_value(r, v, file, at.line, at.col, sink);
    if (st == WN_ERR_NOMEM) {
      worst = st;
      break;
    }
    if (st != WN_OK) worst = st;
    i = p.i;
  }
  wn_buf_free(&p.text);
  return worst;
}

/* ---- fields ---- */

/* The field paths of SCHEMA.md section 2, in its order: merged records
 * and diffs list fields in this order. */
static const char *const schema_paths[] = {"name",
                                           "ids.cospar",
                                           "ids.satcat",
                                           "mission_type",
                                           "operator",
                                           "programme",
                                           "previous_mission",
                                           "next_mission",
                                           "spacecraft.name",
                                           "spacecraft.type",
                                           "spacecraft.manufacturer",
                                           "mass.launch",
                                           "mass.landing",
                                           "mass.dry",
                                           "launch.time",
                                           "launch.vehicle",
                                           "launch.site",
                                           "launch.contractor",
                                           "landing.time",
                                           "landing.site",
                                           "duration",
                                           "distance_travelled",
                                           "orbits_completed",
                                           "orbit.reference",
                                           "orbit.regime",
                                           "orbit.inclination",
                                           "orbit.periapsis",
                                           "orbit.apoapsis",
                                           "orbit.period",
                                           "orbit.central_body",
                                           "crew.size",
                                           "crew.callsign",
                                           "crew.members",
                                           "crew.photo",
                                           "insignia",
                                           "image",
                                           "docking"};
enum { SCHEMA_PATHS = sizeof schema_paths / sizeof schema_paths[0] };

/* A field given flat ("launch.time": …) or nested ("launch": {"time": …}). */
static const cJSON *lookup_path(const cJSON *obj, const char *path) {
  if (!cJSON_IsObject(obj)) return NULL;
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, path);
  if (v) return cJSON_IsNull(v) ? NULL : v;
  const char *dot = strchr(path, '.');
  char head[64];
  if (!dot || (size_t)(dot - path) >= sizeof head) return NULL;
  memcpy(head, path, (size_t)(dot - path));
  head[dot - path] = 0;
  return lookup_path(cJSON_GetObjectItemCaseSensitive(obj, head), dot + 1);
}

static const cJSON *rec_field(const void *r, const char *path) {
  return lookup_path(((const rec *)r)->fields, path);
}

static bool is_schema_path(const char *p) {
  for (size_t i = 0; i < SCHEMA_PATHS; i++)
    if (!strcmp(p, schema_paths[i])) return true;
  return false;
}

/* "launch" is the parent of "launch.time": an object there is nesting. */
static bool is_schema_parent(const char *p) {
  size_t n = strlen(p);
  for (size_t i = 0; i < SCHEMA_PATHS; i++)
    if (!strncmp(schema_paths[i], p, n) && schema_paths[i][n] == '.') return true;
  return false;
}

typedef struct path_list {
  const char **v;
  size_t n, cap;
} path_list;

static bool path_list_has(const path_list *l, const char *p) {
  for (size_t i = 0; i < l->n; i++)
    if (!strcmp(l->v[i], p)) return true;
  return false;
}

static bool path_list_add(path_list *l, const char *p) {
  if (!grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v)) return false;
  l->v[l->n++] = p;
  return true;
}

/* Fields outside the schema (a newer record stage, a --mapping file) are
 * compared too, after the schema's, in order of first appearance. */
static bool collect_extra_paths(wn_arena *a, const cJSON *obj, const char *prefix, path_list *out) {
  for (const cJSON *c = cJSON_IsObject(obj) ? obj->child : NULL; c; c = c->next) {
    const char *p = prefix ? wn_arena_printf(a, "%s.%s", prefix, c->string) : c->string;
    if (!p) return false;
    if (is_schema_path(p)) continue;
    if (cJSON_IsObject(c) && is_schema_parent(p)) {
      if (!collect_extra_paths(a, c, p, out)) return false;
    } else if (!path_list_has(out, p) && !path_list_add(out, p)) {
      return false;
    }
  }
  return true;
}

/* The paths to compare over a set of records. */
static bool field_paths(wn_arena *a, const rec *const *recs, size_t n, path_list *out) {
  for (size_t i = 0; i < SCHEMA_PATHS; i++)
    if (!path_list_add(out, schema_paths[i])) return false;
  for (size_t i = 0; i < n; i++)
    if (!collect_extra_paths(a, recs[i]->fields, NULL, out)) return false;
  return true;
}

/* ---- the comparison context ---- */

/* The lexicon of the context (record.c): zh names without en, and en
 * aliases (Robert S. Kimbrough -> Shane Kimbrough). */
static const char *lexicon_to_en(void *user, const char *name) {
  return wn_lex_to_en(user, name, strlen(name));
}

static void cmp_init(wn_cmp *c, const wn_context *ctx, wn_arena *a, bool *out_of_memory) {
  *c = (wn_cmp){a, NULL, NULL, out_of_memory};
  const struct wn_lexicon *lex = ctx ? wn_context_lexicon(ctx) : NULL;
  wn_lexdoc *ld = lex ? wn_lexdoc_new(a, lex) : NULL;
  if (ld) c->to_en = lexicon_to_en, c->user = ld;
}

/* How a field agrees over the records that state it. */
typedef struct field_result {
  size_t present, only; /* how many state it; which one when one does */
  wn_cmp_result cmp;    /* the worst pair */
} field_result;

/* Every pair is compared: two values may each be compatible with a third
 * and conflict with each other. Past PAIRWISE_MAX sources of one mission,
 * a source is compared with the first PAIRWISE_MAX only, to stay linear. */
enum { PAIRWISE_MAX = 16 };

static field_result compare_field(const wn_cmp *c, const cJSON *const *vals, size_t n) {
  field_result f = {0, 0, {WN_EQUAL, ""}};
  for (size_t i = 0; i < n; i++) {
    if (!vals[i]) continue;
    if (!f.present++) f.only = i;
    for (size_t j = i + 1; i < PAIRWISE_MAX && j < n; j++) {
      if (!vals[j]) continue;
      wn_cmp_result r = wn_compare(c, vals[i], vals[j]);
      if (r.status > f.cmp.status) f.cmp = r;
    }
  }
  return f;
}

/* Source labels: the language, "und" when unknown, "en#2" for a second
 * record of one language. */
static const char **source_labels(wn_arena *a, const rec *const *recs, size_t n) {
  const char **labels = wn_arena_alloc(a, (n ? n : 1) * sizeof *labels);
  if (!labels) return NULL;
  for (size_t i = 0; i < n; i++) {
    const char *lang = recs[i]->lang && *recs[i]->lang ? recs[i]->lang : "und";
    unsigned same = 1;
    for (size_t j = 0; j < i; j++)
      if (!strncmp(labels[j], lang, strlen(lang)) &&
          (labels[j][strlen(lang)] == 0 || labels[j][strlen(lang)] == '#'))
        same++;
    labels[i] = same == 1 ? lang : wn_arena_printf(a, "%s#%u", lang, same);
    if (!labels[i]) return NULL;
  }
  return labels;
}

/* ---- JSON output ---- */

static void put_indent(wn_buf *b, int depth) {
  wn_buf_putc(b, '\n');
  for (int i = 0; i < depth; i++) wn_buf_puts(b, "  ");
}

static void put_number(wn_buf *b, double d) {
  if (!isfinite(d)) {
    wn_buf_puts(b, "null");
  } else if (d == floor(d) && fabs(d) < 1e15) {
    wn_buf_printf(b, "%.0f", d);
  } else {
    char s[64];
    snprintf(s, sizeof s, "%.15g", d);
    if (strtod(s, NULL) != d) snprintf(s, sizeof s, "%.17g", d);
    wn_buf_puts(b, s);
  }
}

/* A container of at most four plain values, short enough for one line. */
static bool is_flat(const cJSON *v) {
  size_t n = 0, chars = 0;
  for (const cJSON *c = v->child; c; c = c->next, n++) {
    if (cJSON_IsArray(c) || cJSON_IsObject(c) || n >= 4) return false;
    chars += (c->string ? strlen(c->string) : 0) + (cJSON_IsString(c) ? strlen(c->valuestring) : 8);
  }
  return chars <= 72;
}

/* cJSON to the buffer: compact, or indented by two spaces. */
static void put_json(wn_buf *b, const cJSON *v, bool pretty, int depth) {
  switch (v->type & 0xFF) {
  case cJSON_False: wn_buf_puts(b, "false"); return;
  case cJSON_True: wn_buf_puts(b, "true"); return;
  case cJSON_Number: put_number(b, v->valuedouble); return;
  case cJSON_String: wn_buf_json_string(b, v->valuestring, strlen(v->valuestring)); return;
  case cJSON_Raw: wn_buf_puts(b, v->valuestring); return;
  case cJSON_Array:
  case cJSON_Object: break;
  default: wn_buf_puts(b, "null"); return;
  }
  bool object = cJSON_IsObject(v);
  /* Pretty output keeps a small object of plain values on one line:
   * {"utc": "2016-10-19T08:05:00Z", "precision": "minute"}. */
  bool inline_ = pretty && is_flat(v);
  wn_buf_putc(b, object ? '{' : '[');
  for (const cJSON *c = v->child; c; c = c->next) {
    if (c != v->child) wn_buf_puts(b, inline_ ? ", " : ",");
    if (pretty && !inline_) put_indent(b, depth + 1);
    if (object) {
      wn_buf_json_string(b, c->string, strlen(c->string));
      wn_buf_puts(b, pretty ? ": " : ":");
    }
    put_json(b, c, pretty, depth + 1);
  }
  if (pretty && !inline_ && v->child) put_indent(b, depth);
  wn_buf_putc(b, object ? '}' : ']');
}

/* ---- merge ---- */

/* Records grouped by key in order of first appearance; a record without
 * a key is a group of its own. */
typedef struct group {
  const rec **recs;
  size_t n;
  const rec *first;
  size_t taken; /* diff: records already paired */
} group;

/* The groups of a set of records and a hash of their keys. */
typedef struct key_index {
  group *groups;
  size_t count;
  size_t *slots, cap; /* open addressing: group index + 1, 0 = empty */
} key_index;

static size_t key_hash(const char *key) {
  uint64_t h = 1469598103934665603u; /* FNV-1a */
  for (const char *p = key; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211u;
  return (size_t)h;
}

/* The slot of key: its group's, or the empty one where it would go. */
static size_t *key_slot(const key_index *ix, const char *key) {
  size_t slot = key_hash(key) & (ix->cap - 1);
  while (ix->slots[slot] && strcmp(ix->groups[ix->slots[slot] - 1].first->key, key))
    slot = (slot + 1) & (ix->cap - 1);
  return &ix->slots[slot];
}

static group *find_group(const key_index *ix, const char *key) {
  size_t *slot = key ? key_slot(ix, key) : NULL;
  return slot && *slot ? &ix->groups[*slot - 1] : NULL;
}

/* Groups records by key in order of first appearance; a record without
 * a key is a group of its own. False when the arena fails. */
static bool group_records(wn_arena *a, const wn_records *r, key_index *ix) {
  size_t n = r->n ? r->n : 1, cap = 16;
  while (cap < 2 * n) cap *= 2;
  *ix = (key_index){wn_arena_calloc(a, n, sizeof *ix->groups), 0,
                    wn_arena_calloc(a, cap, sizeof *ix->slots), cap};
  size_t *group_of = wn_arena_calloc(a, n, sizeof *group_of);
  if (!ix->groups || !ix->slots || !group_of) return false;
  for (size_t i = 0; i < r->n; i++) {
    size_t *slot = r->v[i].key ? key_slot(ix, r->v[i].key) : NULL;
    size_t g = slot && *slot ? *slot - 1 : ix->count;
    if (g == ix->count) {
      ix->groups[ix->count++].first = &r->v[i];
      if (slot) *slot = ix->count;
    }
    group_of[i] = g;
    ix->groups[g].n++;
  }
  for (size_t g = 0; g < ix->count; g++) {
    ix->groups[g].recs = wn_arena_alloc(a, ix->groups[g].n * sizeof *ix->groups[g].recs);
    if (!ix->groups[g].recs) return false;
    ix->groups[g].n = 0;
  }
  for (size_t i = 0; i < r->n; i++) {
    group *g = &ix->groups[group_of[i]];
    g->recs[g->n++] = &r->v[i];
  }
  return true;
}

static bool add_str(cJSON *o, const char *k, const char *v) {
  return v ? cJSON_AddStringToObject(o, k, v) != NULL : cJSON_AddNullToObject(o, k) != NULL;
}

/* Adds v to o, or deletes it: cJSON_AddItemToObject does not take the
 * item when copying the key fails. */
static bool add_item(cJSON *o, const char *k, cJSON *v) {
  if (v && cJSON_AddItemToObject(o, k, v)) return true;
  cJSON_Delete(v);
  return false;
}

/* Adds a value of a record to o without copying it. (Not
 * cJSON_AddItemReferenceToObject: it leaks the reference when copying the
 * key fails.) */
static bool add_ref(cJSON *o, const char *k, const cJSON *v) {
  cJSON *ref;
  switch (v->type & 0xFF) {
  case cJSON_Object: ref = cJSON_CreateObjectReference(v->child); break;
  case cJSON_Array: ref = cJSON_CreateArrayReference(v->child); break;
  case cJSON_String: ref = cJSON_CreateStringReference(v->valuestring); break;
  case cJSON_Number: ref = cJSON_CreateNumber(v->valuedouble); break;
  case cJSON_True: ref = cJSON_CreateTrue(); break;
  case cJSON_False: ref = cJSON_CreateFalse(); break;
  default: ref = cJSON_CreateNull();
  }
  if (ref && cJSON_AddItemToObject(o, k, ref)) return true;
  cJSON_Delete(ref);
  return false;
}

static cJSON *merged_field(const field_result *f, const cJSON *const *vals, const char **labels,
                           size_t n) {
  cJSON *o = cJSON_CreateObject();
  if (!o) return NULL;
  bool ok = true;
  if (f->present == 1) {
    char status[64];
    snprintf(status, sizeof status, "only_%s", labels[f->only]);
    ok = add_str(o, "status", status) && add_ref(o, "value", vals[f->only]);
  } else if (f->cmp.status == WN_EQUAL) {
    ok = add_str(o, "status", "equal") && add_ref(o, "value", vals[f->only]);
  } else {
    ok = add_str(o, "status", wn_agree_name(f->cmp.status));
    if (ok && f->cmp.status == WN_CONFLICT) ok = add_str(o, "delta", f->cmp.delta);
    cJSON *claims = ok ? cJSON_AddObjectToObject(o, "claims") : NULL;
    ok = claims != NULL;
    for (size_t i = 0; ok && i < n; i++)
      if (vals[i]) ok = add_ref(claims, labels[i], vals[i]);
  }
  if (!ok) cJSON_Delete(o), o = NULL;
  return o;
}

static cJSON *check_json(const char *lang, const wn_check_def *def, const wn_check_result *res) {
  cJSON *o = cJSON_CreateObject();
  bool ok = o && (!lang || add_str(o, "lang", lang)) && add_str(o, "check", def->name) &&
            add_str(o, "status", wn_check_status_name(res->status)) &&
            (res->status == WN_CHECK_NOT_APPLICABLE || add_str(o, "delta", res->delta));
  if (!ok) cJSON_Delete(o), o = NULL;
  return o;
}

static const char *group_designation(const group *g) {
  for (size_t i = 0; i < g->n; i++)
    if (g->recs[i]->designation) return g->recs[i]->designation;
  return NULL;
}

static cJSON *merge_group(const wn_cmp *c, wn_arena *a, const group *g) {
  const char **labels = source_labels(a, g->recs, g->n);
  const cJSON **vals = wn_arena_alloc(a, g->n * sizeof *vals);
  path_list paths = {0};
  cJSON *m = cJSON_CreateObject();
  bool ok = m && labels && vals && field_paths(a, g->recs, g->n, &paths) &&
            add_str(m, "schema", "wikinorm/spaceflight-merged/1") &&
            add_str(m, "key", g->recs[0]->key) && add_str(m, "designation", group_designation(g));
  cJSON *sources = ok ? cJSON_AddArrayToObject(m, "sources") : NULL;
  ok = sources != NULL;
  for (size_t i = 0; ok && i < g->n; i++) {
    cJSON *s = cJSON_CreateObject();
    ok = s && cJSON_AddItemToArray(sources, s) && add_str(s, "lang", labels[i]) &&
         add_str(s, "file", g->recs[i]->file) &&
         (!g->recs[i]->title || add_str(s, "title", g->recs[i]->title));
  }
  cJSON *fields = ok ? cJSON_AddObjectToObject(m, "fields") : NULL;
  ok = fields != NULL;
  for (size_t p = 0; ok && p < paths.n; p++) {
    for (size_t i = 0; i < g->n; i++) vals[i] = rec_field(g->recs[i], paths.v[p]);
    field_result f = compare_field(c, vals, g->n);
    if (!f.present) continue;
    ok = add_item(fields, paths.v[p], merged_field(&f, vals, labels, g->n));
  }
  cJSON *checks = ok ? cJSON_AddArrayToObject(m, "checks") : NULL;
  ok = checks != NULL;
  for (size_t i = 0; ok && i < g->n; i++)
    for (size_t k = 0; ok && k < wn_check_count; k++) {
      wn_check_result res = wn_check_defs[k].run(rec_field, g->recs[i]);
      cJSON *cj = check_json(labels[i], &wn_check_defs[k], &res);
      ok = cj && cJSON_AddItemToArray(checks, cj);
    }
  wn_free(paths.v);
  if (!ok) cJSON_Delete(m), m = NULL;
  return m;
}

wn_status wn_merge(const wn_context *ctx, const wn_records *r, bool pretty, wn_buf *out) {
  if (!r || !out) return WN_ERR_USAGE;
  /* The groups live in a; each group's comparisons in scratch, reset
   * after it, so memory stays flat over many missions. */
  wn_arena *a = wn_arena_new(), *scratch = wn_arena_new();
  bool out_of_memory = false;
  key_index ix = {0};
  wn_status st = a && scratch && group_records(a, r, &ix) ? WN_OK : WN_ERR_NOMEM;
  for (size_t g = 0; st == WN_OK && g < ix.count; g++) {
    wn_cmp c; /* in scratch, with the lexicon's per-document layer */
    cmp_init(&c, ctx, scratch, &out_of_memory);
    cJSON *m = merge_group(&c, scratch, &ix.groups[g]);
    if (m && !out_of_memory) {
      put_json(out, m, pretty, 0);
      wn_buf_putc(out, '\n');
    } else {
      st = WN_ERR_NOMEM;
    }
    cJSON_Delete(m);
    wn_arena_reset(scratch);
  }
  wn_arena_free(scratch);
  wn_arena_free(a);
  if (out->failed) st = WN_ERR_NOMEM;
  return st;
}

/* ---- diff ---- */

/* Terminal columns of UTF-8 text: East Asian wide characters take two,
 * combining marks none. */
static size_t display_width(const char *s) {
  size_t w = 0, n = strlen(s);
  for (size_t i = 0; i < n;) {
    size_t len;
    int32_t cp = wn_utf8_decode(s + i, n - i, &len);
    i += len;
    if (cp >= 0x300 && cp < 0x370) continue;
    bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
    w += wide ? 2 : 1;
  }
  return w;
}

/* Long values are cut to this many columns with an ellipsis. */
enum { MAX_VALUE_COLUMNS = 56 };

static char *human(wn_arena *a, const cJSON *v) {
  wn_buf b;
  wn_buf_init(&b);
  wn_value_human(v, &b);
  char *s = b.failed ? NULL : wn_arena_strndup(a, b.data ? b.data : "", b.len);
  wn_buf_free(&b);
  if (!s || display_width(s) <= MAX_VALUE_COLUMNS) return s;
  size_t cut = 0, n = strlen(s);
  for (size_t w = 0; cut < n;) {
    size_t len;
    wn_utf8_decode(s + cut, n - cut, &len);
    char one[8] = {0};
    memcpy(one, s + cut, len < 7 ? len : 7);
    w += display_width(one);
    if (w > MAX_VALUE_COLUMNS - 1) break;
    cut += len;
  }
  return wn_arena_printf(a, "%.*s…", (int)cut, s);
}

/* A row of a text table; NULL cells are columns the table has not. */
enum { COLUMNS = 6 };
typedef struct row {
  const char *cell[COLUMNS];
} row;

typedef struct rows {
  row *v;
  size_t n, cap;
} rows;

static bool rows_add(rows *t, row r) {
  if (!grow((void **)&t->v, &t->cap, t->n + 1, sizeof *t->v)) return false;
  t->v[t->n++] = r;
  return true;
}

/* One pair of records being compared. */
typedef struct pair {
  const rec *a, *b;
  const char *la, *lb; /* side labels: languages, or A and B when alike */
  bool differ;         /* a conflict or a field on one side only */
} pair;

static const char *only_status(wn_arena *a, const char *label) {
  return wn_arena_printf(a, "only_%s", label);
}

static const char *check_cell(wn_arena *a, const wn_check_result *r) {
  return r->status == WN_CHECK_INCONSISTENT ? wn_arena_printf(a, "inconsistent (%s)", r->delta)
                                            : wn_check_status_name(r->status);
}

static cJSON *check_side(const wn_check_result *r) {
  cJSON *o = cJSON_CreateObject();
  bool ok = o && add_str(o, "status", wn_check_status_name(r->status)) &&
            (r->status == WN_CHECK_NOT_APPLICABLE || add_str(o, "delta", r->delta));
  if (!ok) cJSON_Delete(o), o = NULL;
  return o;
}

/* {"check": name, "a": {"status", "delta"}, "b": {…}} */
static bool add_check_pair(cJSON *checks, const wn_check_def *def, const wn_check_result *ra,
                           const wn_check_result *rb) {
  cJSON *o = cJSON_CreateObject();
  if (!o || !cJSON_AddItemToArray(checks, o)) return cJSON_Delete(o), false;
  return add_str(o, "check", def->name) && add_item(o, "a", check_side(ra)) &&
         add_item(o, "b", check_side(rb));
}

/* The rows of a pair: fields that are not equal, then the internal checks
 * that fail on either side (which do not make the records differ). */
static bool pair_rows(const wn_cmp *c, wn_arena *a, pair *p, rows *out, rows *check_rows,
                      cJSON *json) {
  const rec *both[2] = {p->a, p->b};
  path_list paths = {0};
  bool ok = field_paths(a, both, 2, &paths);
  cJSON *fields = json ? cJSON_AddArrayToObject(json, "fields") : NULL;
  if (json && !fields) ok = false;
  if (ok && p->a->key && p->b->key && strcmp(p->a->key, p->b->key)) {
    p->differ = true;
    ok = rows_add(out, (row){{"key", "conflict", p->a->key, p->b->key, "different missions"}});
  }
  for (size_t i = 0; ok && i < paths.n; i++) {
    const cJSON *vals[2] = {rec_field(p->a, paths.v[i]), rec_field(p->b, paths.v[i])};
    field_result f = compare_field(c, vals, 2);
    if (!f.present || (f.present == 2 && f.cmp.status == WN_EQUAL)) continue;
    const char *status =
        f.present == 1 ? only_status(a, f.only ? p->lb : p->la) : wn_agree_name(f.cmp.status);
    if (f.present == 1 || f.cmp.status == WN_CONFLICT) p->differ = true;
    const char *delta = f.present == 2 && f.cmp.status == WN_CONFLICT ? f.cmp.delta : "";
    row r = {{paths.v[i], status, human(a, vals[0]), human(a, vals[1]),
              wn_arena_strndup(a, delta, strlen(delta))}};
    ok = status && r.cell[2] && r.cell[3] && r.cell[4] && rows_add(out, r);
    if (ok && fields) {
      cJSON *o = cJSON_CreateObject();
      ok = o && cJSON_AddItemToArray(fields, o) && add_str(o, "path", paths.v[i]) &&
           add_str(o, "status", status) &&
           (vals[0] ? add_ref(o, "a", vals[0]) : cJSON_AddNullToObject(o, "a") != NULL) &&
           (vals[1] ? add_ref(o, "b", vals[1]) : cJSON_AddNullToObject(o, "b") != NULL) &&
           (!*delta || add_str(o, "delta", delta));
    }
  }
  wn_free(paths.v);
  cJSON *checks = json && ok ? cJSON_AddArrayToObject(json, "checks") : NULL;
  if (json && !checks) ok = false;
  for (size_t k = 0; ok && k < wn_check_count; k++) {
    const wn_check_def *def = &wn_check_defs[k];
    wn_check_result ra = def->run(rec_field, p->a), rb = def->run(rec_field, p->b);
    if (ra.status != WN_CHECK_INCONSISTENT && rb.status != WN_CHECK_INCONSISTENT) continue;
    row r = {{def->name, NULL, check_cell(a, &ra), check_cell(a, &rb)}};
    ok = r.cell[2] && r.cell[3] && rows_add(check_rows, r);
    if (ok && checks) ok = add_check_pair(checks, def, &ra, &rb);
  }
  return ok;
}

static void put_padded(wn_buf *b, const char *s, size_t width, bool last) {
  wn_buf_puts(b, s);
  if (last) return;
  for (size_t w = display_width(s); w < width + 2; w++) wn_buf_putc(b, ' ');
}

static void put_side_header(wn_buf *b, char mark, const rec *r, const char *label) {
  wn_buf_printf(b, "%c%c%c %s  (%s, %s)\n", mark, mark, mark, r->file, label,
                r->key ? r->key : "no key");
}

/* Rows as aligned columns two spaces apart. A column that is NULL in
 * every row is left out; no row ends in blanks. */
static void put_table(wn_buf *b, const row *head, const rows *t) {
  size_t w[COLUMNS] = {0};
  bool used[COLUMNS] = {0};
  for (size_t i = 0; i <= t->n; i++) {
    const row *r = i ? &t->v[i - 1] : head;
    for (size_t k = 0; r && k < COLUMNS; k++)
      if (r->cell[k]) {
        size_t cw = display_width(r->cell[k]);
        used[k] = true, w[k] = cw > w[k] ? cw : w[k];
      }
  }
  for (size_t i = 0; i <= t->n; i++) {
    const row *r = i ? &t->v[i - 1] : head;
    if (!r) continue;
    size_t last = 0;
    for (size_t k = 0; k < COLUMNS; k++)
      if (r->cell[k] && *r->cell[k]) last = k;
    for (size_t k = 0; k <= last; k++)
      if (used[k]) put_padded(b, r->cell[k] ? r->cell[k] : "", w[k], k == last);
    wn_buf_putc(b, '\n');
  }
}

/* The text report of a pair: a diff-like header, the fields, then the
 * internal checks that fail on either side. */
static void put_rows_text(wn_buf *b, const pair *p, const rows *t, const rows *checks) {
  put_side_header(b, '-', p->a, p->la);
  put_side_header(b, '+', p->b, p->lb);
  if (t->n) {
    row head = {{"field", "status", p->la, p->lb, "delta"}};
    put_table(b, &head, t);
  }
  if (checks->n) {
    row head = {{"check", NULL, p->la, p->lb}};
    if (t->n) wn_buf_putc(b, '\n');
    put_table(b, &head, checks);
  }
}

static bool side_json(cJSON *o, const char *k, const rec *r, const char *label) {
  cJSON *s = cJSON_AddObjectToObject(o, k);
  return s && add_str(s, "file", r->file) && add_str(s, "lang", label) && add_str(s, "key", r->key);
}

/* Compares one pair: into the JSON array pairs, or as text into out. */
static bool diff_pair(const wn_cmp *c, wn_arena *a, pair *p, cJSON *pairs, wn_buf *out) {
  rows t = {0}, checks = {0};
  cJSON *o = pairs ? cJSON_CreateObject() : NULL;
  bool ok = !pairs || (o && cJSON_AddItemToArray(pairs, o) &&
                       add_str(o, "key", p->a->key ? p->a->key : p->b->key) &&
                       side_json(o, "a", p->a, p->la) && side_json(o, "b", p->b, p->lb));
  ok = ok && pair_rows(c, a, p, &t, &checks, o);
  if (ok && pairs) {
    ok = cJSON_AddBoolToObject(o, "differ", p->differ) != NULL;
  } else if (ok && t.n) { /* checks are context for differences */
    if (out->len) wn_buf_putc(out, '\n');
    put_rows_text(out, p, &t, &checks);
  }
  wn_free(t.v);
  wn_free(checks.v);
  return ok;
}

static bool put_unpaired(wn_buf *out, cJSON *unpaired, const rec *r, const char *side) {
  if (unpaired) {
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddItemToArray(unpaired, o)) return cJSON_Delete(o), false;
    return add_str(o, "side", side) && add_str(o, "key", r->key) && add_str(o, "file", r->file);
  }
  if (out->len) wn_buf_putc(out, '\n');
  return wn_buf_printf(out, "only in %s: %s  (%s)\n", side,
                       r->key ? r->key : "a record without key", r->file);
}

/* The labels of two sides: their languages, or A and B when those are
 * alike or unknown. */
static void side_labels(const rec *a, const rec *b, const char **la, const char **lb) {
  *la = a->lang && *a->lang ? a->lang : "";
  *lb = b->lang && *b->lang ? b->lang : "";
  if (!**la || !**lb || !strcmp(*la, *lb)) *la = "A", *lb = "B";
}

/* The record of b to compare with x: the next of x's key (one record on
 * each side is compared whatever the keys say). */
static const rec *partner(const rec *x, const wn_records *a, const wn_records *b, key_index *ix) {
  if (a->n == 1 && b->n == 1) return &b->v[0];
  group *g = find_group(ix, x->key);
  return g && g->taken < g->n ? g->recs[g->taken++] : NULL;
}

int wn_diff(const wn_context *ctx, const wn_records *a, const wn_records *b, bool json,
            wn_buf *out) {
  if (!a || !b || !out) return 2;
  if (!a->n || !b->n) {
    wn_report(NULL, "wikinorm diff", 0, 0, WN_ERROR, "the %s input has no record to compare",
              !a->n ? "first" : "second");
    return 2;
  }
  wn_arena *ar = wn_arena_new(), *ia = wn_arena_new(); /* per pair; b's index */
  key_index ix = {0};
  bool *used = wn_malloc(b->n * sizeof *used);
  cJSON *root = json ? cJSON_CreateObject() : NULL;
  cJSON *pairs = root && cJSON_AddBoolToObject(root, "differ", false)
                     ? cJSON_AddArrayToObject(root, "pairs")
                     : NULL;
  cJSON *unpaired = pairs ? cJSON_AddArrayToObject(root, "unpaired") : NULL;
  bool ok = ar && ia && used && group_records(ia, b, &ix) && (!json || unpaired), differ = false;
  if (used) memset(used, 0, b->n * sizeof *used);
  bool out_of_memory = false;
  for (size_t i = 0; ok && i < a->n; i++) {
    const rec *rb = partner(&a->v[i], a, b, &ix);
    if (rb) used[rb - b->v] = true;
    if (!rb) {
      ok = put_unpaired(out, unpaired, &a->v[i], "A");
      differ = true;
      continue;
    }
    pair p = {&a->v[i], rb, NULL, NULL, false};
    side_labels(p.a, p.b, &p.la, &p.lb);
    wn_cmp c;
    cmp_init(&c, ctx, ar, &out_of_memory);
    ok = diff_pair(&c, ar, &p, pairs, out) && !out_of_memory;
    differ |= p.differ;
    wn_arena_reset(ar); /* the pair is written */
  }
  for (size_t j = 0; ok && j < b->n; j++)
    if (!used[j]) ok = put_unpaired(out, unpaired, &b->v[j], "B"), differ = true;
  if (ok && root) {
    /* Flip the placeholder in place: cJSON 1.7.15's replace does not check
     * its key copy, and a failed copy left a NULL key behind. */
    cJSON *flag = cJSON_GetObjectItemCaseSensitive(root, "differ");
    ok = flag != NULL;
    if (ok) {
      flag->type = (flag->type & ~(cJSON_True | cJSON_False)) | (differ ? cJSON_True : cJSON_False);
      put_json(out, root, true, 0), wn_buf_putc(out, '\n');
    }
  }
  cJSON_Delete(root);
  wn_free(used);
  wn_arena_free(ar);
  wn_arena_free(ia);
  if (!ok || out->failed) return 2;
  return differ ? 1 : 0;
}

/* ---- check ---- */

static void field_position(const rec *r, const char *path, uint32_t *line, uint32_t *col) {
  const cJSON *p = lookup_path(r->prov, path);
  const cJSON *l = cJSON_IsObject(p) ? cJSON_GetObjectItemCaseSensitive(p, "line") : NULL;
  const cJSON *c = cJSON_IsObject(p) ? cJSON_GetObjectItemCaseSensitive(p, "col") : NULL;
  *line = cJSON_IsNumber(l) && l->valuedouble > 0 ? (uint32_t)l->valuedouble : 0;
  *col = cJSON_IsNumber(c) && c->valuedouble > 0 ? (uint32_t)c->valuedouble : 0;
}

static const char *rec_lang(const rec *r) { return r->lang && *r->lang ? r->lang : "und"; }

/* Reports a failed check at the value it is about. */
static void report_failure(wn_diag_sink *sink, const rec *x, const wn_check_def *def,
                           const wn_check_result *res) {
  uint32_t line, col;
  field_position(x, def->at, &line, &col);
  wn_report(sink, x->file, line, col, WN_WARNING, "%s [%s]", res->detail, def->name);
}

static cJSON *record_checks_json(const rec *x, cJSON *records) {
  cJSON *o = cJSON_CreateObject();
  if (!o || !cJSON_AddItemToArray(records, o)) return cJSON_Delete(o), NULL;
  bool ok =
      add_str(o, "key", x->key) && add_str(o, "file", x->file) && add_str(o, "lang", rec_lang(x));
  return ok ? cJSON_AddArrayToObject(o, "checks") : NULL;
}

static bool add_check_json(cJSON *checks, const wn_check_def *def, const wn_check_result *res) {
  cJSON *cj = check_json(NULL, def, res);
  if (!cj || !cJSON_AddItemToArray(checks, cj)) return cJSON_Delete(cj), false;
  return !*res->detail || cJSON_AddStringToObject(cj, "detail", res->detail);
}

/* Every check of every record: failures to the sink; a table (file, key,
 * language, check, status, delta) and a summary line, or one JSON value,
 * into out. */
unsigned wn_check(const wn_context *ctx, const wn_records *r, bool json, wn_buf *out,
                  wn_diag_sink *sink) {
  (void)ctx;
  if (!r || !out) return 0;
  unsigned failures = 0, counts[3] = {0};
  rows t = {0};
  wn_arena *a = wn_arena_new();
  cJSON *root = json ? cJSON_CreateObject() : NULL;
  cJSON *records = root ? cJSON_AddArrayToObject(root, "records") : NULL;
  bool ok = a && (!json || records);
  for (size_t i = 0; i < r->n; i++) {
    const rec *x = &r->v[i];
    cJSON *checks = ok && records ? record_checks_json(x, records) : NULL;
    if (records && !checks) ok = false;
    for (size_t k = 0; k < wn_check_count; k++) {
      const wn_check_def *def = &wn_check_defs[k];
      wn_check_result res = def->run(rec_field, x);
      counts[res.status]++;
      if (res.status == WN_CHECK_INCONSISTENT) report_failure(sink, x, def, &res), failures++;
      if (ok && checks) ok = add_check_json(checks, def, &res);
      if (ok && !json) {
        row rw = {{x->file, x->key ? x->key : "-", rec_lang(x), def->name,
                   wn_check_status_name(res.status),
                   wn_arena_strndup(a, res.delta, strlen(res.delta))}};
        ok = rw.cell[5] && rows_add(&t, rw);
      }
    }
  }
  static const char *const names[] = {"consistent", "inconsistent", "not_applicable"};
  if (ok && root) {
    for (size_t s = 0; ok && s < 3; s++) ok = cJSON_AddNumberToObject(root, names[s], counts[s]);
    if (ok) put_json(out, root, true, 0), wn_buf_putc(out, '\n');
  } else if (ok) {
    put_table(out, NULL, &t);
    wn_buf_printf(out, "%zu record%s checked: %u inconsistent, %u consistent, %u not applicable\n",
                  r->n, r->n == 1 ? "" : "s", counts[WN_CHECK_INCONSISTENT],
                  counts[WN_CHECK_CONSISTENT], counts[WN_CHECK_NOT_APPLICABLE]);
  }
  if (!ok) out->failed = true; /* an allocation failed: the output is incomplete */
  cJSON_Delete(root);
  wn_free(t.v);
  wn_arena_free(a);
  return failures;
}

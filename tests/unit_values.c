/* Unit tests of the value normalizers (src/values.c, src/values_time.c).
 * Inputs are real strings from the seeds and ../shared/spaceflight-en;
 * the expected outputs were written from reading the articles.
 *
 * Values are tokenized with wn_tokenize. While the tokenizer was a stub
 * (one TEXT node), a small test tokenizer below built the documented node
 * layout instead; it is used only when wn_tokenize returns one TEXT node
 * for markup. */
#include "tap.h"
#include "values.h"

#include <math.h>
#include <stdlib.h>

/* ------------------------------------------------------------------ */
/* A minimal wikitext tokenizer for the documented node layout.         */

#define MAXN 2048
static wn_node mini_nodes[MAXN];
static uint32_t mini_count;

static uint32_t mini_add(uint16_t type, uint32_t parent, uint32_t *last_child, size_t off) {
  uint32_t i = mini_count++;
  wn_node *n = &mini_nodes[i];
  *n = (wn_node){0};
  n->type = type;
  n->parent = parent;
  n->first_child = n->next_sibling = WN_NONE;
  n->span.off = (uint32_t)off;
  if (*last_child != WN_NONE)
    mini_nodes[*last_child].next_sibling = i;
  else if (parent != WN_NONE)
    mini_nodes[parent].first_child = i;
  *last_child = i;
  return i;
}

static const char *mini_text;
static size_t mini_len;

static bool at(size_t i, const char *s) {
  size_t l = strlen(s);
  return i + l <= mini_len && memcmp(mini_text + i, s, l) == 0;
}

static size_t mini_seq(size_t i, uint32_t parent, int mode, uint32_t *first);

/* mode 0: top; 1: template parameter (stops at | and }}); 2: link label. */
static bool stops(size_t i, int mode) {
  if (mode == 1) return at(i, "|") || at(i, "}}");
  if (mode == 2) return at(i, "]]");
  return false;
}

static size_t mini_template(size_t i, uint32_t parent, uint32_t *last) {
  size_t start = i;
  i += 2;
  size_t ns = i;
  while (i < mini_len && !at(i, "|") && !at(i, "}}") && !(at(i, ":") && ns < i)) i++;
  bool pf = at(i, ":");
  uint32_t t = mini_add(pf ? WN_NODE_PARSER_FUNCTION : WN_NODE_TEMPLATE, parent, last, start);
  mini_nodes[t].name = (wn_span){(uint32_t)ns, (uint32_t)(i - ns)};
  uint32_t plast = WN_NONE;
  int pos = 0;
  while (i < mini_len && (at(i, "|") || at(i, ":"))) {
    i++;
    size_t ps = i;
    /* named when '=' comes before any markup */
    size_t k = i;
    while (k < mini_len && !at(k, "=") && !at(k, "|") && !at(k, "}}") && !at(k, "{{") &&
           !at(k, "[[") && !at(k, "<"))
      k++;
    uint32_t p = mini_add(WN_NODE_PARAM, t, &plast, ps);
    if (at(k, "=")) {
      size_t a = ps, b = k;
      while (a < b && mini_text[a] == ' ') a++;
      while (b > a && (mini_text[b - 1] == ' ' || mini_text[b - 1] == '\n')) b--;
      mini_nodes[p].name = (wn_span){(uint32_t)a, (uint32_t)(b - a)};
      i = k + 1;
    } else {
      ++pos;
      mini_nodes[p].flags = WN_NODE_POSITIONAL;
      mini_nodes[p].name = (wn_span){0, 0};
    }
    size_t vs = i;
    uint32_t dummy;
    i = mini_seq(i, p, 1, &dummy);
    mini_nodes[p].value = (wn_span){(uint32_t)vs, (uint32_t)(i - vs)};
    mini_nodes[p].span.len = (uint32_t)(i - ps);
  }
  if (at(i, "}}")) i += 2;
  mini_nodes[t].span.len = (uint32_t)(i - start);
  return i;
}

static size_t mini_link(size_t i, uint32_t parent, uint32_t *last) {
  size_t start = i;
  i += 2;
  size_t ts = i;
  while (i < mini_len && !at(i, "|") && !at(i, "]]")) i++;
  uint32_t l = mini_add(WN_NODE_WIKILINK, parent, last, start);
  mini_nodes[l].name = (wn_span){(uint32_t)ts, (uint32_t)(i - ts)};
  if (at(ts, "File:") || at(ts, "文件:") || at(ts, "Image:")) mini_nodes[l].flags = WN_NODE_FILE;
  if (at(i, "|")) {
    i++;
    size_t vs = i;
    uint32_t dummy;
    i = mini_seq(i, l, 2, &dummy);
    mini_nodes[l].value = (wn_span){(uint32_t)vs, (uint32_t)(i - vs)};
  }
  if (at(i, "]]")) i += 2;
  mini_nodes[l].span.len = (uint32_t)(i - start);
  return i;
}

static size_t mini_tag(size_t i, uint32_t parent, uint32_t *last) {
  size_t start = i, ns = i + 1;
  size_t k = ns;
  while (k < mini_len && mini_text[k] != ' ' && mini_text[k] != '>' && mini_text[k] != '/') k++;
  uint32_t t = mini_add(WN_NODE_TAG, parent, last, start);
  mini_nodes[t].name = (wn_span){(uint32_t)ns, (uint32_t)(k - ns)};
  const char *gt = memchr(mini_text + k, '>', mini_len - k);
  size_t e = gt ? (size_t)(gt - mini_text) + 1 : mini_len;
  bool self = e >= 2 && mini_text[e - 2] == '/';
  char name[16];
  snprintf(name, sizeof name, "%.*s", (int)(k - ns), mini_text + ns);
  if (self || !strcmp(name, "br")) {
    mini_nodes[t].flags = WN_NODE_SELF_CLOSING;
    mini_nodes[t].span.len = (uint32_t)(e - start);
    if (!strcmp(name, "br")) mini_nodes[t].flags = 0;
    return e;
  }
  char close[24];
  snprintf(close, sizeof close, "</%s>", name);
  size_t b = e;
  while (b < mini_len && !at(b, close)) b++;
  mini_nodes[t].value = (wn_span){(uint32_t)e, (uint32_t)(b - e)};
  size_t save = mini_len;
  mini_len = b;
  uint32_t dummy;
  mini_seq(e, t, 0, &dummy);
  mini_len = save;
  size_t end = b < mini_len ? b + strlen(close) : mini_len;
  mini_nodes[t].span.len = (uint32_t)(end - start);
  return end;
}

static size_t mini_seq(size_t i, uint32_t parent, int mode, uint32_t *first) {
  uint32_t last = WN_NONE;
  *first = WN_NONE;
  size_t text = SIZE_MAX;
  while (i < mini_len && !stops(i, mode)) {
    bool special =
        at(i, "{{") || at(i, "[[") || at(i, "<!--") || at(i, "&nbsp;") ||
        (at(i, "<") && i + 1 < mini_len && ((mini_text[i + 1] >= 'a' && mini_text[i + 1] <= 'z')));
    if (!special) {
      if (text == SIZE_MAX) text = i;
      i++;
      continue;
    }
    if (text != SIZE_MAX) {
      uint32_t x = mini_add(WN_NODE_TEXT, parent, &last, text);
      mini_nodes[x].span.len = (uint32_t)(i - text);
      if (*first == WN_NONE) *first = x;
      text = SIZE_MAX;
    }
    if (at(i, "{{"))
      i = mini_template(i, parent, &last);
    else if (at(i, "[["))
      i = mini_link(i, parent, &last);
    else if (at(i, "<!--")) {
      uint32_t c = mini_add(WN_NODE_COMMENT, parent, &last, i);
      const char *e = strstr(mini_text + i, "-->");
      size_t end = e ? (size_t)(e - mini_text) + 3 : mini_len;
      mini_nodes[c].span.len = (uint32_t)(end - i);
      i = end;
    } else if (at(i, "&nbsp;")) {
      uint32_t c = mini_add(WN_NODE_ENTITY, parent, &last, i);
      mini_nodes[c].num = 0xA0;
      mini_nodes[c].span.len = 6;
      i += 6;
    } else {
      i = mini_tag(i, parent, &last);
    }
    if (*first == WN_NONE) *first = last;
  }
  if (text != SIZE_MAX) {
    uint32_t x = mini_add(WN_NODE_TEXT, parent, &last, text);
    mini_nodes[x].span.len = (uint32_t)(i - text);
    if (*first == WN_NONE) *first = x;
  }
  return i;
}

/* Positional parameter names ("1", "2") point into this text. */
static char mini_buf[8192];

static void mini_tokenize(const char *text, wn_tree *out) {
  size_t n = strlen(text);
  /* the text, then "1".."99" for positional names */
  memcpy(mini_buf, text, n);
  size_t names_at = n;
  for (int k = 1; k < 100; k++) n += (size_t)sprintf(mini_buf + n, "%d", k);
  mini_text = mini_buf;
  mini_len = names_at;
  mini_count = 0;
  uint32_t first;
  mini_seq(0, WN_NONE, 0, &first);
  for (uint32_t i = 0; i < mini_count; i++) {
    wn_node *p = &mini_nodes[i];
    if (p->type != WN_NODE_PARAM || !(p->flags & WN_NODE_POSITIONAL)) continue;
    int pos = 0;
    for (uint32_t c = mini_nodes[p->parent].first_child; c != WN_NONE;
         c = mini_nodes[c].next_sibling) {
      if (mini_nodes[c].flags & WN_NODE_POSITIONAL) pos++;
      if (c == i) break;
    }
    size_t off = names_at;
    for (int k = 1; k < pos; k++) off += (size_t)snprintf(NULL, 0, "%d", k);
    p->name = (wn_span){(uint32_t)off, (uint32_t)snprintf(NULL, 0, "%d", pos)};
  }
  *out = (wn_tree){mini_buf, names_at, mini_nodes, mini_count, mini_count ? 0 : WN_NONE};
}

/* ------------------------------------------------------------------ */
/* Harness.                                                             */

static wn_lexicon *lexicon;
static wn_arena *arena;
static const char *last_warning;
static bool real_tokenizer;

static wn_tree tree_of(const char *text) {
  wn_tree t;
  wn_diag_sink quiet = {0};
  if (real_tokenizer && wn_tokenize(arena, text, strlen(text), 1, 1, "<test>", &quiet, &t) == WN_OK)
    return t;
  mini_tokenize(text, &t);
  return t;
}

/* ---- the typed fields of a value, written out to compare ---- */

/* Every typed field of v in the member order of SCHEMA.md (absent
 * members, NULL or 0, left out), as compact JSON, so that one string
 * compares them all: TEXT and ENUM as strings, UNPARSED as {"text": …},
 * timestamps by wn_timestamp_utc of their epoch, durations by
 * wn_duration_iso8601 of their seconds. */
static void describe(wn_buf *b, const wn_value *v);

static void d_key(wn_buf *b, bool *first, const char *k) {
  if (!*first) wn_buf_putc(b, ',');
  *first = false;
  wn_buf_json_string(b, k, strlen(k));
  wn_buf_putc(b, ':');
}

static void d_str(wn_buf *b, bool *first, const char *k, const char *v) {
  if (!v) return;
  d_key(b, first, k);
  wn_buf_json_string(b, v, strlen(v));
}

static void d_num(wn_buf *b, double d) {
  if (d == floor(d) && fabs(d) < 9.2e18) {
    wn_buf_printf(b, "%lld", (long long)d);
    return;
  }
  char tmp[40];
  for (int prec = 15; prec <= 17; prec++) { /* the shortest that reads back */
    snprintf(tmp, sizeof tmp, "%.*g", prec, d);
    if (strtod(tmp, NULL) == d) break;
  }
  wn_buf_puts(b, tmp);
}

static void d_val(wn_buf *b, bool *first, const char *k, const wn_value *v) {
  if (!v) return;
  d_key(b, first, k);
  describe(b, v);
}

static void describe(wn_buf *b, const wn_value *v) {
  bool first = true;
  char buf[48];
  switch ((wn_vkind)v->kind) {
  case WN_V_TEXT:
  case WN_V_ENUM: wn_buf_json_string(b, v->u.s, strlen(v->u.s)); return;
  case WN_V_INTEGER: wn_buf_printf(b, "%lld", (long long)v->u.i); return;
  case WN_V_LIST:
    wn_buf_putc(b, '[');
    for (size_t i = 0; i < v->u.list.n; i++) {
      if (i) wn_buf_putc(b, ',');
      describe(b, v->u.list.items[i]);
    }
    wn_buf_putc(b, ']');
    return;
  default: break;
  }
  wn_buf_putc(b, '{');
  switch ((wn_vkind)v->kind) {
  case WN_V_UNPARSED: d_str(b, &first, "text", v->u.s); break;
  case WN_V_LANGTEXT:
    d_str(b, &first, "zh", v->u.lt.zh);
    d_str(b, &first, "en", v->u.lt.en);
    if (v->u.lt.other_lang) d_str(b, &first, v->u.lt.other_lang, v->u.lt.other);
    break;
  case WN_V_ENTITY:
    d_str(b, &first, "en", v->u.ent.en);
    d_str(b, &first, "zh", v->u.ent.zh);
    d_str(b, &first, "label", v->u.ent.label);
    d_str(b, &first, "id", v->u.ent.id);
    break;
  case WN_V_MISSION:
    d_str(b, &first, "key", v->u.mission.key);
    d_str(b, &first, "designation", v->u.mission.designation);
    break;
  case WN_V_TIMESTAMP:
    wn_timestamp_utc(v, buf);
    d_str(b, &first, "utc", buf);
    d_str(b, &first, "precision", wn_precision_name(v->u.ts.precision));
    d_str(b, &first, "zone", wn_zone_source_name(v->u.ts.zone));
    break;
  case WN_V_DURATION:
    wn_duration_iso8601(v->u.dur.seconds, v->u.dur.precision, buf);
    d_str(b, &first, "iso8601", buf);
    d_key(b, &first, "seconds");
    wn_buf_printf(b, "%lld", (long long)v->u.dur.seconds);
    d_str(b, &first, "precision", wn_precision_name(v->u.dur.precision));
    break;
  case WN_V_QUANTITY:
    d_key(b, &first, "value");
    d_num(b, v->u.q.value);
    d_str(b, &first, "unit", wn_unit_name(v->u.q.unit));
    break;
  case WN_V_PLACE:
    d_val(b, &first, "facility", v->u.place.facility);
    d_str(b, &first, "pad", v->u.place.pad);
    d_str(b, &first, "country", v->u.place.country);
    break;
  case WN_V_CREW_MEMBER:
    d_val(b, &first, "name", v->u.crew.name);
    d_str(b, &first, "role", v->u.crew.role);
    d_str(b, &first, "nationality", v->u.crew.nationality);
    if (v->u.crew.flight_number) {
      d_key(b, &first, "flight_number");
      wn_buf_printf(b, "%d", (int)v->u.crew.flight_number);
    }
    break;
  case WN_V_PHOTO:
    d_str(b, &first, "file", v->u.photo.file);
    d_str(b, &first, "caption", v->u.photo.caption);
    d_val(b, &first, "order", v->u.photo.order);
    break;
  default: wn_buf_printf(b, "\"kind\":%d", v->kind); break;
  }
  if (v->planned) {
    d_key(b, &first, "planned");
    wn_buf_puts(b, "true");
  }
  wn_buf_putc(b, '}');
}

/* The kind a normalizer of type t returns when it parsed the value. */
static wn_vkind kind_of(wn_value_type t) {
  switch (t) {
  case WN_VT_TEXT:
  case WN_VT_COSPAR: return WN_V_TEXT;
  case WN_VT_LANGTEXT: return WN_V_LANGTEXT;
  case WN_VT_ENTITY: return WN_V_ENTITY;
  case WN_VT_ENTITY_LIST:
  case WN_VT_CREW_LIST: return WN_V_LIST;
  case WN_VT_MISSION: return WN_V_MISSION;
  case WN_VT_TIMESTAMP: return WN_V_TIMESTAMP;
  case WN_VT_DURATION: return WN_V_DURATION;
  case WN_VT_MASS:
  case WN_VT_LENGTH:
  case WN_VT_ANGLE:
  case WN_VT_PERIOD: return WN_V_QUANTITY;
  case WN_VT_INTEGER: return WN_V_INTEGER;
  case WN_VT_ENUM_ORBIT_REFERENCE:
  case WN_VT_ENUM_ORBIT_REGIME:
  case WN_VT_ENUM_CENTRAL_BODY: return WN_V_ENUM;
  case WN_VT_PLACE: return WN_V_PLACE;
  case WN_VT_PHOTO:
  case WN_VT_CAPTION: return WN_V_PHOTO;
  default: return WN_V_KIND_COUNT;
  }
}

/* describe() of v into the arena; "(wrong kind)" when v is neither the
 * kind of type t nor UNPARSED, or a list holds the wrong kind. */
static const char *described(wn_value_type t, const wn_value *v) {
  bool ok = v->kind == kind_of(t) || v->kind == WN_V_UNPARSED;
  if (ok && v->kind == WN_V_LIST) {
    wn_vkind item = t == WN_VT_ENTITY_LIST ? WN_V_ENTITY : WN_V_CREW_MEMBER;
    for (size_t i = 0; i < v->u.list.n; i++) ok &= v->u.list.items[i]->kind == item;
  }
  if (ok && t == WN_VT_CAPTION && v->kind == WN_V_PHOTO) ok = v->u.photo.file == NULL;
  if (!ok) return "(wrong kind)";
  wn_buf b;
  wn_buf_init(&b);
  describe(&b, v);
  char *copy = b.failed ? (char *)"(no memory)" : wn_arena_strndup(arena, b.data, b.len);
  wn_buf_free(&b);
  return copy;
}

/* The typed fields of one value of type t ("(absent)" when empty). */
static const wn_value *last_value;
static const char *norm(wn_value_type t, const char *lang, const char *text) {
  wn_arena_reset(arena);
  wn_tree tree = tree_of(text);
  wn_lexdoc *ld = wn_lexdoc_new(arena, lexicon);
  wn_lexdoc_learn_tree(ld, &tree);
  wn_value_in in = {&tree, WN_NONE, lang, ld};
  wn_value_out out;
  last_warning = NULL;
  if (wn_value_parse(arena, t, &in, &out) != WN_OK) return "(error)";
  last_warning = out.warning;
  last_value = out.value;
  if (!out.value) return "(absent)";
  return described(t, out.value);
}

#define NORM(type, lang, in, want)                                                                 \
  CHECK_STR(norm(type, lang, in), want, "%s %s", wn_value_type_name(type), in)

/* ------------------------------------------------------------------ */

/* The string helpers as they were before their status returns: the
 * result, or "(error)" when they report out of memory. */
static const char *pad_of(const char *s, size_t n) {
  char *p;
  return wn_parse_pad(arena, s, n, &p) == WN_OK ? p : "(error)";
}

static const char *surname_of(const wn_lexdoc *ld, const char *s, size_t n) {
  char *k;
  return wn_surname_key(arena, ld, s, n, &k) == WN_OK ? k : "(error)";
}

static void *fail_malloc(size_t n, void *u) {
  (void)n, (void)u;
  return NULL;
}
static void *fail_realloc(void *p, size_t n, void *u) {
  (void)p, (void)n, (void)u;
  return NULL;
}
static void pass_free(void *p, void *u) {
  (void)u;
  free(p);
}
/* Every allocation fails (frees still work: blocks made before stay). */
static const wn_allocator failing = {fail_malloc, fail_realloc, pass_free, NULL};

static void test_type_names(void) {
  CHECK(wn_value_type_from_name("Timestamp", 9) == WN_VT_TIMESTAMP, "type name Timestamp");
  CHECK(wn_value_type_from_name("entitylist", 10) == WN_VT_ENTITY_LIST, "type names fold case");
  CHECK(wn_value_type_from_name("Bogus", 5) == -1, "unknown type name");
  for (int i = 0; i < WN_VT_TYPE_COUNT; i++) {
    const char *n = wn_value_type_name((wn_value_type)i);
    CHECK(wn_value_type_from_name(n, strlen(n)) == i, "type name round trip %s", n);
  }
}

static void test_time_strings(void) {
  wn_time t;
  char buf[32];
#define TIME(in, want, prec)                                                                       \
  do {                                                                                             \
    bool ok_ = wn_parse_time(in, strlen(in), &t);                                                  \
    if (ok_) wn_time_format(&t, buf);                                                              \
    CHECK_STR(ok_ ? buf : "(none)", want, "time %s", in);                                          \
    CHECK_STR(ok_ ? wn_precision_name(t.precision) : "(none)", prec, "precision of %s", in);       \
  } while (0)
  TIME("2016年10月19日 08:05 UTC", "2016-10-19T08:05:00Z", "minute");
  TIME("2017年12月17日 7:21 UTC", "2017-12-17T07:21:00Z", "minute");
  TIME("19 October 2016, 08:05:00 UTC", "2016-10-19T08:05:00Z", "second");
  TIME("October 19, 2016", "2016-10-19T00:00:00Z", "day");
  TIME("2016-10-19T08:05:00Z", "2016-10-19T08:05:00Z", "second");
  TIME("2016-10-19", "2016-10-19T00:00:00Z", "day");
  TIME("2016-10", "2016-10-01T00:00:00Z", "month");
  TIME("October 2016", "2016-10-01T00:00:00Z", "month");
  TIME("2016", "2016-01-01T00:00:00Z", "year");
  TIME("2016年", "2016-01-01T00:00:00Z", "year");
  TIME("July 16, 1969, 13:32:00 UTC (9:32:00 am EDT)", "1969-07-16T13:32:00Z", "second");
  TIME("22 July 1993, 3:00:30 UTC", "1993-07-22T03:00:30Z", "second");
  TIME("Oct. 19, 2016", "2016-10-19T00:00:00Z", "day");
  /* local zones converted */
  TIME("October 19, 2016, 11:05 MSK", "2016-10-19T08:05:00Z", "minute");
  TIME("北京时间2016年10月19日16:05", "2016-10-19T08:05:00Z", "minute");
  TIME("2016年10月19日 北京时间16:05", "2016-10-19T08:05:00Z", "minute");
  TIME("2016年10月19日16:05(北京时间)", "2016-10-19T08:05:00Z", "minute");
  TIME("2016年10月19日 北京时间02:00", "2016-10-18T18:00:00Z", "minute");
  TIME("2016年10月19日16时05分 UTC+8", "2016-10-19T08:05:00Z", "minute");
  TIME("2016-10-19T11:05:00+03:00", "2016-10-19T08:05:00Z", "second");
  TIME("2017年1月1日 03:00 莫斯科时间", "2017-01-01T00:00:00Z", "minute");
  TIME("November 24, 1969, 10:58:24 am HST", "1969-11-24T20:58:24Z", "second");
  /* not dates */
  TIME("Steppes of the Kazakhstan", "(none)", "(none)");
  TIME("Up to 14 days", "(none)", "(none)");
  TIME("30 February 2016", "(none)", "(none)");
  CHECK(wn_parse_time("February 21, 1967 (planned)", 27, &t) && t.planned, "(planned) is kept");
  /* A day with no month (found by fuzz_normalize: the month table was read at -1). */
  memset(&t, 0, sizeof t);
  wn_parse_time("2017年21日", strlen("2017年21日"), &t);
  CHECK(t.day == 0 || t.month != 0, "a day without a month is not a date (day %d month %d)", t.day,
        t.month);
#undef TIME
}

static void test_duration_strings(void) {
  wn_duration d;
  char buf[48];
#define DUR(in, iso, secs, prec)                                                                   \
  do {                                                                                             \
    bool ok_ = wn_parse_duration(in, strlen(in), &d);                                              \
    if (ok_) wn_duration_iso(&d, buf);                                                             \
    CHECK_STR(ok_ ? buf : "(none)", iso, "duration %s", in);                                       \
    CHECK(!ok_ || (d.seconds == (secs) && d.precision == (prec)), "seconds/precision of %s", in);  \
  } while (0)
  DUR("173天3时15分", "P173DT3H15M", 14958900, WN_PREC_MINUTE);
  DUR("168天5时18分", "P168DT5H18M", 14534280, WN_PREC_MINUTE);
  DUR("173 days 3 hours 16 minutes 21 seconds", "P173DT3H16M21S", 14958981, WN_PREC_SECOND);
  DUR("8 days, 3 minutes, 23 seconds", "P8DT3M23S", 691403, WN_PREC_SECOND);
  DUR("181 days, 21 hours, 48 minutes,", "P181DT21H48M", 15716880, WN_PREC_MINUTE);
  DUR("3天2小时5分钟10秒", "P3DT2H5M10S", 266710, WN_PREC_SECOND);
  DUR("8 d 3 h", "P8DT3H", 702000, WN_PREC_HOUR);
  DUR("P173DT3H15M", "P173DT3H15M", 14958900, WN_PREC_MINUTE);
  DUR("2 hours", "PT2H", 7200, WN_PREC_HOUR);
  DUR("14 days (planned)", "P14D", 1209600, WN_PREC_DAY);
  DUR("Up to 14 days (planned)", "(none)", 0, WN_PREC_NONE);
  DUR("Favor", "(none)", 0, WN_PREC_NONE);
  wn_time a, b;
  wn_parse_time("13 March 1986, 12:33:09", 23, &a);
  wn_parse_time("16 July 1986, 12:34:05", 22, &b);
  CHECK(wn_time_interval(&a, &b, &d) && d.seconds == 10800056 && d.precision == WN_PREC_SECOND,
        "time interval Soyuz T-15");
  CHECK(!wn_time_interval(&b, &a, &d), "negative interval refused");
#undef DUR
}

static void test_quantity_strings(void) {
  wn_quantity q;
#define QTY(in, dim, want)                                                                         \
  CHECK(wn_parse_quantity(in, strlen(in), dim, &q) && fabs(q.value - (want)) < 1e-6 * (want),      \
        "quantity %s = %g", in, (double)(want))
#define NOQTY(in, dim) CHECK(!wn_parse_quantity(in, strlen(in), dim, &q), "no quantity in %s", in)
  QTY("7080 kg", WN_DIM_MASS, 7080);
  QTY("45000 lb", WN_DIM_MASS, 20411.65665);
  QTY("44,069 kg (CSM: 28,881 kg; LM: 15,188 kg)", WN_DIM_MASS, 44069);
  QTY("118 million kilometers", WN_DIM_LENGTH, 1.18e11);
  QTY("1.18亿公里", WN_DIM_LENGTH, 1.18e11);
  QTY("59.2 nmi (59.2 nmi; 68.1 mi)", WN_DIM_LENGTH, 109638.4);
  QTY("199.0 km", WN_DIM_LENGTH, 199000);
  QTY("51.66°", WN_DIM_ANGLE, 51.66);
  QTY("51.6 degrees", WN_DIM_ANGLE, 51.6);
  QTY("91.5 minutes", WN_DIM_TIME, 5490);
  QTY("2 hours", WN_DIM_TIME, 7200);
  QTY("7.2 t", WN_DIM_MASS, 7200);
  NOQTY("7080", WN_DIM_MASS);
  NOQTY("heavy", WN_DIM_MASS);
  NOQTY("7080 kg", WN_DIM_LENGTH);
  NOQTY("up to 200 km", WN_DIM_LENGTH);
  CHECK(wn_parse_quantity("120 nmi (planned)", 17, WN_DIM_LENGTH, &q) && q.planned,
        "planned quantity");
#undef QTY
#undef NOQTY
  int64_t v;
  CHECK(wn_parse_integer("2694", 4, &v) && v == 2694, "integer 2694");
  CHECK(wn_parse_integer("~2,935", 6, &v) && v == 2935, "integer ~2,935");
  CHECK(wn_parse_integer("1,980", 5, &v) && v == 1980, "integer 1,980");
  CHECK(wn_parse_integer("2 up 3 down", 11, &v) && v == 2, "integer 2 up 3 down");
  CHECK(wn_parse_integer("CSM: 3941", 9, &v) && v == 3941, "integer after a label");
  CHECK(!wn_parse_integer("51.6", 4, &v), "51.6 is not an integer");
  CHECK(!wn_parse_integer("three", 5, &v), "three is not parsed");
  char id[16];
  CHECK(wn_parse_cospar("2017-081A", 9, id) && !strcmp(id, "2017-081A"), "COSPAR 2017-081A");
  CHECK(wn_parse_cospar("CSM: 1969-059a", 14, id) && !strcmp(id, "1969-059A"), "COSPAR case");
  CHECK(!wn_parse_cospar("2017-81A", 8, id), "COSPAR needs three digits");
}

static void test_words(void) {
  CHECK_STR(wn_orbit_enum(WN_VT_ENUM_ORBIT_REFERENCE, "Geocentric orbit", 16), "geocentric",
            "Geocentric orbit");
  CHECK_STR(wn_orbit_enum(WN_VT_ENUM_ORBIT_REGIME, "Low Earth orbit", 15), "low_earth",
            "Low Earth orbit");
  CHECK_STR(wn_orbit_enum(WN_VT_ENUM_CENTRAL_BODY, "gee", 3), "earth", "apsis gee");
  CHECK_STR(wn_orbit_enum(WN_VT_ENUM_CENTRAL_BODY, "selene", 6), "moon", "apsis selene");
  CHECK_STR(wn_orbit_enum(WN_VT_ENUM_CENTRAL_BODY, "helion", 6), "sun", "apsis helion");
  CHECK_STR(wn_crew_role("指令长", strlen("指令长")), "commander", "指令长");
  CHECK_STR(wn_crew_role("飞行工程师1", strlen("飞行工程师1")), "flight_engineer_1", "飞行工程师1");
  CHECK_STR(wn_crew_role("飛行工程師2", strlen("飛行工程師2")), "flight_engineer_2", "飛行工程師2");
  CHECK_STR(wn_crew_role("Commander", 9), "commander", "Commander");
  CHECK_STR(wn_crew_role("Flight Engineer", 15), "flight_engineer", "Flight Engineer");
  CHECK_STR(wn_crew_role("Space Flight Participant", 24), "spaceflight_participant",
            "Space Flight Participant");
  CHECK_STR(wn_crew_role("Thomas", 6), NULL, "no role in Thomas");
  CHECK(wn_flight_number("第1次", strlen("第1次")) == 1, "第1次");
  CHECK(wn_flight_number("第２次", strlen("第２次")) == 2, "第２次 (full-width)");
  CHECK(wn_flight_number("第三次", strlen("第三次")) == 3, "第三次");
  CHECK(wn_flight_number("Third spaceflight", 17) == 3, "Third spaceflight");
  CHECK(wn_flight_number("2nd", 3) == 2, "2nd");
  CHECK(wn_flight_number("2", 1) == 2, "2");
  CHECK(wn_flight_number("none", 4) == 0, "no flight number");
  CHECK_STR(wn_country_alpha2("RUS", 3), "RU", "flagicon RUS");
  CHECK_STR(wn_country_alpha2("USA", 3), "US", "flagicon USA");
  CHECK_STR(wn_country_alpha2("JPN", 3), "JP", "flagicon JPN");
  CHECK_STR(wn_country_alpha2("Russia", 6), "RU", "flagicon Russia");
  CHECK_STR(wn_country_alpha2("XYZ", 3), NULL, "unknown flag");
  CHECK_STR(wn_place_country("Baikonur Cosmodrome", 19), "KZ", "Baikonur is in KZ");
  CHECK_STR(wn_place_country("Steppes of the Kazakhstan", 25), "KZ", "a text naming a country");
  CHECK_STR(wn_site_canonical("Baikonur", 8), "Baikonur Cosmodrome", "site alias");
  wn_arena_reset(arena);
  CHECK_STR(pad_of("Site 31", 7), "31", "pad Site 31");
  CHECK_STR(pad_of("Site 31/6", 9), "31/6", "pad Site 31/6");
  CHECK_STR(pad_of("LC-39A", 6), "39A", "pad LC-39A");
  CHECK_STR(pad_of("1/5", 3), "1/5", "pad 1/5");
  CHECK_STR(pad_of("Launch Complex 39A", 18), "39A", "pad Launch Complex 39A");
  CHECK_STR(pad_of("31号发射台", strlen("31号发射台")), "31", "pad 31号发射台");
  CHECK_STR(pad_of("Steppes", 7), NULL, "no pad");
}

static void test_surnames(void) {
  wn_arena_reset(arena);
  wn_lexdoc *ld = wn_lexdoc_new(arena, lexicon);
  CHECK_STR(surname_of(ld, "Shane Kimbrough", 15), "kimbrough", "surname en");
  CHECK_STR(surname_of(ld, "Charles Conrad Jr.", 18), "conrad", "surname Jr.");
  CHECK_STR(surname_of(ld, "Jean-Loup Chrétien", strlen("Jean-Loup Chrétien")), "chretien",
            "surname accents folded");
  CHECK_STR(surname_of(ld, "金布罗", strlen("金布罗")), "kimbrough", "surname 金布罗");
  CHECK_STR(surname_of(ld, "谢尔盖·尼古拉耶维奇·雷日科夫", strlen("谢尔盖·尼古拉耶维奇·雷日科夫")),
            "ryzhikov", "surname of a full zh name");
  CHECK_STR(surname_of(ld, "某某", strlen("某某")), "某某", "unknown zh kept");
}

/* ---- node level: seeds ---- */

static void test_seed_000(void) {
  NORM(WN_VT_LANGTEXT, "zh", "联盟MS-02", "{\"zh\":\"联盟MS-02\",\"en\":\"Soyuz MS-02\"}");
  NORM(WN_VT_PHOTO, "zh", "Soyuz-MS-02-Mission-Patch.png",
       "{\"file\":\"Soyuz-MS-02-Mission-Patch.png\"}");
  NORM(WN_VT_TEXT, "zh", "Favor", "\"Favor\"");
  NORM(WN_VT_TIMESTAMP, "zh", "2016年10月19日<br>08:05 UTC",
       "{\"utc\":\"2016-10-19T08:05:00Z\",\"precision\":\"minute\"}");
  NORM(WN_VT_TIMESTAMP, "zh", "2017年4月10日<br>11:20 UTC",
       "{\"utc\":\"2017-04-10T11:20:00Z\",\"precision\":\"minute\"}");
  NORM(WN_VT_PLACE, "zh", "[[拜科努尔航天发射场|拜科努尔航天发射场]]",
       "{\"facility\":{\"en\":\"Baikonur Cosmodrome\",\"zh\":\"拜科努尔航天发射场\",\"label\":"
       "\"拜科努尔航天发射场\"},\"country\":\"KZ\"}");
  NORM(WN_VT_DURATION, "zh", "173天3时15分",
       "{\"iso8601\":\"P173DT3H15M\",\"seconds\":14958900,\"precision\":\"minute\"}");
  NORM(WN_VT_INTEGER, "zh", "2694", "2694");
  NORM(WN_VT_INTEGER, "zh", "3", "3");
  NORM(WN_VT_PHOTO, "zh", "Soyuz MS-02 crew in front of their spacecraft.jpg",
       "{\"file\":\"Soyuz MS-02 crew in front of their spacecraft.jpg\"}");
  NORM(WN_VT_CAPTION, "zh", "从左至右：金布罗，雷日科夫，鲍里先科",
       "{\"caption\":\"从左至右：金布罗，雷日科夫，鲍里先科\",\"order\":[\"kimbrough\","
       "\"ryzhikov\",\"borisenko\"]}");
  NORM(WN_VT_MISSION, "zh", "[[File:Soyuz-MS-01-Mission-Patch.png|30px]][[联盟MS-01|联盟MS-01]]",
       "{\"key\":\"soyuz-ms-01\",\"designation\":\"Soyuz MS-01\"}");
  NORM(WN_VT_MISSION, "zh", "[[联盟MS-03|联盟MS-03]][[File:Soyuz-MS-03-Mission-Patch.png|30px]]",
       "{\"key\":\"soyuz-ms-03\",\"designation\":\"Soyuz MS-03\"}");
}

static const char *crew_cell(const char *cell, const char *role, int flight) {
  wn_arena_reset(arena);
  wn_tree tree = tree_of(cell);
  wn_lexdoc *ld = wn_lexdoc_new(arena, lexicon);
  wn_value_in in = {&tree, WN_NONE, "zh", ld};
  wn_value *m;
  if (wn_crew_member(arena, &in, wn_crew_role(role, strlen(role)), flight, &m) != WN_OK)
    return "(error)";
  if (!m) return "(none)";
  if (m->kind != WN_V_CREW_MEMBER || !m->u.crew.name || m->u.crew.name->kind != WN_V_LANGTEXT)
    return "(wrong kind)";
  wn_buf b;
  wn_buf_init(&b);
  describe(&b, m);
  char *copy = b.failed ? (char *)"(no memory)" : wn_arena_strndup(arena, b.data, b.len);
  wn_buf_free(&b);
  return copy;
}

static void test_crew_table(void) {
  CHECK_STR(
      crew_cell("{{flagicon|RUS}} [[谢尔盖·尼古拉耶维奇·雷日科夫|谢尔盖·尼古拉耶维奇·雷日科夫]]",
                "指令长", wn_flight_number("第1次", strlen("第1次"))),
      "{\"name\":{\"zh\":\"谢尔盖·尼古拉耶维奇·雷日科夫\",\"en\":\"Sergey Ryzhikov\"},\"role\":"
      "\"commander\",\"nationality\":\"RU\",\"flight_number\":1}",
      "crew row 1 of seed 000");
  CHECK_STR(
      crew_cell("{{flagicon|USA}} {{le|罗伯特·金布罗|Robert S. Kimbrough}}", "飞行工程师2", 2),
      "{\"name\":{\"zh\":\"罗伯特·金布罗\",\"en\":\"Robert S. Kimbrough\"},\"role\":"
      "\"flight_engineer_2\",\"nationality\":\"US\",\"flight_number\":2}",
      "crew row 3 of seed 000 ({{le}})");
  CHECK_STR(crew_cell("{{Flagicon|RUS}} {{le|安东∙什卡普列罗夫|Anton Shkaplerov}}", "指令长", 3),
            "{\"name\":{\"zh\":\"安东·什卡普列罗夫\",\"en\":\"Anton Shkaplerov\"},\"role\":"
            "\"commander\",\"nationality\":\"RU\",\"flight_number\":3}",
            "crew row 1 of seed 002 (middle dot folded)");
  CHECK_STR(crew_cell("{{flagicon|JPN}} {{le|金井宣茂|Norishige Kanai}}", "飞行工程师2", 1),
            "{\"name\":{\"zh\":\"金井宣茂\",\"en\":\"Norishige Kanai\"},\"role\":"
            "\"flight_engineer_2\",\"nationality\":\"JP\",\"flight_number\":1}",
            "crew row 3 of seed 002");
}

static void test_seed_001(void) {
  /* the rendered en form: plain text values */
  NORM(WN_VT_TEXT, "en", "ISS crew transport", "\"ISS crew transport\"");
  NORM(WN_VT_ENTITY_LIST, "en", "Roscosmos", "[{\"en\":\"Roscosmos\",\"label\":\"Roscosmos\"}]");
  NORM(WN_VT_DURATION, "en", "173 days 3 hours 16 minutes 21 seconds",
       "{\"iso8601\":\"P173DT3H16M21S\",\"seconds\":14958981,\"precision\":\"second\"}");
  NORM(WN_VT_LENGTH, "en", "118 million kilometers", "{\"value\":118000000000,\"unit\":\"m\"}");
  NORM(WN_VT_MASS, "en", "7080 kg", "{\"value\":7080,\"unit\":\"kg\"}");
  NORM(WN_VT_TIMESTAMP, "en", "19 October 2016, 08:05:00 UTC",
       "{\"utc\":\"2016-10-19T08:05:00Z\",\"precision\":\"second\"}");
  NORM(WN_VT_ENTITY, "en", "Soyuz-FG", "{\"en\":\"Soyuz-FG\",\"label\":\"Soyuz-FG\"}");
  NORM(WN_VT_PLACE, "en", "Baikonur, Site 31",
       "{\"facility\":{\"en\":\"Baikonur Cosmodrome\",\"label\":\"Baikonur\"},\"pad\":\"31\","
       "\"country\":\"KZ\"}");
  NORM(WN_VT_TIMESTAMP, "en", "10 April 2017, 11:20 UTC",
       "{\"utc\":\"2017-04-10T11:20:00Z\",\"precision\":\"minute\"}");
  NORM(WN_VT_PLACE, "en", "Steppes of the Kazakhstan",
       "{\"facility\":{\"en\":\"Steppes of the Kazakhstan\",\"label\":\"Steppes of the "
       "Kazakhstan\"},\"country\":\"KZ\"}");
  NORM(WN_VT_CREW_LIST, "en", "Sergey Ryzhikov, Andrei Borisenko, Shane Kimbrough",
       "[{\"name\":{\"zh\":\"谢尔盖·尼古拉耶维奇·雷日科夫\",\"en\":\"Sergey Ryzhikov\"}},"
       "{\"name\":{\"zh\":\"安德烈·鲍里先科\",\"en\":\"Andrei Borisenko\"}},"
       "{\"name\":{\"zh\":\"罗伯特·金布罗\",\"en\":\"Shane Kimbrough\"}}]");
  NORM(WN_VT_CAPTION, "en", "(l-r) Kimbrough, Ryzhikov and Borisenko",
       "{\"caption\":\"(l-r) Kimbrough, Ryzhikov and Borisenko\",\"order\":[\"kimbrough\","
       "\"ryzhikov\",\"borisenko\"]}");
  NORM(WN_VT_ENUM_ORBIT_REFERENCE, "en", "Geocentric orbit", "\"geocentric\"");
  NORM(WN_VT_ENUM_ORBIT_REGIME, "en", "Low Earth orbit", "\"low_earth\"");
  NORM(WN_VT_ANGLE, "en", "51.66°", "{\"value\":51.66,\"unit\":\"deg\"}");
  NORM(WN_VT_ENUM_CENTRAL_BODY, "en", "gee", "\"earth\"");
  NORM(WN_VT_ENTITY, "en", "Soyuz programme (crewed)",
       "{\"en\":\"Soyuz programme\",\"label\":\"Soyuz programme (crewed)\"}");
  NORM(WN_VT_MISSION, "en", "Soyuz MS-01",
       "{\"key\":\"soyuz-ms-01\",\"designation\":\"Soyuz MS-01\"}");
}

static void test_seed_002(void) {
  NORM(WN_VT_ENTITY_LIST, "zh", "[[俄罗斯航太|俄罗斯宇航]]",
       "[{\"en\":\"Roscosmos\",\"zh\":\"俄罗斯航太\",\"label\":\"俄罗斯宇航\"}]");
  NORM(WN_VT_COSPAR, "zh", "2017-081A", "\"2017-081A\"");
  NORM(WN_VT_INTEGER, "zh", "43063", "43063");
  NORM(WN_VT_DURATION, "zh", "168天5时18分",
       "{\"iso8601\":\"P168DT5H18M\",\"seconds\":14534280,\"precision\":\"minute\"}");
  NORM(WN_VT_ENTITY, "zh", "联盟号飞船",
       "{\"en\":\"Soyuz (spacecraft)\",\"zh\":\"联盟号飞船\",\"label\":\"联盟号飞船\"}");
  NORM(WN_VT_TEXT, "zh", "[[联盟MS|联盟MS]] 11F747", "\"联盟MS 11F747\"");
  NORM(WN_VT_ENTITY, "zh", "[[国际空间站|国际空间站]]",
       "{\"en\":\"International Space Station\",\"zh\":\"国际空间站\",\"label\":\"国际空间站\"}");
  NORM(WN_VT_TIMESTAMP, "zh", "2017年12月19日 08:39 UTC",
       "{\"utc\":\"2017-12-19T08:39:00Z\",\"precision\":\"minute\"}");
  NORM(WN_VT_ENTITY, "zh", "{{le|晨曦号实验舱|Rassvet (ISS module)}}",
       "{\"en\":\"Rassvet (ISS module)\",\"zh\":\"晨曦号实验舱\",\"label\":\"晨曦号实验舱\"}");
  NORM(WN_VT_CREW_LIST, "zh",
       "{{le|安东∙什卡普列罗夫|Anton Shkaplerov}}<br>{{le|斯科特∙廷格尔|Scott D. "
       "Tingle}}<br>{{le|金井宣茂|Norishige Kanai}}",
       "[{\"name\":{\"zh\":\"安东·什卡普列罗夫\",\"en\":\"Anton Shkaplerov\"}},"
       "{\"name\":{\"zh\":\"斯科特·廷格尔\",\"en\":\"Scott D. Tingle\"}},"
       "{\"name\":{\"zh\":\"金井宣茂\",\"en\":\"Norishige Kanai\"}}]");
  NORM(WN_VT_CAPTION, "zh", "从左到右：廷格尔，什卡普列罗夫，金井",
       "{\"caption\":\"从左到右：廷格尔，什卡普列罗夫，金井\",\"order\":[\"tingle\","
       "\"shkaplerov\",\"kanai\"]}");
  NORM(WN_VT_TIMESTAMP, "zh", "2017年12月17日 7:21 UTC",
       "{\"utc\":\"2017-12-17T07:21:00Z\",\"precision\":\"minute\"}");
  NORM(WN_VT_ENTITY, "zh", "[[联盟-FG|联盟-FG]]",
       "{\"en\":\"Soyuz-FG\",\"zh\":\"联盟-FG\",\"label\":\"联盟-FG\"}");
  NORM(WN_VT_PLACE, "zh", "[[哈萨克斯坦|哈萨克斯坦]]", "{\"country\":\"KZ\"}");
  NORM(WN_VT_ENTITY, "zh", "[[联盟计划|联盟计划]]",
       "{\"en\":\"Soyuz programme\",\"zh\":\"联盟计划\",\"label\":\"联盟计划\"}");
  NORM(WN_VT_MISSION, "zh", "[[File:Soyuz-MS-06-Mission-Patch.png|30px]][[联盟MS-06|联盟MS-06]]",
       "{\"key\":\"soyuz-ms-06\",\"designation\":\"Soyuz MS-06\"}");
  NORM(WN_VT_CAPTION, "zh", "", "(absent)");
  NORM(WN_VT_PHOTO, "zh", "ISS-55 Soyuz MS-07 docked to Rassvet.jpg",
       "{\"file\":\"ISS-55 Soyuz MS-07 docked to Rassvet.jpg\"}");
}

/* ---- node level: ../shared/spaceflight-en ---- */

static void test_en_times(void) {
  NORM(WN_VT_TIMESTAMP, "en",
       "{{start date text|May 18, 1969, 16:49:00|timezone=yes}}&nbsp;UTC<ref>{{Citation |title="
       "Apollo 10 |url=https://nssdc.gsfc.nasa.gov/nmc/spacecraft/display.action?id=1969-043A "
       "|access-date=November 29, 2022}}</ref>",
       "{\"utc\":\"1969-05-18T16:49:00Z\",\"precision\":\"second\"}");
  NORM(WN_VT_TIMESTAMP, "en",
       "{{start date text|July 16, 1969, 13:32:00|timezone=yes}}&nbsp;[[UTC]] "
       "(9:32:00&nbsp;am&nbsp;[[Eastern Daylight Time|EDT]])<ref name=\"Mission Overview\" />",
       "{\"utc\":\"1969-07-16T13:32:00Z\",\"precision\":\"second\"}");
  NORM(WN_VT_TIMESTAMP, "en", "{{Start date|1986|03|13|12|33|09|Z}}",
       "{\"utc\":\"1986-03-13T12:33:09Z\",\"precision\":\"second\"}");
  NORM(WN_VT_TIMESTAMP, "en", "{{start date|2016|10|19|df=yes}}",
       "{\"utc\":\"2016-10-19T00:00:00Z\",\"precision\":\"day\"}");
  NORM(WN_VT_TIMESTAMP, "en", "{{start-date|January 31, 1971, 21:03:02|timezone=yes}}&nbsp;UTC",
       "{\"utc\":\"1971-01-31T21:03:02Z\",\"precision\":\"second\"}");
  NORM(WN_VT_TIMESTAMP, "en", "{{End date text|10 December 1990, 06:08:12|timezone=yes}}&nbsp;UTC",
       "{\"utc\":\"1990-12-10T06:08:12Z\",\"precision\":\"second\"}");
  NORM(WN_VT_TIMESTAMP, "en", "February 21, 1967 (planned)",
       "{\"utc\":\"1967-02-21T00:00:00Z\",\"precision\":\"day\",\"planned\":true}");
  NORM(WN_VT_TIMESTAMP, "en", "8 February 1984, 12:07:26 [[Coordinated Universal Time|UTC]]",
       "{\"utc\":\"1984-02-08T12:07:26Z\",\"precision\":\"second\"}");
  NORM(WN_VT_TIMESTAMP, "en",
       "{{Start date text|13 March 1981, 20:33|timezone=yes}}&nbsp;UTC<ref name=spacefacts>{{cite "
       "web|title=Soyuz T-4|url=http://www.spacefacts.de/mission/english/soyuz-t4.htm}}</ref>",
       "{\"utc\":\"1981-03-13T20:33:00Z\",\"precision\":\"minute\"}");
  NORM(WN_VT_TIMESTAMP, "en", "July 16, 1969, 16:56:03&nbsp;UTC{{sfn|Orloff|2000|p=106}}",
       "{\"utc\":\"1969-07-16T16:56:03Z\",\"precision\":\"second\"}");
  NORM(WN_VT_TIMESTAMP, "zh", "２０１６年１０月１９日 ０８：０５ UTC",
       "{\"utc\":\"2016-10-19T08:05:00Z\",\"precision\":\"minute\"}");
  NORM(WN_VT_TIMESTAMP, "en", "sometime in spring", "{\"text\":\"sometime in spring\"}");
  CHECK(last_warning != NULL, "unparsed timestamp has a warning");
}

static void test_en_durations(void) {
  NORM(WN_VT_DURATION, "en", "8&nbsp;days, 3&nbsp;minutes, 23&nbsp;seconds",
       "{\"iso8601\":\"P8DT3M23S\",\"seconds\":691403,\"precision\":\"second\"}");
  NORM(WN_VT_DURATION, "en", "8&nbsp;days, 3&nbsp;hours, 18&nbsp;minutes, 35&nbsp;seconds",
       "{\"iso8601\":\"P8DT3H18M35S\",\"seconds\":703115,\"precision\":\"second\"}");
  NORM(WN_VT_DURATION, "en",
       "11 days, 1 hour, 51 minutes, 5 seconds{{sfn|Orloff & Harland 2006|p=482}}",
       "{\"iso8601\":\"P11DT1H51M5S\",\"seconds\":957065,\"precision\":\"second\"}");
  NORM(WN_VT_DURATION, "en", "181&nbsp;days, 21&nbsp;hours, 48&nbsp;minutes,",
       "{\"iso8601\":\"P181DT21H48M\",\"seconds\":15716880,\"precision\":\"minute\"}");
  NORM(WN_VT_DURATION, "en", "62 days 22 hours 41 minutes 22 seconds",
       "{\"iso8601\":\"P62DT22H41M22S\",\"seconds\":5438482,\"precision\":\"second\"}");
  NORM(WN_VT_DURATION, "en",
       "{{time interval|13 March 1986, 12:33:09|16 July 1986, 12:34:05|show=dhms}}",
       "{\"iso8601\":\"P125DT56S\",\"seconds\":10800056,\"precision\":\"second\"}");
  NORM(WN_VT_DURATION, "en",
       "{{time interval|May 18, 1969, 20:06:36|May 22, 1969, 19:00:57|show=dhm|sep=,}}",
       "{\"iso8601\":\"P3DT22H54M21S\",\"seconds\":341661,\"precision\":\"second\"}");
  NORM(WN_VT_DURATION, "en",
       "{{Unbulleted list|Total: 7 hours, 45 minutes, 18 seconds|First: 3 hours, 56 minutes, 03 "
       "seconds|Second: 3 hours, 49 minutes, 15 seconds}}",
       "{\"iso8601\":\"PT7H45M18S\",\"seconds\":27918,\"precision\":\"second\"}");
  NORM(WN_VT_DURATION, "en", "Up to 14 days (planned)", "{\"text\":\"Up to 14 days (planned)\"}");
  CHECK(last_warning != NULL, "a bound is kept as text with a warning");
}

static void test_en_quantities(void) {
  NORM(WN_VT_MASS, "en", "{{convert|45000|lb|kg|order=flip|sp=us}}",
       "{\"value\":20411.65665,\"unit\":\"kg\"}");
  NORM(WN_VT_MASS, "en", "{{cvt|42775|kg}}<ref>{{Cite web |title=Apollo 10}}</ref>",
       "{\"value\":42775,\"unit\":\"kg\"}");
  NORM(WN_VT_MASS, "en",
       "44,069 kg (CSM: 28,881 kg;<ref>{{cite web|url=x}}</ref> LM: 15,188 kg)<ref "
       "name=\"apollo13NASAsdca\">{{cite web|url=y}}</ref>",
       "{\"value\":44069,\"unit\":\"kg\"}");
  NORM(WN_VT_MASS, "en", "6850 kg", "{\"value\":6850,\"unit\":\"kg\"}");
  NORM(WN_VT_MASS, "en", "<!--Mass after landing (recovered spacecraft only)-->", "(absent)");
  NORM(WN_VT_LENGTH, "en",
       "{{convert|59.2|nmi|km|abbr=on|disp=out}} (59.2&nbsp;[[Nautical mile|nmi]]; "
       "{{convert|59.2|nmi|mi|abbr=on|disp=out}})",
       "{\"value\":109638.4,\"unit\":\"m\"}");
  NORM(WN_VT_LENGTH, "en", "{{convert|120|nmi|km|order=flip|sp=us}} (planned)",
       "{\"value\":222240,\"unit\":\"m\",\"planned\":true}");
  NORM(WN_VT_LENGTH, "en", "{{cvt|201.0|km}}", "{\"value\":201000,\"unit\":\"m\"}");
  NORM(WN_VT_ANGLE, "en", "51.6&nbsp;degrees", "{\"value\":51.6,\"unit\":\"deg\"}");
  NORM(WN_VT_ANGLE, "en", "1.25°<ref name=\"orbit\" />", "{\"value\":1.25,\"unit\":\"deg\"}");
  NORM(WN_VT_ANGLE, "en", "51.6º", "{\"value\":51.6,\"unit\":\"deg\"}");
  NORM(WN_VT_PERIOD, "en", "88.7&nbsp;minutes", "{\"value\":5322,\"unit\":\"s\"}");
  NORM(WN_VT_PERIOD, "en", "2&nbsp;hours<ref name=\"orbit\" />", "{\"value\":7200,\"unit\":\"s\"}");
  NORM(WN_VT_PERIOD, "en", "89.7&nbsp;minutes (planned)",
       "{\"value\":5382,\"unit\":\"s\",\"planned\":true}");
  NORM(WN_VT_MASS, "en", "heavy", "{\"text\":\"heavy\"}");
  CHECK(last_warning != NULL, "unparsed quantity has a warning");
  NORM(WN_VT_INTEGER, "en", "~2,935", "2935");
  NORM(WN_VT_INTEGER, "en", "2 up<br/>3 down", "2");
  NORM(WN_VT_INTEGER, "zh", "{{formatnum:2694}}", "2694");
  NORM(WN_VT_INTEGER, "zh", "２６９４", "2694");
  NORM(WN_VT_INTEGER, "en", "{{Unbulleted list\n  |'''CSM''': 3941\n  |'''LM''': 3948\n}}", "3941");
  NORM(WN_VT_INTEGER, "en",
       "4371<ref>{{cite web|url=https://www.n2yo.com/satellite/?s=4371}}</ref>", "4371");
  NORM(WN_VT_COSPAR, "en",
       "{{Unbulleted list\n  | CSM: {{COSPAR|1969-059A}}\n  | LM: {{COSPAR|1969-059C}}\n  }}",
       "\"1969-059A\"");
  NORM(WN_VT_COSPAR, "en", "{{Unbulleted list|CSM: 1970-029A|LM: 1970-029C}}", "\"1970-029A\"");
}

static void test_en_places(void) {
  NORM(WN_VT_PLACE, "en",
       "[[Baikonur Cosmodrome|Baikonur]], [[Baikonur Cosmodrome Site 31|Site 31/6]]",
       "{\"facility\":{\"en\":\"Baikonur Cosmodrome\",\"label\":\"Baikonur\"},\"pad\":\"31/6\","
       "\"country\":\"KZ\"}");
  NORM(WN_VT_PLACE, "en", "[[Baikonur Cosmodrome|Baikonur]] [[Baikonur Cosmodrome Site 1|1/5]]",
       "{\"facility\":{\"en\":\"Baikonur Cosmodrome\",\"label\":\"Baikonur\"},\"pad\":\"1/5\","
       "\"country\":\"KZ\"}");
  NORM(WN_VT_PLACE, "en",
       "[[Kennedy Space Center|Kennedy]], [[Kennedy Space Center Launch Complex "
       "39A|LC{{nbhyph}}39A]]",
       "{\"facility\":{\"en\":\"Kennedy Space Center\",\"label\":\"Kennedy\"},\"pad\":\"39A\","
       "\"country\":\"US\"}");
  NORM(WN_VT_PLACE, "en", "[[Kennedy Space Center Launch Complex 39A|Kennedy LC-39A]]",
       "{\"facility\":{\"en\":\"Kennedy Space Center\",\"label\":\"Kennedy LC-39A\"},\"pad\":"
       "\"39A\",\"country\":\"US\"}");
  NORM(WN_VT_PLACE, "en",
       "[[Kennedy Space Center|Kennedy]] [[Kennedy Space Center Launch Complex 39|LC-39]][[Kennedy "
       "Space Center Launch Complex 39A|A]]",
       "{\"facility\":{\"en\":\"Kennedy Space Center\",\"label\":\"Kennedy\"},\"pad\":\"39A\","
       "\"country\":\"US\"}");
  NORM(WN_VT_PLACE, "en",
       "[[Cape Canaveral Air Force Station|Cape Kennedy]] [[Cape Canaveral Launch Complex "
       "34|LC-34]]",
       "{\"facility\":{\"en\":\"Cape Canaveral Air Force Station\",\"label\":\"Cape Kennedy\"},"
       "\"pad\":\"34\",\"country\":\"US\"}");
  NORM(WN_VT_PLACE, "en", "near [[Dzhezkazgan]]",
       "{\"facility\":{\"en\":\"Jezkazgan\",\"label\":\"near Dzhezkazgan\"},\"country\":\"KZ\"}");
  NORM(WN_VT_PLACE, "en", "{{convert|46|km|mi}} E of [[Arkalyk]]",
       "{\"facility\":{\"en\":\"Arkalyk\",\"label\":\"46 km E of Arkalyk\"},\"country\":\"KZ\"}");
  NORM(WN_VT_PLACE, "en",
       "{{unbulleted list|North Pacific Ocean|({{Coord|13|19|N|169|9|W|type:event|name=Apollo 11 "
       "splashdown}})}}",
       "{\"facility\":{\"en\":\"North Pacific Ocean\",\"label\":\"North Pacific Ocean\"}}");
  NORM(WN_VT_PLACE, "en", "[[Baikonur Cosmodrome]]",
       "{\"facility\":{\"en\":\"Baikonur Cosmodrome\",\"label\":\"Baikonur Cosmodrome\"},"
       "\"country\":\"KZ\"}");
}

static void test_en_entities_and_crews(void) {
  NORM(WN_VT_ENTITY, "en", "[[Saturn V]] SA-505",
       "{\"en\":\"Saturn V\",\"label\":\"Saturn V SA-505\"}");
  NORM(WN_VT_ENTITY, "en", "[[Soyuz programme]]<br/><small>(Crewed missions)</small>",
       "{\"en\":\"Soyuz programme\",\"label\":\"Soyuz programme\"}");
  NORM(WN_VT_ENTITY_LIST, "en",
       "{{Unbulleted list\n  |'''CSM''': [[North American Rockwell]]\n  |'''LM''': [[Grumman]]\n}}",
       "[{\"en\":\"North American Rockwell\",\"label\":\"North American Rockwell\"},{\"en\":"
       "\"Grumman\",\"label\":\"Grumman\"}]");
  NORM(WN_VT_ENTITY_LIST, "en", "CSM: [[North American Rockwell]]<br />LM: [[Grumman]]",
       "[{\"en\":\"North American Rockwell\",\"label\":\"North American Rockwell\"},{\"en\":"
       "\"Grumman\",\"label\":\"Grumman\"}]");
  NORM(WN_VT_ENTITY_LIST, "en", "[[Energia (corporation)|NPO Energia]]",
       "[{\"en\":\"Energia (corporation)\",\"label\":\"NPO Energia\"}]");
  NORM(WN_VT_TEXT, "en", "[[Apollo command and service module]], Block I",
       "\"Apollo command and service module, Block I\"");
  NORM(WN_VT_TEXT, "en", "{{Unbulleted list\n  |CSM: ''Yankee Clipper''\n  |LM: ''Intrepid''\n  }}",
       "\"CSM: Yankee Clipper\\nLM: Intrepid\"");
  NORM(WN_VT_TEXT, "en", "Вулка́н (Vulkan – [[Volcano]])", "\"Вулка́н (Vulkan – Volcano)\"");
  NORM(WN_VT_TEXT, "en", "{{lang|ru|Чегет}} ({{lang|ru-Latn|Cheget}} – \"[[Mount Cheget]]\")",
       "\"Чегет (Cheget – \\\"Mount Cheget\\\")\"");
  NORM(WN_VT_TEXT, "en", "{{USS|Princeton|CV-37|6}}", "\"USS Princeton (CV-37)\"");
  NORM(WN_VT_CREW_LIST, "en",
       "{{Unbulleted list\n  | [[Neil Armstrong]]\n  | [[Michael Collins (astronaut)|Michael "
       "Collins]]\n  | [[Buzz Aldrin]]\n  }}",
       "[{\"name\":{\"zh\":\"尼尔·阿姆斯特朗\",\"en\":\"Neil Armstrong\"}},{\"name\":{\"zh\":"
       "\"迈克尔·柯林斯\",\"en\":\"Michael Collins\"}},{\"name\":{\"zh\":\"巴兹·奥尔德林\",\"en\":"
       "\"Buzz Aldrin\"}}]");
  NORM(WN_VT_CREW_LIST, "en",
       "[[Vladimir Dzhanibekov]]<br/>[[Svetlana Savitskaya]]<br/>[[Igor Volk]]",
       "[{\"name\":{\"en\":\"Vladimir Dzhanibekov\"}},{\"name\":{\"en\":\"Svetlana Savitskaya\"}},"
       "{\"name\":{\"en\":\"Igor Volk\"}}]");
  NORM(WN_VT_CREW_LIST, "en",
       "Commander: [[Anton Shkaplerov]]<br>[[Scott D. Tingle]], Flight Engineer, first spaceflight",
       "[{\"name\":{\"zh\":\"安东·什卡普列罗夫\",\"en\":\"Anton "
       "Shkaplerov\"},\"role\":\"commander\"},"
       "{\"name\":{\"zh\":\"斯科特·廷格尔\",\"en\":\"Scott D. "
       "Tingle\"},\"role\":\"flight_engineer\","
       "\"flight_number\":1}]");
  NORM(WN_VT_CREW_LIST, "en", "Anton Shkaplerov (Commander)",
       "[{\"name\":{\"zh\":\"安东·什卡普列罗夫\",\"en\":\"Anton "
       "Shkaplerov\"},\"role\":\"commander\"}]");
}

static void test_en_captions_photos_missions(void) {
  NORM(WN_VT_CAPTION, "en",
       "Left to right: [[Gene Cernan|Cernan]], [[Thomas P. Stafford|Stafford]], [[John Young "
       "(astronaut)|Young]]",
       "{\"caption\":\"Left to right: Cernan, Stafford, Young\",\"order\":[\"cernan\","
       "\"stafford\",\"young\"]}");
  NORM(WN_VT_CAPTION, "en", "From left: White, Grissom, Chaffee",
       "{\"caption\":\"From left: White, Grissom, Chaffee\",\"order\":[\"white\",\"grissom\","
       "\"chaffee\"]}");
  NORM(WN_VT_CAPTION, "en",
       "Left to right: [[Neil Armstrong|Armstrong]], [[Michael Collins (astronaut)|Collins]], and "
       "[[Buzz Aldrin|Aldrin]]",
       "{\"caption\":\"Left to right: Armstrong, Collins, and Aldrin\",\"order\":[\"armstrong\","
       "\"collins\",\"aldrin\"]}");
  NORM(WN_VT_CAPTION, "en",
       "1981 [[USSR]] stamp, depicting Soyuz T-3 spacecraft and crew, from left to right: Oleg "
       "Makarov, Leonid Kizim, Gennady Strekalov",
       "{\"caption\":\"1981 USSR stamp, depicting Soyuz T-3 spacecraft and crew, from left to "
       "right: Oleg Makarov, Leonid Kizim, Gennady Strekalov\",\"order\":[\"makarov\",\"kizim\","
       "\"strekalov\"]}");
  NORM(WN_VT_CAPTION, "en",
       "[[Gus Grissom]], [[Ed White (astronaut)|Ed White]], and [[Roger B. Chaffee]]<br />(left to "
       "right) in front of the launch pad containing<br />their AS-204 space vehicle",
       "{\"caption\":\"Gus Grissom, Ed White, and Roger B. Chaffee (left to right) in front of the "
       "launch pad containing their AS-204 space vehicle\",\"order\":[\"grissom\",\"white\","
       "\"chaffee\"]}");
  NORM(WN_VT_CAPTION, "en", "L-R: Dzhanibekov, Savinykh",
       "{\"caption\":\"L-R: Dzhanibekov, Savinykh\",\"order\":[\"dzhanibekov\",\"savinykh\"]}");
  NORM(WN_VT_CAPTION, "en",
       "<!--Left to right:-->[[Stuart Roosa]], [[Alan Shepard]], [[Edgar Mitchell]]",
       "{\"caption\":\"Stuart Roosa, Alan Shepard, Edgar Mitchell\"}");
  NORM(WN_VT_CAPTION, "en", "<!--image caption-->", "(absent)");
  NORM(WN_VT_PHOTO, "en", "File:Apollo 13 Service Module (lossless crop).jpg",
       "{\"file\":\"Apollo 13 Service Module (lossless crop).jpg\"}");
  NORM(WN_VT_PHOTO, "en", "[[File:Soyuz-T-11-Mission-Patch.svg|220px]]",
       "{\"file\":\"Soyuz-T-11-Mission-Patch.svg\"}");
  NORM(WN_VT_PHOTO, "en", "A_Man_on_the_Moon,_AS11-40-5903_(cropped).jpg",
       "{\"file\":\"A Man on the Moon, AS11-40-5903 (cropped).jpg\"}");
  NORM(WN_VT_PHOTO, "en", "apollo 11.jpg", "{\"file\":\"Apollo 11.jpg\"}");
  NORM(WN_VT_PHOTO, "en", "Image:USSR stamp Soyuz-T-3 1981 10k.jpg",
       "{\"file\":\"USSR stamp Soyuz-T-3 1981 10k.jpg\"}");
  NORM(WN_VT_MISSION, "en", "[[AS-203| Apollo 3]]",
       "{\"key\":\"as-203\",\"designation\":\"AS-203\"}");
  NORM(WN_VT_MISSION, "en", "[[Soyuz 7K-ST No.16L]]",
       "{\"key\":\"soyuz-7k-st-no-16l\",\"designation\":\"Soyuz 7K-ST No.16L\"}");
  NORM(WN_VT_MISSION, "zh", "[[神舟十一号|神舟十一号]]",
       "{\"key\":\"shenzhou-11\",\"designation\":\"Shenzhou 11\"}");
  NORM(WN_VT_MISSION, "zh", "<!-- none -->", "(absent)");
  NORM(WN_VT_MISSION, "zh", "[[某某号|某某号]]", "{\"text\":\"某某号\"}");
  CHECK(last_warning != NULL, "unknown zh mission kept as text with a warning");
  NORM(WN_VT_CAPTION, "zh", "从左至右：金布罗，某某某",
       "{\"caption\":\"从左至右：金布罗，某某某\"}");
  NORM(WN_VT_CREW_LIST, "en", "{{flagicon|XYZ}} [[Igor Volk]]",
       "[{\"name\":{\"en\":\"Igor Volk\"}}]");
  NORM(WN_VT_CREW_LIST, "en", "TBA", "[{\"name\":{\"en\":\"TBA\"}}]");
  NORM(WN_VT_ENTITY_LIST, "en", "{{flagicon|RUS}}", "(absent)");
  NORM(WN_VT_LANGTEXT, "zh", "安东∙什卡普列罗夫",
       "{\"zh\":\"安东·什卡普列罗夫\",\"en\":\"Anton Shkaplerov\"}");
  NORM(WN_VT_LANGTEXT, "en", "Soyuz MS-02", "{\"en\":\"Soyuz MS-02\"}");
  NORM(WN_VT_LANGTEXT, "en", "Baikonur Cosmodrome",
       "{\"zh\":\"拜科努尔航天发射场\",\"en\":\"Baikonur Cosmodrome\"}");
  NORM(WN_VT_CAPTION, "en", "Left to right: Thomas P. Stafford, John W. Young",
       "{\"caption\":\"Left to right: Thomas P. Stafford, John W. Young\",\"order\":[\"stafford\","
       "\"young\"]}");
  NORM(WN_VT_ENUM_ORBIT_REFERENCE, "en", "[[Lunar orbit|Selenocentric]]", "\"selenocentric\"");
  NORM(WN_VT_ENUM_ORBIT_REFERENCE, "en", "[[Geocentric orbit|Geocentric]]", "\"geocentric\"");
  NORM(WN_VT_ENUM_ORBIT_REGIME, "en", "[[Low Earth orbit|Low Earth]]", "\"low_earth\"");
  NORM(WN_VT_ENUM_CENTRAL_BODY, "en", "selene", "\"moon\"");
  NORM(WN_VT_ENUM_ORBIT_REGIME, "en", "Tundra", "{\"text\":\"Tundra\"}");
  CHECK(last_warning != NULL, "unknown orbit word has a warning");
  NORM(WN_VT_TEXT, "en", "{{Some unknown template|x}}", "(absent)");
}

static void test_value_text(void) {
  wn_arena_reset(arena);
  wn_tree t = tree_of("A<ref>r</ref>&nbsp;B<!-- c -->[[File:X.png|30px]] {{ubl|C|D}}");
  wn_value_in in = {&t, WN_NONE, "en", NULL};
  size_t n;
  char *s = wn_value_text(arena, &in, &n);
  CHECK_STR(s, "A B\nC\nD", "wn_value_text strips refs, comments, files; lists as lines");
}

/* The typed fields themselves, read directly. */
static void test_typed_fields(void) {
  const wn_value *v;
  norm(WN_VT_TIMESTAMP, "zh", "2016年10月19日<br>08:05 UTC");
  v = last_value;
  CHECK(v && v->kind == WN_V_TIMESTAMP && v->u.ts.epoch == 1476864300 &&
            v->u.ts.precision == WN_PREC_MINUTE && v->u.ts.zone == WN_ZONE_UNSET &&
            !v->u.ts.nanos && !v->u.ts.frac_digits && !v->planned,
        "timestamp: epoch seconds and precision");
  norm(WN_VT_TIMESTAMP, "en", "July 16, 1969, 13:32:00 UTC");
  v = last_value;
  CHECK(v && v->kind == WN_V_TIMESTAMP && v->u.ts.epoch == -14552880 &&
            v->u.ts.precision == WN_PREC_SECOND,
        "timestamp before 1970: negative epoch");
  norm(WN_VT_TIMESTAMP, "en", "February 21, 1967 (planned)");
  CHECK(last_value && last_value->planned && last_value->u.ts.precision == WN_PREC_DAY,
        "planned timestamp");
  norm(WN_VT_DURATION, "zh", "173天3时15分");
  v = last_value;
  CHECK(v && v->kind == WN_V_DURATION && v->u.dur.seconds == 14958900 &&
            v->u.dur.precision == WN_PREC_MINUTE,
        "duration: seconds and precision");
  norm(WN_VT_MASS, "en", "7080 kg");
  v = last_value;
  CHECK(v && v->kind == WN_V_QUANTITY && v->u.q.value == 7080 && v->u.q.unit == WN_UNIT_KG,
        "mass in kg");
  norm(WN_VT_LENGTH, "en", "{{convert|120|nmi|km|order=flip|sp=us}} (planned)");
  v = last_value;
  CHECK(v && v->kind == WN_V_QUANTITY && v->u.q.unit == WN_UNIT_M && v->planned,
        "planned length in m");
  norm(WN_VT_PERIOD, "en", "88.7&nbsp;minutes");
  CHECK(last_value && last_value->u.q.unit == WN_UNIT_S && last_value->u.q.value == 5322,
        "period in s");
  norm(WN_VT_INTEGER, "zh", "2694");
  CHECK(last_value && last_value->kind == WN_V_INTEGER && last_value->u.i == 2694, "integer");
  norm(WN_VT_PLACE, "en", "Baikonur, Site 31");
  v = last_value;
  CHECK(v && v->kind == WN_V_PLACE && v->u.place.facility &&
            v->u.place.facility->kind == WN_V_ENTITY &&
            !strcmp(v->u.place.facility->u.ent.en, "Baikonur Cosmodrome") &&
            !v->u.place.facility->u.ent.zh && !strcmp(v->u.place.pad, "31") &&
            !strcmp(v->u.place.country, "KZ"),
        "place: facility entity, pad, country");
  norm(WN_VT_MASS, "en", "heavy");
  v = last_value;
  CHECK(v && v->kind == WN_V_UNPARSED && !strcmp(v->u.s, "heavy") && last_warning,
        "unparsed: the text and a warning");
  norm(WN_VT_CAPTION, "en", "L-R: Dzhanibekov, Savinykh");
  v = last_value;
  CHECK(v && v->kind == WN_V_PHOTO && !v->u.photo.file && v->u.photo.order &&
            v->u.photo.order->kind == WN_V_LIST && v->u.photo.order->u.list.n == 2 &&
            v->u.photo.order->u.list.items[1]->kind == WN_V_TEXT &&
            !strcmp(v->u.photo.order->u.list.items[1]->u.s, "savinykh"),
        "caption: a photo without file, order as TEXT keys");
  norm(WN_VT_CREW_LIST, "en", "Commander: [[Anton Shkaplerov]]");
  v = last_value;
  CHECK(v && v->kind == WN_V_LIST && v->u.list.n == 1 &&
            v->u.list.items[0]->kind == WN_V_CREW_MEMBER &&
            !strcmp(v->u.list.items[0]->u.crew.role, "commander") &&
            !v->u.list.items[0]->u.crew.nationality && !v->u.list.items[0]->u.crew.flight_number,
        "crew list: members with role, no nationality, no flight number");
}

/* ---- NUL bytes and the empty/out-of-memory distinction ---- */

/* norm() of a text of n bytes (NULs inside), real tokenizer only. */
static const char *norm_n(wn_value_type t, const char *lang, const char *text, size_t n) {
  wn_arena_reset(arena);
  wn_tree tree;
  wn_diag_sink quiet = {0};
  if (wn_tokenize(arena, text, n, 1, 1, "<test>", &quiet, &tree) != WN_OK) return "(tokenize)";
  wn_lexdoc *ld = wn_lexdoc_new(arena, lexicon);
  wn_lexdoc_learn_tree(ld, &tree);
  wn_value_in in = {&tree, WN_NONE, lang, ld};
  wn_value_out out;
  wn_status st = wn_value_parse(arena, t, &in, &out);
  if (st != WN_OK) return wn_status_str(st);
  if (!out.value) return "(absent)";
  return described(t, out.value);
}

/* A NUL byte is text (the tokenizer keeps it): a value with NULs inside
 * parses as the same value without them, never as out of memory. */
static void test_nul_bytes(void) {
  if (!real_tokenizer) return;
  static const struct {
    wn_value_type t;
    const char *lang, *text; /* '@' stands for a NUL byte */
  } cases[] = {
      {WN_VT_TEXT, "en", "ISS @crew@ transport"},
      {WN_VT_TEXT, "en", "@"},
      {WN_VT_LANGTEXT, "zh", "@联盟MS-02"},
      {WN_VT_LANGTEXT, "zh", "@@@"},
      {WN_VT_ENTITY, "en", "@[[Roscosmos]]"},
      {WN_VT_ENTITY, "zh", "@"},
      {WN_VT_ENTITY_LIST, "en", "[[Energia]]@, [[NASA]]"},
      {WN_VT_MISSION, "en", "[[Soyuz MS-@01]]"},
      {WN_VT_MISSION, "zh", "@联盟MS-02"},
      {WN_VT_TIMESTAMP, "zh", "2016年10月19日@<br>08:05 UTC"},
      {WN_VT_DURATION, "en", "173 days@ 3 hours"},
      {WN_VT_MASS, "en", "7080@ kg"},
      {WN_VT_LENGTH, "en", "{{convert|400|km|mi}}@"},
      {WN_VT_ANGLE, "en", "51.66@°"},
      {WN_VT_PERIOD, "en", "@91.5 minutes"},
      {WN_VT_INTEGER, "en", "2,6@94"},
      {WN_VT_COSPAR, "en", "2016-0@63A"},
      {WN_VT_ENUM_ORBIT_REFERENCE, "en", "[[Geocentric orbit|Geo@centric]]"},
      {WN_VT_ENUM_ORBIT_REGIME, "en", "Low@ Earth"},
      {WN_VT_ENUM_CENTRAL_BODY, "en", "Earth@"},
      {WN_VT_PLACE, "en", "[[Baikonur Cosmodrome]] [[Baikonur Cosmodrome Site 31|Site 31/6]]@"},
      {WN_VT_PLACE, "en", "@"},
      {WN_VT_CREW_LIST, "zh", "[[谢尔盖·@雷日科夫]]<br>{{le|罗伯特·金布罗|Robert S. Kimbrough@}}"},
      {WN_VT_PHOTO, "en", "[[File:Soyuz@ MS-02.png|200px]]"},
      {WN_VT_PHOTO, "en", "Soyuz@ MS-02.png"},
      {WN_VT_CAPTION, "en", "(l-r) Kimbrough,@ Ryzhikov and Borisenko"},
      {WN_VT_TEXT, "en", "{{unknown template|@}}"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char with[256], without[256];
    size_t n = 0, m = 0;
    for (const char *c = cases[i].text; *c; c++) {
      with[n++] = *c == '@' ? '\0' : *c;
      if (*c != '@') without[m++] = *c;
    }
    const char *a = norm_n(cases[i].t, cases[i].lang, with, n);
    char *keep = strdup(a);
    const char *b = norm_n(cases[i].t, cases[i].lang, without, m);
    CHECK_STR(keep, b, "NUL inside a %s value is dropped: %s", wn_value_type_name(cases[i].t),
              cases[i].text);
    free(keep);
  }
}

/* The string helpers tell "none" from "out of memory". */
static void test_none_is_not_nomem(void) {
  wn_arena_reset(arena);
  wn_lexdoc *ld = wn_lexdoc_new(arena, lexicon);
  char *p = (char *)"x", *k = (char *)"x";
  CHECK(wn_parse_pad(arena, "Steppes", 7, &p) == WN_OK && p == NULL, "no pad is WN_OK + NULL");
  CHECK(wn_parse_pad(arena, "\0", 1, &p) == WN_OK && p == NULL, "a NUL is no pad");
  CHECK(wn_surname_key(arena, ld, "", 0, &k) == WN_OK && k == NULL, "no surname is WN_OK + NULL");
  CHECK(wn_surname_key(arena, ld, "\0", 1, &k) == WN_OK && k == NULL, "a NUL is no surname");
  CHECK(wn_surname_key(arena, ld, "...", 3, &k) == WN_OK && k == NULL, "punctuation is no surname");
  wn_tree t;
  wn_diag_sink quiet = {0};
  wn_value *m = (wn_value *)1;
  if (wn_tokenize(arena, "<!-- x -->", 10, 1, 1, "<test>", &quiet, &t) == WN_OK) {
    wn_value_in in = {&t, WN_NONE, "zh", ld};
    CHECK(wn_crew_member(arena, &in, NULL, 0, &m) == WN_OK && m == NULL,
          "an empty name cell is WN_OK + no member");
  }
  /* Out of memory: an allocator that always fails (the arena's first
   * block included) gives WN_ERR_NOMEM, not "none". */
  wn_arena *a2 = wn_arena_new();
  wn_tree t2;
  wn_status tok = a2 ? wn_tokenize(a2, "Sergey Ryzhikov", 15, 1, 1, "<test>", &quiet, &t2) : 1;
  wn_lexdoc *ld2 = a2 ? wn_lexdoc_new(a2, lexicon) : NULL;
  if (tok == WN_OK && ld2) {
    wn_set_allocator(&failing);
    wn_value_in in = {&t2, WN_NONE, "en", ld2};
    size_t big = 1 << 20; /* beyond the arena's current block */
    char *text = calloc(big, 1);
    memset(text, 'a', big - 1);
    CHECK(wn_parse_pad(a2, text, big - 1, &p) == WN_ERR_NOMEM && p == NULL,
          "wn_parse_pad out of memory is WN_ERR_NOMEM");
    CHECK(wn_surname_key(a2, ld2, text, big - 1, &k) == WN_ERR_NOMEM && k == NULL,
          "wn_surname_key out of memory is WN_ERR_NOMEM");
    /* values live in the arena now: fill its current block first */
    while (wn_arena_alloc(a2, 64)) {
    }
    CHECK(wn_crew_member(a2, &in, NULL, 0, &m) == WN_ERR_NOMEM && m == NULL,
          "wn_crew_member out of memory is WN_ERR_NOMEM");
    CHECK(wn_caption_value(a2, ld2, text, big - 1) == NULL, "wn_caption_value out of memory: NULL");
    wn_set_allocator(NULL);
    free(text);
  }
  wn_arena_free(a2);
}

int main(void) {
  wn_diag_sink sink = {0};
  if (wn_lexicon_new(NULL, 0, &sink, &lexicon) != WN_OK) {
    printf("not ok - lexicon\n");
    return 1;
  }
  arena = wn_arena_new();
  /* Use the real tokenizer once it builds links and templates. */
  wn_tree probe;
  wn_diag_sink quiet = {0};
  real_tokenizer = wn_tokenize(arena, "[[a]]{{b}}", 10, 1, 1, "<probe>", &quiet, &probe) == WN_OK &&
                   probe.count > 1;
  printf("# tokenizer: %s\n", real_tokenizer ? "src/tokenizer.c" : "test tokenizer");
  test_type_names();
  test_time_strings();
  test_duration_strings();
  test_quantity_strings();
  test_words();
  test_surnames();
  test_seed_000();
  test_crew_table();
  test_seed_001();
  test_seed_002();
  test_en_times();
  test_en_durations();
  test_en_quantities();
  test_en_places();
  test_en_entities_and_crews();
  test_en_captions_photos_missions();
  test_value_text();
  test_typed_fields();
  test_nul_bytes();
  test_none_is_not_nomem();
  wn_arena_free(arena);
  wn_lexicon_free(lexicon);
  TAP_DONE();
}

/* Typed value normalizers (SCHEMA.md section 3): one wn_value each.
 *
 * A value is first flattened (flatten.c): plain text plus marks (link
 * targets, {{le}} pairs, flag icons, file links). Each type then parses
 * the flat text with the string-level parsers of values_time.c and the
 * lexicon, and keeps what it cannot parse as WN_V_UNPARSED + a warning.
 * Crew members and captions are in crew.c. Every value is built in the
 * arena passed in; members that are not known stay NULL (0 for numbers),
 * so the writer can leave them out. */
#include "flatten.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Type names, as mapping files write them.                             */

static const char *const type_names[WN_VT_TYPE_COUNT] = {
    "Text",        "LangText",    "Entity", "EntityList", "Mission", "Timestamp", "Duration",
    "Mass",        "Length",      "Angle",  "Period",     "Integer", "Cospar",    "OrbitReference",
    "OrbitRegime", "CentralBody", "Place",  "CrewList",   "Photo",   "Caption"};

const char *wn_value_type_name(wn_value_type t) {
  return (unsigned)t < WN_VT_TYPE_COUNT ? type_names[t] : "?";
}

int wn_value_type_from_name(const char *name, size_t len) {
  for (int i = 0; i < WN_VT_TYPE_COUNT; i++) {
    size_t l = strlen(type_names[i]);
    if (l != len) continue;
    size_t k = 0;
    while (k < l && (name[k] | 0x20) == (type_names[i][k] | 0x20)) k++;
    if (k == l) return i;
  }
  return -1;
}

/* An ENTITY of en/zh/label; empty strings are absent (NULL). */
static wn_value *entity_of(flat *f, const char *en, const char *zh, const char *label) {
  wn_value *v = wn_value_new(f->arena, WN_V_ENTITY);
  if (!v) return wn_flat_oom(f);
  v->u.ent.en = wn_nz(en), v->u.ent.zh = wn_nz(zh), v->u.ent.label = wn_nz(label);
  return v;
}

static wn_value *entity_value(flat *f, range r, const char *lang) {
  wn_names nm = wn_flat_names(f, r, lang, false);
  if (!nm.label || !*nm.label) return NULL; /* wn_flat_name flagged a failure */
  return entity_of(f, nm.en, nm.zh, nm.label);
}

/* ------------------------------------------------------------------ */
/* Places.                                                              */

const char *wn_site_canonical(const char *s, size_t n) {
  const wn_vocab_row *r = wn_vocab("site", s, n);
  return r ? r->col[1] : NULL;
}

const char *wn_place_country(const char *s, size_t n) {
  const wn_vocab_row *r = wn_vocab("site", s, n);
  size_t p, l;
  if (r) return r->col[0];
  if ((r = wn_vocab_find("country", s, n, &p, &l))) return r->col[0];
  if ((r = wn_vocab_find("site", s, n, &p, &l))) return r->col[0];
  return NULL;
}

static bool pad_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '/';
}

/* The pad at s: a digit, then digits, letters and '/' ("39A", "31/6"). */
static size_t pad_at(const char *s, size_t n) {
  if (!n || s[0] < '0' || s[0] > '9') return 0;
  size_t i = 0;
  while (i < n && pad_char(s[i])) i++;
  while (i && s[i - 1] == '/') i--;
  return i;
}

/* The pad found at s[0..n) (no pad: NULL, WN_OK). */
static wn_status pad_copy(wn_arena *a, const char *s, size_t n, char **out) {
  *out = wn_arena_strndup(a, s, n);
  return *out ? WN_OK : WN_ERR_NOMEM;
}

wn_status wn_parse_pad(wn_arena *a, const char *s0, size_t n0, char **out) {
  *out = NULL;
  size_t n;
  char *s = wn_nfkc(a, s0, n0, &n);
  if (!s) return WN_ERR_NOMEM;
  size_t off = 0;
  while (off < n) {
    size_t p, l;
    const wn_vocab_row *r = wn_vocab_find("pad_word", s + off, n - off, &p, &l);
    if (!r) break;
    p += off;
    if ((unsigned char)s[p] >= 0x80) { /* 31号发射台: the number before */
      size_t b = p;
      while (b && s[b - 1] >= '0' && s[b - 1] <= '9') b--;
      if (b < p) return pad_copy(a, s + b, p - b, out);
    } else {
      size_t q = p + l;
      while (q < n && (s[q] == ' ' || s[q] == '-' || s[q] == ':' || s[q] == '.')) q++;
      size_t k = pad_at(s + q, n - q);
      if (k) return pad_copy(a, s + q, k, out);
    }
    off = p + l;
  }
  /* a bare pad: "1/5", "31/6", "39A" */
  const char *t = s;
  size_t tn = n;
  wn_trim(&t, &tn);
  size_t k = pad_at(t, tn);
  if (k && k == tn) return pad_copy(a, t, k, out);
  return WN_OK;
}

/* A facility from an identity: the site it is, or the site its title
 * starts with ("Kennedy Space Center Launch Complex 39A"). *rest: what
 * follows the site name in that title. */
static const char *site_of(const char *id, const char **rest) {
  size_t n = strlen(id);
  *rest = NULL;
  const char *c = wn_site_canonical(id, n);
  if (c) return c;
  for (size_t i = n; i > 0; i--) {
    if (id[i - 1] != ' ') continue;
    if ((c = wn_site_canonical(id, i - 1))) {
      *rest = id + i;
      return c;
    }
  }
  return NULL;
}

static wn_value *place_value(flat *f, const char *lang) {
  range items[16];
  size_t ni = wn_flat_items(f, 0, f->len, items, 16);
  if (!ni) return NULL;
  range all = {items[0].s, items[ni - 1].e};
  const char *facility = NULL, *zh = NULL, *label = NULL, *pad = NULL, *pad_rest = NULL;
  size_t after = all.s;
  /* The first link or {{le}} that names a known site, else the first one. */
  const mark *chosen = NULL;
  for (size_t i = 0; i < f->nmarks && !facility; i++) {
    const mark *m = &f->marks[i];
    if ((m->kind != MK_LINK && m->kind != MK_LE) || m->end <= m->start) continue;
    range r = {m->start, m->end};
    wn_names nm = wn_flat_names(f, r, lang, false);
    const char *site = nm.en ? site_of(nm.en, &pad_rest) : NULL;
    if (site) {
      facility = site, zh = nm.zh, label = nm.label, after = m->end, chosen = m;
      if (m->start != items[0].s)
        label = wn_flat_name(f, f->s + items[0].s, items[0].e - items[0].s);
    } else if (!chosen) {
      chosen = m;
    }
  }
  wn_names nm = {0};
  if (!facility && chosen) {
    range r = {chosen->start, chosen->end};
    nm = wn_flat_names(f, r, lang, false);
    facility = nm.en, zh = nm.zh, label = nm.label, after = chosen->end;
    /* "46 km E of Arkalyk": the whole text is the label */
    if (chosen->start != items[0].s)
      label = wn_flat_name(f, f->s + items[0].s, items[0].e - items[0].s);
  }
  if (!chosen) {
    /* "Baikonur, Site 31": the part before the first comma */
    const char *s = f->s + items[0].s;
    const char *comma = memchr(s, ',', items[0].e - items[0].s);
    size_t l = comma ? (size_t)(comma - s) : items[0].e - items[0].s;
    range r = {items[0].s, items[0].s + l};
    nm = wn_flat_names(f, r, lang, false);
    const char *site = nm.en ? site_of(nm.en, &pad_rest) : NULL;
    facility = site ? site : nm.en, zh = nm.zh, label = nm.label, after = r.e;
    if (!site && comma) label = wn_flat_name(f, s, items[0].e - items[0].s), after = items[0].e;
  }
  char *p = NULL;
  if (after < all.e && wn_parse_pad(f->arena, f->s + after, all.e - after, &p) != WN_OK)
    return wn_flat_oom(f);
  if (!p && pad_rest && wn_parse_pad(f->arena, pad_rest, strlen(pad_rest), &p) != WN_OK)
    return wn_flat_oom(f);
  pad = p;
  const char *country = facility ? wn_place_country(facility, strlen(facility)) : NULL;
  if (!country) country = wn_place_country(f->s + all.s, all.e - all.s);
  const mark *flag = wn_mark_in(f, all, MK_FLAG);
  if (!country && flag && flag->a) country = flag->a;
  /* A place that is a whole country ([[哈萨克斯坦]]) has no facility. */
  if (facility && !pad && wn_vocab("country", facility, strlen(facility)))
    facility = zh = label = NULL;
  /* facility is vocabulary data or already in the arena */
  wn_value *fac = facility || label ? entity_of(f, facility, zh, label) : NULL;
  if (!fac && !wn_nz(pad) && !wn_nz(country)) return NULL; /* nothing: kept as text */
  wn_value *o = wn_value_new(f->arena, WN_V_PLACE);
  if (!o || f->nomem) return wn_flat_oom(f);
  o->u.place.facility = fac, o->u.place.pad = wn_nz(pad), o->u.place.country = wn_nz(country);
  return o;
}

/* NULL when there is no name or, with *nomem set, no memory. */
static char *file_name(wn_arena *a, const char *s, size_t n, bool *nomem) {
  wn_trim(&s, &n);
  size_t fp = wn_file_prefix(s, n);
  s += fp, n -= fp;
  const char *bar = memchr(s, '|', n); /* "File:X.png|220px" written as text */
  if (bar) n = (size_t)(bar - s);
  wn_trim(&s, &n);
  char *c = wn_nfc(a, s, n, &n);
  if (!c) *nomem = true;
  if (!c || !n) return NULL;
  for (size_t i = 0; i < n; i++)
    if (c[i] == '_') c[i] = ' ';
  size_t l = n;
  wn_trim((const char **)&c, &l);
  c[l] = '\0';
  if (c[0] >= 'a' && c[0] <= 'z') c[0] = (char)(c[0] - 'a' + 'A');
  return c;
}

/* ------------------------------------------------------------------ */
/* Dispatch.                                                            */

static wn_status keep_text(wn_value_out *out, wn_arena *a, const char *s, size_t n,
                           const char *why) {
  size_t l;
  char *c = wn_nfc(a, s, n, &l);
  if (!c) return WN_ERR_NOMEM;
  size_t o = 0; /* raw wikitext may hold NULs: a C string cannot */
  for (size_t i = 0; i < l; i++)
    if (c[i]) c[o++] = c[i];
  c[o] = '\0';
  if (!(out->value = wn_value_new(a, WN_V_UNPARSED))) return WN_ERR_NOMEM;
  out->value->u.s = c;
  out->warning = why;
  return WN_OK;
}

static wn_status done(wn_value_out *out, wn_value *v) {
  out->value = v;
  return v ? WN_OK : WN_ERR_NOMEM;
}

/* A builder over the flat text gave v. NULL is out of memory only when
 * the builder said so; else there was nothing to build: kept as text. */
static wn_status done_flat(wn_value_out *out, wn_arena *a, flat *f, wn_value *v, const char *why) {
  if (f->nomem) return WN_ERR_NOMEM;
  return v ? done(out, v) : keep_text(out, a, f->s, f->len, why);
}

/* A string value (TEXT, ENUM) pointing at s, which lives long enough
 * (the arena or static vocabulary data). */
static wn_value *str_value(wn_arena *a, wn_vkind kind, const char *s) {
  wn_value *v = s ? wn_value_new(a, kind) : NULL;
  if (v) v->u.s = s;
  return v;
}

static wn_value *time_value(wn_arena *a, const wn_time *t) {
  wn_value *v = wn_value_new(a, WN_V_TIMESTAMP);
  if (!v) return NULL;
  v->u.ts.epoch = wn_time_epoch(t);
  v->u.ts.precision = (uint8_t)t->precision;
  v->planned = t->planned;
  return v;
}

static wn_value *duration_value(wn_arena *a, const wn_duration *d) {
  wn_value *v = wn_value_new(a, WN_V_DURATION);
  if (!v) return NULL;
  v->u.dur.seconds = d->seconds;
  v->u.dur.precision = (uint8_t)d->precision;
  v->planned = d->planned;
  return v;
}

static wn_value *quantity_value(wn_arena *a, const wn_quantity *q, wn_dimension dim) {
  static const uint8_t units[] = {[WN_DIM_MASS] = WN_UNIT_KG,
                                  [WN_DIM_LENGTH] = WN_UNIT_M,
                                  [WN_DIM_ANGLE] = WN_UNIT_DEG,
                                  [WN_DIM_TIME] = WN_UNIT_S};
  wn_value *v = wn_value_new(a, WN_V_QUANTITY);
  if (!v) return NULL;
  v->u.q.value = q->value;
  v->u.q.unit = units[dim];
  v->planned = q->planned;
  return v;
}

const char *wn_orbit_enum(wn_value_type t, const char *s, size_t n) {
  const char *table = t == WN_VT_ENUM_ORBIT_REFERENCE ? "orbit_reference"
                      : t == WN_VT_ENUM_ORBIT_REGIME  ? "orbit_regime"
                                                      : "central_body";
  const char *x = s;
  size_t l = n;
  wn_trim(&x, &l);
  const wn_vocab_row *r = wn_vocab(table, x, l);
  return r ? r->col[0] : NULL;
}

static const char *lang_of(const wn_value_in *in, const char *s, size_t n) {
  if (in->lang && *in->lang) return in->lang;
  return wn_has_cjk(s, n) ? "zh" : "en";
}

static wn_value *langtext_value(flat *f, const char *lang) {
  char *text = wn_flat_name(f, wn_one_line(f->arena, f->s, f->len), f->len);
  if (!text || !*text) return NULL; /* fname flagged a failure */
  size_t tl = strlen(text);
  range all = {0, f->len};
  const mark *le = wn_mark_in(f, all, MK_LE);
  const char *zh = NULL, *en = NULL;
  if (le)
    zh = le->a, en = le->b;
  else if (wn_lang_is_zh(lang) || wn_has_cjk(text, tl)) {
    zh = text;
    en = wn_lex_to_en(f->lex, text, tl);
    if (!en) {
      const char *d = wn_mission_designation(f->arena, f->lex, text, tl);
      if (d && !wn_has_cjk(d, strlen(d))) en = d;
    }
  } else {
    en = text;
    zh = wn_lex_to_zh(f->lex, text, tl);
  }
  bool other = !wn_lang_is_zh(lang) && strcmp(lang, "en") && !zh && !en; /* "ja": … */
  wn_value *o = wn_value_new(f->arena, WN_V_LANGTEXT);
  if (!o) return wn_flat_oom(f);
  /* the lexicon's answers outlive no document: copied */
  o->u.lt.zh = wn_nz(wn_flat_dup(f, zh)), o->u.lt.en = wn_nz(wn_flat_dup(f, en));
  if (other && *text) {
    o->u.lt.other_lang = wn_flat_dup(f, lang), o->u.lt.other = text;
  }
  return f->nomem ? NULL : o;
}

/* True when wn_mission_key gives a key for d unless memory runs out: no
 * CJK left and at least one ASCII letter or digit. */
static bool key_expected(const char *d) {
  bool alnum = false;
  for (const unsigned char *p = (const unsigned char *)d; *p; p++) {
    if (*p >= 0xE3) return false;
    alnum |= (*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z');
  }
  return alnum;
}

static wn_value *mission_value(flat *f, range r, const char *lang) {
  const mark *ln = wn_mark_in(f, r, MK_LINK);
  const char *name = ln && ln->a ? ln->a : NULL;
  size_t nl = name ? strlen(name) : 0;
  if (!name) name = f->s + r.s, nl = r.e - r.s;
  const char *d = wn_mission_designation(f->arena, f->lex, name, nl);
  const char *k = d ? wn_mission_key(f->arena, d) : NULL;
  /* Without a layer to record it, a NULL designation of a name is taken
   * as out of memory (with one, wn_lexdoc_failed tells). */
  if (!d && !f->lex) f->nomem = f->nomem || nl;
  if (d && !k && key_expected(d)) f->nomem = true;
  if (!d || !k) return NULL;
  wn_value *o = wn_value_new(f->arena, WN_V_MISSION);
  if (!o) return wn_flat_oom(f);
  o->u.mission.key = k, o->u.mission.designation = wn_flat_dup(f, d); /* d may be the lexicon's */
  return f->nomem ? NULL : o;
}

static wn_status parse_flat(wn_arena *a, wn_value_type t, const wn_value_in *in, flat *f,
                            wn_value_out *out) {
  const char *lang = lang_of(in, f->s, f->len);
  range items[64];
  size_t ni = wn_flat_items(f, 0, f->len, items, 64);
  range first = ni ? wn_flat_strip_label(f, items[0]) : (range){0, 0};
  size_t nl;
  char *num = NULL;
  switch (t) {
  case WN_VT_TEXT: {
    size_t l;
    char *c = wn_nfc(a, f->s, f->len, &l);
    return done(out, c ? str_value(a, WN_V_TEXT, c) : NULL);
  }
  case WN_VT_LANGTEXT:
    return done_flat(out, a, f, langtext_value(f, lang), "no text found; kept as text");
  case WN_VT_ENTITY:
    return done_flat(out, a, f, entity_value(f, first, lang), "no entity found; kept as text");
  case WN_VT_ENTITY_LIST: {
    wn_value *arr = wn_value_new(a, WN_V_LIST);
    range parts[64];
    for (size_t i = 0; arr && i < ni && !f->nomem; i++) {
      range it = wn_flat_strip_label(f, items[i]);
      size_t np = wn_marks_in(f, it, MK_LINK) + wn_marks_in(f, it, MK_LE) > 1 ||
                          wn_has_cjk(f->s + it.s, it.e - it.s)
                      ? wn_flat_split_commas(f, it, parts, 64)
                      : 0;
      if (!np) parts[0] = it, np = 1;
      for (size_t k = 0; k < np; k++) {
        wn_value *e = entity_value(f, parts[k], lang);
        if (e && !wn_value_push(a, arr, e)) return WN_ERR_NOMEM;
      }
    }
    if (arr && !f->nomem && !arr->u.list.n)
      return keep_text(out, a, f->s, f->len, "no entity found; kept as text");
    return arr ? done_flat(out, a, f, arr, NULL) : WN_ERR_NOMEM;
  }
  case WN_VT_MISSION: {
    return done_flat(out, a, f, mission_value(f, first, lang),
                     "mission name not in the programme lexicon; kept as text");
  }
  case WN_VT_TIMESTAMP: {
    wn_time tm;
    num = wn_fold_number_text(a, f->s, f->len, &nl);
    if (!num) return WN_ERR_NOMEM;
    if (!wn_parse_time(num, nl, &tm))
      return keep_text(out, a, f->s, f->len, "unparsed timestamp kept as text");
    return done(out, time_value(a, &tm));
  }
  case WN_VT_DURATION: {
    wn_duration d;
    num = wn_fold_number_text(a, f->s, f->len, &nl);
    if (!num) return WN_ERR_NOMEM;
    if (!wn_parse_duration(num, nl, &d)) {
      /* "Total: 7 hours, 45 minutes<br>First: …": the first item */
      num = wn_fold_number_text(a, f->s + first.s, first.e - first.s, &nl);
      if (!num) return WN_ERR_NOMEM;
      if (ni < 2 || first.s == items[0].s || !wn_parse_duration(num, nl, &d))
        return keep_text(out, a, f->s, f->len, "unparsed duration kept as text");
    }
    return done(out, duration_value(a, &d));
  }
  case WN_VT_MASS:
  case WN_VT_LENGTH:
  case WN_VT_ANGLE:
  case WN_VT_PERIOD: {
    wn_dimension dim = t == WN_VT_MASS     ? WN_DIM_MASS
                       : t == WN_VT_LENGTH ? WN_DIM_LENGTH
                       : t == WN_VT_ANGLE  ? WN_DIM_ANGLE
                                           : WN_DIM_TIME;
    wn_quantity q;
    num = wn_fold_number_text(a, f->s + first.s, first.e - first.s, &nl);
    if (!num) return WN_ERR_NOMEM;
    if (!wn_parse_quantity(num, nl, dim, &q))
      return keep_text(out, a, f->s, f->len, "unparsed quantity kept as text");
    return done(out, quantity_value(a, &q, dim));
  }
  case WN_VT_INTEGER: {
    int64_t v;
    num = wn_fold_number_text(a, f->s + first.s, first.e - first.s, &nl);
    if (!num) return WN_ERR_NOMEM;
    if (!wn_parse_integer(num, nl, &v))
      return keep_text(out, a, f->s, f->len, "unparsed integer kept as text");
    return done(out, wn_value_int(a, v));
  }
  case WN_VT_COSPAR: {
    char id[16];
    num = wn_fold_number_text(a, f->s + first.s, first.e - first.s, &nl);
    if (!num) return WN_ERR_NOMEM;
    if (!wn_parse_cospar(num, nl, id))
      return keep_text(out, a, f->s, f->len, "unparsed COSPAR ID kept as text");
    return done(out, wn_value_str(a, WN_V_TEXT, id, strlen(id)));
  }
  case WN_VT_ENUM_ORBIT_REFERENCE:
  case WN_VT_ENUM_ORBIT_REGIME:
  case WN_VT_ENUM_CENTRAL_BODY: {
    const char *v = NULL;
    const mark *ln = wn_mark_in(f, first, MK_LINK);
    num = wn_fold_number_text(a, f->s + first.s, first.e - first.s, &nl);
    if (!num) return WN_ERR_NOMEM;
    v = wn_orbit_enum(t, num, nl);
    if (!v && ln && ln->a) v = wn_orbit_enum(t, ln->a, strlen(ln->a));
    if (!v) {
      size_t p, l;
      const char *table = t == WN_VT_ENUM_ORBIT_REFERENCE ? "orbit_reference"
                          : t == WN_VT_ENUM_ORBIT_REGIME  ? "orbit_regime"
                                                          : "central_body";
      const wn_vocab_row *r = wn_vocab_find(table, num, nl, &p, &l);
      v = r ? r->col[0] : NULL;
    }
    if (!v) return keep_text(out, a, f->s, f->len, "unknown orbit word kept as text");
    return done(out, str_value(a, WN_V_ENUM, v)); /* vocabulary data */
  }
  case WN_VT_PLACE: {
    return done_flat(out, a, f, place_value(f, lang), "unparsed place kept as text");
  }
  case WN_VT_CREW_LIST: {
    wn_value *c = wn_crew_list_value(f, lang);
    if (c && !f->nomem && !c->u.list.n)
      return keep_text(out, a, f->s, f->len, "no crew member found; kept as text");
    return c ? done_flat(out, a, f, c, NULL) : WN_ERR_NOMEM;
  }
  case WN_VT_PHOTO: {
    range all = {0, f->len};
    const mark *fm = wn_mark_in(f, all, MK_FILE);
    char *file = fm ? file_name(a, fm->a, strlen(fm->a), &f->nomem)
                    : file_name(a, f->s + first.s, first.e - first.s, &f->nomem);
    if (f->nomem) return WN_ERR_NOMEM;
    if (!file) return keep_text(out, a, f->s, f->len, "no file name; kept as text");
    wn_value *o = wn_value_new(a, WN_V_PHOTO);
    if (o) o->u.photo.file = file;
    return done(out, o);
  }
  case WN_VT_CAPTION: return done(out, wn_caption_value(a, in->lex, f->s, f->len));
  case WN_VT_TYPE_COUNT: break;
  }
  return keep_text(out, a, f->s, f->len, "unknown value type");
}

wn_status wn_value_parse(wn_arena *a, wn_value_type t, const wn_value_in *in, wn_value_out *out) {
  *out = (wn_value_out){NULL, NULL};
  flat f;
  wn_flatten(&f, a, in);
  if (f.nomem) return WN_ERR_NOMEM;
  bool has_file = false;
  for (size_t i = 0; i < f.nmarks; i++) has_file |= f.marks[i].kind == MK_FILE;
  if (!f.len && !(t == WN_VT_PHOTO && has_file)) {
    if (!f.unknown || !in->tree || in->node == WN_NONE) return WN_OK;
    /* only templates we do not know: keep the wikitext */
    size_t l;
    const char *raw = wn_flat_span(&f, in->tree->nodes[in->node].value, &l);
    return l ? keep_text(out, a, raw, l, "unknown template; value kept as wikitext") : WN_OK;
  }
  wn_status st = parse_flat(a, t, in, &f, out);
  if (st == WN_OK && (f.nomem || wn_lexdoc_failed(in->lex))) {
    *out = (wn_value_out){NULL, NULL};
    return WN_ERR_NOMEM;
  }
  return st;
}

/* Precision-aware comparison of typed values (compare.h), and the field
 * paths, labels and groups that merge, diff and check share. */
#include "compare.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "normalize.h"
#include "text_out.h"

const char *wn_agree_name(wn_agree a) {
  static const char *const names[] = {"equal", "equivalent", "compatible", "conflict"};
  return names[a];
}

static wn_cmp_result result(wn_agree status) {
  wn_cmp_result r = {status, ""};
  return r;
}

/* The worse of two results; the first delta that explains it wins. */
static wn_cmp_result worst(wn_cmp_result a, wn_cmp_result b) { return b.status > a.status ? b : a; }

static wn_cmp_result conflict(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
static wn_cmp_result conflict(const char *fmt, ...) {
  wn_cmp_result r = result(WN_CONFLICT);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(r.delta, sizeof r.delta, fmt, ap);
  va_end(ap);
  return r;
}

/* wn_names_match for the comparisons: an allocation failure is flagged
 * for the caller (the result would be unreliable) and reads as no match. */
static int names_match(const wn_cmp *c, const char *x, const char *y) {
  int m = wn_names_match(c->arena, x, y);
  if (m >= 0) return m;
  if (c->out_of_memory) *c->out_of_memory = true;
  return 0;
}

/* ---- deep equality ---- */

static bool str_eq(const char *a, const char *b) { return a == b || (a && b && !strcmp(a, b)); }

static bool value_eq(const wn_value *a, const wn_value *b) {
  if (!a || !b) return a == b;
  if (a->kind != b->kind || a->planned != b->planned) return false;
  switch (a->kind) {
  case WN_V_TEXT:
  case WN_V_UNPARSED:
  case WN_V_ENUM: return str_eq(a->u.s, b->u.s);
  case WN_V_INTEGER: return a->u.i == b->u.i;
  case WN_V_LANGTEXT:
    return str_eq(a->u.lt.zh, b->u.lt.zh) && str_eq(a->u.lt.en, b->u.lt.en) &&
           str_eq(a->u.lt.other_lang, b->u.lt.other_lang) && str_eq(a->u.lt.other, b->u.lt.other);
  case WN_V_ENTITY:
    return str_eq(a->u.ent.en, b->u.ent.en) && str_eq(a->u.ent.zh, b->u.ent.zh) &&
           str_eq(a->u.ent.label, b->u.ent.label) && str_eq(a->u.ent.id, b->u.ent.id);
  case WN_V_MISSION:
    return str_eq(a->u.mission.key, b->u.mission.key) &&
           str_eq(a->u.mission.designation, b->u.mission.designation);
  case WN_V_TIMESTAMP:
    return a->u.ts.epoch == b->u.ts.epoch && a->u.ts.nanos == b->u.ts.nanos &&
           a->u.ts.frac_digits == b->u.ts.frac_digits && a->u.ts.precision == b->u.ts.precision &&
           a->u.ts.zone == b->u.ts.zone;
  case WN_V_DURATION:
    return a->u.dur.seconds == b->u.dur.seconds && a->u.dur.precision == b->u.dur.precision;
  case WN_V_QUANTITY: return a->u.q.value == b->u.q.value && a->u.q.unit == b->u.q.unit;
  case WN_V_PLACE:
    return value_eq(a->u.place.facility, b->u.place.facility) &&
           str_eq(a->u.place.pad, b->u.place.pad) && str_eq(a->u.place.country, b->u.place.country);
  case WN_V_CREW_MEMBER:
    return value_eq(a->u.crew.name, b->u.crew.name) && str_eq(a->u.crew.role, b->u.crew.role) &&
           str_eq(a->u.crew.nationality, b->u.crew.nationality) &&
           a->u.crew.flight_number == b->u.crew.flight_number;
  case WN_V_PHOTO:
    return str_eq(a->u.photo.file, b->u.photo.file) &&
           str_eq(a->u.photo.caption, b->u.photo.caption) &&
           value_eq(a->u.photo.order, b->u.photo.order);
  case WN_V_LIST:
    if (a->u.list.n != b->u.list.n) return false;
    for (size_t i = 0; i < a->u.list.n; i++)
      if (!value_eq(a->u.list.items[i], b->u.list.items[i])) return false;
    return true;
  case WN_V_OBJECT:
    if (a->u.obj.n != b->u.obj.n) return false;
    for (size_t i = 0; i < a->u.obj.n; i++)
      if (!str_eq(a->u.obj.members[i].name, b->u.obj.members[i].name) ||
          !value_eq(a->u.obj.members[i].value, b->u.obj.members[i].value))
        return false;
    return true;
  default: return false;
  }
}

/* ---- value shapes ---- */

typedef enum shape {
  SH_NONE,
  SH_NUMBER,
  SH_TEXT, /* text, enum, or text kept unparsed */
  SH_NAME, /* Entity or LangText */
  SH_TIMESTAMP,
  SH_DURATION,
  SH_QUANTITY,
  SH_PLACE,
  SH_MISSION,
  SH_PHOTO,
  SH_CREW,    /* [CrewMember] */
  SH_DOCKING, /* [Docking] */
  SH_LIST,    /* any other list (Entity[]) */
  SH_OTHER
} shape;

static bool is_docking(const wn_value *v) {
  return v && v->kind == WN_V_OBJECT &&
         (wn_value_get(v, "target") || wn_value_get(v, "docked") || wn_value_get(v, "undocked"));
}

static shape shape_of(const wn_value *v) {
  if (!v) return SH_NONE;
  switch (v->kind) {
  case WN_V_INTEGER: return SH_NUMBER;
  case WN_V_TEXT:
  case WN_V_UNPARSED:
  case WN_V_ENUM: return SH_TEXT;
  case WN_V_ENTITY:
  case WN_V_LANGTEXT: return SH_NAME;
  case WN_V_TIMESTAMP: return SH_TIMESTAMP;
  case WN_V_DURATION: return SH_DURATION;
  case WN_V_QUANTITY: return SH_QUANTITY;
  case WN_V_PLACE: return SH_PLACE;
  case WN_V_MISSION: return SH_MISSION;
  case WN_V_PHOTO: return SH_PHOTO;
  case WN_V_LIST: {
    const wn_value *first = v->u.list.n ? v->u.list.items[0] : NULL;
    if (first && first->kind == WN_V_CREW_MEMBER) return SH_CREW;
    if (is_docking(first)) return SH_DOCKING;
    return SH_LIST;
  }
  default: return SH_OTHER;
  }
}

static const char *nonempty(const char *s) { return s && *s ? s : NULL; }

static const char *text_of(const wn_value *v) {
  return v && shape_of(v) == SH_TEXT ? v->u.s : NULL;
}

/* Text without CJK (no UTF-8 sequence of three bytes or more). */
static bool latin_text(const char *s) {
  for (; *s; s++)
    if ((unsigned char)*s >= 0xE0) return false;
  return true;
}

/* The identity of a name-like value: its en name, from the value itself
 * or (translated) through the lexicon; and its other forms. */
typedef struct ident {
  const char *en;
  bool translated;
  const char *other; /* zh, label or text: for values without en */
} ident;

static ident ident_of(const wn_cmp *c, const wn_value *v) {
  ident id = {0};
  const char *zh = NULL, *label = NULL, *text = nonempty(text_of(v));
  if (v && v->kind == WN_V_ENTITY)
    id.en = nonempty(v->u.ent.en), zh = nonempty(v->u.ent.zh), label = nonempty(v->u.ent.label);
  else if (v && v->kind == WN_V_LANGTEXT)
    id.en = nonempty(v->u.lt.en), zh = nonempty(v->u.lt.zh), text = nonempty(v->u.lt.other);
  id.other = zh ? zh : label ? label : text;
  if (!id.en && c && c->to_en) {
    const char *forms[] = {zh, label, text};
    for (size_t i = 0; i < 3 && !id.en; i++)
      if (forms[i] && (id.en = c->to_en(c->user, forms[i]))) id.translated = true;
  }
  /* An unlinked en label ("Steppes of the Kazakhstan") is its own name. */
  if (!id.en && !zh && id.other && latin_text(id.other)) id.en = id.other;
  return id;
}

static const char *display_name(const ident *id) { return id->en ? id->en : id->other; }

/* Entity, LangText, or a bare name. The en name is the identity: the same
 * en name is equal; a match through folding, the lexicon or the surname
 * rule is equivalent. */
static wn_cmp_result compare_names(const wn_cmp *c, const wn_value *a, const wn_value *b) {
  ident ia = ident_of(c, a), ib = ident_of(c, b);
  if (ia.en && ib.en) {
    if (!strcmp(ia.en, ib.en))
      return result(ia.translated || ib.translated ? WN_EQUIVALENT : WN_EQUAL);
    int m = names_match(c, ia.en, ib.en);
    if (m) return result(m == 3 ? WN_COMPATIBLE : WN_EQUIVALENT);
    if (c->to_en) {
      const char *ca = c->to_en(c->user, ia.en), *cb = c->to_en(c->user, ib.en);
      if (!strcmp(ca ? ca : ia.en, cb ? cb : ib.en)) return result(WN_EQUIVALENT);
    }
    return conflict("%s vs %s", ia.en, ib.en);
  }
  if (ia.other && ib.other) {
    if (!strcmp(ia.other, ib.other)) return result(WN_EQUAL);
    int m = names_match(c, ia.other, ib.other);
    if (m) return result(m == 3 ? WN_COMPATIBLE : WN_EQUIVALENT);
  }
  const char *na = display_name(&ia), *nb = display_name(&ib);
  return conflict("%s vs %s", na ? na : "?", nb ? nb : "?");
}

/* Free text: equal, or equivalent up to case, spacing and punctuation. */
static wn_cmp_result compare_text(const wn_cmp *c, const wn_value *a, const wn_value *b) {
  const char *ta = text_of(a), *tb = text_of(b);
  if (!ta || !tb) return conflict("different values");
  if (!strcmp(ta, tb)) return result(WN_EQUAL);
  if (names_match(c, ta, tb) == 1) return result(WN_EQUIVALENT);
  return conflict("different text");
}

static wn_cmp_result compare_numbers(const wn_value *a, const wn_value *b) {
  if (a->u.i == b->u.i) return result(WN_EQUAL);
  return conflict("%.15g", fabs((double)a->u.i - (double)b->u.i));
}

/* The unit of the last significant digit of a stated number: 7080 → 10,
 * 51.66 → 0.01, 1.18e11 → 1e9. Trailing zeros of an integer count as not
 * significant: 7000 may be a rounding. */
double wn_last_digit_unit(double v) {
  char s[64];
  snprintf(s, sizeof s, "%.15g", fabs(v));
  char *e = strchr(s, 'e');
  int exp10 = e ? atoi(e + 1) : 0;
  if (e) *e = 0;
  char *dot = strchr(s, '.');
  if (dot) return pow(10, exp10 - (int)strlen(dot + 1));
  size_t n = strlen(s), zeros = 0;
  while (zeros + 1 < n && s[n - 1 - zeros] == '0') zeros++;
  return pow(10, exp10 + (int)zeros);
}

/* Quantities agree within one unit of the coarser last significant digit
 * (51.6° holds 51.66°; 7080 kg does not hold 7290 kg). */
static wn_cmp_result compare_quantities(const wn_value *a, const wn_value *b) {
  const char *ua = wn_unit_name(a->u.q.unit), *ub = wn_unit_name(b->u.q.unit);
  double x = a->u.q.value, y = b->u.q.value;
  if (strcmp(ua, ub)) return conflict("units %s vs %s", ua, ub);
  if (x == y) return result(WN_EQUAL);
  double tolerance = fmax(wn_last_digit_unit(x), wn_last_digit_unit(y));
  if (fabs(x - y) < tolerance) return result(WN_COMPATIBLE);
  wn_cmp_result r = result(WN_CONFLICT);
  char abs_delta[64];
  wn_format_quantity(fabs(x - y), ua, 6, abs_delta, sizeof abs_delta);
  wn_setf(r.delta, sizeof r.delta, "%s (%.2g %%)", abs_delta,
          100 * fabs(x - y) / fmax(fabs(x), fabs(y)));
  return r;
}

/* Two intervals: equal when the same, compatible when one holds the
 * other (08:05 at minute precision holds 08:05:00), else a conflict whose
 * delta is the distance between the stated values. */
static wn_cmp_result compare_intervals(int64_t a0, int64_t a1, int64_t b0, int64_t b1) {
  if (a0 == b0 && a1 == b1) return result(WN_EQUAL);
  if ((a0 <= b0 && b1 <= a1) || (b0 <= a0 && a1 <= b1)) return result(WN_COMPATIBLE);
  wn_cmp_result r = result(WN_CONFLICT);
  wn_format_delta_seconds(a0 - b0, r.delta, sizeof r.delta);
  return r;
}

static wn_cmp_result compare_timestamps(const wn_value *a, const wn_value *b) {
  int64_t a0, a1, b0, b1;
  wn_timestamp_interval(a, &a0, &a1);
  wn_timestamp_interval(b, &b0, &b1);
  return compare_intervals(a0, a1, b0, b1);
}

static wn_cmp_result compare_durations(const wn_value *a, const wn_value *b) {
  int64_t a0, a1, b0, b1;
  wn_duration_interval(a, &a0, &a1);
  wn_duration_interval(b, &b0, &b1);
  return compare_intervals(a0, a1, b0, b1);
}

/* Optional string attributes: differing is a conflict, stated on one side
 * only is `one_sided`. */
static wn_cmp_result compare_attribute(const wn_cmp *c, const char *what, const char *x,
                                       const char *y, wn_agree one_sided) {
  x = nonempty(x), y = nonempty(y);
  if (!x && !y) return result(WN_EQUAL);
  if (!x || !y) return result(one_sided);
  if (!strcmp(x, y)) return result(WN_EQUAL);
  if (names_match(c, x, y) == 1) return result(WN_EQUIVALENT);
  return conflict("%s %s vs %s", what, x, y);
}

/* A Place, or a bare Entity standing for a place. A facility is
 * compatible with the same facility plus a pad. */
static wn_cmp_result compare_places(const wn_cmp *c, const wn_value *a, const wn_value *b) {
  bool pa = a->kind == WN_V_PLACE, pb = b->kind == WN_V_PLACE;
  const wn_value *fa = pa ? a->u.place.facility : a, *fb = pb ? b->u.place.facility : b;
  wn_cmp_result r = result(WN_EQUAL);
  if (fa && fb)
    r = compare_names(c, fa, fb);
  else if (fa || fb)
    r = result(WN_COMPATIBLE);
  if (r.status == WN_CONFLICT) return r;
  r = worst(r, compare_attribute(c, "pad", pa ? a->u.place.pad : NULL, pb ? b->u.place.pad : NULL,
                                 WN_COMPATIBLE));
  return worst(r, compare_attribute(c, "country", pa ? a->u.place.country : NULL,
                                    pb ? b->u.place.country : NULL, WN_COMPATIBLE));
}

static wn_cmp_result compare_missions(const wn_value *a, const wn_value *b) {
  const char *ka = nonempty(a->u.mission.key), *kb = nonempty(b->u.mission.key);
  if (ka && kb && !strcmp(ka, kb)) return result(WN_EQUAL);
  const char *da = nonempty(a->u.mission.designation), *db = nonempty(b->u.mission.designation);
  return conflict("%s vs %s", da ? da : ka ? ka : "?", db ? db : kb ? kb : "?");
}

/* Commons file names: "File:" dropped, case, '_' and '-' folded. */
static void fold_file(const char *s, char *out, size_t n) {
  static const char *const prefixes[] = {"File:", "Image:", "文件:", "图像:", "檔案:", "圖像:"};
  for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
    if (!strncmp(s, prefixes[i], strlen(prefixes[i]))) s += strlen(prefixes[i]);
  size_t len = 0;
  for (; *s && len + 1 < n; s++) {
    char ch = *s == '_' || *s == '-' ? ' ' : *s;
    if (ch >= 'A' && ch <= 'Z') ch = (char)(ch - 'A' + 'a');
    if (ch == ' ' && (!len || out[len - 1] == ' ')) continue;
    out[len++] = ch;
  }
  out[len] = 0;
}

/* Two lists of surname keys or names, position by position. */
static wn_cmp_result compare_word_lists(const wn_cmp *c, const wn_value *a, const wn_value *b) {
  if (a->u.list.n != b->u.list.n) return conflict("different lengths");
  wn_cmp_result r = result(WN_EQUAL);
  for (size_t i = 0; i < a->u.list.n; i++) {
    const char *sx = text_of(a->u.list.items[i]), *sy = text_of(b->u.list.items[i]);
    if (!sx || !sy || !strcmp(sx, sy)) continue;
    if (!names_match(c, sx, sy)) return conflict("%s vs %s", sx, sy);
    r = result(WN_EQUIVALENT);
  }
  return r;
}

/* Photos are the same file (up to Commons' spelling variants); captions
 * are prose in each language and are not compared, the left-to-right
 * order of the people is. */
static wn_cmp_result compare_photos(const wn_cmp *c, const wn_value *a, const wn_value *b) {
  const char *fa = nonempty(a->u.photo.file), *fb = nonempty(b->u.photo.file);
  wn_cmp_result r = result(WN_EQUAL);
  if (fa && fb && strcmp(fa, fb)) {
    char xa[512], xb[512];
    fold_file(fa, xa, sizeof xa);
    fold_file(fb, xb, sizeof xb);
    if (strcmp(xa, xb)) return conflict("different files");
    r = result(WN_EQUIVALENT);
  } else if (!fa || !fb) {
    r = result(fa || fb ? WN_COMPATIBLE : WN_EQUAL);
  }
  const wn_value *oa = a->u.photo.order, *ob = b->u.photo.order;
  if (oa && ob && oa->kind == WN_V_LIST && ob->kind == WN_V_LIST) {
    wn_cmp_result o = compare_word_lists(c, oa, ob);
    if (o.status == WN_CONFLICT) return conflict("different order of people");
    r = worst(r, o);
  }
  return r;
}

#define MAX_LIST 64

/* The name of a list element: a crew member's name, else itself. */
static const wn_value *element_name(const wn_value *v) {
  return v && v->kind == WN_V_CREW_MEMBER && v->u.crew.name ? v->u.crew.name : v;
}

/* Pairs the elements of two lists by identity: first exact en names, then
 * names that match by the lexicon, folding or the surname rule. pair_a[i]
 * is the index in b (or -1); name_status[i] how the names agreed. */
static void pair_by_name(const wn_cmp *c, const wn_value *const *xa, size_t na,
                         const wn_value *const *xb, size_t nb, int *pair_a, wn_agree *name_status) {
  bool taken[MAX_LIST] = {0};
  for (size_t i = 0; i < na; i++) pair_a[i] = -1;
  for (int pass = 0; pass < 2; pass++)
    for (size_t i = 0; i < na; i++)
      for (size_t j = 0; j < nb && pair_a[i] < 0; j++) {
        if (taken[j]) continue;
        wn_cmp_result r = compare_names(c, element_name(xa[i]), element_name(xb[j]));
        if (pass == 0 ? r.status != WN_EQUAL : r.status == WN_CONFLICT) continue;
        pair_a[i] = (int)j, taken[j] = true, name_status[i] = r.status;
      }
}

static size_t list_items(const wn_value *v, const wn_value **out) {
  size_t n = 0;
  for (size_t i = 0; v && v->kind == WN_V_LIST && i < v->u.list.n && n < MAX_LIST; i++)
    out[n++] = v->u.list.items[i];
  return n;
}

/* Appends ", "-separated names of the unmatched items; the new length. */
static size_t append_unmatched(char *out, size_t len, size_t cap, const wn_value *const *items,
                               size_t n, const bool *matched) {
  bool first = true;
  for (size_t i = 0; i < n; i++) {
    if (matched[i] || len >= cap) continue;
    ident id = ident_of(NULL, element_name(items[i]));
    const char *name = display_name(&id);
    len += (size_t)snprintf(out + len, cap - len, "%s%s", first ? "" : ", ", name ? name : "?");
    first = false;
  }
  return len < cap ? len : cap - 1;
}

/* The elements only on one side, "unmatched: X, Y". */
static wn_cmp_result unmatched_result(const wn_value *const *xa, size_t na, const int *pair_a,
                                      const wn_value *const *xb, size_t nb) {
  bool ma[MAX_LIST] = {0}, mb[MAX_LIST] = {0};
  for (size_t i = 0; i < na; i++)
    if (pair_a[i] >= 0) ma[i] = true, mb[pair_a[i]] = true;
  wn_cmp_result r = result(WN_CONFLICT);
  size_t len = (size_t)snprintf(r.delta, sizeof r.delta, "unmatched: ");
  size_t start = len;
  len = append_unmatched(r.delta, len, sizeof r.delta, xa, na, ma);
  size_t middle = len;
  if (len > start && len + 3 < sizeof r.delta) len += (size_t)snprintf(r.delta + len, 4, " / ");
  if (append_unmatched(r.delta, len, sizeof r.delta, xb, nb, mb) == len) r.delta[middle] = 0;
  return r;
}

static bool all_paired(const int *pair_a, size_t na, size_t nb) {
  if (na != nb) return false;
  for (size_t i = 0; i < na; i++)
    if (pair_a[i] < 0) return false;
  return true;
}

/* Two lists' elements paired by name identity. */
typedef struct pairing {
  const wn_value *xa[MAX_LIST], *xb[MAX_LIST];
  size_t na, nb;
  int pair_a[MAX_LIST];
  wn_agree name_status[MAX_LIST];
} pairing;

/* False when some element of either side has no partner. */
static bool pair_lists(const wn_cmp *c, const wn_value *a, const wn_value *b, pairing *p) {
  memset(p, 0, sizeof *p);
  p->na = list_items(a, p->xa), p->nb = list_items(b, p->xb);
  pair_by_name(c, p->xa, p->na, p->xb, p->nb, p->pair_a, p->name_status);
  return all_paired(p->pair_a, p->na, p->nb);
}

/* Entity[]: the same identities in any order. */
static wn_cmp_result compare_name_lists(const wn_cmp *c, const wn_value *a, const wn_value *b) {
  pairing p;
  if (!pair_lists(c, a, b, &p)) return unmatched_result(p.xa, p.na, p.pair_a, p.xb, p.nb);
  wn_cmp_result r = result(WN_EQUAL);
  for (size_t i = 0; i < p.na; i++) r = worst(r, result(p.name_status[i]));
  return r;
}

/* A crew member's attribute as text (NULL when not stated). */
static const char *member_attr(const wn_value *m, size_t k, char *buf, size_t n) {
  if (!m || m->kind != WN_V_CREW_MEMBER) return NULL;
  if (k == 0) return m->u.crew.role;
  if (k == 1) return m->u.crew.nationality;
  if (!m->u.crew.flight_number) return NULL;
  wn_setf(buf, n, "%" PRId32, m->u.crew.flight_number);
  return buf;
}

/* Crew members are matched by identity, not position. Role, nationality
 * and flight number are compared when both sides state them: an en
 * infobox lists names only, where the zh crew table adds roles, and that
 * absence is the template's, not a claim. The same people stated
 * differently (name forms, order, attributes on one side) are equivalent. */
static wn_cmp_result compare_crews(const wn_cmp *c, const wn_value *a, const wn_value *b) {
  pairing p;
  if (!pair_lists(c, a, b, &p)) return unmatched_result(p.xa, p.na, p.pair_a, p.xb, p.nb);
  static const char *const attrs[] = {"role", "nationality", "flight_number"};
  wn_cmp_result r = result(WN_EQUAL);
  for (size_t i = 0; i < p.na; i++) {
    const wn_value *ma = p.xa[i], *mb = p.xb[p.pair_a[i]];
    r = worst(r, result(p.name_status[i]));
    if ((size_t)p.pair_a[i] != i) r = worst(r, result(WN_EQUIVALENT));
    for (size_t k = 0; k < sizeof attrs / sizeof attrs[0]; k++) {
      char ba[32], bb[32];
      wn_cmp_result ar = compare_attribute(c, attrs[k], member_attr(ma, k, ba, sizeof ba),
                                           member_attr(mb, k, bb, sizeof bb), WN_EQUIVALENT);
      if (ar.status == WN_CONFLICT) {
        ident id = ident_of(c, element_name(ma));
        wn_cmp_result named = result(WN_CONFLICT);
        wn_setf(named.delta, sizeof named.delta, "%s: %s",
                display_name(&id) ? display_name(&id) : "?", ar.delta);
        ar = named;
      }
      r = worst(r, ar);
    }
  }
  return r;
}

/* Optional typed sub-values of a docking: one side only is compatible. */
static wn_cmp_result compare_part(const wn_cmp *c, const char *what, const wn_value *x,
                                  const wn_value *y) {
  if (!x && !y) return result(WN_EQUAL);
  if (!x || !y) return result(WN_COMPATIBLE);
  wn_cmp_result r = wn_compare(c, x, y);
  if (r.status == WN_CONFLICT) {
    char inner[sizeof r.delta];
    memcpy(inner, r.delta, sizeof inner);
    wn_setf(r.delta, sizeof r.delta, "%s: %s", what, inner);
  }
  return r;
}

/* Dockings are paired by target, then compared part by part. */
static wn_cmp_result compare_dockings(const wn_cmp *c, const wn_value *a, const wn_value *b) {
  const wn_value *xa[MAX_LIST] = {0}, *xb[MAX_LIST] = {0}, *ta[MAX_LIST] = {0}, *tb[MAX_LIST] = {0};
  size_t na = list_items(a, xa), nb = list_items(b, xb);
  for (size_t i = 0; i < na; i++) ta[i] = wn_value_get(xa[i], "target");
  for (size_t j = 0; j < nb; j++) tb[j] = wn_value_get(xb[j], "target");
  int pair_a[MAX_LIST] = {0};
  wn_agree name_status[MAX_LIST] = {0};
  for (size_t i = 0; i < na; i++) pair_a[i] = -1;
  /* Without targets on both sides, dockings pair by position. */
  bool targets = na && nb && ta[0] && tb[0];
  if (targets)
    pair_by_name(c, ta, na, tb, nb, pair_a, name_status);
  else
    for (size_t i = 0; i < na && i < nb; i++) pair_a[i] = (int)i;
  if (!all_paired(pair_a, na, nb)) return conflict("%zu vs %zu dockings", na, nb);
  static const char *const parts[] = {"target", "port", "docked", "undocked"};
  wn_cmp_result r = result(WN_EQUAL);
  for (size_t i = 0; i < na; i++)
    for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++)
      r = worst(r, compare_part(c, parts[k], wn_value_get(xa[i], parts[k]),
                                wn_value_get(xb[pair_a[i]], parts[k])));
  return r;
}

static bool name_like(shape s) { return s == SH_NAME || s == SH_TEXT; }

wn_cmp_result wn_compare(const wn_cmp *c, const wn_value *a, const wn_value *b) {
  if (!a || !b) return conflict("missing value");
  if (value_eq(a, b)) return result(WN_EQUAL);
  shape sa = shape_of(a), sb = shape_of(b);
  if (sa == SH_PLACE && (sb == SH_PLACE || name_like(sb))) return compare_places(c, a, b);
  if (sb == SH_PLACE && name_like(sa)) return compare_places(c, a, b);
  if (sa == SH_TEXT && sb == SH_TEXT) return compare_text(c, a, b);
  if (name_like(sa) && name_like(sb)) return compare_names(c, a, b);
  /* A one-element list against its element: an Entity[] that one source
   * writes as one Entity. */
  if (sa == SH_LIST && name_like(sb) && a->u.list.n == 1)
    return compare_names(c, a->u.list.items[0], b);
  if (sb == SH_LIST && name_like(sa) && b->u.list.n == 1)
    return compare_names(c, a, b->u.list.items[0]);
  /* Names only (or nothing) against full crew members. */
  if ((sa == SH_CREW && sb == SH_LIST) || (sa == SH_LIST && sb == SH_CREW))
    return compare_crews(c, a, b);
  if (sa != sb) {
    /* A time the reader could not type (kept as an object) against one
     * it could. */
    if (sa == SH_TIMESTAMP || sb == SH_TIMESTAMP)
      if (sa == SH_OTHER || sb == SH_OTHER) return conflict("unreadable timestamp");
    if (sa == SH_DURATION || sb == SH_DURATION)
      if (sa == SH_OTHER || sb == SH_OTHER) return conflict("unreadable duration");
    return conflict("different kinds of value");
  }
  switch (sa) {
  case SH_NUMBER: return compare_numbers(a, b);
  case SH_TIMESTAMP: return compare_timestamps(a, b);
  case SH_DURATION: return compare_durations(a, b);
  case SH_QUANTITY: return compare_quantities(a, b);
  case SH_MISSION: return compare_missions(a, b);
  case SH_PHOTO: return compare_photos(c, a, b);
  case SH_CREW: return compare_crews(c, a, b);
  case SH_DOCKING: return compare_dockings(c, a, b);
  case SH_LIST: return compare_name_lists(c, a, b);
  default: return conflict("different values");
  }
}

/* ---- shared by merge, diff and check ---- */

/* The lexicon of the context: zh names without en, and en aliases
 * (Robert S. Kimbrough -> Shane Kimbrough). */
static const char *lexicon_to_en(void *user, const char *name) {
  return wn_lex_to_en(user, name, strlen(name));
}

void wn_cmp_init(wn_cmp *c, const wn_context *ctx, wn_arena *a, bool *out_of_memory) {
  *c = (wn_cmp){a, NULL, NULL, out_of_memory};
  const struct wn_lexicon *lex = ctx ? wn_context_lexicon(ctx) : NULL;
  wn_lexdoc *ld = lex ? wn_lexdoc_new(a, lex) : NULL;
  if (ld)
    c->to_en = lexicon_to_en, c->user = ld;
  else if (lex && out_of_memory)
    *out_of_memory = true;
}

const char *wn_rec_file(const wn_record *r) {
  if (r->source.file && *r->source.file) return r->source.file;
  return r->input ? r->input : "<input>";
}

const char *wn_rec_lang(const wn_record *r) {
  return r->source.lang && *r->source.lang ? r->source.lang : "und";
}

/* Every pair is compared: two values may each be compatible with a third
 * and conflict with each other. Past PAIRWISE_MAX sources of one mission,
 * a source is compared with the first PAIRWISE_MAX only, to stay linear. */
enum { PAIRWISE_MAX = 16 };

wn_field_result wn_compare_field(const wn_cmp *c, const wn_value *const *vals, size_t n) {
  wn_field_result f = {0, 0, {WN_EQUAL, ""}};
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

typedef struct path_set {
  wn_arena *a;
  wn_vec *out;
  wn_map seen;
} path_set;

/* Adds p once; false on failure. */
static bool add_path(path_set *s, const char *p) {
  bool created;
  wn_map_slot *slot = wn_map_put(&s->seen, p, strlen(p), &created);
  if (!slot) return false;
  return !created || wn_vec_push(s->a, s->out, sizeof p, &p);
}

/* The leaf paths under obj not seen yet, in order. */
static bool collect_paths(path_set *s, const wn_value *obj, const char *prefix) {
  for (size_t i = 0; i < obj->u.obj.n; i++) {
    const wn_member *m = &obj->u.obj.members[i];
    const char *p = prefix ? wn_arena_printf(s->a, "%s.%s", prefix, m->name) : m->name;
    if (!p) return false;
    if (wn_map_get(&s->seen, p, strlen(p))) continue; /* a leaf of the mapping */
    if (m->value && m->value->kind == WN_V_OBJECT) {
      if (!collect_paths(s, m->value, p)) return false;
    } else if (!add_path(s, p)) {
      return false;
    }
  }
  return true;
}

bool wn_field_paths(wn_arena *a, const wn_context *ctx, const wn_record *const *recs, size_t n,
                    wn_vec *out) {
  path_set s = {a, out, {0}};
  wn_map_init(&s.seen, a);
  const wn_mapping *m = ctx ? wn_context_mapping(ctx) : NULL;
  for (size_t f = 0; m && f < m->nfamilies; f++) {
    const wn_map_family *fam = &m->families[f];
    if (fam->parent >= 0) continue; /* list elements: compared within their list */
    for (size_t k = 0; k < fam->nfields; k++) {
      const wn_map_field *fd = &fam->fields[k];
      if (strchr(fd->path, '[') || fd->type == WN_VT_CAPTION) continue;
      if (!add_path(&s, fd->path)) return false;
    }
  }
  for (size_t i = 0; i < n; i++)
    if (recs[i]->fields && !collect_paths(&s, recs[i]->fields, NULL)) return false;
  return true;
}

const char **wn_source_labels(wn_arena *a, const wn_record *const *recs, size_t n) {
  const char **labels = wn_arena_alloc(a, (n ? n : 1) * sizeof *labels);
  wn_map count;
  wn_map_init(&count, a);
  if (!labels) return NULL;
  for (size_t i = 0; i < n; i++) {
    const char *lang = wn_rec_lang(recs[i]);
    bool created;
    wn_map_slot *slot = wn_map_put(&count, lang, strlen(lang), &created);
    if (!slot) return NULL;
    uintptr_t same = (uintptr_t)slot->value + 1;
    slot->value = (void *)same;
    labels[i] = same == 1 ? lang : wn_arena_printf(a, "%s#%u", lang, (unsigned)same);
    if (!labels[i]) return NULL;
  }
  return labels;
}

bool wn_group_records(wn_arena *a, const wn_record_list *l, wn_groups *g) {
  size_t n = wn_record_list_count(l);
  *g = (wn_groups){wn_arena_calloc(a, n ? n : 1, sizeof *g->v), 0, {0}};
  wn_map_init(&g->by_key, a);
  size_t *group_of = wn_arena_calloc(a, n ? n : 1, sizeof *group_of);
  if (!g->v || !group_of) return false;
  for (size_t i = 0; i < n; i++) {
    const char *key = wn_record_list_get(l, i)->key;
    wn_map_slot *slot = NULL;
    bool created = true;
    if (key && !(slot = wn_map_put(&g->by_key, key, strlen(key), &created))) return false;
    if (created) {
      if (slot) slot->value = (void *)(uintptr_t)(g->n + 1);
      group_of[i] = g->n++;
    } else {
      group_of[i] = (uintptr_t)slot->value - 1;
    }
    g->v[group_of[i]].n++;
  }
  for (size_t k = 0; k < g->n; k++) {
    g->v[k].recs = wn_arena_alloc(a, g->v[k].n * sizeof *g->v[k].recs);
    if (!g->v[k].recs) return false;
    g->v[k].n = 0;
  }
  for (size_t i = 0; i < n; i++) {
    wn_group *x = &g->v[group_of[i]];
    x->recs[x->n++] = wn_record_list_get(l, i);
  }
  return true;
}

wn_group *wn_group_of(const wn_groups *g, const char *key) {
  void *v = key ? wn_map_get(&g->by_key, key, strlen(key)) : NULL;
  return v ? &g->v[(uintptr_t)v - 1] : NULL;
}

/* ---- text tables ---- */

bool wn_rows_add(wn_vec *rows, wn_row r) { return wn_vec_push(NULL, rows, sizeof r, &r); }

size_t wn_display_width(const char *s) {
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

static void put_padded(wn_buf *b, const char *s, size_t width, bool last) {
  wn_buf_puts(b, s);
  if (last) return;
  for (size_t w = wn_display_width(s); w < width + 2; w++) wn_buf_putc(b, ' ');
}

void wn_put_table(wn_buf *b, const wn_row *head, const wn_vec *rows) {
  size_t w[WN_TABLE_COLUMNS] = {0};
  bool used[WN_TABLE_COLUMNS] = {0};
  for (size_t i = 0; i <= rows->n; i++) {
    const wn_row *r = i ? &WN_VEC_AT(rows, wn_row, i - 1) : head;
    for (size_t k = 0; r && k < WN_TABLE_COLUMNS; k++)
      if (r->cell[k]) {
        size_t cw = wn_display_width(r->cell[k]);
        used[k] = true, w[k] = cw > w[k] ? cw : w[k];
      }
  }
  for (size_t i = 0; i <= rows->n; i++) {
    const wn_row *r = i ? &WN_VEC_AT(rows, wn_row, i - 1) : head;
    if (!r) continue;
    size_t last = 0;
    for (size_t k = 0; k < WN_TABLE_COLUMNS; k++)
      if (r->cell[k] && *r->cell[k]) last = k;
    for (size_t k = 0; k <= last; k++)
      if (used[k]) put_padded(b, r->cell[k] ? r->cell[k] : "", w[k], k == last);
    wn_buf_putc(b, '\n');
  }
}

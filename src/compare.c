/* Precision-aware comparison of record values and the internal checks of
 * one record (see compare.h). Pure functions of JSON values. */
#include "compare.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *wn_agree_name(wn_agree a) {
  static const char *const names[] = {"equal", "equivalent", "compatible", "conflict"};
  return names[a];
}

const char *wn_check_status_name(wn_check_status s) {
  static const char *const names[] = {"consistent", "inconsistent", "not_applicable"};
  return names[s];
}

/* ---- small JSON helpers ---- */

static const cJSON *member(const cJSON *o, const char *k) {
  return cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, k) : NULL;
}

/* A non-empty string member, or NULL. */
static const char *str_member(const cJSON *o, const char *k) {
  const cJSON *v = member(o, k);
  return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

static bool has(const cJSON *o, const char *k) { return member(o, k) != NULL; }

/* A plain number, or a Quantity/integer object's "value". */
static bool number_of(const cJSON *v, double *out) {
  if (cJSON_IsNumber(v)) return *out = v->valuedouble, true;
  const cJSON *n = member(v, "value");
  if (cJSON_IsNumber(n)) return *out = n->valuedouble, true;
  return false;
}

static void setf(char *out, size_t n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static void setf(char *out, size_t n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(out, n, fmt, ap);
  va_end(ap);
}

static wn_cmp_result result(wn_agree status) {
  wn_cmp_result r = {status, ""};
  return r;
}

/* The worse of two results; the first delta that explains it wins. */
static wn_cmp_result worst(wn_cmp_result a, wn_cmp_result b) { return b.status > a.status ? b : a; }

/* ---- time ---- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

typedef struct civil {
  int64_t y;
  int mo, d, h, mi, s;
} civil;

static bool parse_utc(const char *s, civil *c) {
  *c = (civil){0, 1, 1, 0, 0, 0};
  long long y = 0;
  double sec = 0;
  int n = sscanf(s, "%lld-%d-%dT%d:%d:%lf", &y, &c->mo, &c->d, &c->h, &c->mi, &sec);
  if (n < 1) return false;
  /* Years are bounded so that seconds never overflow. */
  if (y < -99999 || y > 99999 || !(sec >= 0 && sec < 61)) return false;
  c->y = y;
  c->s = (int)sec;
  return c->mo >= 1 && c->mo <= 12 && c->d >= 1 && c->d <= 31 && c->h >= 0 && c->h <= 24 &&
         c->mi >= 0 && c->mi < 60 && c->s >= 0 && c->s <= 60;
}

static int64_t civil_seconds(const civil *c) {
  return days_from_civil(c->y, c->mo, c->d) * 86400 + c->h * 3600 + c->mi * 60 + c->s;
}

/* Precision names, finest first; months and years have no fixed length. */
enum { P_SECOND, P_MINUTE, P_HOUR, P_DAY, P_MONTH, P_YEAR };
static const struct {
  const char *name;
  int64_t seconds;
} precisions[] = {{"second", 1},  {"minute", 60}, {"hour", 3600},
                  {"day", 86400}, {"month", 0},   {"year", 0}};

/* Unknown or missing precision reads as exact (second). */
static int precision_index(const char *p) {
  for (int i = 0; p && i < (int)(sizeof precisions / sizeof precisions[0]); i++)
    if (!strcmp(p, precisions[i].name)) return i;
  return P_SECOND;
}

bool wn_timestamp_interval(const cJSON *ts, int64_t *lo, int64_t *hi) {
  const char *utc = str_member(ts, "utc");
  civil c;
  if (!utc || !parse_utc(utc, &c)) return false;
  int p = precision_index(str_member(ts, "precision"));
  *lo = civil_seconds(&c);
  if (p == P_MONTH || p == P_YEAR) {
    civil end = c;
    if (p == P_YEAR)
      end.y++;
    else if (++end.mo > 12)
      end.mo = 1, end.y++;
    *hi = civil_seconds(&end);
  } else {
    *hi = *lo + precisions[p].seconds;
  }
  return true;
}

/* Durations beyond a few million years are nonsense; the bound keeps all
 * arithmetic on seconds far from overflow. */
#define MAX_SECONDS 1e14

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
  if (!(fabs(total) <= MAX_SECONDS)) return false;
  *out = (int64_t)llround(total);
  return true;
}

static int64_t duration_unit(const char *precision) {
  int p = precision_index(precision);
  return p <= P_DAY ? precisions[p].seconds : 86400;
}

bool wn_duration_interval(const cJSON *d, int64_t *lo, int64_t *hi) {
  const cJSON *secs = member(d, "seconds");
  if (cJSON_IsNumber(secs)) {
    if (!(fabs(secs->valuedouble) <= MAX_SECONDS)) return false;
    *lo = (int64_t)llround(secs->valuedouble);
  } else if (!iso_duration_seconds(str_member(d, "iso8601"), lo))
    return false;
  *hi = *lo + duration_unit(str_member(d, "precision"));
  return true;
}

static const struct {
  const char *name;
  int64_t seconds;
} duration_parts[] = {{"d", 86400}, {"h", 3600}, {"m", 60}, {"s", 1}};

/* Appends "N unit" parts of s from the first non-zero one (or the last
 * shown) down to the part of size `finest`; skip_zero drops zero parts. */
static void format_parts(int64_t s, int64_t finest, bool skip_zero, char *out, size_t n) {
  size_t len = 0;
  out[0] = 0;
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

void wn_format_duration(int64_t s, const char *precision, char *out, size_t n) {
  if (s < 0) s = -s;
  format_parts(s, duration_unit(precision), false, out, n);
}

void wn_format_delta_seconds(int64_t s, char *out, size_t n) {
  if (s < 0) s = -s;
  if (s < 3600)
    setf(out, n, "%" PRId64 " s", s);
  else
    format_parts(s, 1, true, out, n);
}

static void format_timestamp(const cJSON *ts, char *out, size_t n) {
  int64_t lo, hi;
  if (!wn_timestamp_interval(ts, &lo, &hi)) {
    setf(out, n, "%s", str_member(ts, "utc") ? str_member(ts, "utc") : "?");
    return;
  }
  int64_t days = lo >= 0 ? lo / 86400 : (lo - 86399) / 86400, y;
  int64_t rest = lo - days * 86400;
  int m, d;
  civil_from_days(days, &y, &m, &d);
  int h = (int)(rest / 3600), mi = (int)(rest % 3600 / 60), s = (int)(rest % 60);
  switch (precision_index(str_member(ts, "precision"))) {
  case P_YEAR: setf(out, n, "%04" PRId64, y); break;
  case P_MONTH: setf(out, n, "%04" PRId64 "-%02d", y, m); break;
  case P_DAY: setf(out, n, "%04" PRId64 "-%02d-%02d", y, m, d); break;
  case P_HOUR: setf(out, n, "%04" PRId64 "-%02d-%02d %02d h UTC", y, m, d, h); break;
  case P_MINUTE: setf(out, n, "%04" PRId64 "-%02d-%02d %02d:%02d UTC", y, m, d, h, mi); break;
  default: setf(out, n, "%04" PRId64 "-%02d-%02d %02d:%02d:%02d UTC", y, m, d, h, mi, s);
  }
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

/* ---- names ---- */

/* Letters U+00C0..U+017F without their accents, lower case ('\0' for the
 * signs × and ÷, which separate). */
static const char latin_base[] = "aaaaaaaceeeeiiiidnooooo\0ouuuuyts"
                                 "aaaaaaaceeeeiiiidnooooo\0ouuuuyty"
                                 "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkk"
                                 "llllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuu"
                                 "wwyyyzzzzzzs";
_Static_assert(sizeof latin_base == 0x180 - 0xC0 + 1, "one letter per code point");

static bool is_separator(int32_t cp) {
  if (cp < 0x80)
    return !((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9'));
  switch (cp) {
  case 0xA0: /* no-break space */
  case 0xB7:
  case 0x2219:
  case 0x2022: /* the middle-dot family */
  case 0x2027:
  case 0x30FB:
  case 0xFF65:
  case 0x2018:
  case 0x2019:
  case 0x201C:
  case 0x201D: /* quotes */
  case 0x3000:
  case 0x3001:
  case 0xFF0C:
  case 0xFF08:
  case 0xFF09: return true;
  }
  return cp >= 0x2010 && cp <= 0x2015; /* dashes */
}

/* Spells one ASCII token the same way for transliteration variants:
 * y→i (Andrey/Andrei), a final j→i (Sergej), x→ks (Alexei/Aleksei),
 * kh→h (Mikhail/Mihail), doubled letters once (Vasilii/Vasili). */
static size_t fold_token(const char *t, size_t n, char *out) {
  size_t len = 0;
  for (size_t i = 0; i < n; i++) {
    char c = t[i];
    const char *rep = NULL;
    if (c == 'y')
      rep = "i";
    else if (c == 'j' && i + 1 == n)
      rep = "i";
    else if (c == 'x')
      rep = "ks";
    else if (c == 'k' && i + 1 < n && t[i + 1] == 'h')
      rep = "h", i++;
    char one[2] = {c, 0};
    for (const char *p = rep ? rep : one; *p; p++)
      if (!len || out[len - 1] != *p) out[len++] = *p;
  }
  return len;
}

/* Cuts a trailing "(cosmonaut)" / "(ISS module)" disambiguator. */
static size_t strip_disambiguator(const char *s, size_t n) {
  size_t end = n;
  while (end && s[end - 1] == ' ') end--;
  if (!end || s[end - 1] != ')') return n;
  const char *open = NULL;
  for (size_t i = end; i-- > 1;)
    if (s[i] == '(') {
      open = s + i;
      break;
    }
  if (!open) return n;
  size_t cut = (size_t)(open - s);
  while (cut && s[cut - 1] == ' ') cut--;
  return cut ? cut : n;
}

/* The folded form of a name: words of lower-case ASCII (accents dropped,
 * transliteration variants spelled one way) or other scripts as they are,
 * separated by single spaces. NULL on allocation failure. */
static char *fold_name(wn_arena *a, const char *s) {
  if (!a || !s) return NULL;
  size_t n = strip_disambiguator(s, strlen(s)), flen;
  char *cf = wn_casefold(a, s, n, &flen);
  char *word = cf ? wn_arena_alloc(a, flen * 2 + 2) : NULL;
  char *out = word ? wn_arena_alloc(a, flen * 2 + 2) : NULL;
  if (!out) return NULL;
  size_t olen = 0, wlen = 0;
  bool ascii = true;
  for (size_t i = 0; i <= flen;) {
    size_t cl = 1;
    int32_t cp = i < flen ? wn_utf8_decode(cf + i, flen - i, &cl) : ' ';
    char base = cp >= 0xC0 && cp < 0x180 ? latin_base[cp - 0xC0] : 0;
    if (i == flen || is_separator(cp) || (cp >= 0xC0 && cp < 0x180 && !base)) {
      if (wlen) {
        if (olen) out[olen++] = ' ';
        if (ascii)
          olen += fold_token(word, wlen, out + olen);
        else
          memcpy(out + olen, word, wlen), olen += wlen;
      }
      wlen = 0, ascii = true;
    } else if (base) {
      word[wlen++] = base;
    } else {
      if (cp >= 0x80) ascii = false;
      memcpy(word + wlen, cf + i, cl), wlen += cl;
    }
    i += cl;
  }
  out[olen] = 0;
  return out;
}

#define MAX_NAME_WORDS 16

/* Splits a folded name (single spaces) into words in place, dropping the
 * suffixes Jr and Sr. */
static size_t name_words(char *folded, char **w) {
  size_t n = 0;
  for (char *p = folded; *p && n < MAX_NAME_WORDS;) {
    char *space = strchr(p, ' ');
    if (space) *space = 0;
    if (strcmp(p, "jr") && strcmp(p, "sr")) w[n++] = p;
    if (!space) break;
    p = space + 1;
  }
  return n;
}

/* Words match when equal or when one is the initial of the other. */
static bool word_match(const char *x, const char *y) {
  if (!strcmp(x, y)) return true;
  return ((!x[1] && x[0] == y[0]) || (!y[1] && y[0] == x[0])) && (unsigned char)x[0] < 0x80;
}

/* The shorter list of given names is a subsequence of the longer one. */
static bool given_compatible(char **x, size_t nx, char **y, size_t ny) {
  if (nx > ny) return given_compatible(y, ny, x, nx);
  size_t j = 0;
  for (size_t i = 0; i < nx; i++) {
    while (j < ny && !word_match(x[i], y[j])) j++;
    if (j++ >= ny) return false;
  }
  return true;
}

int wn_names_match(wn_arena *a, const char *x, const char *y) {
  char *fx = fold_name(a, x), *fy = fold_name(a, y);
  if (!fx || !fy) return -1;
  if (!*fx || !*fy) return 0;
  if (!strcmp(fx, fy)) return 1;
  char *wx[MAX_NAME_WORDS], *wy[MAX_NAME_WORDS];
  size_t nx = name_words(fx, wx), ny = name_words(fy, wy);
  if (!nx || !ny || (nx < 2 && ny < 2)) return 0;
  /* Family name first (Kanai Norishige) against given name first. */
  if (nx == 2 && ny == 2 && !strcmp(wx[0], wy[1]) && !strcmp(wx[1], wy[0])) return 2;
  const char *sx = wx[nx - 1], *sy = wy[ny - 1];
  if (strcmp(sx, sy) || strlen(sx) < 2) return 0;
  /* A bare surname (or place) stands for any fuller name ending in it. */
  if (nx == 1 || ny == 1) return 3;
  return given_compatible(wx, nx - 1, wy, ny - 1) ? 2 : 0;
}

/* wn_names_match for the comparisons: an allocation failure is flagged
 * for the caller (the result would be unreliable) and reads as no match. */
static int names_match(const wn_cmp *c, const char *x, const char *y) {
  int m = wn_names_match(c->arena, x, y);
  if (m >= 0) return m;
  if (c->out_of_memory) *c->out_of_memory = true;
  return 0;
}

/* ---- value shapes ---- */

typedef enum shape {
  SH_NONE,
  SH_NUMBER,
  SH_TEXT, /* a string, or {"text": …} kept unparsed */
  SH_NAME, /* Entity or LangText */
  SH_TIMESTAMP,
  SH_DURATION,
  SH_QUANTITY,
  SH_PLACE,
  SH_MISSION,
  SH_PHOTO,
  SH_CREW,    /* [CrewMember] */
  SH_DOCKING, /* [Docking] */
  SH_LIST,    /* any other array (Entity[]) */
  SH_OTHER
} shape;

static shape shape_of(const cJSON *v) {
  if (!v || cJSON_IsNull(v)) return SH_NONE;
  if (cJSON_IsNumber(v)) return SH_NUMBER;
  if (cJSON_IsString(v)) return SH_TEXT;
  if (cJSON_IsArray(v)) {
    const cJSON *first = v->child;
    if (has(first, "name") || has(first, "role") || has(first, "flight_number")) return SH_CREW;
    if (has(first, "target") || has(first, "docked") || has(first, "undocked")) return SH_DOCKING;
    return SH_LIST;
  }
  if (!cJSON_IsObject(v)) return SH_OTHER;
  if (has(v, "utc")) return SH_TIMESTAMP;
  if (has(v, "seconds") || has(v, "iso8601")) return SH_DURATION;
  if (has(v, "value") && has(v, "unit")) return SH_QUANTITY;
  if (has(v, "facility") || has(v, "pad") || has(v, "country")) return SH_PLACE;
  if (has(v, "key") && has(v, "designation")) return SH_MISSION;
  if (has(v, "file")) return SH_PHOTO;
  if (has(v, "en") || has(v, "zh") || has(v, "label")) return SH_NAME;
  if (has(v, "text")) return SH_TEXT;
  return SH_OTHER;
}

static const char *text_of(const cJSON *v) {
  return cJSON_IsString(v) ? v->valuestring : str_member(v, "text");
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

static ident ident_of(const wn_cmp *c, const cJSON *v) {
  ident id = {0};
  const char *zh = str_member(v, "zh"), *label = str_member(v, "label"), *text = text_of(v);
  id.en = str_member(v, "en");
  id.other = zh ? zh : label ? label : text;
  if (!id.en && c->to_en) {
    const char *forms[] = {zh, label, text};
    for (size_t i = 0; i < 3 && !id.en; i++)
      if (forms[i] && (id.en = c->to_en(c->user, forms[i]))) id.translated = true;
  }
  /* An unlinked en label ("Steppes of the Kazakhstan") is its own name. */
  if (!id.en && !zh && id.other && latin_text(id.other)) id.en = id.other;
  return id;
}

static const char *display_name(const ident *id) { return id->en ? id->en : id->other; }

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

/* Entity, LangText, or a bare name. The en name is the identity: the same
 * en name is equal; a match through folding, the lexicon or the surname
 * rule is equivalent. */
static wn_cmp_result compare_names(const wn_cmp *c, const cJSON *a, const cJSON *b) {
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
static wn_cmp_result compare_text(const wn_cmp *c, const cJSON *a, const cJSON *b) {
  const char *ta = text_of(a), *tb = text_of(b);
  if (!ta || !tb) return conflict("different values");
  if (!strcmp(ta, tb)) return result(WN_EQUAL);
  if (names_match(c, ta, tb) == 1) return result(WN_EQUIVALENT);
  return conflict("different text");
}

static wn_cmp_result compare_numbers(const cJSON *a, const cJSON *b) {
  double x = a->valuedouble, y = b->valuedouble;
  if (x == y) return result(WN_EQUAL);
  return conflict("%.15g", fabs(x - y));
}

/* The unit of the last significant digit of a stated number: 7080 → 10,
 * 51.66 → 0.01, 1.18e11 → 1e9. Trailing zeros of an integer count as not
 * significant: 7000 may be a rounding. */
static double last_digit_unit(double v) {
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

/* digits: significant digits to show (15 for a stated value, fewer for a
 * computed difference, whose last digits are rounding noise). */
static void format_quantity(double v, const char *unit, int digits, char *out, size_t n) {
  if (!strcmp(unit, "m") && fabs(v) >= 10000)
    setf(out, n, "%.*g km", digits, v / 1000);
  else if (!strcmp(unit, "s") && fabs(v) >= 120)
    setf(out, n, "%.*g min", digits, v / 60);
  else if (!strcmp(unit, "deg"))
    setf(out, n, "%.*g°", digits, v);
  else
    setf(out, n, "%.*g%s%s", digits, v, *unit ? " " : "", unit);
}

/* Quantities agree within one unit of the coarser last significant digit
 * (51.6° holds 51.66°; 7080 kg does not hold 7290 kg). */
static wn_cmp_result compare_quantities(const cJSON *a, const cJSON *b) {
  const char *ua = str_member(a, "unit"), *ub = str_member(b, "unit");
  double x, y;
  if (!number_of(a, &x) || !number_of(b, &y)) return conflict("different values");
  if (!ua) ua = "";
  if (!ub) ub = "";
  if (strcmp(ua, ub)) return conflict("units %s vs %s", ua, ub);
  if (x == y) return result(WN_EQUAL);
  double tolerance = fmax(last_digit_unit(x), last_digit_unit(y));
  if (fabs(x - y) < tolerance) return result(WN_COMPATIBLE);
  wn_cmp_result r = result(WN_CONFLICT);
  char abs_delta[64];
  format_quantity(fabs(x - y), ua, 6, abs_delta, sizeof abs_delta);
  setf(r.delta, sizeof r.delta, "%s (%.2g %%)", abs_delta,
       100 * fabs(x - y) / fmax(fabs(x), fabs(y)));
  return r;
}

static wn_cmp_result compare_timestamps(const cJSON *a, const cJSON *b) {
  int64_t a0, a1, b0, b1;
  if (!wn_timestamp_interval(a, &a0, &a1) || !wn_timestamp_interval(b, &b0, &b1))
    return conflict("unreadable timestamp");
  return compare_intervals(a0, a1, b0, b1);
}

static wn_cmp_result compare_durations(const cJSON *a, const cJSON *b) {
  int64_t a0, a1, b0, b1;
  if (!wn_duration_interval(a, &a0, &a1) || !wn_duration_interval(b, &b0, &b1))
    return conflict("unreadable duration");
  return compare_intervals(a0, a1, b0, b1);
}

/* Optional string attributes: differing is a conflict, stated on one side
 * only is `one_sided`. */
static wn_cmp_result compare_attribute(const wn_cmp *c, const char *what, const char *x,
                                       const char *y, wn_agree one_sided) {
  if (!x && !y) return result(WN_EQUAL);
  if (!x || !y) return result(one_sided);
  if (!strcmp(x, y)) return result(WN_EQUAL);
  if (names_match(c, x, y) == 1) return result(WN_EQUIVALENT);
  return conflict("%s %s vs %s", what, x, y);
}

/* A Place, or a bare Entity standing for a place. A facility is
 * compatible with the same facility plus a pad. */
static wn_cmp_result compare_places(const wn_cmp *c, const cJSON *a, const cJSON *b) {
  const cJSON *fa = shape_of(a) == SH_PLACE ? member(a, "facility") : a;
  const cJSON *fb = shape_of(b) == SH_PLACE ? member(b, "facility") : b;
  wn_cmp_result r = result(WN_EQUAL);
  if (fa && fb)
    r = compare_names(c, fa, fb);
  else if (fa || fb)
    r = result(WN_COMPATIBLE);
  if (r.status == WN_CONFLICT) return r;
  r = worst(r,
            compare_attribute(c, "pad", str_member(a, "pad"), str_member(b, "pad"), WN_COMPATIBLE));
  return worst(r, compare_attribute(c, "country", str_member(a, "country"),
                                    str_member(b, "country"), WN_COMPATIBLE));
}

static wn_cmp_result compare_missions(const cJSON *a, const cJSON *b) {
  const char *ka = str_member(a, "key"), *kb = str_member(b, "key");
  if (ka && kb && !strcmp(ka, kb)) return result(WN_EQUAL);
  const char *da = str_member(a, "designation"), *db = str_member(b, "designation");
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

static wn_cmp_result compare_word_lists(const wn_cmp *c, const cJSON *a, const cJSON *b);

/* Photos are the same file (up to Commons' spelling variants); captions
 * are prose in each language and are not compared, the left-to-right
 * order of the people is. */
static wn_cmp_result compare_photos(const wn_cmp *c, const cJSON *a, const cJSON *b) {
  const char *fa = str_member(a, "file"), *fb = str_member(b, "file");
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
  const cJSON *oa = member(a, "order"), *ob = member(b, "order");
  if (cJSON_IsArray(oa) && cJSON_IsArray(ob)) {
    wn_cmp_result o = compare_word_lists(c, oa, ob);
    if (o.status == WN_CONFLICT) return conflict("different order of people");
    r = worst(r, o);
  }
  return r;
}

/* Two arrays of surname keys or names, position by position. */
static wn_cmp_result compare_word_lists(const wn_cmp *c, const cJSON *a, const cJSON *b) {
  if (cJSON_GetArraySize(a) != cJSON_GetArraySize(b)) return conflict("different lengths");
  wn_cmp_result r = result(WN_EQUAL);
  for (const cJSON *x = a->child, *y = b->child; x && y; x = x->next, y = y->next) {
    const char *sx = text_of(x), *sy = text_of(y);
    if (!sx || !sy || !strcmp(sx, sy)) continue;
    if (!names_match(c, sx, sy)) return conflict("%s vs %s", sx, sy);
    r = result(WN_EQUIVALENT);
  }
  return r;
}

#define MAX_LIST 64

/* The name of a list element: a crew member's "name", else itself. */
static const cJSON *element_name(const cJSON *v) {
  const cJSON *n = member(v, "name");
  return n ? n : v;
}

/* Pairs the elements of two lists by identity: first exact en names, then
 * names that match by the lexicon, folding or the surname rule. pair_a[i]
 * is the index in b (or -1); name_status[i] how the names agreed. */
static void pair_by_name(const wn_cmp *c, const cJSON *const *xa, size_t na, const cJSON *const *xb,
                         size_t nb, int *pair_a, wn_agree *name_status) {
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

static size_t list_items(const cJSON *v, const cJSON **out) {
  size_t n = 0;
  for (const cJSON *x = v ? v->child : NULL; x && n < MAX_LIST; x = x->next) out[n++] = x;
  return n;
}

/* Appends ", "-separated names of the unmatched items; the new length. */
static size_t append_unmatched(char *out, size_t len, size_t cap, const cJSON *const *items,
                               size_t n, const bool *matched) {
  bool first = true;
  for (size_t i = 0; i < n; i++) {
    if (matched[i] || len >= cap) continue;
    wn_cmp scratch = {0};
    ident id = ident_of(&scratch, element_name(items[i]));
    const char *name = display_name(&id);
    len += (size_t)snprintf(out + len, cap - len, "%s%s", first ? "" : ", ", name ? name : "?");
    first = false;
  }
  return len < cap ? len : cap - 1;
}

/* The elements only on one side, "unmatched: X, Y". */
static wn_cmp_result unmatched_result(const cJSON *const *xa, size_t na, const int *pair_a,
                                      const cJSON *const *xb, size_t nb) {
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

/* Entity[]: the same identities in any order. */
static wn_cmp_result compare_name_lists(const wn_cmp *c, const cJSON *a, const cJSON *b) {
  const cJSON *xa[MAX_LIST] = {0}, *xb[MAX_LIST] = {0};
  size_t na = list_items(a, xa), nb = list_items(b, xb);
  int pair_a[MAX_LIST] = {0};
  wn_agree name_status[MAX_LIST] = {0};
  pair_by_name(c, xa, na, xb, nb, pair_a, name_status);
  if (!all_paired(pair_a, na, nb)) return unmatched_result(xa, na, pair_a, xb, nb);
  wn_cmp_result r = result(WN_EQUAL);
  for (size_t i = 0; i < na; i++) r = worst(r, result(name_status[i]));
  return r;
}

static const char *member_attr(const cJSON *m, const char *k, char *buf, size_t n) {
  const cJSON *v = member(m, k);
  if (cJSON_IsNumber(v)) return setf(buf, n, "%d", v->valueint), buf;
  return str_member(m, k);
}

/* Crew members are matched by identity, not position. Role, nationality
 * and flight number are compared when both sides state them: an en
 * infobox lists names only, where the zh crew table adds roles, and that
 * absence is the template's, not a claim. The same people stated
 * differently (name forms, order, attributes on one side) are equivalent. */
static wn_cmp_result compare_crews(const wn_cmp *c, const cJSON *a, const cJSON *b) {
  const cJSON *xa[MAX_LIST] = {0}, *xb[MAX_LIST] = {0};
  size_t na = list_items(a, xa), nb = list_items(b, xb);
  int pair_a[MAX_LIST] = {0};
  wn_agree name_status[MAX_LIST] = {0};
  pair_by_name(c, xa, na, xb, nb, pair_a, name_status);
  if (!all_paired(pair_a, na, nb)) return unmatched_result(xa, na, pair_a, xb, nb);
  static const char *const attrs[] = {"role", "nationality", "flight_number"};
  wn_cmp_result r = result(WN_EQUAL);
  for (size_t i = 0; i < na; i++) {
    const cJSON *ma = xa[i], *mb = xb[pair_a[i]];
    r = worst(r, result(name_status[i]));
    if ((size_t)pair_a[i] != i) r = worst(r, result(WN_EQUIVALENT));
    for (size_t k = 0; k < sizeof attrs / sizeof attrs[0]; k++) {
      char ba[32], bb[32];
      wn_cmp_result ar = compare_attribute(c, attrs[k], member_attr(ma, attrs[k], ba, sizeof ba),
                                           member_attr(mb, attrs[k], bb, sizeof bb), WN_EQUIVALENT);
      if (ar.status == WN_CONFLICT) {
        ident id = ident_of(c, element_name(ma));
        wn_cmp_result named = result(WN_CONFLICT);
        setf(named.delta, sizeof named.delta, "%s: %s", display_name(&id) ? display_name(&id) : "?",
             ar.delta);
        ar = named;
      }
      r = worst(r, ar);
    }
  }
  return r;
}

/* Optional typed sub-values of a docking: one side only is compatible. */
static wn_cmp_result compare_part(const wn_cmp *c, const char *what, const cJSON *x,
                                  const cJSON *y) {
  if (!x && !y) return result(WN_EQUAL);
  if (!x || !y) return result(WN_COMPATIBLE);
  wn_cmp_result r = wn_compare(c, x, y);
  if (r.status == WN_CONFLICT) {
    char inner[sizeof r.delta];
    memcpy(inner, r.delta, sizeof inner);
    setf(r.delta, sizeof r.delta, "%s: %s", what, inner);
  }
  return r;
}

/* Dockings are paired by target, then compared part by part. */
static wn_cmp_result compare_dockings(const wn_cmp *c, const cJSON *a, const cJSON *b) {
  const cJSON *xa[MAX_LIST] = {0}, *xb[MAX_LIST] = {0}, *ta[MAX_LIST] = {0}, *tb[MAX_LIST] = {0};
  size_t na = list_items(a, xa), nb = list_items(b, xb);
  for (size_t i = 0; i < na; i++) ta[i] = member(xa[i], "target");
  for (size_t j = 0; j < nb; j++) tb[j] = member(xb[j], "target");
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
      r = worst(
          r, compare_part(c, parts[k], member(xa[i], parts[k]), member(xb[pair_a[i]], parts[k])));
  return r;
}

static bool name_like(shape s) { return s == SH_NAME || s == SH_TEXT; }

wn_cmp_result wn_compare(const wn_cmp *c, const cJSON *a, const cJSON *b) {
  if (!a || !b) return conflict("missing value");
  if (cJSON_Compare(a, b, true)) return result(WN_EQUAL);
  shape sa = shape_of(a), sb = shape_of(b);
  if (sa == SH_PLACE && (sb == SH_PLACE || name_like(sb))) return compare_places(c, a, b);
  if (sb == SH_PLACE && name_like(sa)) return compare_places(c, a, b);
  if (sa == SH_TEXT && sb == SH_TEXT) return compare_text(c, a, b);
  if (name_like(sa) && name_like(sb)) return compare_names(c, a, b);
  /* A one-element list against its element: an Entity[] that one source
   * writes as one Entity. */
  if (sa == SH_LIST && name_like(sb) && cJSON_GetArraySize(a) == 1)
    return compare_names(c, a->child, b);
  if (sb == SH_LIST && name_like(sa) && cJSON_GetArraySize(b) == 1)
    return compare_names(c, a, b->child);
  /* Names only (or nothing) against full crew members. */
  if ((sa == SH_CREW && sb == SH_LIST) || (sa == SH_LIST && sb == SH_CREW))
    return compare_crews(c, a, b);
  if (sa != sb) return conflict("different kinds of value");
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

/* ---- human form ---- */

/* Appends s on one line: line breaks of lists become " / ". */
static void put_one_line(wn_buf *out, const char *s) {
  for (; *s; s++) {
    if (*s == '\n')
      wn_buf_puts(out, " / ");
    else if (*s != '\r')
      wn_buf_putc(out, *s);
  }
}

static void put_name(wn_buf *out, const cJSON *v) {
  const char *s = cJSON_IsString(v) ? v->valuestring : NULL;
  const char *keys[] = {"en", "label", "zh", "text"};
  for (size_t i = 0; i < 4 && !s; i++) s = str_member(v, keys[i]);
  put_one_line(out, s ? s : "?");
}

static void put_names(wn_buf *out, const cJSON *list) {
  for (const cJSON *x = list->child; x; x = x->next) {
    if (x != list->child) wn_buf_puts(out, ", ");
    put_name(out, element_name(x));
  }
}

static void put_place(wn_buf *out, const cJSON *v) {
  const cJSON *f = member(v, "facility");
  if (f) wn_value_human(f, out);
  const char *pad = str_member(v, "pad"), *country = str_member(v, "country");
  if (pad) wn_buf_printf(out, "%spad %s", f ? ", " : "", pad);
  if (country) wn_buf_printf(out, f || pad ? " (%s)" : "%s", country);
}

static void put_dockings(wn_buf *out, const cJSON *list) {
  for (const cJSON *x = list->child; x; x = x->next) {
    if (x != list->child) wn_buf_puts(out, "; ");
    const cJSON *t = member(x, "target"), *p = member(x, "port");
    const cJSON *d = member(x, "docked"), *u = member(x, "undocked");
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

void wn_value_human(const cJSON *v, wn_buf *out) {
  char tmp[256];
  int64_t lo, hi;
  double x;
  switch (shape_of(v)) {
  case SH_NONE: wn_buf_puts(out, "—"); return;
  case SH_NUMBER: wn_buf_printf(out, "%.15g", v->valuedouble); return;
  case SH_TEXT: put_one_line(out, text_of(v) ? text_of(v) : ""); return;
  case SH_NAME: put_name(out, v); return;
  case SH_TIMESTAMP: format_timestamp(v, tmp, sizeof tmp); break;
  case SH_DURATION:
    if (!wn_duration_interval(v, &lo, &hi))
      setf(tmp, sizeof tmp, "?");
    else
      wn_format_duration(lo, str_member(v, "precision"), tmp, sizeof tmp);
    break;
  case SH_QUANTITY:
    if (!number_of(v, &x))
      setf(tmp, sizeof tmp, "?");
    else
      format_quantity(x, str_member(v, "unit") ? str_member(v, "unit") : "", 15, tmp, sizeof tmp);
    break;
  case SH_PLACE: put_place(out, v); return;
  case SH_MISSION:
    put_one_line(out, str_member(v, "designation") ? str_member(v, "designation")
                      : str_member(v, "key")       ? str_member(v, "key")
                                                   : "?");
    return;
  case SH_PHOTO: put_one_line(out, str_member(v, "file") ? str_member(v, "file") : "?"); return;
  case SH_CREW:
  case SH_LIST: put_names(out, v); return;
  case SH_DOCKING: put_dockings(out, v); return;
  default: {
    char *json = cJSON_PrintUnformatted(v);
    put_one_line(out, json ? json : "?");
    cJSON_free(json);
    return;
  }
  }
  wn_buf_puts(out, tmp);
}

/* ---- internal checks ---- */

static wn_check_result not_applicable(void) {
  wn_check_result r = {WN_CHECK_NOT_APPLICABLE, "", ""};
  return r;
}

static bool integer_of(const cJSON *v, int64_t *out) {
  double d;
  if (!number_of(v, &d) || !(fabs(d) <= 1e15)) return false;
  *out = (int64_t)llround(d);
  return true;
}

/* The precision to which landing − launch is known: the coarser of the
 * two timestamps, as a duration precision (at most a day). */
static const char *elapsed_precision(const cJSON *launch, const cJSON *landing) {
  int p = precision_index(str_member(launch, "precision"));
  int q = precision_index(str_member(landing, "precision"));
  int m = p > q ? p : q;
  return precisions[m > P_DAY ? P_DAY : m].name;
}

/* The duration stands for [d0, d1); launch and landing for [l0, l1) and
 * [e0, e1), so the elapsed time lies in (e0 − l1, e1 − l0). They agree
 * when the two ranges meet. The delta is between the stated values:
 * 173 d 3 h 16 m 21 s against 11:20 − 08:05:00 = 173 d 3 h 15 m is 81 s. */
wn_check_result wn_check_duration(const cJSON *launch, const cJSON *landing,
                                  const cJSON *duration) {
  int64_t l0, l1, e0, e1, d0, d1;
  if (!wn_timestamp_interval(launch, &l0, &l1) || !wn_timestamp_interval(landing, &e0, &e1) ||
      !wn_duration_interval(duration, &d0, &d1))
    return not_applicable();
  wn_check_result r = not_applicable();
  int64_t stated = e0 - l0;
  bool meet = d0 < e1 - l0 && e0 - l1 < d1 && stated >= 0;
  r.status = meet ? WN_CHECK_CONSISTENT : WN_CHECK_INCONSISTENT;
  wn_format_delta_seconds(d0 - stated, r.delta, sizeof r.delta);
  char dur[64], elapsed[64], from[64], to[64];
  wn_format_duration(d0, str_member(duration, "precision"), dur, sizeof dur);
  wn_format_duration(stated, elapsed_precision(launch, landing), elapsed, sizeof elapsed);
  format_timestamp(launch, from, sizeof from);
  format_timestamp(landing, to, sizeof to);
  if (stated < 0)
    setf(r.detail, sizeof r.detail, "landing %s is before launch %s", to, from);
  else
    setf(r.detail, sizeof r.detail, "duration %s %s landing - launch = %s (%s to %s)%s%s", dur,
         meet ? "matches" : "disagrees with", elapsed, from, to, meet ? "" : " by ",
         meet ? "" : r.delta);
  return r;
}

/* The people of a list field; -1 when it is not a list. */
static int64_t people(const cJSON *list) {
  return cJSON_IsArray(list) ? cJSON_GetArraySize(list) : -1;
}

/* crew_size counts the launch crew: the members who flew both ways plus
 * those who only launched (crew_launching); an article may count the
 * landing crew instead (members plus crew_landing). Either agrees. */
wn_check_result wn_check_crew_size(const cJSON *size, const cJSON *members, const cJSON *launching,
                                   const cJSON *landing) {
  int64_t n, m = people(members);
  if (!integer_of(size, &n) || m < 0) return not_applicable();
  int64_t up = m + (people(launching) > 0 ? people(launching) : 0);
  int64_t down = m + (people(landing) > 0 ? people(landing) : 0);
  wn_check_result r = not_applicable();
  bool fits = n == up || n == down;
  int64_t listed = fits ? n : up, d = n > listed ? n - listed : listed - n;
  r.status = fits ? WN_CHECK_CONSISTENT : WN_CHECK_INCONSISTENT;
  setf(r.delta, sizeof r.delta, "%" PRId64 " member%s", d, d == 1 ? "" : "s");
  char who[96];
  if (up > m)
    setf(who, sizeof who, "%" PRId64 " + %" PRId64 " launching", m, up - m);
  else
    setf(who, sizeof who, "%" PRId64, m);
  setf(r.detail, sizeof r.detail, "crew size %" PRId64 " %s %s member%s listed", n,
       fits ? "matches" : "disagrees with", who, up == 1 ? "" : "s");
  return r;
}

static bool contains_ascii_ci(const char *s, const char *word) {
  size_t n = strlen(word);
  for (; *s; s++) {
    size_t i = 0;
    while (i < n && s[i] && (s[i] | 0x20) == word[i]) i++;
    if (i == n) return true;
  }
  return false;
}

/* A plausible low Earth orbit lasts 86 to 100 minutes. */
enum { LEO_PERIOD_MIN = 86 * 60, LEO_PERIOD_MAX = 100 * 60 };

/* An infobox's orbit_period is usually the first orbit's; the mean over a
 * mission that raises its orbit to a station's differs by a few percent
 * (Soyuz T-12: 88.6 min stated, 91.4 min flown). */
#define STATED_PERIOD_TOLERANCE 0.05

/* The range of periods to expect: the stated orbit.period (within 5 %),
 * else a low Earth orbit's unless the record says the orbit is elsewhere.
 * False when no period can be assumed. */
static bool period_range(const cJSON *period, const cJSON *regime, const cJSON *central_body,
                         double *lo, double *hi) {
  double p;
  const char *unit = str_member(period, "unit");
  if (number_of(period, &p) && p > 0 && (!unit || !strcmp(unit, "s"))) {
    double tol = fmax(last_digit_unit(p), STATED_PERIOD_TOLERANCE * p);
    *lo = p - tol, *hi = p + tol;
    return true;
  }
  const char *body = text_of(central_body), *orbit = text_of(regime);
  if (body && !contains_ascii_ci(body, "earth")) return false;
  if (orbit && !contains_ascii_ci(orbit, "low") && !contains_ascii_ci(orbit, "leo")) return false;
  *lo = LEO_PERIOD_MIN, *hi = LEO_PERIOD_MAX;
  return true;
}

/* Orbits × period against the duration, with one orbit of slack for the
 * partial orbits at both ends. */
wn_check_result wn_check_orbits(const cJSON *orbits, const cJSON *duration, const cJSON *period,
                                const cJSON *regime, const cJSON *central_body) {
  int64_t n, d0, d1;
  double plo, phi;
  if (!integer_of(orbits, &n) || n <= 0 || !wn_duration_interval(duration, &d0, &d1) ||
      !period_range(period, regime, central_body, &plo, &phi))
    return not_applicable();
  wn_check_result r = not_applicable();
  double implied = (double)d0 / (double)n / 60;
  bool fits = (double)n >= d0 / phi - 1 && (double)n <= d1 / plo + 1;
  r.status = fits ? WN_CHECK_CONSISTENT : WN_CHECK_INCONSISTENT;
  setf(r.delta, sizeof r.delta, "%.1f min per orbit", implied);
  char dur[64];
  wn_format_duration(d0, str_member(duration, "precision"), dur, sizeof dur);
  setf(r.detail, sizeof r.detail,
       "%" PRId64 " orbits in %s imply %.1f min per orbit, %s %.1f-%.1f min", n, dur, implied,
       fits ? "within" : "outside", plo / 60, phi / 60);
  return r;
}

static wn_check_result run_duration(wn_field_fn get, const void *rec) {
  return wn_check_duration(get(rec, "launch.time"), get(rec, "landing.time"), get(rec, "duration"));
}
static wn_check_result run_crew_size(wn_field_fn get, const void *rec) {
  return wn_check_crew_size(get(rec, "crew.size"), get(rec, "crew.members"),
                            get(rec, "crew.launching"), get(rec, "crew.landing"));
}
static wn_check_result run_orbits(wn_field_fn get, const void *rec) {
  return wn_check_orbits(get(rec, "orbits_completed"), get(rec, "duration"),
                         get(rec, "orbit.period"), get(rec, "orbit.regime"),
                         get(rec, "orbit.central_body"));
}

const wn_check_def wn_check_defs[] = {
    {"duration_matches_launch_landing", "duration", run_duration},
    {"crew_size_matches_members", "crew.size", run_crew_size},
    {"orbits_match_duration", "orbits_completed", run_orbits},
};
const size_t wn_check_count = sizeof wn_check_defs / sizeof wn_check_defs[0];

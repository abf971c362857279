/* String-level parsers of the value normalizers: dates and times,
 * durations, quantities, integers, COSPAR IDs. They work on plain,
 * NFKC-folded text (the node walking lives in flatten.c) and read their
 * words from data/vocab.tsv (months, zones, units, qualifiers).
 *
 * All of them share one small lexer: numbers (with thousands groups and
 * decimals), ASCII words, single CJK characters (so that 173天3时15分 and
 * 北京时间 both tokenize without a dictionary) and punctuation, each with
 * its parenthesis depth so that "(9:32 am EDT)" cannot shadow the value. */
#include "values.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Lexer.                                                               */

typedef enum { TK_NUM, TK_WORD, TK_CJK, TK_PUNCT } tk_type;

typedef struct tk {
  tk_type type;
  const char *s;
  size_t n;
  double num; /* TK_NUM */
  int digits; /* TK_NUM: digits before the point, 0 when grouped */
  bool frac;  /* TK_NUM: has a fraction */
  int depth;  /* parenthesis depth */
} tk;

#define MAX_TOKENS 256

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Non-ASCII characters that act as punctuation between values. */
static bool is_wide_punct(int32_t cp) {
  switch (cp) {
  case 0x3001:
  case 0x3002:
  case 0x2013:
  case 0x2014:
  case 0x2212:
  case 0x00B7:
  case 0x2248:
  case 0x300C:
  case 0x300D:
  case 0x201C:
  case 0x201D:
  case 0x2018:
  case 0x2019: return true;
  default: return false;
  }
}

static size_t lex_number(const char *s, size_t n, size_t i, tk *t) {
  size_t start = i, first_group = 0;
  while (i < n && is_digit(s[i])) i++;
  first_group = i - start;
  bool grouped = false;
  /* 1,980 and 118,000,000: ',' then exactly three digits */
  while (first_group <= 3 && i + 3 < n && s[i] == ',' && is_digit(s[i + 1]) && is_digit(s[i + 2]) &&
         is_digit(s[i + 3]) && (i + 4 >= n || !is_digit(s[i + 4])))
    i += 4, grouped = true;
  bool frac = false;
  if (i + 1 < n && s[i] == '.' && is_digit(s[i + 1])) {
    frac = true;
    i++;
    while (i < n && is_digit(s[i])) i++;
  }
  char buf[64];
  size_t o = 0;
  for (size_t k = start; k < i && o + 1 < sizeof buf; k++)
    if (s[k] != ',') buf[o++] = s[k];
  buf[o] = '\0';
  t->type = TK_NUM;
  t->s = s + start, t->n = i - start;
  t->num = strtod(buf, NULL);
  t->digits = grouped ? 0 : (int)first_group;
  t->frac = frac;
  return i;
}

static size_t lex(const char *s, size_t n, tk *out, size_t max) {
  size_t nt = 0;
  int depth = 0;
  for (size_t i = 0; i < n && nt < max;) {
    unsigned char c = (unsigned char)s[i];
    tk *t = &out[nt];
    *t = (tk){0};
    t->depth = depth;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      i++;
      continue;
    }
    if (is_digit((char)c)) {
      i = lex_number(s, n, i, t);
    } else if (is_alpha((char)c)) {
      size_t st = i;
      while (i < n && is_alpha(s[i])) i++;
      t->type = TK_WORD, t->s = s + st, t->n = i - st;
    } else if (c < 0x80) {
      t->type = TK_PUNCT, t->s = s + i, t->n = 1;
      i++;
      if (c == '(' || c == '[') depth++;
      if ((c == ')' || c == ']') && depth > 0) t->depth = --depth;
    } else {
      size_t l;
      int32_t cp = wn_utf8_decode(s + i, n - i, &l);
      if (cp == 0x00A0 || cp == 0x3000 || cp == 0x2009 || cp == 0x202F) {
        i += l;
        continue;
      }
      t->type = is_wide_punct(cp) ? TK_PUNCT : TK_CJK;
      t->s = s + i, t->n = l;
      i += l;
    }
    nt++;
  }
  return nt;
}

static bool tk_is(const tk *t, const char *w) {
  size_t l = strlen(w);
  if (t->n != l) return false;
  for (size_t i = 0; i < l; i++) {
    char c = t->s[i];
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    if (c != w[i]) return false;
  }
  return true;
}

static bool tk_punct(const tk *t, char c) {
  return t->type == TK_PUNCT && t->n == 1 && t->s[0] == c;
}

/* Longest vocabulary key of table starting at token i: ASCII words joined
 * by one space (up to 3), CJK characters joined directly (up to 6).
 * Returns the tokens consumed (0: none) and the row. */
static size_t match_vocab(const char *table, const tk *t, size_t i, size_t nt,
                          const wn_vocab_row **row) {
  char buf[96];
  size_t len = 0, best = 0, words = 0;
  *row = NULL;
  for (size_t k = i; k < nt && k < i + 6; k++) {
    const tk *x = &t[k];
    if (x->type == TK_NUM || x->depth != t[i].depth) break;
    if (x->type == TK_PUNCT && !(x->n == 1 && (x->s[0] == '~' || x->s[0] == '.'))) break;
    bool word = x->type == TK_WORD;
    if (word && ++words > 3) break;
    if (k > i && word && t[k - 1].type == TK_WORD && len + 1 < sizeof buf) buf[len++] = ' ';
    if (k > i && (word != (t[k - 1].type == TK_WORD)) && x->type != TK_PUNCT) break;
    if (len + x->n >= sizeof buf) break;
    memcpy(buf + len, x->s, x->n);
    len += x->n;
    const wn_vocab_row *r = wn_vocab(table, buf, len);
    if (r) *row = r, best = k - i + 1;
  }
  return best;
}

static bool row_is(const wn_vocab_row *r, int col, const char *v) {
  return r && r->col[col] && r->len[col] == strlen(v) && memcmp(r->col[col], v, r->len[col]) == 0;
}

static long row_long(const wn_vocab_row *r, int col) {
  char buf[32];
  size_t l = r->len[col] < sizeof buf - 1 ? r->len[col] : sizeof buf - 1;
  memcpy(buf, r->col[col], l);
  buf[l] = '\0';
  return strtol(buf, NULL, 10);
}

static double row_double(const wn_vocab_row *r, int col) {
  char buf[32];
  size_t l = r->len[col] < sizeof buf - 1 ? r->len[col] : sizeof buf - 1;
  memcpy(buf, r->col[col], l);
  buf[l] = '\0';
  return strtod(buf, NULL);
}

/* Qualifier kind seen anywhere in the text ("planned", "approx", "bound"). */
static bool has_qualifier(const tk *t, size_t nt, const char *kind, bool top_only) {
  for (size_t i = 0; i < nt; i++) {
    if (top_only && t[i].depth) continue;
    const wn_vocab_row *r;
    if (match_vocab("qualifier", t, i, nt, &r) && row_is(r, 0, kind)) return true;
  }
  return false;
}

/* ------------------------------------------------------------------ */
/* Times as epoch seconds, through the one calendar of value.h.         */

int64_t wn_time_epoch(const wn_time *t) {
  return wn_days_from_civil(t->year, t->month ? t->month : 1, t->day ? t->day : 1) * 86400 +
         t->hour * 3600 + t->minute * 60 + t->second;
}

void wn_time_format(const wn_time *t, char *buf) {
  snprintf(buf, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", t->year, t->month ? t->month : 1,
           t->day ? t->day : 1, t->hour, t->minute, t->second);
}

/* ------------------------------------------------------------------ */
/* Timestamps.                                                          */

static bool tk_cjk(const tk *t, const char *a, const char *b) {
  return t->type == TK_CJK && ((t->n == strlen(a) && !memcmp(t->s, a, t->n)) ||
                               (b && t->n == strlen(b) && !memcmp(t->s, b, t->n)));
}

static bool is_int(const tk *t, int min_digits, int max_digits) {
  return t->type == TK_NUM && !t->frac && t->digits >= min_digits && t->digits <= max_digits;
}

static int month_of(const tk *t, size_t i, size_t nt, size_t *used) {
  const wn_vocab_row *r;
  if (t[i].type != TK_WORD) return 0;
  size_t k = match_vocab("month", t, i, nt, &r);
  if (!k) return 0;
  *used = k;
  if (i + k < nt && tk_punct(&t[i + k], '.')) (*used)++; /* "Oct." */
  return (int)row_long(r, 0);
}

/* One date at token i; returns tokens used or 0. */
static size_t parse_date(const tk *t, size_t i, size_t nt, wn_time *d) {
  size_t u = 0;
  int m;
  /* ISO 2016-10-19 or 2016-10 */
  if (is_int(&t[i], 4, 4) && i + 2 < nt && tk_punct(&t[i + 1], '-') && is_int(&t[i + 2], 1, 2)) {
    d->year = (int)t[i].num, d->month = (int)t[i + 2].num, d->precision = WN_PREC_MONTH;
    if (i + 4 < nt && tk_punct(&t[i + 3], '-') && is_int(&t[i + 4], 1, 2)) {
      d->day = (int)t[i + 4].num, d->precision = WN_PREC_DAY;
      return 5;
    }
    return 3;
  }
  /* 2016年10月19日 */
  if (is_int(&t[i], 3, 4) && i + 1 < nt && tk_cjk(&t[i + 1], "年", NULL)) {
    d->year = (int)t[i].num, d->precision = WN_PREC_YEAR;
    if (i + 3 < nt && is_int(&t[i + 2], 1, 2) && tk_cjk(&t[i + 3], "月", NULL)) {
      d->month = (int)t[i + 2].num, d->precision = WN_PREC_MONTH;
      if (i + 5 < nt && is_int(&t[i + 4], 1, 2) && tk_cjk(&t[i + 5], "日", "号")) {
        d->day = (int)t[i + 4].num, d->precision = WN_PREC_DAY;
        return 6;
      }
      return 4;
    }
    return 2;
  }
  /* 19 October 2016 */
  if (is_int(&t[i], 1, 2) && i + 1 < nt && (m = month_of(t, i + 1, nt, &u))) {
    size_t j = i + 1 + u;
    if (j < nt && tk_punct(&t[j], ',')) j++;
    if (j < nt && is_int(&t[j], 4, 4)) {
      d->year = (int)t[j].num, d->month = m, d->day = (int)t[i].num, d->precision = WN_PREC_DAY;
      return j + 1 - i;
    }
  }
  /* October 19, 2016 and October 2016 */
  if ((m = month_of(t, i, nt, &u))) {
    size_t j = i + u;
    if (j < nt && is_int(&t[j], 1, 2)) {
      size_t k = j + 1;
      if (k < nt && tk_punct(&t[k], ',')) k++;
      if (k < nt && is_int(&t[k], 4, 4)) {
        d->year = (int)t[k].num, d->month = m, d->day = (int)t[j].num, d->precision = WN_PREC_DAY;
        return k + 1 - i;
      }
    }
    if (j < nt && is_int(&t[j], 4, 4)) {
      d->year = (int)t[j].num, d->month = m, d->precision = WN_PREC_MONTH;
      return j + 1 - i;
    }
  }
  /* a bare year */
  if (is_int(&t[i], 4, 4) && t[i].num >= 1000 && t[i].num < 3000 &&
      !(i + 1 < nt && (tk_punct(&t[i + 1], ':') || tk_punct(&t[i + 1], '/')))) {
    d->year = (int)t[i].num, d->precision = WN_PREC_YEAR;
    return 1;
  }
  return 0;
}

/* A time of day at token i: 08:05[:00] [am|pm] or 8时5分[0秒]. */
static size_t parse_clock(const tk *t, size_t i, size_t nt, wn_time *d) {
  size_t j = i;
  if (!is_int(&t[j], 1, 2)) return 0;
  int h = (int)t[j].num, mi = 0, s = 0;
  wn_precision p = WN_PREC_HOUR;
  if (j + 2 < nt && tk_punct(&t[j + 1], ':') && is_int(&t[j + 2], 2, 2)) {
    mi = (int)t[j + 2].num, p = WN_PREC_MINUTE, j += 3;
    if (j + 1 < nt && tk_punct(&t[j], ':') && t[j + 1].type == TK_NUM && t[j + 1].digits == 2)
      s = (int)t[j + 1].num, p = WN_PREC_SECOND, j += 2;
  } else if (j + 1 < nt && (tk_cjk(&t[j + 1], "时", "時") || tk_cjk(&t[j + 1], "点", "點"))) {
    j += 2;
    if (j + 1 < nt && is_int(&t[j], 1, 2) && tk_cjk(&t[j + 1], "分", NULL)) {
      mi = (int)t[j].num, p = WN_PREC_MINUTE, j += 2;
      if (j + 1 < nt && t[j].type == TK_NUM && tk_cjk(&t[j + 1], "秒", NULL))
        s = (int)t[j].num, p = WN_PREC_SECOND, j += 2;
    }
  } else {
    return 0;
  }
  /* am / pm / a.m. / p.m. */
  if (j < nt && t[j].type == TK_WORD) {
    bool am = tk_is(&t[j], "am") || tk_is(&t[j], "a"), pm = tk_is(&t[j], "pm") || tk_is(&t[j], "p");
    if (am || pm) {
      if (h == 12) h = 0;
      if (pm) h += 12;
      j++;
      while (j < nt && (tk_punct(&t[j], '.') || tk_is(&t[j], "m"))) j++;
    }
  }
  if (h > 23 || mi > 59 || s > 59) return 0;
  d->hour = h, d->minute = mi, d->second = s, d->precision = p;
  return j - i;
}

/* Offset of a zone at token i in minutes; tokens used or 0. Knows the
 * vocabulary zones and "UTC+3", "UTC+03:00", "+03:00". */
static size_t parse_zone(const tk *t, size_t i, size_t nt, int *offset) {
  if (i >= nt) return 0; /* a time at the very end: no zone after it */
  const wn_vocab_row *r;
  size_t k = match_vocab("zone", t, i, nt, &r);
  size_t j = i + k;
  int base = k ? (int)row_long(r, 0) : 0;
  if (!k && !(tk_punct(&t[i], '+') || tk_punct(&t[i], '-'))) return 0;
  if (j + 1 < nt &&
      (tk_punct(&t[j], '+') || tk_punct(&t[j], '-') ||
       (t[j].type == TK_PUNCT && t[j].n == 3 && !memcmp(t[j].s, "\xE2\x88\x92", 3))) &&
      is_int(&t[j + 1], 1, 4) && t[j].depth == t[i].depth) {
    int sign = t[j].s[0] == '+' ? 1 : -1;
    int v = (int)t[j + 1].num, mins;
    if (t[j + 1].digits > 2)
      mins = (v / 100) * 60 + v % 100; /* +0300 */
    else
      mins = v * 60;
    j += 2;
    if (j + 1 < nt && tk_punct(&t[j], ':') && is_int(&t[j + 1], 2, 2))
      mins += (int)t[j + 1].num, j += 2;
    *offset = sign * mins;
    return j - i;
  }
  if (!k) return 0;
  *offset = base;
  return k;
}

bool wn_parse_time(const char *s, size_t n, wn_time *out) {
  tk t[MAX_TOKENS];
  size_t nt = lex(s, n, t, MAX_TOKENS);
  wn_time d = {0};
  size_t i = 0, used = 0;
  int offset = 0;
  bool zone = false;
  /* The date: the first one at depth 0, after zone or qualifier words. */
  for (; i < nt; i++) {
    if (t[i].depth) continue;
    if ((used = parse_date(t, i, nt, &d))) break;
    int off;
    const wn_vocab_row *r;
    size_t k = parse_zone(t, i, nt, &off);
    if (k) {
      zone = true, offset = off, i += k - 1;
      continue;
    }
    if ((k = match_vocab("qualifier", t, i, nt, &r))) {
      i += k - 1;
      continue;
    }
    if (t[i].type == TK_PUNCT) continue;
    return false; /* some other word before the date */
  }
  if (!used) return false;
  size_t j = i + used;
  /* The time, after ",", "at", "T", "-". */
  for (;;) { /* separators and a zone between date and time (…日 北京时间16:05) */
    int off;
    size_t z;
    if (j < nt &&
        (tk_punct(&t[j], ',') || tk_is(&t[j], "at") || tk_is(&t[j], "t") || tk_punct(&t[j], '-')))
      j++;
    else if (j < nt && !t[j].depth && t[j].type == TK_CJK && (z = parse_zone(t, j, nt, &off)))
      zone = true, offset = off, j += z;
    else
      break;
  }
  if (j < nt && !t[j].depth && d.precision == WN_PREC_DAY) {
    wn_time c = d;
    size_t k = parse_clock(t, j, nt, &c);
    if (k) d = c, j += k;
  }
  /* The zone: after the time at depth 0, else a parenthetical of a zone only. */
  for (size_t k = j; !zone && k < nt; k++) {
    int off;
    size_t z = t[k].depth ? 0 : parse_zone(t, k, nt, &off);
    if (z) zone = true, offset = off;
  }
  for (size_t k = j; !zone && k < nt; k++) {
    if (!tk_punct(&t[k], '(')) continue;
    int off;
    size_t z = parse_zone(t, k + 1, nt, &off);
    if (z && k + 1 + z < nt && tk_punct(&t[k + 1 + z], ')')) zone = true, offset = off;
  }
  if (d.month && (d.month < 1 || d.month > 12)) return false;
  /* A day with no month is no date (and would index the month table at -1). */
  if (d.day && (!d.month || d.day < 1 || d.day > wn_days_in_month(d.year, d.month))) return false;
  if (zone && offset && d.precision >= WN_PREC_HOUR) {
    int64_t e = wn_time_epoch(&d) - (int64_t)offset * 60;
    int64_t days = e >= 0 ? e / 86400 : -((-e + 86399) / 86400);
    int64_t rem = e - days * 86400;
    int64_t y;
    wn_civil_from_days(days, &y, &d.month, &d.day);
    d.year = (int)y;
    d.hour = (int)(rem / 3600), d.minute = (int)(rem % 3600 / 60), d.second = (int)(rem % 60);
  }
  d.planned = has_qualifier(t, nt, "planned", false);
  *out = d;
  return true;
}

/* ------------------------------------------------------------------ */
/* Durations.                                                           */

static wn_precision precision_from(const wn_vocab_row *r) {
  if (row_is(r, 1, "day")) return WN_PREC_DAY;
  if (row_is(r, 1, "hour")) return WN_PREC_HOUR;
  if (row_is(r, 1, "minute")) return WN_PREC_MINUTE;
  return WN_PREC_SECOND;
}

/* P173DT3H15M, PT2H, P1W. */
static bool parse_iso_duration(const char *s, size_t n, wn_duration *out) {
  while (n && (*s == ' ')) s++, n--;
  while (n && s[n - 1] == ' ') n--;
  if (n < 3 || (s[0] != 'P' && s[0] != 'p')) return false;
  int64_t total = 0;
  wn_precision p = WN_PREC_NONE;
  bool time = false, any = false;
  for (size_t i = 1; i < n;) {
    if (s[i] == 'T' || s[i] == 't') {
      time = true, i++;
      continue;
    }
    if (!is_digit(s[i])) return false;
    int64_t v = 0;
    while (i < n && is_digit(s[i])) v = v * 10 + (s[i++] - '0');
    if (i >= n) return false;
    char u = (char)(s[i++] | 0x20);
    if (!time && u == 'w')
      total += v * 604800, p = WN_PREC_DAY;
    else if (!time && u == 'd')
      total += v * 86400, p = WN_PREC_DAY;
    else if (time && u == 'h')
      total += v * 3600, p = WN_PREC_HOUR;
    else if (time && u == 'm')
      total += v * 60, p = WN_PREC_MINUTE;
    else if (time && u == 's')
      total += v, p = WN_PREC_SECOND;
    else
      return false;
    any = true;
  }
  if (!any) return false;
  *out = (wn_duration){total, p, false};
  return true;
}

bool wn_parse_duration(const char *s, size_t n, wn_duration *out) {
  if (parse_iso_duration(s, n, out)) return true;
  tk t[MAX_TOKENS];
  size_t nt = lex(s, n, t, MAX_TOKENS);
  if (has_qualifier(t, nt, "bound", true)) return false;
  double total = 0;
  wn_precision p = WN_PREC_NONE;
  bool any = false;
  for (size_t i = 0; i < nt; i++) {
    const wn_vocab_row *r;
    size_t k;
    if (t[i].depth) continue;
    if (t[i].type == TK_NUM) {
      /* 3:18:35 after the days */
      if (i + 2 < nt && tk_punct(&t[i + 1], ':') && is_int(&t[i + 2], 2, 2)) {
        total += t[i].num * 3600 + t[i + 2].num * 60, p = WN_PREC_MINUTE, i += 2;
        if (i + 2 < nt && tk_punct(&t[i + 1], ':') && is_int(&t[i + 2], 2, 2))
          total += t[i + 2].num, p = WN_PREC_SECOND, i += 2;
        any = true;
        continue;
      }
      if (i + 1 >= nt || !(k = match_vocab("time_unit", t, i + 1, nt, &r))) {
        if (any) break;
        return false;
      }
      total += t[i].num * (double)row_long(r, 0);
      wn_precision q = precision_from(r);
      if (q > p) p = q;
      any = true;
      i += k;
      continue;
    }
    if (tk_punct(&t[i], ',') || tk_punct(&t[i], ';') || tk_is(&t[i], "and") ||
        tk_cjk(&t[i], "又", "零") || (t[i].type == TK_PUNCT && t[i].n == 3))
      continue;
    if ((k = match_vocab("qualifier", t, i, nt, &r))) {
      i += k - 1;
      continue;
    }
    if (t[i].type == TK_PUNCT) continue;
    if (any) break; /* trailing words */
    return false;
  }
  if (!any) return false;
  /* Beyond int64 seconds (or NaN) llround is undefined: not a duration. */
  if (!(fabs(total) < 9.2e18)) return false;
  *out = (wn_duration){(int64_t)llround(total), p, has_qualifier(t, nt, "planned", false)};
  return true;
}

void wn_duration_iso(const wn_duration *d, char *buf) {
  wn_duration_iso8601(d->seconds, d->precision, buf);
}

bool wn_time_interval(const wn_time *a, const wn_time *b, wn_duration *out) {
  int64_t ea = wn_time_epoch(a), eb = wn_time_epoch(b);
  if (eb < ea) return false;
  wn_precision p = a->precision < b->precision ? a->precision : b->precision;
  if (p < WN_PREC_DAY) return false;
  *out = (wn_duration){eb - ea, p, a->planned || b->planned};
  return true;
}

/* ------------------------------------------------------------------ */
/* Quantities, integers, COSPAR IDs.                                    */

const char *wn_dimension_unit(wn_dimension dim) {
  switch (dim) {
  case WN_DIM_MASS: return "kg";
  case WN_DIM_LENGTH: return "m";
  case WN_DIM_ANGLE: return "deg";
  case WN_DIM_TIME: return "s";
  }
  return "";
}

static const char *dimension_word(wn_dimension dim) {
  switch (dim) {
  case WN_DIM_MASS: return "mass";
  case WN_DIM_LENGTH: return "length";
  case WN_DIM_ANGLE: return "angle";
  case WN_DIM_TIME: return "time";
  }
  return "";
}

/* Rounds away the binary noise of unit factors (89.7 * 60). */
static double round_sig(double v, int digits) {
  if (v == 0 || !isfinite(v)) return v;
  double mag = pow(10, digits - (int)ceil(log10(fabs(v))));
  return round(v * mag) / mag;
}

/* Unit factor of the unit at token i for dim; tokens used or 0. */
static size_t unit_at(const tk *t, size_t i, size_t nt, wn_dimension dim, double *factor) {
  const wn_vocab_row *r;
  size_t k;
  if (dim == WN_DIM_TIME) {
    if (!(k = match_vocab("time_unit", t, i, nt, &r))) return 0;
    *factor = (double)row_long(r, 0);
    return k;
  }
  if (!(k = match_vocab("unit", t, i, nt, &r)) || !row_is(r, 0, dimension_word(dim))) return 0;
  *factor = row_double(r, 1);
  if (i + k < nt && tk_punct(&t[i + k], '.')) k++; /* "lb." */
  return k;
}

bool wn_parse_quantity(const char *s, size_t n, wn_dimension dim, wn_quantity *out) {
  tk t[MAX_TOKENS];
  size_t nt = lex(s, n, t, MAX_TOKENS);
  if (has_qualifier(t, nt, "bound", true)) return false;
  for (int pass = 0; pass < 2; pass++) {
    for (size_t i = 0; i < nt; i++) {
      if (t[i].type != TK_NUM || (pass == 0 && t[i].depth)) continue;
      double v = t[i].num, f = 1;
      size_t j = i + 1;
      const wn_vocab_row *r;
      size_t k = j < nt ? match_vocab("scale", t, j, nt, &r) : 0;
      if (k) v *= row_double(r, 0), j += k;
      if (j < nt && unit_at(t, j, nt, dim, &f)) {
        bool neg = i > 0 &&
                   (tk_punct(&t[i - 1], '-') || (t[i - 1].type == TK_PUNCT && t[i - 1].n == 3 &&
                                                 !memcmp(t[i - 1].s, "\xE2\x88\x92", 3))) &&
                   (i < 2 || t[i - 2].type != TK_NUM);
        out->value = round_sig((neg ? -v : v) * f, 12);
        out->planned = has_qualifier(t, nt, "planned", false);
        return true;
      }
    }
  }
  return false;
}

bool wn_parse_integer(const char *s, size_t n, int64_t *out) {
  tk t[MAX_TOKENS];
  size_t nt = lex(s, n, t, MAX_TOKENS);
  for (size_t i = 0; i < nt; i++) {
    const wn_vocab_row *r;
    size_t k;
    if (t[i].type == TK_NUM) {
      if (t[i].frac) return false;
      if (!(fabs(t[i].num) < 9.2e18)) return false; /* beyond int64: the cast is undefined */
      *out = (int64_t)t[i].num;
      return true;
    }
    if ((k = match_vocab("qualifier", t, i, nt, &r)) && !row_is(r, 0, "bound")) {
      i += k - 1;
      continue;
    }
    if (t[i].type == TK_PUNCT && (t[i].s[0] == '~' || t[i].s[0] == '(')) continue;
    /* "CSM: 3941": a short label and a colon */
    if (t[i].type == TK_WORD && i + 1 < nt && tk_punct(&t[i + 1], ':')) {
      i++;
      continue;
    }
    return false;
  }
  return false;
}

bool wn_parse_cospar(const char *s, size_t n, char *out) {
  tk t[MAX_TOKENS];
  size_t nt = lex(s, n, t, MAX_TOKENS);
  for (size_t i = 0; i + 3 < nt; i++) {
    if (!is_int(&t[i], 4, 4) || !tk_punct(&t[i + 1], '-') || !is_int(&t[i + 2], 3, 3)) continue;
    if (t[i + 3].type != TK_WORD || t[i + 3].n > 3 || t[i + 3].s != t[i + 2].s + 3) continue;
    int o = snprintf(out, 16, "%.4s-%.3s", t[i].s, t[i + 2].s);
    for (size_t k = 0; k < t[i + 3].n; k++) {
      char c = t[i + 3].s[k];
      out[o++] = (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
    }
    out[o] = '\0';
    return true;
  }
  return false;
}

/* The one calendar: proleptic Gregorian dates as days since 1970-01-01
 * (H. Hinnant's algorithms), and the intervals typed times stand for. */
#include "value.h"

#include <stdio.h>

int64_t wn_days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void wn_civil_from_days(int64_t z, int64_t *y, int *m, int *d) {
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

int wn_days_in_month(int64_t y, int m) {
  static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m < 1 || m > 12 ? 0 : m == 2 && leap ? 29 : dm[m - 1];
}

/* Seconds in one unit of a precision; months and years have no fixed
 * length (0). An unknown precision reads as exact. */
static int64_t unit_seconds(int p) {
  switch (p) {
  case WN_PREC_MINUTE: return 60;
  case WN_PREC_HOUR: return 3600;
  case WN_PREC_DAY: return 86400;
  case WN_PREC_MONTH:
  case WN_PREC_YEAR: return 0;
  default: return 1;
  }
}

void wn_timestamp_interval(const wn_value *ts, int64_t *lo, int64_t *hi) {
  *lo = ts->u.ts.epoch;
  int p = ts->u.ts.precision;
  if (p != WN_PREC_MONTH && p != WN_PREC_YEAR) {
    *hi = *lo + unit_seconds(p);
    return;
  }
  int64_t y;
  int m, d;
  wn_civil_from_days(*lo >= 0 ? *lo / 86400 : -((-*lo + 86399) / 86400), &y, &m, &d);
  if (p == WN_PREC_YEAR)
    y++;
  else if (++m > 12)
    m = 1, y++;
  *hi = wn_days_from_civil(y, m, d) * 86400;
}

void wn_duration_interval(const wn_value *dv, int64_t *lo, int64_t *hi) {
  *lo = dv->u.dur.seconds;
  int64_t u = unit_seconds(dv->u.dur.precision);
  *hi = *lo + (u ? u : 86400);
}

void wn_timestamp_utc(const wn_value *ts, char *buf) {
  int64_t e = ts->u.ts.epoch, days = e >= 0 ? e / 86400 : -((-e + 86399) / 86400);
  int64_t secs = e - days * 86400, y;
  int m, d;
  wn_civil_from_days(days, &y, &m, &d);
  int o = snprintf(buf, 48, "%04lld-%02d-%02dT%02d:%02d:%02d", (long long)y, m, d,
                   (int)(secs / 3600), (int)(secs % 3600 / 60), (int)(secs % 60));
  unsigned digits = ts->u.ts.frac_digits > 9 ? 9 : ts->u.ts.frac_digits;
  if (digits) {
    uint32_t f = ts->u.ts.nanos;
    for (unsigned k = digits; k < 9; k++) f /= 10;
    o += snprintf(buf + o, (size_t)(48 - o), ".%0*u", (int)digits, (unsigned)f);
  }
  snprintf(buf + o, (size_t)(48 - o), "Z");
}

void wn_duration_iso8601(int64_t seconds, wn_precision precision, char *buf) {
  uint64_t s = seconds < 0 ? 0 - (uint64_t)seconds : (uint64_t)seconds;
  uint64_t days = s / 86400, h = s % 86400 / 3600, m = s % 3600 / 60, sec = s % 60;
  int o = snprintf(buf, 48, "P");
  if (days) o += snprintf(buf + o, (size_t)(48 - o), "%lluD", (unsigned long long)days);
  if (h || m || sec) {
    o += snprintf(buf + o, (size_t)(48 - o), "T");
    if (h) o += snprintf(buf + o, (size_t)(48 - o), "%lluH", (unsigned long long)h);
    if (m) o += snprintf(buf + o, (size_t)(48 - o), "%lluM", (unsigned long long)m);
    if (sec) o += snprintf(buf + o, (size_t)(48 - o), "%lluS", (unsigned long long)sec);
  }
  if (o == 1) snprintf(buf, 48, precision == WN_PREC_DAY ? "P0D" : "PT0S");
}

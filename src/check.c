/* The internal checks of one record (compare.h) and `wikinorm check`
 * over a record list: failures to the sink at the offending value, a
 * table and a summary (or one JSON value) into the output. */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "compare.h"
#include "json_out.h"
#include "text_out.h"

const char *wn_check_status_name(wn_check_status s) {
  static const char *const names[] = {"consistent", "inconsistent", "not_applicable"};
  return names[s];
}

static wn_check_result not_applicable(void) {
  wn_check_result r = {WN_CHECK_NOT_APPLICABLE, "", ""};
  return r;
}

static bool is_kind(const wn_value *v, wn_vkind k) { return v && v->kind == k; }

static bool integer_of(const wn_value *v, int64_t *out) {
  if (is_kind(v, WN_V_INTEGER)) return *out = v->u.i, true;
  if (is_kind(v, WN_V_QUANTITY) && fabs(v->u.q.value) <= 1e15)
    return *out = (int64_t)llround(v->u.q.value), true;
  return false;
}

/* Durations beyond a few million years are nonsense; the bound keeps all
 * arithmetic on seconds far from overflow. */
#define MAX_SECONDS INT64_C(100000000000000)

static bool timestamp_of(const wn_value *v, int64_t *lo, int64_t *hi) {
  if (!is_kind(v, WN_V_TIMESTAMP) || v->u.ts.epoch > MAX_SECONDS || v->u.ts.epoch < -MAX_SECONDS)
    return false;
  wn_timestamp_interval(v, lo, hi);
  return true;
}

static bool duration_of(const wn_value *v, int64_t *lo, int64_t *hi) {
  if (!is_kind(v, WN_V_DURATION) || v->u.dur.seconds > MAX_SECONDS ||
      v->u.dur.seconds < -MAX_SECONDS)
    return false;
  wn_duration_interval(v, lo, hi);
  return true;
}

static wn_precision finest_known(int p) { return p == WN_PREC_NONE ? WN_PREC_SECOND : p; }

/* The precision to which landing − launch is known: the coarser of the
 * two timestamps, as a duration precision (at most a day). */
static wn_precision elapsed_precision(const wn_value *launch, const wn_value *landing) {
  wn_precision p = finest_known(launch->u.ts.precision), q = finest_known(landing->u.ts.precision);
  wn_precision m = p < q ? p : q;
  return m < WN_PREC_DAY ? WN_PREC_DAY : m;
}

/* The duration stands for [d0, d1); launch and landing for [l0, l1) and
 * [e0, e1), so the elapsed time lies in (e0 − l1, e1 − l0). They agree
 * when the two ranges meet. The delta is between the stated values:
 * 173 d 3 h 16 m 21 s against 11:20 − 08:05:00 = 173 d 3 h 15 m is 81 s. */
wn_check_result wn_check_duration(const wn_value *launch, const wn_value *landing,
                                  const wn_value *duration) {
  int64_t l0, l1, e0, e1, d0, d1;
  if (!timestamp_of(launch, &l0, &l1) || !timestamp_of(landing, &e0, &e1) ||
      !duration_of(duration, &d0, &d1))
    return not_applicable();
  wn_check_result r = not_applicable();
  int64_t stated = e0 - l0;
  bool meet = d0 < e1 - l0 && e0 - l1 < d1 && stated >= 0;
  r.status = meet ? WN_CHECK_CONSISTENT : WN_CHECK_INCONSISTENT;
  wn_format_delta_seconds(d0 - stated, r.delta, sizeof r.delta);
  char dur[64], elapsed[64], from[64], to[64];
  wn_format_duration(d0, (wn_precision)duration->u.dur.precision, dur, sizeof dur);
  wn_format_duration(stated, elapsed_precision(launch, landing), elapsed, sizeof elapsed);
  wn_format_timestamp(launch, from, sizeof from); /* no allocation: a check cannot fail */
  wn_format_timestamp(landing, to, sizeof to);
  if (stated < 0)
    wn_setf(r.detail, sizeof r.detail, "landing %s is before launch %s", to, from);
  else
    wn_setf(r.detail, sizeof r.detail, "duration %s %s landing - launch = %s (%s to %s)%s%s", dur,
            meet ? "matches" : "disagrees with", elapsed, from, to, meet ? "" : " by ",
            meet ? "" : r.delta);
  return r;
}

/* The people of a list field; -1 when it is not a list. */
static int64_t people(const wn_value *list) {
  return is_kind(list, WN_V_LIST) ? (int64_t)list->u.list.n : -1;
}

/* crew_size counts the launch crew: the members who flew both ways plus
 * those who only launched (crew_launching); an article may count the
 * landing crew instead (members plus crew_landing). Either agrees. */
wn_check_result wn_check_crew_size(const wn_value *size, const wn_value *members,
                                   const wn_value *launching, const wn_value *landing) {
  int64_t n, m = people(members);
  if (!integer_of(size, &n) || m < 0) return not_applicable();
  int64_t up = m + (people(launching) > 0 ? people(launching) : 0);
  int64_t down = m + (people(landing) > 0 ? people(landing) : 0);
  wn_check_result r = not_applicable();
  bool fits = n == up || n == down;
  int64_t listed = fits ? n : up;
  uint64_t d = n > listed ? (uint64_t)n - (uint64_t)listed : (uint64_t)listed - (uint64_t)n;
  r.status = fits ? WN_CHECK_CONSISTENT : WN_CHECK_INCONSISTENT;
  wn_setf(r.delta, sizeof r.delta, "%" PRIu64 " member%s", d, d == 1 ? "" : "s");
  char who[96];
  if (up > m)
    wn_setf(who, sizeof who, "%" PRId64 " + %" PRId64 " launching", m, up - m);
  else
    wn_setf(who, sizeof who, "%" PRId64, m);
  wn_setf(r.detail, sizeof r.detail, "crew size %" PRId64 " %s %s member%s listed", n,
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

static const char *text_of(const wn_value *v) {
  return v && (v->kind == WN_V_TEXT || v->kind == WN_V_ENUM || v->kind == WN_V_UNPARSED) ? v->u.s
                                                                                         : NULL;
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
static bool period_range(const wn_value *period, const wn_value *regime,
                         const wn_value *central_body, double *lo, double *hi) {
  if (is_kind(period, WN_V_QUANTITY) && period->u.q.value > 0 && period->u.q.unit == WN_UNIT_S) {
    double p = period->u.q.value;
    double tol = fmax(wn_last_digit_unit(p), STATED_PERIOD_TOLERANCE * p);
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
wn_check_result wn_check_orbits(const wn_value *orbits, const wn_value *duration,
                                const wn_value *period, const wn_value *regime,
                                const wn_value *central_body) {
  int64_t n, d0, d1;
  double plo, phi;
  if (!integer_of(orbits, &n) || n <= 0 || !duration_of(duration, &d0, &d1) ||
      !period_range(period, regime, central_body, &plo, &phi))
    return not_applicable();
  wn_check_result r = not_applicable();
  double implied = (double)d0 / (double)n / 60;
  bool fits = (double)n >= d0 / phi - 1 && (double)n <= d1 / plo + 1;
  r.status = fits ? WN_CHECK_CONSISTENT : WN_CHECK_INCONSISTENT;
  wn_setf(r.delta, sizeof r.delta, "%.1f min per orbit", implied);
  char dur[64];
  wn_format_duration(d0, (wn_precision)duration->u.dur.precision, dur, sizeof dur);
  wn_setf(r.detail, sizeof r.detail,
          "%" PRId64 " orbits in %s imply %.1f min per orbit, %s %.1f-%.1f min", n, dur, implied,
          fits ? "within" : "outside", plo / 60, phi / 60);
  return r;
}

static wn_check_result run_duration(const wn_record *r) {
  return wn_check_duration(wn_record_field(r, "launch.time"), wn_record_field(r, "landing.time"),
                           wn_record_field(r, "duration"));
}
static wn_check_result run_crew_size(const wn_record *r) {
  return wn_check_crew_size(wn_record_field(r, "crew.size"), wn_record_field(r, "crew.members"),
                            wn_record_field(r, "crew.launching"),
                            wn_record_field(r, "crew.landing"));
}
static wn_check_result run_orbits(const wn_record *r) {
  return wn_check_orbits(wn_record_field(r, "orbits_completed"), wn_record_field(r, "duration"),
                         wn_record_field(r, "orbit.period"), wn_record_field(r, "orbit.regime"),
                         wn_record_field(r, "orbit.central_body"));
}

const wn_check_def wn_check_defs[] = {
    {"duration_matches_launch_landing", "duration", run_duration},
    {"crew_size_matches_members", "crew.size", run_crew_size},
    {"orbits_match_duration", "orbits_completed", run_orbits},
};
const size_t wn_check_count = sizeof wn_check_defs / sizeof wn_check_defs[0];

/* ---- wikinorm check ---- */

/* Reports a failed check at the value it is about. */
static void report_failure(wn_diag_sink *sink, const wn_record *x, const wn_check_def *def,
                           const wn_check_result *res) {
  const wn_provenance *p = wn_record_provenance(x, def->at);
  wn_report(sink, wn_rec_file(x), p ? p->line : 0, p ? p->col : 0, WN_WARNING, "%s [%s]",
            res->detail, def->name);
}

/* {"check", "status", "delta"?, "detail"?}, on one line when it is short. */
static void check_json(wn_jw *w, const wn_check_def *def, const wn_check_result *res) {
  const char *status = wn_check_status_name(res->status);
  bool delta = res->status != WN_CHECK_NOT_APPLICABLE, detail = *res->detail;
  size_t n = 2 + delta + detail;
  size_t chars = 5 + strlen(def->name) + 6 + strlen(status) + (delta ? 5 + strlen(res->delta) : 0) +
                 (detail ? 6 + strlen(res->detail) : 0);
  if (w->style == WN_JSON_FLAT && wn_json_flat_fits(n, chars))
    wn_jw_object_begin_inline(w);
  else
    wn_jw_object_begin(w);
  wn_jw_key(w, "check"), wn_jw_string(w, def->name);
  wn_jw_key(w, "status"), wn_jw_string(w, status);
  if (delta) wn_jw_key(w, "delta"), wn_jw_string(w, res->delta);
  if (detail) wn_jw_key(w, "detail"), wn_jw_string(w, res->detail);
  wn_jw_object_end(w);
}

unsigned wn_check(const wn_context *ctx, const wn_record_list *l, bool json, wn_buf *out,
                  wn_diag_sink *sink) {
  (void)ctx;
  if (!l || !out) return 0;
  unsigned failures = 0, counts[3] = {0};
  wn_vec t = {0};
  wn_arena *a = wn_arena_new();
  bool ok = a != NULL;
  wn_jw w;
  wn_jw_init(&w, out, WN_JSON_FLAT);
  if (json) wn_jw_object_begin(&w), wn_jw_key(&w, "records"), wn_jw_array_begin(&w);
  size_t n = wn_record_list_count(l);
  for (size_t i = 0; i < n; i++) {
    const wn_record *x = wn_record_list_get(l, i);
    if (json) {
      wn_jw_object_begin(&w);
      wn_jw_key(&w, "key"), wn_jw_string(&w, x->key);
      wn_jw_key(&w, "file"), wn_jw_string(&w, wn_rec_file(x));
      wn_jw_key(&w, "lang"), wn_jw_string(&w, wn_rec_lang(x));
      wn_jw_key(&w, "checks"), wn_jw_array_begin(&w);
    }
    for (size_t k = 0; k < wn_check_count; k++) {
      const wn_check_def *def = &wn_check_defs[k];
      wn_check_result res = def->run(x);
      counts[res.status]++;
      if (res.status == WN_CHECK_INCONSISTENT) report_failure(sink, x, def, &res), failures++;
      if (json) check_json(&w, def, &res);
      if (ok && !json) {
        wn_row rw = {{wn_rec_file(x), x->key ? x->key : "-", wn_rec_lang(x), def->name,
                      wn_check_status_name(res.status),
                      wn_arena_strndup(a, res.delta, strlen(res.delta))}};
        ok = rw.cell[5] && wn_rows_add(&t, rw);
      }
    }
    if (json) wn_jw_array_end(&w), wn_jw_object_end(&w);
  }
  static const char *const names[] = {"consistent", "inconsistent", "not_applicable"};
  if (json) {
    wn_jw_array_end(&w);
    for (size_t s = 0; s < 3; s++) wn_jw_key(&w, names[s]), wn_jw_int(&w, counts[s]);
    wn_jw_object_end(&w);
    wn_buf_putc(out, '\n');
  } else if (ok) {
    wn_put_table(out, NULL, &t);
    wn_buf_printf(out, "%zu record%s checked: %u inconsistent, %u consistent, %u not applicable\n",
                  n, n == 1 ? "" : "s", counts[WN_CHECK_INCONSISTENT], counts[WN_CHECK_CONSISTENT],
                  counts[WN_CHECK_NOT_APPLICABLE]);
  }
  if (!ok) out->failed = true; /* an allocation failed: the output is incomplete */
  wn_vec_free(&t);
  wn_arena_free(a);
  return failures;
}

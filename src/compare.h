/*
 * Precision-aware comparison of typed record values (SCHEMA.md sections
 * 3 and 4) and the internal checks of one record. Internal to the
 * reconcile stage (compare.c, reconcile.c).
 *
 * A comparison is symmetric and works on the JSON of two values of the
 * same field. It dispatches on the value's shape (a Timestamp has "utc",
 * a Duration "seconds", …), so a record stage that nests or flattens
 * differently still compares.
 */
#ifndef WN_COMPARE_H
#define WN_COMPARE_H

#include <cJSON.h>

#include "wikinorm.h"

/* How two values agree, from best to worst (the worst of several is
 * their combination). */
typedef enum wn_agree {
  WN_EQUAL,      /* the same normalized value */
  WN_EQUIVALENT, /* the same identity, stated differently (names, order) */
  WN_COMPATIBLE, /* the same within the coarser precision, or a refinement */
  WN_CONFLICT    /* anything else; the delta says by how much */
} wn_agree;

const char *wn_agree_name(wn_agree a);

/* The canonical en name of a zh name or an en variant; NULL when unknown. */
typedef const char *(*wn_to_en_fn)(void *user, const char *name);

typedef struct wn_cmp {
  wn_arena *arena;   /* scratch for folded names; reset by the caller */
  wn_to_en_fn to_en; /* the lexicon; NULL when there is none */
  void *user;
  bool *out_of_memory; /* set when the arena failed (results unreliable); may be NULL */
} wn_cmp;

typedef struct wn_cmp_result {
  wn_agree status;
  char delta[160]; /* "81 s", "210 kg (2.9 %)", "role commander vs pilot"; "" when none */
} wn_cmp_result;

wn_cmp_result wn_compare(const wn_cmp *c, const cJSON *a, const cJSON *b);

/* Name identity: 0 different, 1 the same after folding case, accents,
 * punctuation and transliteration variants (Andrei/Andrey, Vasiliy/Vasili),
 * 2 the same surname with compatible given names (Robert S. Kimbrough /
 * Shane Kimbrough: the initial S. stands for Shane), 3 one is a single
 * word that ends the other (Kimbrough / Shane Kimbrough, Kazakhstan /
 * Steppes of the Kazakhstan): a refinement; -1 when the arena fails. */
int wn_names_match(wn_arena *a, const char *x, const char *y);

/* ---- time ---- */

/* The interval [lo, hi) in Unix seconds that a Timestamp stands for: 08:05
 * at minute precision is [08:05:00, 08:06:00). */
bool wn_timestamp_interval(const cJSON *ts, int64_t *lo, int64_t *hi);
/* The same for a Duration, in seconds. */
bool wn_duration_interval(const cJSON *d, int64_t *lo, int64_t *hi);
/* "81 s" below an hour, else "3 d 2 h 5 m 1 s" without zero units. */
void wn_format_delta_seconds(int64_t s, char *out, size_t n);
/* "173 d 3 h 15 m": down to the precision unit. */
void wn_format_duration(int64_t s, const char *precision, char *out, size_t n);

/* Appends a value in human form: "2016-10-19 08:05 UTC", "173 d 3 h 15 m",
 * "7080 kg", names by their en form; "—" for NULL. */
void wn_value_human(const cJSON *v, wn_buf *out);

/* ---- internal checks of one record ---- */

typedef enum wn_check_status {
  WN_CHECK_CONSISTENT,
  WN_CHECK_INCONSISTENT,
  WN_CHECK_NOT_APPLICABLE /* an input is missing or not typed */
} wn_check_status;

const char *wn_check_status_name(wn_check_status s);

typedef struct wn_check_result {
  wn_check_status status;
  char delta[96];   /* "81 s", "1 member", "92.6 min per orbit" */
  char detail[256]; /* a sentence for diagnostics */
} wn_check_result;

/* Looks a field path up in a record ("launch.time"); NULL when absent. */
typedef const cJSON *(*wn_field_fn)(const void *rec, const char *path);

typedef struct wn_check_def {
  const char *name; /* "duration_matches_launch_landing" */
  const char *at;   /* the field a failure is reported at */
  wn_check_result (*run)(wn_field_fn get, const void *rec);
} wn_check_def;

extern const wn_check_def wn_check_defs[];
extern const size_t wn_check_count;

/* The checks one by one, for unit tests. */
wn_check_result wn_check_duration(const cJSON *launch, const cJSON *landing, const cJSON *duration);
wn_check_result wn_check_crew_size(const cJSON *size, const cJSON *members, const cJSON *launching,
                                   const cJSON *landing);
wn_check_result wn_check_orbits(const cJSON *orbits, const cJSON *duration, const cJSON *period,
                                const cJSON *regime, const cJSON *central_body);

#endif

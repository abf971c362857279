/*
 * Precision-aware comparison of typed values (SCHEMA.md sections 3 and 4),
 * the internal checks of one record, and what merge.c, diff.c and check.c
 * share: the field paths of a set of records, source labels, grouping by
 * key. Internal to the reconcile stage.
 *
 * A comparison is symmetric and dispatches on the values' kinds
 * (value.h); intervals come from the calendar (wn_timestamp_interval,
 * wn_duration_interval). Nothing is parsed from strings.
 */
#ifndef WN_COMPARE_H
#define WN_COMPARE_H

#include "record.h"
#include "util/vec.h"
#include "value.h"
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

wn_cmp_result wn_compare(const wn_cmp *c, const wn_value *a, const wn_value *b);

/* The unit of the last significant digit of a stated number: 7080 → 10,
 * 51.66 → 0.01, 1.18e11 → 1e9 (trailing zeros of an integer are not
 * significant). The tolerance of quantity comparisons and stated periods. */
double wn_last_digit_unit(double v);

/* A comparison context over the lexicon of ctx (none when ctx is NULL),
 * its per-document layer in a. */
void wn_cmp_init(wn_cmp *c, const wn_context *ctx, wn_arena *a, bool *out_of_memory);

/* ---- internal checks of one record (check.c) ---- */

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

typedef struct wn_check_def {
  const char *name; /* "duration_matches_launch_landing" */
  const char *at;   /* the field a failure is reported at */
  wn_check_result (*run)(const wn_record *rec);
} wn_check_def;

extern const wn_check_def wn_check_defs[];
extern const size_t wn_check_count;

/* The checks one by one, for unit tests; NULL or mistyped inputs make a
 * check not applicable. */
wn_check_result wn_check_duration(const wn_value *launch, const wn_value *landing,
                                  const wn_value *duration);
wn_check_result wn_check_crew_size(const wn_value *size, const wn_value *members,
                                   const wn_value *launching, const wn_value *landing);
wn_check_result wn_check_orbits(const wn_value *orbits, const wn_value *duration,
                                const wn_value *period, const wn_value *regime,
                                const wn_value *central_body);

/* ---- shared by merge, diff and check (compare.c) ---- */

/* The file a record came from: source.file, else the input it was read
 * from; never NULL. */
const char *wn_rec_file(const wn_record *r);
/* Its language, "und" when unknown. */
const char *wn_rec_lang(const wn_record *r);

/* How a field agrees over the records that state it. */
typedef struct wn_field_result {
  size_t present, only; /* how many state it; which one when one does */
  wn_cmp_result cmp;    /* the worst pair */
} wn_field_result;

wn_field_result wn_compare_field(const wn_cmp *c, const wn_value *const *vals, size_t n);

/* The dotted paths to compare over records, into out (a vector of const
 * char * in arena a): the mapping's fields in schema order, then every
 * other leaf path of the records in order of first appearance. A leaf is
 * any field value that is not a nesting OBJECT. False on failure. */
bool wn_field_paths(wn_arena *a, const wn_context *ctx, const wn_record *const *recs, size_t n,
                    wn_vec *out);

/* Source labels: the language, "und" when unknown, "en#2" for a second
 * record of one language. NULL on failure. */
const char **wn_source_labels(wn_arena *a, const wn_record *const *recs, size_t n);

/* Records grouped by key in order of first appearance; a record without
 * a key is a group of its own. */
typedef struct wn_group {
  const wn_record **recs;
  size_t n;
  size_t taken; /* diff: records already paired */
} wn_group;

typedef struct wn_groups {
  wn_group *v;
  size_t n;
  wn_map by_key; /* key -> wn_group * */
} wn_groups;

/* Everything in arena a; false on failure. */
bool wn_group_records(wn_arena *a, const wn_record_list *l, wn_groups *out);
wn_group *wn_group_of(const wn_groups *g, const char *key);

/* ---- text tables (diff and check reports) ---- */

/* A row of a text table; NULL cells are columns the table has not. */
enum { WN_TABLE_COLUMNS = 6 };
typedef struct wn_row {
  const char *cell[WN_TABLE_COLUMNS];
} wn_row;

/* Appends a row to a heap vector of wn_row; false on failure. */
bool wn_rows_add(wn_vec *rows, wn_row r);
/* Terminal columns of UTF-8 text: East Asian wide characters take two,
 * combining marks none. */
size_t wn_display_width(const char *s);
/* Rows (head first, when not NULL) as aligned columns two spaces apart.
 * A column that is NULL in every row is left out; no row ends in blanks. */
void wn_put_table(wn_buf *b, const wn_row *head, const wn_vec *rows);

#endif

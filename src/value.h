/*
 * The one typed value of the library (DESIGN.md "One record in memory").
 *
 * Normalizers (values.c) return it, records (record.h) hold it, compare,
 * merge, diff and check read it, and json_out / text_out format it. A
 * value is never formatted to a string and parsed back inside the library.
 *
 * Ownership: a value and everything it points to (strings included) live
 * in one arena: the document's while a record is being built, the record
 * list's once a record is kept (wn_value_clone). Nothing is freed one by
 * one. Strings are NUL-terminated UTF-8; NULL means absent.
 */
#ifndef WN_VALUE_H
#define WN_VALUE_H

#include "wikinorm.h"

typedef enum wn_vkind {
  WN_V_TEXT,        /* u.s: "ISS crew transport"; also a COSPAR id "2017-081A" */
  WN_V_UNPARSED,    /* u.s: kept as text because it could not be parsed: {"text": …} */
  WN_V_LANGTEXT,    /* u.lt: {"zh": …, "en": …} (+ one other language, "ja": …) */
  WN_V_ENTITY,      /* u.ent: {"en", "zh", "label", "id"} */
  WN_V_MISSION,     /* u.mission: {"key", "designation"} */
  WN_V_TIMESTAMP,   /* u.ts */
  WN_V_DURATION,    /* u.dur */
  WN_V_QUANTITY,    /* u.q: {"value", "unit"} in SI */
  WN_V_INTEGER,     /* u.i: orbits, crew size, SATCAT */
  WN_V_ENUM,        /* u.s: a word of a closed set: "geocentric", "low_earth", "earth" */
  WN_V_PLACE,       /* u.place: {"facility": Entity, "pad", "country"} */
  WN_V_CREW_MEMBER, /* u.crew: {"name": LangText, "role", "nationality", "flight_number"} */
  WN_V_PHOTO,       /* u.photo: {"file", "caption", "order": [surname keys]} */
  WN_V_LIST,        /* u.list: [values] (EntityList, CrewMember[], Docking[]) */
  WN_V_OBJECT,      /* u.obj: named members in insertion order: a record's field tree,
                       one docking element */
  WN_V_CLAIMS,      /* u.claims: one leaf of a merged record */
  WN_V_KIND_COUNT
} wn_vkind;

/* What is known of a time or a duration, coarsest first. */
typedef enum wn_precision {
  WN_PREC_NONE = 0,
  WN_PREC_YEAR,
  WN_PREC_MONTH,
  WN_PREC_DAY,
  WN_PREC_HOUR,
  WN_PREC_MINUTE,
  WN_PREC_SECOND
} wn_precision;
const char *wn_precision_name(wn_precision p);      /* "year" … "second"; NULL for NONE */
wn_precision wn_precision_from_name(const char *s); /* WN_PREC_NONE when unknown */

/* Where the zone of a timestamp came from (SCHEMA.md section 3). UNSET
 * is not written out. */
typedef enum wn_zone_source {
  WN_ZONE_UNSET = 0,
  WN_ZONE_VALUE,      /* the value named it: "08:05 UTC", "北京时间" */
  WN_ZONE_PAGE,       /* a page-level marker: {{UTC+8}} */
  WN_ZONE_ASSUMED_UTC /* nothing said: taken as UTC */
} wn_zone_source;
const char *wn_zone_source_name(wn_zone_source z); /* "value", "page", "assumed_utc"; NULL */

typedef enum wn_unit { WN_UNIT_KG, WN_UNIT_M, WN_UNIT_DEG, WN_UNIT_S, WN_UNIT_COUNT } wn_unit;
const char *wn_unit_name(wn_unit u);  /* "kg", "m", "deg", "s" */
int wn_unit_from_name(const char *s); /* -1 when unknown */

typedef struct wn_value wn_value;

typedef struct wn_member {
  const char *name;
  wn_value *value;
} wn_member;

/* One language's claim of a merged leaf. */
typedef struct wn_claim {
  const char *lang; /* "zh", "en", or a source label when two share a language */
  wn_value *value;
} wn_claim;

struct wn_value {
  uint8_t kind; /* wn_vkind */
  bool planned; /* TIMESTAMP, DURATION, QUANTITY: "(planned)", "计划" */
  union {
    const char *s; /* TEXT, UNPARSED, ENUM */
    int64_t i;     /* INTEGER */
    struct {
      const char *zh, *en;
      const char *other_lang, *other; /* a third language, rarely: "ja" */
    } lt;
    struct {
      const char *en, *zh, *label, *id; /* id: an en link target kept whole when the
                                           display name dropped its disambiguator */
    } ent;
    struct {
      const char *key, *designation;
    } mission;
    struct {
      int64_t epoch;       /* seconds since 1970-01-01T00:00:00Z, at the start of
                              the precision's interval */
      uint32_t nanos;      /* fraction of a second, 0 … 999 999 999 */
      uint8_t frac_digits; /* how many fraction digits were written (0 … 9) */
      uint8_t precision;   /* wn_precision */
      uint8_t zone;        /* wn_zone_source */
    } ts;
    struct {
      int64_t seconds;
      uint8_t precision; /* the smallest unit written */
    } dur;
    struct {
      double value; /* in the unit */
      uint8_t unit; /* wn_unit */
    } q;
    struct {
      wn_value *facility; /* ENTITY or NULL */
      const char *pad, *country;
    } place;
    struct {
      wn_value *name; /* LANGTEXT */
      const char *role, *nationality;
      int32_t flight_number; /* 0: not stated */
    } crew;
    struct {
      const char *file, *caption;
      wn_value *order; /* LIST of TEXT (surname keys) or NULL */
    } photo;
    struct {
      wn_value **items;
      size_t n, cap;
    } list;
    struct {
      wn_member *members;
      size_t n, cap;
    } obj;
    struct {
      const char *status; /* "equal", "equivalent", "compatible", "conflict", "only_zh"… */
      const char *delta;  /* NULL when none */
      wn_value *value;    /* the agreed value (equal/equivalent/only_*); else NULL */
      wn_claim *claims;   /* per language when they do not agree; else NULL */
      size_t nclaims;
    } claims;
  } u;
};

/* ---- construction (all in the arena; NULL on allocation failure) ---- */

wn_value *wn_value_new(wn_arena *a, wn_vkind kind);
/* A TEXT, UNPARSED or ENUM value holding a copy of s[0..n). */
wn_value *wn_value_str(wn_arena *a, wn_vkind kind, const char *s, size_t n);
wn_value *wn_value_int(wn_arena *a, int64_t i);
/* Appends item to a LIST; false on allocation failure. */
bool wn_value_push(wn_arena *a, wn_value *list, wn_value *item);
/* Sets member name of an OBJECT (replacing an existing one); name is not
 * copied and must live as long as the arena. false on failure. */
bool wn_value_set(wn_arena *a, wn_value *obj, const char *name, wn_value *v);
/* Sets the member at a dotted path ("launch.time"), creating the OBJECTs
 * on the way (in insertion order). false on failure, or when a member on
 * the way is not an OBJECT. The path's segments are copied. */
bool wn_value_set_path(wn_arena *a, wn_value *obj, const char *path, wn_value *v);
/* Deep copy into another arena (strings included); NULL on failure. */
wn_value *wn_value_clone(wn_arena *a, const wn_value *v);

/* ---- reading ---- */

/* The member of an OBJECT, or NULL (also when obj is not an OBJECT). */
const wn_value *wn_value_get(const wn_value *obj, const char *name);
/* The value at a dotted path of nested OBJECTs, or NULL. */
const wn_value *wn_value_at(const wn_value *obj, const char *path);
/* True for an empty LIST / OBJECT or an empty string. */
bool wn_value_empty(const wn_value *v);

/* ---- timestamps ---- */

/* Civil calendar (proleptic Gregorian, UTC) of calendar.c. */
int64_t wn_days_from_civil(int64_t y, int m, int d);
void wn_civil_from_days(int64_t days, int64_t *y, int *m, int *d);
int wn_days_in_month(int64_t y, int m);

/* "2016-10-19T08:05:00Z" (zeros below the precision; fraction digits as
 * written: "2013-06-11T09:38:02.666Z"). buf holds at least 48 bytes. */
void wn_timestamp_utc(const wn_value *ts, char *buf);
/* ISO 8601 duration: "P173DT3H15M"; zero components left out; "P0D" (day
 * precision) or "PT0S" for zero. buf holds at least 48 bytes. */
void wn_duration_iso8601(int64_t seconds, wn_precision precision, char *buf);

/* The interval [lo, hi) in epoch seconds that a TIMESTAMP stands for:
 * 08:05 at minute precision is [08:05:00, 08:06:00). */
void wn_timestamp_interval(const wn_value *ts, int64_t *lo, int64_t *hi);
/* The same for a DURATION, in seconds. */
void wn_duration_interval(const wn_value *d, int64_t *lo, int64_t *hi);

#endif

/*
 * Typed value normalizers (SCHEMA.md section 3) and the lexicon.
 * Internal to the library. Contract between values.c/lexicon.c (the
 * normalizers) and infobox.c/mapping.c/record.c (their caller).
 *
 * A normalizer is a pure function of one value: the child nodes of a
 * PARAM node (or a table cell) of a tokenized document. It never drops
 * what it cannot parse: the value is kept as text and a warning is set.
 */
#ifndef WN_VALUES_H
#define WN_VALUES_H

#include <cJSON.h>

#include "wikinorm.h"

typedef enum wn_value_type {
  WN_VT_TEXT,         /* "ISS crew transport" */
  WN_VT_LANGTEXT,     /* {"zh": …, "en": …} */
  WN_VT_ENTITY,       /* {"en", "zh", "label"} */
  WN_VT_ENTITY_LIST,  /* [Entity, …] (operator, manufacturer, contractor) */
  WN_VT_MISSION,      /* {"key", "designation"} */
  WN_VT_TIMESTAMP,    /* {"utc", "precision"} */
  WN_VT_DURATION,     /* {"iso8601", "seconds", "precision"} */
  WN_VT_MASS,         /* Quantity kg */
  WN_VT_LENGTH,       /* Quantity m (distance, apsides) */
  WN_VT_ANGLE,        /* Quantity deg */
  WN_VT_PERIOD,       /* Quantity s */
  WN_VT_INTEGER,      /* orbits, crew size, SATCAT */
  WN_VT_COSPAR,       /* "YYYY-NNNA" */
  WN_VT_ENUM_ORBIT_REFERENCE, /* geocentric, selenocentric, heliocentric */
  WN_VT_ENUM_ORBIT_REGIME,    /* low_earth, … */
  WN_VT_ENUM_CENTRAL_BODY,    /* apsis gee -> earth */
  WN_VT_PLACE,        /* {"facility": Entity, "pad", "country"} */
  WN_VT_CREW_LIST,    /* [CrewMember…] from an infobox list (names only) */
  WN_VT_PHOTO,        /* {"file", "caption", "order"} */
  WN_VT_CAPTION,      /* the caption half of a Photo (merged by record.c) */
  WN_VT_TYPE_COUNT
} wn_value_type;

/* Name of a type as written in mapping files ("Timestamp", "Mass", …);
 * wn_value_type_from_name returns -1 for an unknown name. */
const char *wn_value_type_name(wn_value_type t);
int wn_value_type_from_name(const char *name, size_t len);

/* ---- lexicon (lexicon.c) ---- */

typedef struct wn_lexicon wn_lexicon;

/* The embedded lexicon (data/lexicon*.tsv) plus each TSV file (zh\ten
 * per line, '#' comments). Errors name file:line. */
wn_status wn_lexicon_new(const char *const *files, size_t count, wn_diag_sink *sink,
                         wn_lexicon **out);
void wn_lexicon_free(wn_lexicon *lex);

/* A per-document layer over a shared lexicon: {{le|zh|en}} pairs seen
 * in the document are learned here, in the document's arena. */
typedef struct wn_lexdoc wn_lexdoc;
wn_lexdoc *wn_lexdoc_new(wn_arena *a, const wn_lexicon *base);
void wn_lexdoc_learn(wn_lexdoc *ld, const char *zh, size_t zh_len, const char *en, size_t en_len);

/* The en name for a zh (or Traditional zh, or en variant) name; NULL when
 * unknown. Folds the middle-dot family, Traditional→Simplified, case. */
const char *wn_lex_to_en(const wn_lexdoc *ld, const char *name, size_t len);
/* The zh name for an en name; NULL when unknown. */
const char *wn_lex_to_zh(const wn_lexdoc *ld, const char *name, size_t len);
/* Simplified form of a zh string (OpenCC t2s), into the arena. Used for
 * keys too: 發射 matches 发射. */
char *wn_zh_simplify(wn_arena *a, const char *s, size_t len, size_t *out_len);

/* Canonical en designation of a mission name: "联盟MS-02" → "Soyuz MS-02",
 * "Soyuz MS-02" → itself; and its key "soyuz-ms-02". NULL when the name
 * is empty. */
const char *wn_mission_designation(wn_arena *a, const wn_lexdoc *ld, const char *name,
                                   size_t len);
const char *wn_mission_key(wn_arena *a, const char *designation);

/* ---- values (values.c) ---- */

typedef struct wn_value_in {
  const wn_tree *tree;
  uint32_t node;    /* PARAM or TABLE_CELL whose children are the value;
                       WN_NONE: the whole tree's top-level nodes */
  const char *lang; /* language of the document ("zh", "en") */
  wn_lexdoc *lex;
} wn_value_in;

typedef struct wn_value_out {
  cJSON *json;          /* the typed value, or {"text": …} when unparsed */
  const char *warning;  /* static message when kept as text; else NULL */
} wn_value_out;

/* Normalizes one value. An empty value (only spaces, comments, refs)
 * gives json == NULL and no warning: the field is absent. Returns
 * WN_ERR_NOMEM only on allocation failure. */
wn_status wn_value_parse(wn_arena *a, wn_value_type t, const wn_value_in *in, wn_value_out *out);

/* Plain text of a value: markup stripped, refs/comments/File links
 * removed, <br> and list templates as "\n"-separated items, entities
 * decoded, NFC, spaces collapsed. The building block of every type. */
char *wn_value_text(wn_arena *a, const wn_value_in *in, size_t *len);

/* Crew table helpers for infobox.c: role words ("指令长", "Commander",
 * "飞行工程师1") → schema role or NULL; "第2次"/"2nd"/"2" → 2 or 0;
 * flagicon codes ("RUS", "USA", "Russia") → ISO alpha-2 or NULL. */
const char *wn_crew_role(const char *s, size_t len);
int wn_flight_number(const char *s, size_t len);
const char *wn_country_alpha2(const char *code, size_t len);
/* One CrewMember object from cells: name cell (required), role and
 * flight-number text (may be NULL). */
cJSON *wn_crew_member(wn_arena *a, const wn_value_in *name_cell, const char *role,
                      int flight_number);
#endif

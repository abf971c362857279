/*
 * Typed value normalizers (SCHEMA.md section 3) and the lexicon.
 * Internal to the library. Contract between the normalizers and their
 * callers (normalize.c builds records; infobox.c, mapping.c).
 *
 * Who implements what:
 *   values.c       type names, wn_value_parse, places, orbit words
 *   flatten.c      the renderer (wikitext → text): wn_value_text,
 *                  wn_lexdoc_learn_tree (its internal header: flatten.h)
 *   crew.c         crew members, roles, flight numbers, flags, surname
 *                  keys, captions
 *   values_time.c  the string parsers: times, durations, quantities,
 *                  integers, COSPAR IDs
 *   lexicon.c      (and the files it is split into) the lexicon, mission
 *                  designations, vocabulary tables, middle-dot folding
 *
 * A normalizer is a pure function of one value: the child nodes of a
 * PARAM node (or a table cell) of a tokenized document. It never drops
 * what it cannot parse: the value is kept as text (WN_V_UNPARSED) and a
 * warning is set.
 *
 * Ownership of results: every wn_value and string returned lives in the
 * arena passed in (lexicon answers are copied there), except words of
 * the vocabulary tables (roles, country codes, orbit words), which are
 * static data of the program. wn_value_clone copies all of them. Nothing
 * is freed one by one.
 */
#ifndef WN_VALUES_H
#define WN_VALUES_H

#include "value.h"
#include "wikinorm.h"

typedef enum wn_value_type {
  WN_VT_TEXT,                 /* "ISS crew transport" */
  WN_VT_LANGTEXT,             /* {"zh": …, "en": …} */
  WN_VT_ENTITY,               /* {"en", "zh", "label"} */
  WN_VT_ENTITY_LIST,          /* [Entity, …] (operator, manufacturer, contractor) */
  WN_VT_MISSION,              /* {"key", "designation"} */
  WN_VT_TIMESTAMP,            /* {"utc", "precision"} */
  WN_VT_DURATION,             /* {"iso8601", "seconds", "precision"} */
  WN_VT_MASS,                 /* Quantity kg */
  WN_VT_LENGTH,               /* Quantity m (distance, apsides) */
  WN_VT_ANGLE,                /* Quantity deg */
  WN_VT_PERIOD,               /* Quantity s */
  WN_VT_INTEGER,              /* orbits, crew size, SATCAT */
  WN_VT_COSPAR,               /* "YYYY-NNNA" */
  WN_VT_ENUM_ORBIT_REFERENCE, /* geocentric, selenocentric, heliocentric */
  WN_VT_ENUM_ORBIT_REGIME,    /* low_earth, … */
  WN_VT_ENUM_CENTRAL_BODY,    /* apsis gee -> earth */
  WN_VT_PLACE,                /* {"facility": Entity, "pad", "country"} */
  WN_VT_CREW_LIST,            /* [CrewMember…] from an infobox list (names only) */
  WN_VT_PHOTO,                /* {"file", "caption", "order"} */
  WN_VT_CAPTION,              /* the caption half of a Photo (merged by record.c) */
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
/* The lexicon of a context (record.c), for reconcile's name comparisons;
 * NULL when ctx is NULL. */
const struct wn_lexicon *wn_context_lexicon(const wn_context *ctx);

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
 * "Soyuz MS-02" → itself; and its key "soyuz-ms-02" (lower-case ASCII,
 * runs of other characters → '-'). The designation is NULL when the name
 * is empty or memory ran out (recorded in ld: wn_lexdoc_failed); the key
 * is NULL when empty, when the designation still has CJK (a zh name the
 * programme lexicon does not know) or when memory ran out. */
const char *wn_mission_designation(wn_arena *a, const wn_lexdoc *ld, const char *name, size_t len);
const char *wn_mission_key(wn_arena *a, const char *designation);

/* ---- values (values.c, flatten.c, crew.c) ---- */

typedef struct wn_value_in {
  const wn_tree *tree;
  uint32_t node;    /* PARAM or TABLE_CELL whose children are the value;
                       WN_NONE: the whole tree's top-level nodes */
  const char *lang; /* language of the document ("zh", "en") */
  wn_lexdoc *lex;
} wn_value_in;

typedef struct wn_value_out {
  wn_value *value;     /* the typed value, or WN_V_UNPARSED when kept as text */
  const char *warning; /* static message when kept as text; else NULL */
} wn_value_out;

/* Normalizes one value (values.c) into the arena a. The kind returned
 * per type: Text, Cospar → TEXT; LangText → LANGTEXT (zh, en; other_lang
 * and other only for a document in a third language); Entity → ENTITY
 * (en, zh, label; id unused); EntityList → LIST of ENTITY; Mission →
 * MISSION; Timestamp → TIMESTAMP (epoch, precision, planned; zone UNSET,
 * no fraction); Duration → DURATION; Mass/Length/Angle/Period → QUANTITY
 * in KG/M/DEG/S; Integer → INTEGER; the three orbit enums → ENUM; Place
 * → PLACE (facility an ENTITY or NULL); CrewList → LIST of CREW_MEMBER;
 * Photo → PHOTO (file only); Caption → PHOTO with file NULL (caption,
 * order). Members not known are NULL (flight_number 0), never "".
 * An empty value (only spaces, comments, refs) gives value == NULL and
 * no warning: the field is absent. Returns WN_ERR_NOMEM (value NULL)
 * only on allocation failure. */
wn_status wn_value_parse(wn_arena *a, wn_value_type t, const wn_value_in *in, wn_value_out *out);

/* (flatten.c) Plain text of a value: markup stripped, refs/comments/File links
 * removed, <br> and list templates as "\n"-separated items, entities
 * decoded, NFC, spaces collapsed. The building block of every type.
 * An empty value gives "" (len 0); NULL means out of memory only. */
char *wn_value_text(wn_arena *a, const wn_value_in *in, size_t *len);

/* (crew.c) Crew table helpers for normalize.c: role words ("指令长", "Commander",
 * "飞行工程师1") → schema role or NULL; "第2次"/"2nd"/"2" → 2 or 0;
 * flagicon codes ("RUS", "USA", "Russia") → ISO alpha-2 or NULL. */
const char *wn_crew_role(const char *s, size_t len);
int wn_flight_number(const char *s, size_t len);
const char *wn_country_alpha2(const char *code, size_t len);
/* One WN_V_CREW_MEMBER from cells: name cell (required; its name a
 * LANGTEXT of zh/en), role (a word of wn_crew_role, or NULL) and flight
 * number (0: none) into *out, in the arena a; *out is NULL when the name
 * cell is empty. Returns WN_ERR_NOMEM (and *out NULL) only on allocation
 * failure. wn_crew_role and wn_flight_number never allocate unless the
 * text has full-width forms. */
wn_status wn_crew_member(wn_arena *a, const wn_value_in *name_cell, const char *role,
                         int flight_number, wn_value **out);

/* ---- additions (values/lexicon) ---------------------------------------- */

/* (flatten.c) Learns every {{le|zh|en}} of the tree into ld, so that a value can use
 * a pair written later in the document (the crew table after the
 * infobox). Call once per document before parsing values. */
void wn_lexdoc_learn_tree(wn_lexdoc *ld, const wn_tree *t);
/* (lexicon.c) True once a lookup or a learned pair of ld ran out of memory (its
 * answers may then be wrong); wn_value_parse reports it as WN_ERR_NOMEM. */
bool wn_lexdoc_failed(const wn_lexdoc *ld);
/* (lexicon.c) Variant of wn_lex_to_en for names that are known to be person names: also
 * tries the part after the last middle dot (雷日科夫 of 谢尔盖·…·雷日科夫). */
const char *wn_lex_person_to_en(const wn_lexdoc *ld, const char *name, size_t len);
/* (lexicon.c) Folds the middle-dot family (· ∙ • ‧ ・ ･ ⋅) to U+00B7, into the arena. */
char *wn_fold_dots(wn_arena *a, const char *s, size_t len, size_t *out_len);

/* (values_time.c) String-level parsers, exposed for tests. Input is
 * NFKC-folded text (the value parsers fold before calling them). The
 * calendar is value.h's. */
/* A point in time, UTC. Fields finer than the precision are 0 (1 for
 * month and day). planned: "(planned)", "计划" and the like were seen. */
typedef struct wn_time {
  int year, month, day, hour, minute, second;
  wn_precision precision;
  bool planned;
} wn_time;
/* "19 October 2016, 08:05:00 UTC", "2016年10月19日 08:05 UTC",
 * "October 19, 2016", "2016-10-19T08:05Z", "北京时间2016年…"; a local zone
 * (MSK, 北京时间, EDT, UTC+3) is converted to UTC. false: no date found. */
bool wn_parse_time(const char *s, size_t n, wn_time *out);
/* Always the full form "2016-10-19T08:05:00Z" (zeros below the precision;
 * the precision says what is known). buf holds at least 32 bytes. For
 * the parsers and tests: records hold TIMESTAMP values, written with
 * wn_timestamp_utc of value.h. */
void wn_time_format(const wn_time *t, char *buf);
int64_t wn_time_epoch(const wn_time *t); /* seconds since 1970-01-01Z */

typedef struct wn_duration {
  int64_t seconds;
  wn_precision precision; /* the smallest unit written */
  bool planned;
} wn_duration;
/* "173天3时15分", "173 days 3 hours 16 minutes 21 seconds", "8 d 3 h",
 * "P173DT3H15M". false when it is not a duration (or a bound: "up to"). */
bool wn_parse_duration(const char *s, size_t n, wn_duration *out);
/* "P173DT3H15M"; zero components left out; "PT0S" for zero. buf >= 48.
 * The same as wn_duration_iso8601 of value.h, for the parsers' tests. */
void wn_duration_iso(const wn_duration *d, char *buf);
/* The interval b - a, precision the coarser of the two. false if b < a. */
bool wn_time_interval(const wn_time *a, const wn_time *b, wn_duration *out);

typedef enum wn_dimension { WN_DIM_MASS, WN_DIM_LENGTH, WN_DIM_ANGLE, WN_DIM_TIME } wn_dimension;
typedef struct wn_quantity {
  double value; /* in kg, m, deg or s */
  bool planned;
} wn_quantity;
/* The first number with a unit of that dimension: "7080 kg", "45000 lb",
 * "118 million kilometers", "51.66°", "91.5 minutes", "1.18亿公里". */
bool wn_parse_quantity(const char *s, size_t n, wn_dimension dim, wn_quantity *out);
const char *wn_dimension_unit(wn_dimension dim); /* "kg", "m", "deg", "s" */
/* A whole number: "2694", "2,694", "~2,735", "3 up"; false otherwise. */
bool wn_parse_integer(const char *s, size_t n, int64_t *out);
/* "2017-081A" (validated, upper-cased) into out (>= 16 bytes). */
bool wn_parse_cospar(const char *s, size_t n, char *out);
/* (values.c) Orbit words: "Geocentric orbit" → "geocentric" (t = WN_VT_ENUM_ORBIT_*),
 * NULL when unknown. */
const char *wn_orbit_enum(wn_value_type t, const char *s, size_t n);
/* (values.c, as the next two) Pad of a launch site text: "Site 31" → "31", "LC-39A" → "39A",
 * "Site 31/6" → "31/6" into *out (the arena); *out NULL when none.
 * WN_ERR_NOMEM only on allocation failure. */
wn_status wn_parse_pad(wn_arena *a, const char *s, size_t n, char **out);
/* Country (ISO alpha-2) of a launch/landing facility or a text naming a
 * country ("Baikonur Cosmodrome" → "KZ", "Steppes of Kazakhstan" → "KZ");
 * static vocabulary data, NULL when none. */
const char *wn_place_country(const char *s, size_t n);
/* Canonical en facility for an alias ("Baikonur" → "Baikonur Cosmodrome");
 * static vocabulary data, NULL when none. */
const char *wn_site_canonical(const char *s, size_t n);
/* (crew.c) Lower-case ASCII surname key of a person name: "Shane Kimbrough" →
 * "kimbrough", "金布罗" → "kimbrough" (via the lexicon), "Charles Conrad
 * Jr." → "conrad", into *out; *out NULL when empty. WN_ERR_NOMEM only on
 * allocation failure (of the arena or of a lexicon lookup in ld). */
wn_status wn_surname_key(wn_arena *a, const wn_lexdoc *ld, const char *name, size_t len,
                         char **out);
/* (crew.c) Caption text → a PHOTO without file, in the arena a: caption
 * (NFC, one line; NULL when empty), and order (a LIST of TEXT surname
 * keys) only when a left-to-right marker and a list of names were found.
 * NULL on allocation failure. */
wn_value *wn_caption_value(wn_arena *a, const wn_lexdoc *ld, const char *text, size_t len);

/* (lexicon.c) Vocabulary tables of data/vocab.tsv ("table<TAB>key<TAB>col…"):
 * months, zones, units, roles, countries, orbits, templates… The key is
 * matched with ASCII case and runs of spaces folded. NULL when absent. */
typedef struct wn_vocab_row {
  const char *col[3]; /* the columns after the key, not NUL-terminated */
  uint32_t len[3];
} wn_vocab_row;
const wn_vocab_row *wn_vocab(const char *table, const char *key, size_t len);
size_t wn_vocab_size(void); /* rows loaded, for tests */
/* The leftmost (then longest) key of table inside text; ASCII keys match
 * whole words, case-insensitively. *pos, *len: where. NULL when none. */
const wn_vocab_row *wn_vocab_find(const char *table, const char *text, size_t n, size_t *pos,
                                  size_t *len);
#endif

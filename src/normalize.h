/*
 * The normalize stage, internal to the library: the contract between
 * mapping.c (the mapping data), infobox.c (finding infoboxes and their
 * key/value pairs), context.c (mappings + lexicon) and normalize.c
 * (assembling records).
 *
 *   doc --gate--> tokenize --infobox--> pairs --mapping--> field paths
 *       --values--> typed wn_value --normalize--> one wn_record per infobox
 */
#ifndef WN_NORMALIZE_H
#define WN_NORMALIZE_H

#include "values.h"
#include "wikinorm.h"

/* ---- mapping (mapping.c) ---- */

/* Where a key comes from (wn_map_vocab). The first three are the source vocabularies of
 * SCHEMA.md (source.vocabulary); the others are table and section names. */
typedef enum wn_map_vocab {
  WN_VOCAB_ZH,      /* zh_params: 任务名称 */
  WN_VOCAB_PARAM,   /* template_params: launch_date */
  WN_VOCAB_LABEL,   /* display labels of the rendered form: Rocket */
  WN_VOCAB_SECTION, /* headings of the crew section: 机组人员, Crew */
  WN_VOCAB_COLUMN,  /* header cells of the crew table: 职位, Name */
  WN_VOCAB_COUNT
} wn_map_vocab;

/* Crew table columns (the field of a WN_VOCAB_COLUMN key). */
enum { WN_COL_ROLE, WN_COL_NAME, WN_COL_FLIGHT, WN_COL_COUNT };

/* A mapping-level type beside wn_value_type: a list filled by the
 * templates of a sub-family (docking, interplanetary). */
#define WN_MAP_LIST (-2)

typedef struct wn_map_field {
  const char *path; /* "launch.time"; "docking[].target" fills one list element */
  int type;         /* wn_value_type or WN_MAP_LIST */
  int list;         /* for "L[].x": index of the List field L; else -1 */
  const char *leaf; /* for "L[].x": "x"; else path */
  const char *file; /* where it was (last) defined, for messages */
  uint32_t line, col;
} wn_map_field;

typedef struct wn_map_key {
  const char *norm; /* normalized: see wn_map_norm_key */
  int vocab;        /* wn_map_vocab */
  int field;        /* field index; -1 = known to carry no field (extra) */
} wn_map_key;

typedef struct wn_map_template {
  const char *norm;       /* see wn_map_norm_template */
  const char *needle;     /* cheap gate: the longest word of the name as written */
  const char *needle_alt; /* the same with its first letter's case swapped, or NULL */
  int vocab;              /* WN_VOCAB_ZH or WN_VOCAB_PARAM */
  const char *lang;       /* the language when the document's is unknown */
} wn_map_template;

typedef struct wn_map_family {
  const char *name;
  int parent;       /* family index, -1 for a top-level infobox */
  const char *list; /* sub-family: the parent's List field its templates fill */
  wn_map_template *templates;
  size_t ntemplates, cap_templates;
  wn_map_field *fields; /* in schema order */
  size_t nfields, cap_fields;
  wn_map_key *keys;
  size_t nkeys, cap_keys;
  int crew_field;   /* the field the crew table fills, -1 none */
  const char *file; /* where it was first defined, for messages */
  uint32_t line, col;
} wn_map_family;

typedef struct wn_mapping {
  wn_arena *arena; /* names and keys */
  wn_map_family *families;
  size_t nfamilies, cap_families;
} wn_mapping;

wn_status wn_mapping_init(wn_mapping *m);
void wn_mapping_free(wn_mapping *m);
/* Parses one mapping file (embedded or --mapping) into m; later files add
 * to and override earlier ones. Errors go to sink as file:line:col and
 * return WN_ERR_INPUT. */
wn_status wn_mapping_load(wn_mapping *m, const char *file, const char *text, size_t len,
                          wn_diag_sink *sink);
/* After loading: false (with a reason) when the data is inconsistent. */
wn_status wn_mapping_check(const wn_mapping *m, wn_diag_sink *sink);

/* Normal forms used for matching. Keys: trimmed, NFKC, Traditional →
 * Simplified, case-folded, '_' = space, spaces collapsed. Template names:
 * the same but only the first letter case-folded, and a namespace prefix
 * (Template:, 模板:) dropped. Into the arena; NULL on failure. */
const char *wn_map_norm_key(wn_arena *a, const char *s, size_t len);
const char *wn_map_norm_template(wn_arena *a, const char *s, size_t len);

/* The family of a template name (any depth), -1 when none; *t receives the
 * matching template entry. name is a normal form. */
int wn_mapping_family_of(const wn_mapping *m, const char *norm_name, const wn_map_template **t);
/* The key entry of a normalized key in a vocabulary, or NULL. The infobox
 * vocabularies fall back on each other (a zh infobox with an English key
 * still maps it); the rendered form tries labels, then params, then zh. */
const wn_map_key *wn_mapping_lookup(const wn_map_family *f, int vocab, const char *norm);
/* True when the text may hold one of the top-level infobox templates:
 * a byte scan, no tokenizing. */
bool wn_mapping_gate(const wn_mapping *m, const char *text, size_t len);

/* ---- infoboxes (infobox.c) ---- */

/* One key = value of an infobox or of one of its nested blocks. */
typedef struct wn_pair {
  const char *key; /* as written, trimmed */
  size_t key_len;
  const wn_tree *tree; /* the tree holding the value */
  uint32_t node;       /* PARAM node; WN_NONE: the top-level nodes of tree */
  uint32_t off, len;   /* the raw value in the document text, trimmed */
  uint32_t line, col;  /* of the value's first character */
  int block;           /* index into the infobox's blocks; -1: the infobox itself */
  bool holds_blocks;   /* its value is (only) nested blocks: consumed by them */
  bool empty;          /* nothing but spaces and comments */
} wn_pair;

/* A nested template of a sub-family ({{Infobox spaceflight/Dock}}). */
typedef struct wn_block {
  int family;
  uint32_t line, col;
} wn_block;

/* One row of the crew table: cells by column (WN_NONE when absent). */
typedef struct wn_crew_row {
  uint32_t cell[WN_COL_COUNT];
} wn_crew_row;

typedef struct wn_infobox {
  int family;
  int vocab;                 /* WN_VOCAB_ZH, WN_VOCAB_PARAM or WN_VOCAB_LABEL (rendered) */
  const char *lang;          /* the template's language hint; NULL for rendered */
  const char *template_name; /* as written, trimmed; NULL for rendered */
  const char *title;         /* rendered form: the "= Title =" text */
  uint32_t title_off, title_len, title_line, title_col;
  uint32_t line, col;
  wn_pair *pairs;
  size_t npairs;
  wn_block *blocks;
  size_t nblocks;
  /* The crew table of the document (attached to its first infobox). */
  const wn_tree *crew_tree;
  uint32_t crew_table; /* TABLE node or WN_NONE */
  const char *crew_heading;
  uint32_t crew_line, crew_col;
  wn_crew_row *crew_rows;
  size_t ncrew_rows;
} wn_infobox;

/* Finds the infoboxes of a tokenized wikitext document, in document order. */
wn_status wn_find_infoboxes(const wn_mapping *m, wn_arena *a, const wn_tree *tree,
                            const wn_lines *lines, wn_infobox **out, size_t *count);
/* The rendered form: "= Title =" then "- Key: Value" lines. Each value is
 * tokenized on its own. At most one infobox; *count = 0 when the lines
 * match too few keys of any family. */
wn_status wn_find_rendered(const wn_mapping *m, wn_arena *a, const wn_doc *doc,
                           const wn_lines *lines, wn_diag_sink *sink, wn_infobox **out,
                           size_t *count);

/* ---- the context (context.c) ---- */

/* The mappings of a context (embedded, then --mapping files), owned by
 * it; NULL when ctx is NULL. For json_in.c and merge.c, which type and
 * order fields by the mapping. */
const wn_mapping *wn_context_mapping(const wn_context *ctx);

#endif

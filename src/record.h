/*
 * The record in memory (SCHEMA.md sections 1 and 4): the one shape that
 * normalize builds, json_in reads back, merge writes, and diff, check,
 * json_out and text_out read. Internal; the public API sees wn_record and
 * wn_record_list as opaque types (include/wikinorm.h).
 *
 * Ownership: a record lives entirely in rec->arena. A record handed to a
 * wn_record_fn lives in the document's arena, valid during the call only;
 * wn_record_list_add deep-copies it into the list's arena. Merged records
 * nest their fields exactly as normalized records do; dotted paths
 * ("launch.time", "docking[0].target") appear only as provenance and
 * warning paths and extra keys of list elements.
 */
#ifndef WN_RECORD_H
#define WN_RECORD_H

#include "util/vec.h"
#include "value.h"
#include "wikinorm.h"

#define WN_SCHEMA_RECORD "wikinorm/spaceflight/1"
#define WN_SCHEMA_MERGED "wikinorm/spaceflight-merged/1"

typedef struct wn_extra {
  const char *key, *raw; /* an infobox key that feeds no field, and its raw value */
} wn_extra;

typedef struct wn_provenance {
  const char *path;   /* "launch.time" */
  const char *key;    /* the source key as written */
  uint32_t line, col; /* of the value in the input */
  const char *raw;    /* the raw value */
} wn_provenance;

typedef struct wn_warning {
  const char *path;   /* a field path, or NULL */
  uint32_t line, col; /* 0 when unknown */
  const char *message;
} wn_warning;

/* One source of a merged record. */
typedef struct wn_source_ref {
  const char *lang, *file, *title; /* title may be NULL */
} wn_source_ref;

/* One internal check of one source of a merged record. */
typedef struct wn_check_entry {
  const char *lang, *check, *status, *delta; /* delta may be NULL */
} wn_check_entry;

struct wn_record {
  wn_arena *arena; /* everything below lives here */
  bool merged;     /* schema WN_SCHEMA_MERGED: fields hold WN_V_CLAIMS leaves */
  const char *schema;
  const char *key;         /* NULL when no key could be made */
  const char *designation; /* NULL when unknown */
  struct {
    const char *file, *title, *lang;
    const char *format;           /* "wikitext" | "rendered" */
    const char *template_name;    /* NULL for rendered */
    const char *vocabulary;       /* "zh_params" | "template_params" | "rendered" */
    int64_t page_id, revision_id; /* -1 when absent */
  } source;
  wn_value *fields;  /* OBJECT, in schema order */
  wn_vec extra;      /* wn_extra, in input order; a repeated key keeps its first place */
  wn_vec provenance; /* wn_provenance, in field order */
  wn_vec warnings;   /* wn_warning */
  wn_vec sources;    /* merged: wn_source_ref */
  wn_vec checks;     /* merged: wn_check_entry */
  /* Where the record was read from when it came from JSON (for messages):
   * the input's name and the line of its first byte; 0 otherwise. */
  const char *input;
  uint32_t input_line;
};

/* A new, empty record in arena a: fields is an empty OBJECT, page and
 * revision ids -1. NULL on allocation failure. */
wn_record *wn_record_new(wn_arena *a, bool merged);
/* Deep copy into arena a. NULL on allocation failure. */
wn_record *wn_record_clone(wn_arena *a, const wn_record *r);
/* Appends to the record's vectors (strings are not copied: they must
 * live in r->arena already). false on allocation failure. */
bool wn_record_add_extra(wn_record *r, const char *key, const char *raw);
bool wn_record_add_provenance(wn_record *r, const wn_provenance *p);
bool wn_record_add_warning(wn_record *r, const char *path, uint32_t line, uint32_t col,
                           const char *message);
/* The provenance of a field path, or NULL. */
const wn_provenance *wn_record_provenance(const wn_record *r, const char *path);
/* The field at a dotted path, or NULL. */
const wn_value *wn_record_field(const wn_record *r, const char *path);

/* The record list (wn_record_list of the public API): owns one arena that
 * holds every record added. */
struct wn_record_list {
  wn_arena *arena;
  wn_vec records; /* wn_record *, heap-grown */
};

/* Takes ownership of nothing: r is copied when copy, else r must already
 * live in l->arena (json_in builds there directly). */
wn_status wn_record_list_push(wn_record_list *l, wn_record *r, bool copy);

/* One JSON value (as written in a record's fields) as a typed value in
 * arena a, typed by the mapping of ctx at field path (either may be
 * NULL: then by its shape); NULL for null, bad JSON or on failure.
 * Implemented by the JSON reader, json_in.c; for tests and tools. */
wn_value *wn_value_read_json(wn_arena *a, const wn_context *ctx, const char *path, const char *json,
                             size_t len);

#endif

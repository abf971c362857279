/*
 * The renderer of values (flatten.c): a value's nodes → plain "flat"
 * text plus marks (link targets, {{le}} pairs, flag icons, file links)
 * at offsets of that text, and the helpers the normalizers (values.c,
 * crew.c) read it with. Internal to those three files.
 *
 * Ownership: the text, the marks and every string they point to live in
 * the arena passed to wn_flatten. Running out of memory sets f->nomem;
 * a normalizer reports it as WN_ERR_NOMEM.
 */
#ifndef WN_FLATTEN_H
#define WN_FLATTEN_H

#include "values.h"

typedef enum { MK_LINK, MK_LE, MK_FLAG, MK_FILE } mark_kind;

typedef struct mark {
  uint32_t start, end; /* in the flat text */
  mark_kind kind;
  const char *a, *b; /* LINK: target; LE: zh, en; FLAG: alpha-2; FILE: file name */
} mark;

typedef struct flat {
  wn_arena *arena;
  const wn_tree *t;
  wn_lexdoc *lex;
  char *s; /* NUL-terminated; "" when the value is empty */
  size_t len, cap;
  mark *marks; /* in the order they were opened */
  size_t nmarks, mcap;
  struct mark_key *by_start; /* marks sorted by start (wn_flatten), or NULL */
  int32_t *open;             /* how many marks are open at each offset, made on demand */
  bool space, brk;           /* a space / an item break is pending */
  bool unknown;              /* a template of unknown name was dropped */
  bool nomem;
  int depth;
} flat;

/* A range [s, e) of the flat text. */
typedef struct range {
  size_t s, e;
} range;

/* Renders the value of in (its node's children, or the tree's top level)
 * into f: markup stripped, refs/comments/File links removed (files as
 * marks), <br> and list templates as '\n' between items, entities
 * decoded, spaces collapsed, no NUL bytes, trimmed; not yet NFC. */
void wn_flatten(flat *f, wn_arena *a, const wn_value_in *in);
/* The trimmed source text of a span of f's tree. */
const char *wn_flat_span(const flat *f, wn_span s, size_t *len);

/* ---- items and marks ---- */

/* Items of [s, e) split at '\n', spaces trimmed, empty ones left out;
 * at most max. */
size_t wn_flat_items(const flat *f, size_t s, size_t e, range *out, size_t max);
/* The first mark of kind k inside r (or touching it, for the zero-width
 * FLAG and FILE marks); NULL when none. */
const mark *wn_mark_in(const flat *f, range r, mark_kind k);
/* How many non-empty marks of kind k lie inside r. */
size_t wn_marks_in(const flat *f, range r, mark_kind k);
/* r without a short "CSM:" / "LM:" label before its value. */
range wn_flat_strip_label(const flat *f, range r);
/* Splits r at ',' ';' '、' '，' and " and " outside marks: "Sergey
 * Ryzhikov, Andrei Borisenko"; at most max parts. */
size_t wn_flat_split_commas(flat *f, range r, range *out, size_t max);

/* The names of a range: label (the text shown), zh and en (from a
 * {{le}}, a link target or the lexicon; person: a person's name, so the
 * lexicon's surname layer and "Ed White (astronaut)" → "Ed White"). NULL
 * for unknown; every string lives in f's arena. */
typedef struct wn_names {
  const char *en, *zh, *label;
} wn_names;
wn_names wn_flat_names(flat *f, range r, const char *lang, bool person);

/* ---- small string helpers ---- */

bool wn_has_cjk(const char *s, size_t n); /* any byte of a 3-byte CJK-range character */
bool wn_lang_is_zh(const char *lang);     /* "zh", "zh-hans", … */
void wn_trim(const char **s, size_t *n);  /* spaces and '\n' at both ends */
bool wn_has_prefix_ci(const char *s, size_t n, const char *lower);
/* Length of a File:/Image:/文件: prefix of s, or 0. */
size_t wn_file_prefix(const char *s, size_t n);
/* One line: '\n' → ' ' (dates written over a <br>), into the arena. */
char *wn_one_line(wn_arena *a, const char *s, size_t n);
/* NFKC with the degree look-alikes (º ˚) made '°' and '\n' made ' ',
 * the form the string parsers read. */
char *wn_fold_number_text(wn_arena *a, const char *s, size_t n, size_t *out);
/* A name as output: trimmed, NFC, the middle-dot family folded; NULL on
 * allocation failure. */
char *wn_name_str(wn_arena *a, const char *s, size_t n);
/* wn_name_str into f's arena (NULL s gives NULL); a failure sets nomem. */
char *wn_flat_name(flat *f, const char *s, size_t n);
/* A copy of s into f's arena (lexicon answers outlive no document);
 * NULL s gives NULL; a failure sets nomem. */
const char *wn_flat_dup(flat *f, const char *s);
/* n without a trailing " (…)" qualifier: "Soyuz programme (crewed)". */
size_t wn_without_parenthetical(const char *s, size_t n);

/* Records an allocation failure of a builder; its result is NULL. */
static inline wn_value *wn_flat_oom(flat *f) {
  f->nomem = true;
  return NULL;
}
/* NULL for an empty string: a value's absent members are NULL. */
static inline const char *wn_nz(const char *s) { return s && *s ? s : NULL; }

/* ---- crew.c, for values.c ---- */

/* The CrewMember LIST of an infobox list of names (one item a line or
 * comma-separated); empty when none was found; NULL when memory ran out
 * (f->nomem set). */
wn_value *wn_crew_list_value(flat *f, const char *lang);

#endif

/*
 * wikinorm — MediaWiki wikitext/infobox parser and normalizer.
 *
 * The one public header, C11 and C++. Every symbol is prefixed wn_ / WN_.
 *
 * Flow (DESIGN.md):
 *   reader -> tokenizer -> infobox -> mapping + values -> record -> JSON out
 *                                                      \-> merge, diff, check
 *
 * Ownership, in general: arguments are borrowed for the duration of the
 * call unless a function says otherwise; what a function returns in an
 * arena lives until that arena is reset or freed; what a *_new function
 * returns belongs to the caller, who frees it with the matching *_free.
 * The library prints nothing: diagnostics go to the caller's wn_diag_sink.
 * No function keeps a pointer to an argument after it returns, except
 * where stated (a reader keeps its name, options and sink).
 */
#ifndef WIKINORM_H
#define WIKINORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Version.                                                             */

#define WN_VERSION "0.1.0"
#define WN_VERSION_NUMBER 0x000100UL /* 0xMMmmpp: major, minor, patch */

/* The version of the library linked in (may differ from the header's). */
unsigned long wn_version(void);      /* WN_VERSION_NUMBER of the library */
const char *wn_version_string(void); /* WN_VERSION of the library; static */

/* ------------------------------------------------------------------ */
/* Status codes returned by library functions.                          */

typedef enum wn_status {
  WN_OK = 0,
  WN_ERR_NOMEM, /* an allocation failed */
  WN_ERR_IO,    /* read or write failed */
  WN_ERR_INPUT, /* malformed input that could not be recovered */
  WN_ERR_LIMIT, /* a limit of limits.h was exceeded */
  WN_ERR_USAGE  /* bad arguments */
} wn_status;

/* A static string ("out of memory"); never NULL. */
const char *wn_status_str(wn_status st);

/* ------------------------------------------------------------------ */
/* Allocation. The library never calls malloc directly: tests install an */
/* injecting allocator here to prove allocation failures come back as   */
/* WN_ERR_NOMEM.                                                        */

typedef struct wn_allocator {
  void *(*malloc_fn)(size_t size, void *user);
  void *(*realloc_fn)(void *ptr, size_t size, void *user);
  void (*free_fn)(void *ptr, void *user);
  void *user;
} wn_allocator;

/* Copies *a (NULL restores libc). Not thread-safe: call before any work,
 * and free nothing allocated under one allocator with another. The JSON
 * reader's library allocates through it too. */
void wn_set_allocator(const wn_allocator *a);
/* Through the installed allocator; the caller frees with wn_free. A size
 * of 0 allocates 1 byte. NULL on failure. */
void *wn_malloc(size_t size);
void *wn_realloc(void *ptr, size_t size);
void wn_free(void *ptr); /* NULL is a no-op */

/* ------------------------------------------------------------------ */
/* Arena: bump allocation for one document, reset between documents.    */
/* Everything allocated in an arena lives until it is reset or freed.   */

typedef struct wn_arena wn_arena;

/* Owned by the caller: free with wn_arena_free. NULL on failure. */
wn_arena *wn_arena_new(void);
void wn_arena_free(wn_arena *a); /* NULL is a no-op */
/* Frees everything allocated in a, keeping one block for reuse: memory
 * stays flat over a dump. */
void wn_arena_reset(wn_arena *a);
/* 16-byte aligned; NULL on allocation failure. */
void *wn_arena_alloc(wn_arena *a, size_t size);
void *wn_arena_calloc(wn_arena *a, size_t n, size_t size);
/* Copy of s[0..n) with a terminating NUL. */
char *wn_arena_strndup(wn_arena *a, const char *s, size_t n);
char *wn_arena_printf(wn_arena *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
size_t wn_arena_bytes(const wn_arena *a); /* bytes held, for tests */

/* ------------------------------------------------------------------ */
/* Growable byte buffer: every output is built in one.                   */

/* The caller owns the struct and its data: wn_buf_init before use,
 * wn_buf_free after. data is heap memory (wn_malloc). */
typedef struct wn_buf {
  char *data; /* NUL-terminated when len > 0 */
  size_t len, cap;
  bool failed; /* an append ran out of memory; contents are incomplete */
} wn_buf;

void wn_buf_init(wn_buf *b);
void wn_buf_free(wn_buf *b);
void wn_buf_clear(wn_buf *b); /* len 0, failed cleared; keeps the memory */
/* Appends return false (and set failed) when memory ran out; once failed,
 * every later append fails until wn_buf_clear. */
bool wn_buf_append(wn_buf *b, const char *s, size_t n);
bool wn_buf_puts(wn_buf *b, const char *s);
bool wn_buf_putc(wn_buf *b, char c);
bool wn_buf_printf(wn_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Appends s as a JSON string literal (quotes and escapes included). */
bool wn_buf_json_string(wn_buf *b, const char *s, size_t n);

/* ------------------------------------------------------------------ */
/* Diagnostics: handed to the caller's sink, never printed.              */

typedef enum wn_severity { WN_NOTE, WN_WARNING, WN_ERROR } wn_severity;

/* A diagnostic and its strings are valid only during the sink's call. */
typedef struct wn_diag {
  const char *file;   /* display name; "<stdin>" for standard input */
  uint32_t line, col; /* 1-based; col counts code points; 0 = unknown */
  wn_severity severity;
  const char *message;
} wn_diag;

typedef void (*wn_diag_fn)(void *user, const wn_diag *d);

/* A sink collects diagnostics: fn (may be NULL: only counted) is called
 * once per diagnostic, on the thread that found it. The caller owns the
 * sink; functions taking one keep no pointer to it once they return
 * (except a reader, until it is freed). A NULL sink drops diagnostics. */
typedef struct wn_diag_sink {
  wn_diag_fn fn;
  void *user;
  unsigned warnings, errors; /* counted by wn_report */
} wn_diag_sink;

/* Formats the message (cut at 511 bytes), counts it and hands it to the
 * sink; nothing happens when sink is NULL. */
void wn_report(wn_diag_sink *sink, const char *file, uint32_t line, uint32_t col, wn_severity sev,
               const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;
/* Appends d as "file:line:col: severity: message\n" to out. */
void wn_diag_format(const wn_diag *d, wn_buf *out);

/* ------------------------------------------------------------------ */
/* Text layer (src/util/utf8.c, src/util/fold.c, src/util/lines.c).      */

/* Appends src to out, replacing every invalid UTF-8 sequence with U+FFFD.
 * Returns the number of replacements; *first_bad (may be NULL) is the
 * offset of the first invalid byte in src (or SIZE_MAX). */
size_t wn_utf8_repair(const char *src, size_t n, wn_buf *out, size_t *first_bad);
/* True when s[0..n) is valid UTF-8. */
bool wn_utf8_valid(const char *s, size_t n);
/* Decodes one code point at s (n > 0); stores its length in *len. Invalid
 * bytes decode as U+FFFD with length 1. */
int32_t wn_utf8_decode(const char *s, size_t n, size_t *len);
/* Number of code points in s[0..n). */
size_t wn_utf8_count(const char *s, size_t n);
/* Normalization into arena a (NUL-terminated; *out_len may be NULL);
 * NULL on allocation failure. NFKC folds full-width digits and
 * punctuation; casefold folds case for comparisons. */
char *wn_nfc(wn_arena *a, const char *s, size_t n, size_t *out_len);
char *wn_nfkc(wn_arena *a, const char *s, size_t n, size_t *out_len);
char *wn_casefold(wn_arena *a, const char *s, size_t n, size_t *out_len);
/* NFKC with combining marks removed: accents of every script folded. */
char *wn_strip_marks(wn_arena *a, const char *s, size_t n, size_t *out_len);

/* Line/column lookup for arbitrary offsets of one text. Build once per
 * document (O(n)); each lookup is O(log lines + column). The struct
 * borrows text and keeps its line table in the arena given to build. */
typedef struct wn_lines {
  const char *text;
  size_t len;
  uint32_t *starts; /* offsets of line starts */
  uint32_t count;
  uint32_t line0, col0; /* position of text[0] in its file (1,1 normally) */
} wn_lines;

wn_status wn_lines_build(wn_arena *a, const char *text, size_t len, uint32_t line0, uint32_t col0,
                         wn_lines *out);
void wn_lines_at(const wn_lines *l, size_t offset, uint32_t *line, uint32_t *col);

/* ------------------------------------------------------------------ */
/* Documents (produced by the reader).                                  */

typedef enum wn_format {
  WN_FORMAT_UNKNOWN = 0,
  WN_FORMAT_WIKITEXT,
  WN_FORMAT_RENDERED, /* "= Title =" then "- Key: Value" lines */
  WN_FORMAT_JSON      /* records already written by wikinorm (merge input) */
} wn_format;

/* A document borrows every string it points to from whoever made it. */
typedef struct wn_doc {
  const char *file;  /* display name of the input */
  const char *title; /* NULL when unknown */
  const char *lang;  /* "zh", "en", …; "" when unknown */
  const char *text;  /* valid UTF-8 */
  size_t len;
  wn_format format;
  int64_t page_id, revision_id; /* -1 when absent */
  int ns;                       /* namespace; 0 for plain files */
  uint32_t line, col;           /* where text[0] stands in the file */
  uint64_t index;               /* 0-based position in the input stream */
} wn_doc;

/* Guesses wikitext vs rendered vs JSON from the first bytes. */
wn_format wn_detect_format(const char *text, size_t len);
/* Guesses the language from the script of the text ("zh", "en", "ja",
 * …); a static string, "" when it cannot tell. */
const char *wn_detect_lang(const char *text, size_t len);

/* ------------------------------------------------------------------ */
/* Reader (src/reader.c, src/dump.c): files, stdin, XML dumps            */
/* (plain/gzip/bzip2, UTF-16), streamed page by page.                    */

/* How far reading has come, for a progress display. Valid only during
 * the call. */
typedef struct wn_progress {
  const char *file; /* display name of the input */
  uint64_t bytes;   /* input bytes read so far (compressed, as read) */
  uint64_t total;   /* size of the input when known (a regular file), else 0 */
  uint64_t pages;   /* pages (dump) or documents delivered so far */
  double seconds;   /* since reading began */
  bool done;        /* the last call for this input */
} wn_progress;

/* Called at most four times a second while reading, and once with done
 * at the end. Runs on the reading thread; must not call back into the
 * reader. */
typedef void (*wn_progress_fn)(void *user, const wn_progress *p);

typedef struct wn_read_opts {
  const char *lang; /* --lang; NULL = detect */
  const int *ns;    /* namespaces to keep; NULL = {0} */
  size_t ns_count;
  wn_progress_fn progress; /* NULL: no progress reports */
  void *progress_user;
} wn_read_opts;

/* Called once per document; return non-zero to stop reading. The doc and
 * its strings are valid only during the call: copy what must outlive it. */
typedef int (*wn_doc_fn)(void *user, const wn_doc *doc);

/* Reads path ("-" = stdin) to its end, on the calling thread. opts (may
 * be NULL) and sink (may be NULL) are borrowed for the call. Errors are
 * reported to sink; every complete document before an error has been
 * delivered. Returns WN_ERR_INPUT for malformed or truncated input,
 * WN_ERR_IO for read failures. */
wn_status wn_read_path(const char *path, const wn_read_opts *opts, wn_doc_fn fn, void *user,
                       wn_diag_sink *sink);

/* ------------------------------------------------------------------ */
/* Tokenizer (src/tokenizer.c): wikitext -> flat node array with spans.  */

#define WN_NONE UINT32_MAX

typedef enum wn_node_type {
  WN_NODE_TEXT = 0,
  WN_NODE_TEMPLATE,        /* {{name|…}}; children: WN_NODE_PARAM (after
                              any comment or template inside the name) */
  WN_NODE_PARSER_FUNCTION, /* {{#if:…}}, {{formatnum:…}}, {{PAGENAME}};
                              name: "#if"; the text after ':' is PARAM 1 */
  WN_NODE_PARAM,           /* name: trimmed name; positional params have an
                              empty name, flag WN_NODE_POSITIONAL and num =
                              their index ("1", "2"…); value: raw value
                              (named: trimmed of spaces and edge comments);
                              children: value nodes */
  WN_NODE_ARGUMENT,        /* {{{name|default}}}; children: default nodes */
  WN_NODE_WIKILINK,        /* [[target|label]]; name: target; value: label */
  WN_NODE_EXTLINK,         /* [url label]; name: url; value: label */
  WN_NODE_URL,             /* bare http://… */
  WN_NODE_TAG,             /* <ref …>…</ref>, <br/>; name: tag name;
                              attrs: attributes span; value: body */
  WN_NODE_COMMENT,         /* <!-- … --> ; value: body */
  WN_NODE_HEADING,         /* == h ==; num: level; value: title */
  WN_NODE_TABLE,           /* {| … |}; attrs: table attributes */
  WN_NODE_TABLE_CAPTION,   /* |+ … */
  WN_NODE_TABLE_ROW,       /* |- (or the implicit first row) */
  WN_NODE_TABLE_CELL,      /* | or ! ; flags WN_NODE_HEADER for ! */
  WN_NODE_BOLD,            /* '''…''' */
  WN_NODE_ITALIC,          /* ''…'' */
  WN_NODE_LIST_ITEM,       /* * # : ; at line start; name: the markers */
  WN_NODE_ENTITY,          /* &nbsp; &#160; &#xA0; num: code point */
  WN_NODE_HR,              /* ---- */
  WN_NODE_MAGIC_WORD,      /* __TOC__ */
  WN_NODE_TYPE_COUNT
} wn_node_type;

enum wn_node_flags {
  WN_NODE_HEADER = 1u << 0,       /* table cell written with ! */
  WN_NODE_SELF_CLOSING = 1u << 1, /* <ref name=x/> */
  WN_NODE_UNCLOSED = 1u << 2,     /* a tag, table, bold/italic or external link
                                     closed by the end of its parent; a comment
                                     running to the end */
  WN_NODE_POSITIONAL = 1u << 3,   /* parameter without '=' */
  WN_NODE_FILE = 1u << 4,         /* wikilink to File:/Image:/文件:/图像: */
  WN_NODE_CLOSING_TAG = 1u << 5   /* a stray </tag> */
};

typedef struct wn_span {
  uint32_t off, len;
} wn_span;

typedef struct wn_node {
  uint16_t type;                              /* wn_node_type */
  uint16_t flags;                             /* wn_node_flags */
  uint32_t parent, first_child, next_sibling; /* indices, WN_NONE */
  wn_span span;                               /* the whole construct, delimiters included */
  wn_span name;                               /* see the type comments above */
  wn_span value;
  wn_span attrs;
  uint32_t line, col; /* of span.off */
  int32_t num;
} wn_node;

/* The nodes of one document in document order (pre-order). The top-level
 * nodes (parent == WN_NONE) tile the text exactly: concatenating their
 * spans rebuilds it byte for byte. The tree borrows text; its nodes live
 * in the arena given to wn_tokenize. */
typedef struct wn_tree {
  const char *text;
  size_t len;
  wn_node *nodes;
  uint32_t count;
  uint32_t first; /* first top-level node, WN_NONE when empty */
} wn_tree;

/* Tokenizes text into arena a (out->nodes live there; text is borrowed and
 * must outlive the tree). Line/col of text[0] are line0/col0. Warnings
 * (depth cap, unclosed constructs) go to sink (may be NULL) with file. */
wn_status wn_tokenize(wn_arena *a, const char *text, size_t len, uint32_t line0, uint32_t col0,
                      const char *file, wn_diag_sink *sink, wn_tree *out);

static inline const char *wn_span_ptr(const wn_tree *t, wn_span s) { return t->text + s.off; }

/* Appends the document's node tree as one JSON object
 * {"title": …, "nodes": […]} (no trailing newline) to out. pretty:
 * indented. false when out ran out of memory. */
bool wn_tree_json(const wn_tree *t, const wn_doc *doc, bool pretty, wn_buf *out);

/* ------------------------------------------------------------------ */
/* Normalize (infobox -> mapping + values -> record).                    */

/* Mappings + lexicon: built once, then shared read-only by any number of
 * threads. */
typedef struct wn_context wn_context;

/* The file names are borrowed for the call to wn_context_new only. */
typedef struct wn_context_opts {
  const char *const *mapping_files; /* --mapping FILE, in order */
  size_t mapping_count;
  const char *const *lexicon_files; /* --lexicon FILE (TSV zh\ten) */
  size_t lexicon_count;
} wn_context_opts;

/* The embedded data plus opts' files (opts may be NULL). *out is owned by
 * the caller (wn_context_free), NULL on failure; errors in the files go to
 * sink as file:line:col. */
wn_status wn_context_new(const wn_context_opts *opts, wn_diag_sink *sink, wn_context **out);
void wn_context_free(wn_context *ctx); /* NULL is a no-op */

/* ------------------------------------------------------------------ */
/* Records (SCHEMA.md): one typed record in memory per infobox. Normalized */
/* and merged records share one nested shape.                           */

typedef struct wn_record wn_record;           /* opaque */
typedef struct wn_record_list wn_record_list; /* opaque: owns its records */

/* Called once per record; the record (and every string it holds) lives in
 * the document's arena and is valid only during the call: keep it with
 * wn_record_list_add. Return non-zero to stop. */
typedef int (*wn_record_fn)(void *user, const wn_record *rec);

/* Builds one record per infobox of doc in arena a and hands each to fn in
 * document order; *records (may be NULL) counts them. Warnings go both
 * into the record and to sink. Thread-safe for distinct arenas with one
 * shared context. */
wn_status wn_normalize(const wn_context *ctx, wn_arena *a, const wn_doc *doc, wn_record_fn fn,
                       void *user, unsigned *records, wn_diag_sink *sink);

/* The one JSON writer of records: appends rec as one JSON object, compact
 * on one line or indented by two spaces (pretty), without a trailing
 * newline. Integral numbers print as integers, others in their shortest
 * round-trip form. false when out ran out of memory. */
bool wn_record_write_json(const wn_record *rec, bool pretty, wn_buf *out);

/* Accessors; the strings belong to the record (NULL when absent). */
const char *wn_record_key(const wn_record *rec);
const char *wn_record_designation(const wn_record *rec);
const char *wn_record_lang(const wn_record *rec);
const char *wn_record_file(const wn_record *rec);
bool wn_record_is_merged(const wn_record *rec);
size_t wn_record_warning_count(const wn_record *rec);

/* A list of records; the caller owns the list and frees it with
 * wn_record_list_free, which frees every record in it. */
wn_record_list *wn_record_list_new(void);
void wn_record_list_free(wn_record_list *l);
/* Adds a deep copy of rec (which the caller still owns). */
wn_status wn_record_list_add(wn_record_list *l, const wn_record *rec);
size_t wn_record_list_count(const wn_record_list *l);
/* The i-th record, owned by the list; NULL past the end. */
const wn_record *wn_record_list_get(const wn_record_list *l, size_t i);
/* Reads every record of a JSON document (an object or an array of them)
 * or of JSON Lines text, as written by wn_record_write_json, into l; the
 * mapping of ctx types the fields. file names the input in messages
 * (file:line:col). WN_ERR_INPUT when some text was not a record: every
 * good record before and after it is still added. */
wn_status wn_record_list_read_json(wn_record_list *l, const wn_context *ctx, const char *json,
                                   size_t len, const char *file, wn_diag_sink *sink);

/* ------------------------------------------------------------------ */
/* Reconcile: merge, diff and check over records in memory.             */

/* One merged record per mission key (SCHEMA.md section 4), in order of
 * first appearance, appended to out (owned by the caller). */
wn_status wn_merge(const wn_context *ctx, const wn_record_list *in, wn_record_list *out);

/* Field-by-field comparison of the records of a and b. Appends the human
 * report (or JSON when json) to out. Returns 0 when they agree, 1 when
 * they differ, 2 on trouble (no record on one side). */
int wn_diff(const wn_context *ctx, const wn_record_list *a, const wn_record_list *b, bool json,
            wn_buf *out);

/* Internal checks of every record; each failure is reported to sink as a
 * warning at the offending value (file:line:col). Returns the number of
 * failed checks; a summary (or JSON when json) is appended to out. */
unsigned wn_check(const wn_context *ctx, const wn_record_list *r, bool json, wn_buf *out,
                  wn_diag_sink *sink);

#ifdef __cplusplus
}
#endif
#endif

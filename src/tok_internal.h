/*
 * Internals of the tokenizer, shared by its two passes:
 *
 *   tokenizer.c   pass 1, the preprocessor: templates, arguments, links,
 *                 extension tags, comments and headings, found the way
 *                 MediaWiki's Preprocessor_Hash finds them (one scan, an
 *                 explicit stack, unclosed openers broken back into text).
 *   tok_inline.c  pass 2, the inline pass: walks the elements of pass 1
 *                 with an explicit stack, tokenizes the text between them
 *                 (tables, HTML tags, quotes, lists, external links, URLs,
 *                 entities, magic words) and writes the wn_node array in
 *                 pre-order with line and column.
 *   tok_names.c, tok_entities.c   tables both passes look up.
 *
 * The dependency is one-way: tokenizer.c (pass 1 and wn_tokenize) calls
 * pass 2; pass 2 calls nothing of tokenizer.c. What both need is in this
 * header (inline) or in the table files.
 *
 * Pass 1 keeps no text: the text of a part is the gaps between its child
 * elements. Breaking an unclosed opener is then O(parts): its parts' child
 * lists are appended to the enclosing part.
 */
#ifndef WN_TOK_INTERNAL_H
#define WN_TOK_INTERNAL_H

#include <string.h>

#include "limits.h"
#include "wikinorm.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

typedef struct pelem pelem;
typedef struct ppart ppart;

/* Kinds of pass-1 elements. */
enum { P_TEMPLATE, P_ARGUMENT, P_LINK, P_EXT, P_COMMENT, P_HEADING };

/* Flags of pass-1 elements. */
enum {
  PF_UNCLOSED = 1,     /* comment or <includeonly> running to the end */
  PF_SELF_CLOSING = 2, /* <ref name=x/> */
  PF_RAW = 4,          /* body not tokenized (nowiki, pre, math…) */
  PF_CLOSING = 8       /* </noinclude> */
};

/* One '|'-separated part of a template, argument or link, or the body of
 * an extension tag or heading. */
struct ppart {
  ppart *next;
  uint32_t lo, hi;    /* the part's bytes, separators excluded */
  uint32_t eq;        /* the '=' naming a parameter, or WN_NONE */
  pelem *head, *tail; /* child elements, in order */
};

struct pelem {
  pelem *next; /* next sibling in the enclosing part */
  uint8_t kind, flags;
  uint16_t level; /* heading level */
  uint32_t off, end;
  ppart *parts;
  uint32_t nparts;
  wn_span name;  /* extension tag name */
  wn_span attrs; /* extension tag attributes */
  wn_span body;  /* tag or comment body; heading title region; link: off
                    is the '|' before the label (WN_NONE: none) */
};

/* A warning found by pass 1 or 2, reported with line and column once the
 * tree is built. */
typedef struct tok_warning {
  uint32_t off;
  const char *msg;
  wn_span tag; /* when set, the message is about the tag <tag> */
} tok_warning;

typedef struct tok_warnings {
  tok_warning *items;
  uint32_t n, cap;
  uint32_t dropped; /* beyond WN_MAX_DIAGS_PER_DOC */
  bool depth_reported;
  bool nomem; /* a warning could not be kept: the document fails */
} tok_warnings;

/* Keeps a warning (about the tag <tag> when tag.len) for wn_tokenize to
 * report; inline so that both passes use it without calling each other. */
static inline void tok_warn_tag(wn_arena *a, tok_warnings *w, uint32_t off, wn_span tag,
                                const char *msg) {
  if (w->n >= WN_MAX_DIAGS_PER_DOC) {
    w->dropped++;
    return;
  }
  if (w->n == w->cap) {
    uint32_t cap = w->cap ? w->cap * 2 : 8;
    tok_warning *p = (tok_warning *)wn_arena_alloc(a, cap * sizeof *p);
    if (!p) { /* a lost warning would change the output silently */
      w->nomem = true;
      return;
    }
    if (w->n) memcpy(p, w->items, w->n * sizeof *p);
    w->items = p, w->cap = cap;
  }
  w->items[w->n++] = (tok_warning){off, msg, tag};
}

static inline void tok_warn(wn_arena *a, tok_warnings *w, uint32_t off, const char *msg) {
  tok_warn_tag(a, w, off, (wn_span){0, 0}, msg);
}

/* Pass 1 (tokenizer.c). Returns the root part (the whole text) or NULL on NOMEM. */
ppart *tok_preprocess(wn_arena *a, const char *text, uint32_t len, tok_warnings *w);

/* Pass 2 (tok_inline.c). */
wn_status tok_inline(wn_arena *a, const char *text, uint32_t len, uint32_t line0, uint32_t col0,
                     const ppart *root, tok_warnings *w, wn_tree *out);

/* A parser function name before ':' ("formatnum", "lc"; any case);
 * tok_names.c. */
bool tok_function_name(const char *s, size_t n);

/* Named HTML entities: code point of s[0..n), or -1; tok_entities.c. */
int32_t tok_entity(const char *s, size_t n);

/* ASCII helpers. */
static inline bool tok_alpha(unsigned char c) { return (unsigned char)((c | 0x20) - 'a') < 26; }
static inline bool tok_digit(unsigned char c) { return (unsigned char)(c - '0') < 10; }
static inline bool tok_alnum(unsigned char c) { return tok_alpha(c) || tok_digit(c); }
static inline unsigned char tok_lower(unsigned char c) {
  return (unsigned char)(c - 'A') < 26 ? (unsigned char)(c | 0x20) : c;
}
static inline bool tok_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Case-insensitive (ASCII) equality of s[0..n) with the lowercase word. */
static inline bool tok_ieq(const char *s, size_t n, const char *word) {
  size_t i = 0;
  for (; i < n && word[i]; i++)
    if (tok_lower((unsigned char)s[i]) != (unsigned char)word[i]) return false;
  return i == n && !word[i];
}

/* s[0..n) is one of the words of list (fold: ASCII case-insensitively,
 * the words in lower case). */
static inline bool tok_in_list(const char *s, size_t n, const char *const *list, size_t count,
                               bool fold) {
  for (size_t i = 0; i < count; i++) {
    if (fold ? tok_ieq(s, n, list[i]) : (strlen(list[i]) == n && !memcmp(s, list[i], n)))
      return true;
  }
  return false;
}

/* ---- fast scanning ----
 * Plain text is skipped 16 bytes at a time with SSE2 where the compiler
 * targets it (every x86-64), else with a 256-byte class table. A stop
 * set has at most TOK_NEEDLES bytes (unused slots repeat a used byte);
 * its vectors are built once per document and mask. */
enum { TOK_NEEDLES = 10 };

typedef struct tok_stops {
#if defined(__SSE2__)
  __m128i v[TOK_NEEDLES];
#endif
  const uint8_t *cls;
  uint8_t mask;
  bool ready;
} tok_stops;

static inline void tok_stops_init(tok_stops *st, const uint8_t *cls, uint8_t mask,
                                  const char needles[TOK_NEEDLES]) {
#if defined(__SSE2__)
  for (int k = 0; k < TOK_NEEDLES; k++) st->v[k] = _mm_set1_epi8(needles[k]);
#else
  (void)needles;
#endif
  st->cls = cls, st->mask = mask, st->ready = true;
}

/* The first byte in [i, end) whose class meets the mask; bytes up to
 * limit may be read (a vector may look past end, never past limit). */
static inline uint32_t tok_skip(const char *s, uint32_t i, uint32_t end, uint32_t limit,
                                const tok_stops *st) {
#if defined(__SSE2__)
  const __m128i v0 = st->v[0], v1 = st->v[1], v2 = st->v[2], v3 = st->v[3], v4 = st->v[4];
  const __m128i v5 = st->v[5], v6 = st->v[6], v7 = st->v[7], v8 = st->v[8], v9 = st->v[9];
  while (i < end && i + 16 <= limit) {
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
    __m128i a = _mm_or_si128(_mm_cmpeq_epi8(x, v0), _mm_cmpeq_epi8(x, v1));
    __m128i b = _mm_or_si128(_mm_cmpeq_epi8(x, v2), _mm_cmpeq_epi8(x, v3));
    __m128i c = _mm_or_si128(_mm_cmpeq_epi8(x, v4), _mm_cmpeq_epi8(x, v5));
    __m128i d = _mm_or_si128(_mm_cmpeq_epi8(x, v6), _mm_cmpeq_epi8(x, v7));
    __m128i e = _mm_or_si128(_mm_cmpeq_epi8(x, v8), _mm_cmpeq_epi8(x, v9));
    __m128i m = _mm_or_si128(_mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, d)), e);
    unsigned bits = (unsigned)_mm_movemask_epi8(m);
    if (end - i < 16) bits &= (1u << (end - i)) - 1;
    if (bits) return i + (uint32_t)__builtin_ctz(bits);
    i += 16;
  }
  if (i >= end) return end;
#else
  (void)limit;
#endif
  const uint8_t *cls = st->cls, mask = st->mask;
  while (i < end && !(cls[(uint8_t)s[i]] & mask)) i++;
  return i;
}

#endif

/*
 * Internals shared by the lexicon's files: lexicon.c (tables, folding,
 * the per-document layer) and designation.c (mission designations). The
 * lexicon's API is in values.h.
 */
#ifndef WN_LEXICON_H
#define WN_LEXICON_H

#include "values.h"

/* The lookup key of a name into arena a: NFKC, Traditional -> Simplified,
 * casefold, the middle-dot family, spaces squeezed. NULL on failure. */
char *wn_lex_fold_key(wn_arena *a, const char *s, size_t n, size_t *out_len);
/* Collapses runs of spaces and '_' to one ' ' and trims, in place; lower:
 * ASCII letters lowered too. Returns the new length (s is NUL-ended). */
size_t wn_squeeze_spaces(char *s, size_t n, bool lower);
/* The en programme of a folded zh programme key ("联盟" -> "Soyuz"), or
 * NULL; the longest such key in code points (0 when there are none). */
const char *wn_lex_programme(const wn_lexdoc *ld, const char *key, size_t len);
size_t wn_lex_programme_max(const wn_lexdoc *ld);
/* Records that memory ran out (wn_lexdoc_failed then says so). */
void wn_lexdoc_set_failed(const wn_lexdoc *ld);

#endif

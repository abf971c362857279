/* Name identity across languages and spellings (names.c). */
#ifndef WN_NAMES_H
#define WN_NAMES_H

#include "wikinorm.h"

/* Name identity: 0 different, 1 the same after folding case, accents (of
 * every script, through utf8proc), punctuation and transliteration
 * variants (Andrei/Andrey, Vasiliy/Vasili), 2 the same surname with
 * compatible given names (Robert S. Kimbrough / Shane Kimbrough: the
 * initial S. stands for Shane), 3 one is a single word that ends the
 * other (Kimbrough / Shane Kimbrough, Kazakhstan / Steppes of the
 * Kazakhstan): a refinement; -1 when the arena fails. Scratch in a. */
int wn_names_match(wn_arena *a, const char *x, const char *y);

#endif

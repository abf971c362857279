/*
 * The one growable array and the one hash map of the library.
 *
 * Both allocate either in an arena (per-document data: growth abandons
 * the old block, which the arena frees on reset; total stays within 2x)
 * or on the heap through wn_malloc (long-lived data, arena == NULL).
 * Every growth failure returns false and leaves the container as it was.
 */
#ifndef WN_UTIL_VEC_H
#define WN_UTIL_VEC_H

#include "wikinorm.h"

/* ---- vector ---- */

typedef struct wn_vec {
  void *items;
  size_t n, cap;
} wn_vec;

/* Makes room for `more` elements of `size` bytes past n. */
bool wn_vec_reserve(wn_arena *a, wn_vec *v, size_t size, size_t more);
/* Appends one element (copied from x); false on allocation failure. */
bool wn_vec_push(wn_arena *a, wn_vec *v, size_t size, const void *x);
/* Frees a heap vector (a == NULL at growth); arena vectors need nothing. */
void wn_vec_free(wn_vec *v);

/* Typed access: WN_VEC_AT(v, T, i) is the i-th element as a T. */
#define WN_VEC_AT(v, T, i) (((T *)(v)->items)[i])
#define WN_VEC_PUSH(a, v, T, x) wn_vec_push((a), (v), sizeof(T), &(T){x})

/* ---- hash map: byte-string keys to pointer values ---- */

typedef struct wn_map_slot {
  const char *key; /* not copied: the caller keeps it alive as long as the map */
  size_t len;
  uint32_t hash;
  void *value;
} wn_map_slot;

typedef struct wn_map {
  wn_arena *arena; /* NULL: heap */
  wn_map_slot *slots;
  size_t cap, n; /* cap is 0 or a power of two */
  bool fixed;    /* slots given by the caller: the map never grows */
} wn_map;

/* FNV-1a over s[0..n): the one string hash. */
uint32_t wn_hash(const char *s, size_t n);

void wn_map_init(wn_map *m, wn_arena *a);
/* A map over the caller's zeroed array of cap slots (a power of two),
 * for tables built once without allocation; wn_map_put returns NULL once
 * it is three quarters full. */
void wn_map_init_fixed(wn_map *m, wn_map_slot *slots, size_t cap);
void wn_map_free(wn_map *m); /* heap maps only; arena and fixed maps need nothing */
/* The value for key, or NULL when absent. */
void *wn_map_get(const wn_map *m, const char *key, size_t len);
/* The slot for key, inserted (value NULL, *created true) when absent;
 * NULL on allocation failure. The slot moves when the map grows. */
wn_map_slot *wn_map_put(wn_map *m, const char *key, size_t len, bool *created);

#endif

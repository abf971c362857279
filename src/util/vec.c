/* The growable array and the hash map (vec.h). */
#include "util/vec.h"

#include <string.h>

bool wn_vec_reserve(wn_arena *a, wn_vec *v, size_t size, size_t more) {
  if (more <= v->cap - v->n) return true;
  if (more > (SIZE_MAX / 2) / size - v->n) return false;
  size_t cap = v->cap ? v->cap : 4;
  while (cap - v->n < more) cap *= 2;
  void *p;
  if (a) {
    p = wn_arena_alloc(a, cap * size);
    if (p && v->n) memcpy(p, v->items, v->n * size);
  } else {
    p = wn_realloc(v->items, cap * size);
  }
  if (!p) return false;
  v->items = p;
  v->cap = cap;
  return true;
}

bool wn_vec_push(wn_arena *a, wn_vec *v, size_t size, const void *x) {
  if (!wn_vec_reserve(a, v, size, 1)) return false;
  memcpy((char *)v->items + v->n * size, x, size);
  v->n++;
  return true;
}

void wn_vec_free(wn_vec *v) {
  wn_free(v->items);
  *v = (wn_vec){0};
}

uint32_t wn_hash(const char *s, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

void wn_map_init(wn_map *m, wn_arena *a) { *m = (wn_map){a, NULL, 0, 0, false}; }

void wn_map_init_fixed(wn_map *m, wn_map_slot *slots, size_t cap) {
  *m = (wn_map){NULL, slots, cap, 0, true};
}

void wn_map_free(wn_map *m) {
  if (m->fixed) return;
  if (!m->arena) wn_free(m->slots);
  m->slots = NULL;
  m->cap = m->n = 0;
}

static wn_map_slot *find(const wn_map *m, const char *key, size_t len, uint32_t h) {
  size_t mask = m->cap - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    wn_map_slot *s = &m->slots[i];
    if (!s->key || (s->hash == h && s->len == len && !memcmp(s->key, key, len))) return s;
  }
}

void *wn_map_get(const wn_map *m, const char *key, size_t len) {
  if (!m->cap) return NULL;
  wn_map_slot *s = find(m, key, len, wn_hash(key, len));
  return s->key ? s->value : NULL;
}

static bool grow(wn_map *m) {
  if (m->fixed) return false;
  size_t cap = m->cap ? m->cap * 2 : 16;
  if (cap > SIZE_MAX / sizeof(wn_map_slot)) return false;
  wn_map_slot *slots =
      m->arena ? wn_arena_calloc(m->arena, cap, sizeof *slots) : wn_malloc(cap * sizeof *slots);
  if (!slots) return false;
  if (!m->arena) memset(slots, 0, cap * sizeof *slots);
  wn_map old = *m;
  m->slots = slots;
  m->cap = cap;
  for (size_t i = 0; i < old.cap; i++)
    if (old.slots[i].key)
      *find(m, old.slots[i].key, old.slots[i].len, old.slots[i].hash) = old.slots[i];
  if (!m->arena) wn_free(old.slots);
  return true;
}

wn_map_slot *wn_map_put(wn_map *m, const char *key, size_t len, bool *created) {
  *created = false;
  if ((m->n + 1) * 4 > m->cap * 3 && !grow(m)) return NULL;
  uint32_t h = wn_hash(key, len);
  wn_map_slot *s = find(m, key, len, h);
  if (!s->key) {
    *s = (wn_map_slot){key ? key : "", len, h, NULL};
    m->n++;
    *created = true;
  }
  return s;
}

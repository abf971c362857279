/* The arena: bump allocation for one document, reset between documents. */
#include "wikinorm.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "limits.h"

typedef struct block {
  struct block *next;
  size_t size, used;
  _Alignas(16) unsigned char data[];
} block;

struct wn_arena {
  block *head; /* current block; older ones follow via next */
  size_t total;
  size_t grow; /* size of the next ordinary block */
};

static block *block_new(size_t size) {
  if (size > SIZE_MAX - sizeof(block)) return NULL; /* the header would wrap */
  block *b = wn_malloc(sizeof(block) + size);
  if (!b) return NULL;
  b->next = NULL;
  b->size = size;
  b->used = 0;
  return b;
}

/* Arenas start small and double up to WN_ARENA_BLOCK: many are short-lived
 * (a diff makes several per pair), and a 256 KiB block each is an mmap. */
wn_arena *wn_arena_new(void) {
  wn_arena *a = wn_malloc(sizeof *a);
  if (!a) return NULL;
  a->head = block_new(WN_ARENA_FIRST_BLOCK);
  if (!a->head) {
    wn_free(a);
    return NULL;
  }
  a->total = WN_ARENA_FIRST_BLOCK;
  a->grow = WN_ARENA_FIRST_BLOCK * 2;
  return a;
}

void wn_arena_free(wn_arena *a) {
  if (!a) return;
  for (block *b = a->head, *n; b; b = n) {
    n = b->next;
    wn_free(b);
  }
  wn_free(a);
}

/* Keeps the largest ordinary block (an arena reused per document soon
 * holds one of WN_ARENA_BLOCK) and frees the rest, oversized ones too. */
void wn_arena_reset(wn_arena *a) {
  block *keep = NULL;
  for (block *b = a->head; b; b = b->next)
    if (b->size <= WN_ARENA_BLOCK && (!keep || b->size > keep->size)) keep = b;
  for (block *b = a->head, *n; b; b = n) {
    n = b->next;
    if (b != keep) wn_free(b);
  }
  keep->next = NULL;
  keep->used = 0;
  a->head = keep;
  a->total = keep->size;
  a->grow = keep->size < WN_ARENA_BLOCK ? keep->size * 2 : WN_ARENA_BLOCK;
}

void *wn_arena_alloc(wn_arena *a, size_t n) {
  size_t need = (n + 15) & ~(size_t)15;
  if (need < n) return NULL; /* overflow */
  block *b = a->head;
  if (b->size - b->used < need) {
    size_t size = need > a->grow ? need : a->grow;
    block *nb = block_new(size);
    if (!nb) return NULL;
    if (a->grow < WN_ARENA_BLOCK) a->grow *= 2;
    nb->next = a->head;
    a->head = nb;
    a->total += size;
    b = nb;
  }
  void *p = b->data + b->used;
  b->used += need;
  return p;
}

void *wn_arena_calloc(wn_arena *a, size_t n, size_t size) {
  if (size && n > SIZE_MAX / size) return NULL;
  void *p = wn_arena_alloc(a, n * size);
  if (p) memset(p, 0, n * size);
  return p;
}

char *wn_arena_strndup(wn_arena *a, const char *s, size_t n) {
  char *p = wn_arena_alloc(a, n + 1);
  if (!p) return NULL;
  if (n) memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *wn_arena_printf(wn_arena *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return NULL;
  char *p = wn_arena_alloc(a, (size_t)n + 1);
  if (!p) return NULL;
  va_start(ap, fmt);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return p;
}

size_t wn_arena_bytes(const wn_arena *a) { return a->total; }

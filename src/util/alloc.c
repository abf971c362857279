/* The allocation hooks: every allocation of the library, and of cJSON in
 * the same process, goes through g_alloc. One of the two files that may
 * include cJSON.h (for cJSON_InitHooks); the other is json_in.c. */
#include "wikinorm.h"

#include <cJSON.h>
#include <stdlib.h>

static void *libc_malloc(size_t n, void *u) {
  (void)u;
  return malloc(n);
}
static void *libc_realloc(void *p, size_t n, void *u) {
  (void)u;
  return realloc(p, n);
}
static void libc_free(void *p, void *u) {
  (void)u;
  free(p);
}

static wn_allocator g_alloc = {libc_malloc, libc_realloc, libc_free, NULL};

/* cJSON's hooks carry no user pointer: these trampolines reach g_alloc. */
static void *cjson_malloc(size_t n) { return wn_malloc(n); }
static void cjson_free(void *p) { wn_free(p); }

/* json_in.c parses with cJSON, so cJSON must allocate where we do, or an
 * injected failure would miss the JSON reader. */
void wn_set_allocator(const wn_allocator *a) {
  if (a) {
    g_alloc = *a;
    cJSON_Hooks hooks = {cjson_malloc, cjson_free};
    cJSON_InitHooks(&hooks);
  } else {
    g_alloc = (wn_allocator){libc_malloc, libc_realloc, libc_free, NULL};
    cJSON_InitHooks(NULL);
  }
}

void *wn_malloc(size_t n) { return g_alloc.malloc_fn(n ? n : 1, g_alloc.user); }
void *wn_realloc(void *p, size_t n) { return g_alloc.realloc_fn(p, n ? n : 1, g_alloc.user); }
void wn_free(void *p) {
  if (p) g_alloc.free_fn(p, g_alloc.user);
}

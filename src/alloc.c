/* Allocation hooks, the arena and the growable buffer. */
#include "wikinorm.h"

#include <cJSON.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"

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

/* The records are cJSON trees, so cJSON must allocate where we do, or an
 * injected failure would miss half the library. */
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

const char *wn_status_str(wn_status st) {
  switch (st) {
  case WN_OK: return "ok";
  case WN_ERR_NOMEM: return "out of memory";
  case WN_ERR_IO: return "input/output error";
  case WN_ERR_INPUT: return "malformed input";
  case WN_ERR_LIMIT: return "limit exceeded";
  case WN_ERR_USAGE: return "usage error";
  }
  return "unknown status";
}

/* ---- arena ---- */

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

/* ---- buffer ---- */

void wn_buf_init(wn_buf *b) { *b = (wn_buf){0}; }

void wn_buf_free(wn_buf *b) {
  wn_free(b->data);
  *b = (wn_buf){0};
}

void wn_buf_clear(wn_buf *b) {
  b->len = 0;
  b->failed = false;
  if (b->data) b->data[0] = '\0';
}

static bool buf_reserve(wn_buf *b, size_t extra) {
  if (b->failed) return false;
  if (extra > SIZE_MAX - b->len - 1) return b->failed = true, false;
  size_t need = b->len + extra + 1;
  if (need <= b->cap) return true;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
  char *p = wn_realloc(b->data, cap);
  if (!p) return b->failed = true, false;
  b->data = p;
  b->cap = cap;
  return true;
}

bool wn_buf_append(wn_buf *b, const char *s, size_t n) {
  if (!buf_reserve(b, n)) return false;
  if (n) memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
  return true;
}

bool wn_buf_puts(wn_buf *b, const char *s) { return wn_buf_append(b, s, strlen(s)); }
bool wn_buf_putc(wn_buf *b, char c) { return wn_buf_append(b, &c, 1); }

bool wn_buf_printf(wn_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0 || !buf_reserve(b, (size_t)n)) return false;
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
  return true;
}

bool wn_buf_json_string(wn_buf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  if (!buf_reserve(b, n + 2)) return false;
  b->data[b->len++] = '"';
  size_t run = 0; /* bytes copied verbatim in one go */
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    if (!wn_buf_append(b, s + run, i - run)) return false;
    run = i + 1;
    char esc[7] = {'\\', 0, 0, 0, 0, 0, 0};
    size_t el = 2;
    switch (c) {
    case '"': esc[1] = '"'; break;
    case '\\': esc[1] = '\\'; break;
    case '\n': esc[1] = 'n'; break;
    case '\r': esc[1] = 'r'; break;
    case '\t': esc[1] = 't'; break;
    default:
      esc[1] = 'u', esc[2] = '0', esc[3] = '0', esc[4] = hex[c >> 4], esc[5] = hex[c & 15];
      el = 6;
    }
    if (!wn_buf_append(b, esc, el)) return false;
  }
  if (!wn_buf_append(b, s + run, n - run)) return false;
  return wn_buf_putc(b, '"');
}

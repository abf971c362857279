/* The vocabulary tables of data/vocab.tsv ("table<TAB>key<TAB>col…"):
 * months, zones, units, roles, countries, orbits, templates… that the
 * value parsers consult. Built once, without allocation, over the
 * embedded bytes: one fixed-size wn_map from "table<TAB>key" (the bytes
 * of the line itself) to its row. */
#include <pthread.h>
#include <string.h>

#include "embedded.h"
#include "util/vec.h"
#include "values.h"

#define VOCAB_SLOTS 4096 /* map slots: a power of two */
#define VOCAB_ROWS 2048  /* rows kept; tests check every row of the file is found */
#define VOCAB_TABLES 64

typedef struct vocab_entry {
  const char *tname, *key; /* the table and key columns (keys are folded in the data) */
  uint16_t tlen, klen;
  uint16_t table; /* index into vocab_tables when indexed */
  wn_vocab_row row;
} vocab_entry;

/* wn_vocab_find scans the rows of one table: each table lists its rows
 * (it was the hottest function of an infobox document when it scanned
 * every row). */
typedef struct vocab_table {
  const char *name;
  size_t len;
  uint16_t first, count; /* in vocab_order */
} vocab_table;

static pthread_once_t vocab_once = PTHREAD_ONCE_INIT;
static wn_map_slot vocab_slots[VOCAB_SLOTS];
static wn_map vocab_map;
static vocab_entry vocab_rows[VOCAB_ROWS];
static size_t vocab_count;
static vocab_table vocab_tables[VOCAB_TABLES];
static size_t vocab_ntables;
static bool vocab_indexed; /* false: more tables than VOCAB_TABLES, finds scan every row */
static uint16_t vocab_order[VOCAB_ROWS];
/* Values are copied here NUL-terminated, so callers may return them. */
static char vocab_pool[1 << 16];
static size_t vocab_pool_used;

static const char *pool_copy(const char *s, size_t n) {
  if (vocab_pool_used + n + 1 > sizeof vocab_pool) return NULL;
  char *p = vocab_pool + vocab_pool_used;
  memcpy(p, s, n);
  p[n] = '\0';
  vocab_pool_used += n + 1;
  return p;
}

static int table_index(const char *t, size_t tl) {
  for (size_t i = 0; i < vocab_ntables; i++)
    if (vocab_tables[i].len == tl && !memcmp(vocab_tables[i].name, t, tl)) return (int)i;
  if (vocab_ntables == VOCAB_TABLES) return -1;
  vocab_tables[vocab_ntables] = (vocab_table){t, tl, 0, 0};
  return (int)vocab_ntables++;
}

/* One row; line[0..kend) is "table<TAB>key", the map's key. The first
 * row of a key wins. */
static void vocab_put(const char *line, size_t tl, size_t kend, const char *const *cols,
                      const size_t *lens, size_t nc) {
  if (vocab_count >= VOCAB_ROWS) return;
  bool created;
  wn_map_slot *s = wn_map_put(&vocab_map, line, kend, &created);
  if (!s || !created) return;
  vocab_entry *e = &vocab_rows[vocab_count];
  int t = table_index(line, tl);
  if (t < 0) vocab_indexed = false, t = 0;
  *e = (vocab_entry){line,        line + tl + 1, (uint16_t)tl, (uint16_t)(kend - tl - 1),
                     (uint16_t)t, {{0}, {0}}};
  for (size_t c = 2; c < nc; c++) {
    e->row.col[c - 2] = pool_copy(cols[c], lens[c]);
    e->row.len[c - 2] = e->row.col[c - 2] ? (uint32_t)lens[c] : 0;
  }
  s->value = e;
  vocab_count++;
}

static void vocab_index(void) {
  for (size_t i = 0; i < vocab_count; i++) vocab_tables[vocab_rows[i].table].count++;
  uint16_t at = 0;
  for (size_t k = 0; k < vocab_ntables; k++)
    vocab_tables[k].first = at, at += vocab_tables[k].count;
  uint16_t fill[VOCAB_TABLES] = {0};
  for (size_t i = 0; i < vocab_count; i++) {
    size_t k = vocab_rows[i].table;
    vocab_order[vocab_tables[k].first + fill[k]++] = (uint16_t)i;
  }
}

static void vocab_init(void) {
  wn_map_init_fixed(&vocab_map, vocab_slots, VOCAB_SLOTS);
  vocab_indexed = true;
  const wn_embedded_file *f = wn_embedded("vocab.tsv");
  if (!f) return;
  const char *p = f->data, *end = f->data + f->len;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *e = nl ? nl : end;
    const char *cols[5];
    size_t lens[5], nc = 0;
    if (p < e && *p != '#') {
      for (const char *c = p; nc < 5;) {
        const char *tab = memchr(c, '\t', (size_t)(e - c));
        const char *ce = tab ? tab : e;
        cols[nc] = c, lens[nc] = (size_t)(ce - c), nc++;
        if (!tab) break;
        c = tab + 1;
      }
    }
    if (nc >= 2 && lens[0] < 64 && lens[1] < 128)
      vocab_put(p, lens[0], (size_t)(cols[1] + lens[1] - p), cols, lens, nc);
    p = e + 1;
  }
  if (vocab_indexed) vocab_index();
}

size_t wn_vocab_size(void) {
  pthread_once(&vocab_once, vocab_init);
  return vocab_count;
}

const wn_vocab_row *wn_vocab(const char *table, const char *key, size_t len) {
  pthread_once(&vocab_once, vocab_init);
  char k[64 + 1 + 128];
  size_t tl = strlen(table);
  if (tl >= 64) return NULL;
  memcpy(k, table, tl);
  k[tl] = '\t';
  size_t kl = tl + 1;
  bool space = false;
  for (size_t i = 0; i < len; i++) { /* ASCII case and spaces fold; data keys are folded */
    char c = key[i];
    if (c == ' ' || c == '\t' || c == '_' || c == '\n') {
      space = kl > tl + 1;
      continue;
    }
    if (kl - tl - 1 + 2 >= 128) return NULL;
    if (space) k[kl++] = ' ';
    space = false;
    k[kl++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
  }
  if (kl == tl + 1) return NULL;
  const vocab_entry *e = wn_map_get(&vocab_map, k, kl);
  return e ? &e->row : NULL;
}

static bool word_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool ascii_ieq(const char *a, const char *b, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = (char)(x - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

const wn_vocab_row *wn_vocab_find(const char *table, const char *text, size_t n, size_t *pos,
                                  size_t *len) {
  pthread_once(&vocab_once, vocab_init);
  size_t tl = strlen(table), best_pos = SIZE_MAX, best_len = 0;
  const wn_vocab_row *best = NULL;
  const vocab_table *vt = NULL;
  for (size_t i = 0; i < vocab_ntables && !vt; i++)
    if (vocab_tables[i].len == tl && !memcmp(vocab_tables[i].name, table, tl))
      vt = &vocab_tables[i];
  if (vocab_indexed && !vt) return NULL;
  size_t rows = vocab_indexed ? vt->count : vocab_count;
  for (size_t r = 0; r < rows; r++) {
    const vocab_entry *s = &vocab_rows[vocab_indexed ? vocab_order[vt->first + r] : r];
    if (!vocab_indexed && (s->tlen != tl || memcmp(s->tname, table, tl))) continue;
    bool ascii = word_char((unsigned char)s->key[0]);
    for (size_t p = 0; p + s->klen <= n && p <= best_pos; p++) {
      if (!ascii_ieq(text + p, s->key, s->klen)) continue;
      /* ASCII keys match whole words only: "ms" is not in "Thomas" */
      if (ascii && ((p > 0 && word_char((unsigned char)text[p - 1])) ||
                    (p + s->klen < n && word_char((unsigned char)text[p + s->klen]) &&
                     word_char((unsigned char)s->key[s->klen - 1]))))
        continue;
      if (p < best_pos || s->klen > best_len) best_pos = p, best_len = s->klen, best = &s->row;
      break;
    }
  }
  if (best) *pos = best_pos, *len = best_len;
  return best;
}

/*
 * Records: the context (mappings + lexicon) and wn_normalize, which turns
 * each infobox of a document into one record of SCHEMA.md section 1:
 *
 *   {schema, key, designation, source, fields, extra, provenance, warnings}
 *
 * fields hold nested objects in the mapping's (schema) order: the path
 * "launch.time" is fields.launch.time. provenance, warnings and extra name
 * fields by their dotted paths; list elements as "docking[0].target".
 */
#include "normalize.h"

#include <errno.h>
#include <string.h>

#include "embedded.h"

#define SCHEMA_ID "wikinorm/spaceflight/1"

struct wn_context {
  wn_mapping map;
  wn_lexicon *lex;
};

/* ---- the context ---- */

static wn_status read_whole_file(const char *path, wn_buf *b, wn_diag_sink *sink) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    wn_report(sink, path, 0, 0, WN_ERROR, "cannot open mapping file: %s", strerror(errno));
    return WN_ERR_IO;
  }
  char chunk[16384];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) wn_buf_append(b, chunk, n);
  bool bad = ferror(f);
  fclose(f);
  if (bad) {
    wn_report(sink, path, 0, 0, WN_ERROR, "cannot read mapping file");
    return WN_ERR_IO;
  }
  return b->failed ? WN_ERR_NOMEM : WN_OK;
}

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && !strcmp(s + n - m, suffix);
}

/* Every embedded *.map, then each --mapping file: later ones override. */
static wn_status load_mappings(wn_context *ctx, const wn_context_opts *opts, wn_diag_sink *sink) {
  wn_status st = WN_OK;
  for (const wn_embedded_file *e = wn_embedded_files; e->name && st == WN_OK; e++)
    if (ends_with(e->name, ".map")) st = wn_mapping_load(&ctx->map, e->name, e->data, e->len, sink);
  for (size_t i = 0; opts && i < opts->mapping_count && st == WN_OK; i++) {
    wn_buf b;
    wn_buf_init(&b);
    st = read_whole_file(opts->mapping_files[i], &b, sink);
    if (st == WN_OK)
      st = wn_mapping_load(&ctx->map, opts->mapping_files[i], b.data ? b.data : "", b.len, sink);
    wn_buf_free(&b);
  }
  return st == WN_OK ? wn_mapping_check(&ctx->map, sink) : st;
}

wn_status wn_context_new(const wn_context_opts *opts, wn_diag_sink *sink, wn_context **out) {
  *out = NULL;
  wn_context *ctx = wn_malloc(sizeof *ctx);
  if (!ctx) return WN_ERR_NOMEM;
  memset(ctx, 0, sizeof *ctx);
  wn_status st = wn_mapping_init(&ctx->map);
  if (st == WN_OK) st = load_mappings(ctx, opts, sink);
  if (st == WN_OK)
    st = wn_lexicon_new(opts ? opts->lexicon_files : NULL, opts ? opts->lexicon_count : 0, sink,
                        &ctx->lex);
  if (st != WN_OK) {
    wn_context_free(ctx);
    return st;
  }
  *out = ctx;
  return WN_OK;
}

const struct wn_lexicon *wn_context_lexicon(const wn_context *ctx) { return ctx ? ctx->lex : NULL; }

void wn_context_free(wn_context *ctx) {
  if (!ctx) return;
  wn_mapping_free(&ctx->map);
  wn_lexicon_free(ctx->lex);
  wn_free(ctx);
}

/* ---- one record ---- */

/* What a pair became after mapping and parsing. */
typedef struct item {
  const wn_pair *pair;
  int family;  /* the family whose keys it was looked up in */
  int field;   /* field index in that family; -1: extra; -2: skipped */
  cJSON *json; /* the parsed value, owned until placed */
  const char *warning;
} item;

/* Object members by name, so that a repeated key costs O(1) and not a scan
 * of the object (a page may hold 10^5 parameters). In the arena. */
typedef struct keymap {
  const char **keys;
  cJSON **items;
  size_t cap, n;
} keymap;

typedef struct builder {
  const wn_context *ctx;
  wn_arena *a;
  const wn_doc *doc;
  const wn_infobox *ib;
  const wn_map_family *fam;
  wn_lexdoc *ld;
  const char *lang;
  wn_diag_sink *sink;
  item *items;
  size_t nitems;
  int *element; /* per block: index in its list, -1 when dropped */
  int *flat;    /* per List field of fam: index of the flat element, -1 none */
  cJSON *root, *fields, *extra, *provenance, *warnings;
  keymap extra_keys, provenance_keys;
  bool nomem;
} builder;

static cJSON *check(builder *b, cJSON *j) {
  if (!j) b->nomem = true;
  return j;
}

/* Adds v to an object (or an array when name is NULL); on failure v is
 * freed and the record marked out of memory. */
static void put(builder *b, cJSON *container, const char *name, cJSON *v) {
  if (!v) {
    b->nomem = true;
    return;
  }
  bool ok = container &&
            (name ? cJSON_AddItemToObject(container, name, v) : cJSON_AddItemToArray(container, v));
  if (!ok) {
    cJSON_Delete(v);
    b->nomem = true;
  }
}

static size_t hash_str(const char *s) {
  size_t h = 2166136261u; /* FNV-1a */
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

static bool keymap_grow(builder *b, keymap *m) {
  size_t cap = m->cap ? m->cap * 2 : 64;
  const char **keys = wn_arena_calloc(b->a, cap, sizeof *keys);
  cJSON **items = wn_arena_calloc(b->a, cap, sizeof *items);
  if (!keys || !items) return !(b->nomem = true);
  for (size_t i = 0; i < m->cap; i++) {
    if (!m->keys[i]) continue;
    size_t j = hash_str(m->keys[i]) & (cap - 1);
    while (keys[j]) j = (j + 1) & (cap - 1);
    keys[j] = m->keys[i], items[j] = m->items[i];
  }
  m->keys = keys, m->items = items, m->cap = cap;
  return true;
}

/* The slot of key (inserted empty when new); NULL when out of memory. */
static cJSON **keymap_slot(builder *b, keymap *m, const char *key) {
  if ((m->n + 1) * 2 > m->cap && !keymap_grow(b, m)) return NULL;
  size_t j = hash_str(key) & (m->cap - 1);
  for (; m->keys[j]; j = (j + 1) & (m->cap - 1))
    if (!strcmp(m->keys[j], key)) return &m->items[j];
  m->keys[j] = key;
  m->n++;
  return &m->items[j];
}

static char *raw_text(builder *b, uint32_t off, uint32_t len) {
  char *s = wn_arena_strndup(b->a, b->doc->text + off, len);
  if (!s) b->nomem = true;
  return s;
}

static void add_string(builder *b, cJSON *obj, const char *name, const char *s) {
  if (!obj) return;
  put(b, obj, name, s ? cJSON_CreateString(s) : cJSON_CreateNull());
}

static void add_warning(builder *b, const char *path, const char *key, uint32_t line, uint32_t col,
                        const char *message) {
  cJSON *w = check(b, cJSON_CreateObject());
  if (!w) return;
  add_string(b, w, "path", path);
  put(b, w, "line", cJSON_CreateNumber(line));
  put(b, w, "col", cJSON_CreateNumber(col));
  add_string(b, w, "message", message);
  put(b, b->warnings, NULL, w);
  wn_report(b->sink, b->doc->file, line, col, WN_WARNING, "%s (%s): %s", path, key ? key : "",
            message);
}

static const wn_map_family *family(const builder *b, int f) { return &b->ctx->map.families[f]; }

/* The field path of an item: "launch.time", or "docking[0].target". */
static const char *item_path(builder *b, const item *it, const wn_map_field *fd) {
  const char *p = NULL;
  if (it->pair->block >= 0)
    p = wn_arena_printf(b->a, "%s[%d].%s", family(b, it->family)->list, b->element[it->pair->block],
                        fd->path);
  else if (fd->list >= 0)
    p = wn_arena_printf(b->a, "%s[%d].%s", b->fam->fields[fd->list].path, b->flat[fd->list],
                        fd->leaf);
  else
    p = fd->path;
  if (!p) b->nomem = true;
  return p ? p : "";
}

static const char *item_key(builder *b, const item *it) {
  char *k = wn_arena_strndup(b->a, it->pair->key, it->pair->key_len);
  if (!k) b->nomem = true;
  return k ? k : "";
}

/* ---- pass 1: map and parse every pair ---- */

static wn_status parse_item(builder *b, const wn_pair *p, item *it) {
  it->pair = p;
  it->field = -2;
  it->family = p->block >= 0 ? b->ib->blocks[p->block].family : b->ib->family;
  if (p->holds_blocks || p->empty) return WN_OK; /* consumed by its blocks, or unset */
  const wn_map_family *fam = family(b, it->family);
  const char *norm = wn_map_norm_key(b->a, p->key, p->key_len);
  if (!norm) return WN_ERR_NOMEM;
  int vocab = p->block >= 0 ? WN_VOCAB_PARAM : b->ib->vocab;
  const wn_map_key *mk = wn_mapping_lookup(fam, vocab, norm);
  it->field = mk ? mk->field : -1;
  if (it->field < 0) return WN_OK;
  const wn_map_field *fd = &fam->fields[it->field];
  if (fd->type == WN_MAP_LIST) {
    /* A list key without its nested templates: keep the text. */
    it->field = -1;
    it->warning = "no nested infobox template in this value; kept in extra";
    return WN_OK;
  }
  wn_value_in in = {p->tree, p->node, b->lang, b->ld};
  wn_value_out vo = {NULL, NULL};
  wn_status st = wn_value_parse(b->a, (wn_value_type)fd->type, &in, &vo);
  if (st != WN_OK) return st;
  it->json = vo.json;
  it->warning = vo.warning;
  if (!vo.json) it->field = -2; /* only refs or markup: absent */
  return WN_OK;
}

/* ---- pass 2: list elements ---- */

/* A block is kept when it gave a value or an extra key; kept blocks are
 * numbered per list, and a list's flat element (宇航信息框) comes last. */
static wn_status number_elements(builder *b) {
  size_t nb = b->ib->nblocks, nf = b->fam->nfields;
  b->element = wn_arena_alloc(b->a, (nb + 1) * sizeof *b->element);
  b->flat = wn_arena_alloc(b->a, (nf + 1) * sizeof *b->flat);
  if (!b->element || !b->flat) return WN_ERR_NOMEM;
  for (size_t i = 0; i < nb; i++) b->element[i] = -1;
  for (size_t i = 0; i < nf; i++) b->flat[i] = -1;
  for (size_t i = 0; i < b->nitems; i++) {
    const item *it = &b->items[i];
    if (it->pair->block >= 0 && it->field >= -1) b->element[it->pair->block] = 0;
    if (it->pair->block < 0 && it->field >= 0 && b->fam->fields[it->field].list >= 0)
      b->flat[b->fam->fields[it->field].list] = 0;
  }
  for (size_t l = 0; l < nf; l++) {
    if (b->fam->fields[l].type != WN_MAP_LIST) continue;
    int n = 0;
    for (size_t i = 0; i < nb; i++) {
      const char *list = family(b, b->ib->blocks[i].family)->list;
      if (b->element[i] >= 0 && !strcmp(list, b->fam->fields[l].path)) b->element[i] = n++;
    }
    if (b->flat[l] >= 0) b->flat[l] = n;
  }
  return WN_OK;
}

/* ---- pass 3: slots, provenance, extra, warnings ---- */

typedef struct slot {
  cJSON *json;
  const item *from;
} slot;

static void add_provenance(builder *b, const char *path, const char *key, uint32_t line,
                           uint32_t col, const char *raw) {
  cJSON *p = check(b, cJSON_CreateObject());
  if (!p) return;
  add_string(b, p, "key", key);
  put(b, p, "line", cJSON_CreateNumber(line));
  put(b, p, "col", cJSON_CreateNumber(col));
  add_string(b, p, "raw", raw);
  cJSON **slot = keymap_slot(b, &b->provenance_keys, path);
  if (!slot) return cJSON_Delete(p);
  /* A field given again: its provenance moves to the later key. */
  if (*slot) cJSON_Delete(cJSON_DetachItemViaPointer(b->provenance, *slot));
  *slot = NULL;
  put(b, b->provenance, path, p);
  if (!b->nomem) *slot = p;
}

static void add_extra(builder *b, const item *it) {
  const char *key = item_key(b, it);
  if (it->pair->block >= 0) {
    key = wn_arena_printf(b->a, "%s[%d].%s", family(b, it->family)->list,
                          b->element[it->pair->block], key);
    if (!key) return (void)(b->nomem = true);
  }
  char *raw = raw_text(b, it->pair->off, it->pair->len);
  cJSON **slot = raw ? keymap_slot(b, &b->extra_keys, key) : NULL;
  if (!slot) return;
  /* A repeated key: MediaWiki uses the last value. */
  if (*slot) {
    if (!cJSON_SetValuestring(*slot, raw)) b->nomem = true;
    return;
  }
  cJSON *v = check(b, cJSON_CreateString(raw));
  put(b, b->extra, key, v);
  if (!b->nomem) *slot = v;
}

/* Stores an item's value in its slot; a later value for the same field
 * wins, as with a repeated template parameter. */
static void place(builder *b, slot *slots, item *it, const char *path) {
  const wn_pair *p = it->pair;
  slot *s = &slots[it->field];
  if (s->json) {
    add_warning(b, path, item_key(b, it), p->line, p->col,
                "field given twice; the later value wins");
    cJSON_Delete(s->json);
  }
  s->json = it->json;
  s->from = it;
  it->json = NULL;
  add_provenance(b, path, item_key(b, it), p->line, p->col, raw_text(b, p->off, p->len));
}

/* P.caption completes the Photo at P: {"file", "caption", "order"}. */
static void merge_captions(builder *b, const wn_map_family *fam, slot *slots) {
  for (size_t i = 0; i < fam->nfields; i++) {
    if (fam->fields[i].type != WN_VT_CAPTION || !slots[i].json) continue;
    const char *path = fam->fields[i].path;
    size_t plen = strlen(path) - strlen(".caption");
    int photo = -1;
    for (size_t k = 0; k < fam->nfields; k++)
      if (strlen(fam->fields[k].path) == plen && !strncmp(fam->fields[k].path, path, plen))
        photo = (int)k;
    if (photo < 0) continue;
    cJSON *cap = slots[i].json;
    slots[i].json = NULL;
    if (!slots[photo].json) slots[photo].json = check(b, cJSON_CreateObject());
    cJSON *ph = slots[photo].json;
    if (!ph || !cJSON_IsObject(ph)) {
      cJSON_Delete(cap);
      continue;
    }
    if (cJSON_IsString(cap)) {
      put(b, ph, "caption", cap);
      continue;
    }
    /* Move the caption's members after the file, keeping their order. */
    while (cap->child) {
      cJSON *c = cJSON_DetachItemViaPointer(cap, cap->child);
      cJSON_DeleteItemFromObjectCaseSensitive(ph, c->string);
      put(b, ph, c->string, c);
    }
    cJSON_Delete(cap);
  }
}

/* Sets fields[path] (nested objects for dotted paths). Takes v. */
static void set_path(builder *b, cJSON *root, const char *path, cJSON *v) {
  cJSON *obj = root;
  const char *s = path;
  for (const char *dot; (dot = strchr(s, '.')); s = dot + 1) {
    char *part = wn_arena_strndup(b->a, s, (size_t)(dot - s));
    if (!part) return cJSON_Delete(v), (void)(b->nomem = true);
    cJSON *next = cJSON_GetObjectItemCaseSensitive(obj, part);
    if (!next) {
      next = check(b, cJSON_CreateObject());
      if (!next) return cJSON_Delete(v);
      put(b, obj, part, next);
      if (b->nomem) return cJSON_Delete(v);
    }
    if (!cJSON_IsObject(next)) return cJSON_Delete(v); /* a value already sits there */
    obj = next;
  }
  if (cJSON_GetObjectItemCaseSensitive(obj, s)) return cJSON_Delete(v); /* checked by the mapping */
  put(b, obj, s, v);
}

/* One list element: its fields in the family's order. Takes the slots. */
static cJSON *element_object(builder *b, const wn_map_family *fam, slot *slots, int list) {
  cJSON *o = check(b, cJSON_CreateObject());
  for (size_t i = 0; i < fam->nfields; i++) {
    if (!slots[i].json || (list >= 0 && fam->fields[i].list != list)) continue;
    cJSON *v = slots[i].json;
    slots[i].json = NULL;
    if (o)
      set_path(b, o, fam->fields[i].leaf, v);
    else
      cJSON_Delete(v);
  }
  return o;
}

static slot *new_slots(builder *b, size_t n) {
  slot *s = wn_arena_calloc(b->a, n + 1, sizeof *s);
  if (!s) b->nomem = true;
  return s;
}

static void free_slots(slot *s, size_t n) {
  for (size_t i = 0; s && i < n; i++) cJSON_Delete(s[i].json), s[i].json = NULL;
}

static void place_items(builder *b, slot *top, slot **blocks) {
  for (size_t i = 0; i < b->nitems; i++) {
    item *it = &b->items[i];
    const wn_pair *p = it->pair;
    if (it->field == -2) continue;
    if (p->block >= 0 && b->element[p->block] < 0) continue;
    if (it->field == -1) {
      add_extra(b, it);
      if (it->warning)
        add_warning(b, item_key(b, it), item_key(b, it), p->line, p->col, it->warning);
      continue;
    }
    const wn_map_family *fam = family(b, it->family);
    const char *path = item_path(b, it, &fam->fields[it->field]);
    if (it->warning) add_warning(b, path, item_key(b, it), p->line, p->col, it->warning);
    place(b, p->block >= 0 ? blocks[p->block] : top, it, path);
  }
}

/* ---- the crew table ---- */

/* Plain text of a cell; NULL when absent or empty (b->nomem on failure). */
static char *cell_text(builder *b, const wn_tree *t, uint32_t cell, size_t *len) {
  *len = 0;
  if (cell == WN_NONE) return NULL;
  wn_value_in in = {t, cell, b->lang, b->ld};
  char *s = wn_value_text(b->a, &in, len);
  if (!s) b->nomem = true;
  return s && *len ? s : NULL;
}

static void crew_from_table(builder *b, slot *top) {
  const wn_infobox *ib = b->ib;
  int f = b->fam->crew_field;
  if (!ib->crew_rows || f < 0) return;
  cJSON *members = check(b, cJSON_CreateArray());
  if (!members) return;
  for (size_t r = 0; r < ib->ncrew_rows; r++) {
    const wn_crew_row *row = &ib->crew_rows[r];
    if (row->cell[WN_COL_NAME] == WN_NONE) continue;
    size_t rl, fl;
    char *role_text = cell_text(b, ib->crew_tree, row->cell[WN_COL_ROLE], &rl);
    char *flight_text = cell_text(b, ib->crew_tree, row->cell[WN_COL_FLIGHT], &fl);
    const char *role = role_text ? wn_crew_role(role_text, rl) : NULL;
    int flight = flight_text ? wn_flight_number(flight_text, fl) : 0;
    const wn_node *cell = &ib->crew_tree->nodes[row->cell[WN_COL_NAME]];
    uint32_t line, col;
    line = cell->line, col = cell->col;
    if (role_text && !role)
      add_warning(b, b->fam->fields[f].path, ib->crew_heading, line, col,
                  "unknown crew role; left out");
    size_t nl;
    if (!cell_text(b, ib->crew_tree, row->cell[WN_COL_NAME], &nl)) continue; /* no name */
    wn_value_in in = {ib->crew_tree, row->cell[WN_COL_NAME], b->lang, b->ld};
    cJSON *m;
    if (wn_crew_member(b->a, &in, role, flight, &m) != WN_OK) b->nomem = true;
    if (m) put(b, members, NULL, m);
  }
  if (!cJSON_GetArraySize(members)) return cJSON_Delete(members);
  /* The table wins over an infobox list: it has roles and flights. */
  cJSON_Delete(top[f].json);
  top[f].json = members;
  const wn_node *t = &ib->crew_tree->nodes[ib->crew_table];
  add_provenance(b, b->fam->fields[f].path, ib->crew_heading, ib->crew_line, ib->crew_col,
                 raw_text(b, t->span.off, t->span.len));
}

/* ---- assembly ---- */

static void build_fields(builder *b, slot *top, slot **blocks) {
  const wn_map_family *fam = b->fam;
  merge_captions(b, fam, top);
  for (size_t i = 0; i < b->ib->nblocks; i++)
    if (blocks[i]) merge_captions(b, family(b, b->ib->blocks[i].family), blocks[i]);
  for (size_t i = 0; i < fam->nfields; i++) {
    const wn_map_field *fd = &fam->fields[i];
    if (fd->list >= 0) continue; /* placed with its list */
    if (fd->type != WN_MAP_LIST) {
      if (top[i].json) set_path(b, b->fields, fd->path, top[i].json);
      top[i].json = NULL;
      continue;
    }
    cJSON *arr = check(b, cJSON_CreateArray());
    if (!arr) return;
    for (size_t k = 0; k < b->ib->nblocks; k++) {
      const wn_map_family *bf = family(b, b->ib->blocks[k].family);
      if (b->element[k] < 0 || strcmp(bf->list, fd->path)) continue;
      cJSON *e = element_object(b, bf, blocks[k], -1);
      put(b, arr, NULL, e);
    }
    if (b->flat[i] >= 0) {
      cJSON *e = element_object(b, fam, top, (int)i);
      put(b, arr, NULL, e);
    }
    if (cJSON_GetArraySize(arr))
      set_path(b, b->fields, fd->path, arr);
    else
      cJSON_Delete(arr);
  }
}

/* The mission name as plain text: the name field's value, else a title. */
static char *name_text(builder *b, size_t *len) {
  for (size_t i = 0; i < b->nitems; i++) {
    const item *it = &b->items[i];
    if (it->pair->block >= 0 || it->field < 0 || strcmp(b->fam->fields[it->field].path, "name"))
      continue;
    wn_value_in in = {it->pair->tree, it->pair->node, b->lang, b->ld};
    char *s = wn_value_text(b->a, &in, len);
    if (!s) b->nomem = true;
    if (s && *len) return s;
  }
  const char *t = b->ib->title ? b->ib->title : b->doc->title;
  *len = t ? strlen(t) : 0;
  return t && *len ? (char *)t : NULL;
}

static bool has_alnum(const char *s) {
  for (; *s; s++)
    if ((*s >= '0' && *s <= '9') || ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z')) return true;
  return false;
}

static bool has_cjk(const char *s) {
  for (; *s; s++)
    if ((unsigned char)*s >= 0xE3) return true;
  return false;
}

/* schema, key, designation. *unkeyed receives the reason when there is no
 * key, to be warned about once the warnings array exists. */
static void add_key_and_designation(builder *b, const char **unkeyed) {
  size_t len;
  char *name = name_text(b, &len);
  const char *des = name ? wn_mission_designation(b->a, b->ld, name, len) : NULL;
  const char *key = des ? wn_mission_key(b->a, des) : NULL;
  /* NULL from these means empty, or unknown CJK; anything else is memory. */
  if ((name && !des && has_alnum(name)) || (des && !key && !has_cjk(des) && has_alnum(des)))
    b->nomem = true;
  add_string(b, b->root, "schema", SCHEMA_ID);
  add_string(b, b->root, "key", key);
  add_string(b, b->root, "designation", des);
  *unkeyed = key   ? NULL
             : des ? wn_arena_printf(b->a,
                                     "no lexicon entry turns '%s' into a language-neutral key "
                                     "(add one with --lexicon)",
                                     des)
                   : "no mission name or title; the record has no key";
}

static void add_id(builder *b, cJSON *o, const char *name, int64_t id) {
  cJSON *v = id < 0 ? cJSON_CreateNull() : cJSON_CreateNumber((double)id);
  put(b, o, name, v);
}

static void add_source(builder *b) {
  static const char *const vocab_names[] = {"zh_params", "template_params", "rendered"};
  cJSON *s = check(b, cJSON_CreateObject());
  if (!s) return;
  put(b, b->root, "source", s);
  if (b->nomem) return;
  add_string(b, s, "file", b->doc->file);
  add_string(b, s, "title", b->doc->title ? b->doc->title : b->ib->title);
  add_string(b, s, "lang", b->lang);
  add_string(b, s, "format", b->doc->format == WN_FORMAT_RENDERED ? "rendered" : "wikitext");
  add_string(b, s, "template", b->ib->template_name);
  add_string(b, s, "vocabulary", vocab_names[b->ib->vocab]);
  add_id(b, s, "page_id", b->doc->page_id);
  add_id(b, s, "revision_id", b->doc->revision_id);
}

/* The language: the document's (reader: --lang or the script), else the
 * template's hint, else the script of the text. */
static const char *record_lang(const wn_doc *doc, const wn_infobox *ib) {
  if (doc->lang && *doc->lang) return doc->lang;
  if (ib->lang && *ib->lang) return ib->lang;
  const char *l = wn_detect_lang(doc->text, doc->len);
  return *l ? l : "und";
}

/* The rendered title stands for the name when no line gives one. */
static wn_status title_item(builder *b, wn_pair *p, item *it) {
  const wn_infobox *ib = b->ib;
  int name = -1;
  for (size_t i = 0; i < b->fam->nfields; i++)
    if (!strcmp(b->fam->fields[i].path, "name")) name = (int)i;
  if (!ib->title || name < 0) return WN_OK;
  for (size_t i = 0; i < b->nitems; i++)
    if (b->items[i].field == name) return WN_OK;
  wn_tree *t = wn_arena_alloc(b->a, sizeof *t);
  if (!t) return WN_ERR_NOMEM;
  wn_status st = wn_tokenize(b->a, b->doc->text + ib->title_off, ib->title_len, ib->title_line,
                             ib->title_col, b->doc->file, b->sink, t);
  if (st != WN_OK) return st;
  *p = (wn_pair){"title",       5,  t,     WN_NONE, ib->title_off, ib->title_len, ib->title_line,
                 ib->title_col, -1, false, false};
  wn_value_in in = {t, WN_NONE, b->lang, b->ld};
  wn_value_out vo = {NULL, NULL};
  st = wn_value_parse(b->a, (wn_value_type)b->fam->fields[name].type, &in, &vo);
  if (st != WN_OK) return st;
  *it = (item){p, ib->family, vo.json ? name : -2, vo.json, vo.warning};
  return WN_OK;
}

static wn_status build_record(builder *b) {
  const wn_infobox *ib = b->ib;
  b->nitems = ib->npairs;
  b->items = wn_arena_calloc(b->a, ib->npairs + 2, sizeof *b->items);
  if (!b->items) return WN_ERR_NOMEM;
  for (size_t i = 0; i < ib->npairs; i++) {
    wn_status st = parse_item(b, &ib->pairs[i], &b->items[i]);
    if (st != WN_OK) return st;
  }
  wn_pair *tp = wn_arena_calloc(b->a, 1, sizeof *tp);
  if (!tp) return WN_ERR_NOMEM;
  wn_status st = title_item(b, tp, &b->items[b->nitems]);
  if (st != WN_OK) return st;
  if (b->items[b->nitems].pair) b->nitems++;
  if ((st = number_elements(b)) != WN_OK) return st;

  b->root = check(b, cJSON_CreateObject());
  if (!b->root) return WN_ERR_NOMEM;
  const char *unkeyed = NULL;
  add_key_and_designation(b, &unkeyed);
  add_source(b);
  b->fields = check(b, cJSON_AddObjectToObject(b->root, "fields"));
  b->extra = check(b, cJSON_AddObjectToObject(b->root, "extra"));
  b->provenance = check(b, cJSON_AddObjectToObject(b->root, "provenance"));
  b->warnings = check(b, cJSON_AddArrayToObject(b->root, "warnings"));
  if (b->nomem) return WN_ERR_NOMEM;
  if (unkeyed) add_warning(b, "name", NULL, ib->line, ib->col, unkeyed);

  slot *top = new_slots(b, b->fam->nfields);
  slot **blocks = wn_arena_calloc(b->a, ib->nblocks + 1, sizeof *blocks);
  if (!top || !blocks) return WN_ERR_NOMEM;
  for (size_t i = 0; i < ib->nblocks; i++) {
    blocks[i] = new_slots(b, family(b, ib->blocks[i].family)->nfields);
    if (!blocks[i]) return WN_ERR_NOMEM;
  }
  place_items(b, top, blocks);
  crew_from_table(b, top);
  build_fields(b, top, blocks);
  free_slots(top, b->fam->nfields);
  for (size_t i = 0; i < ib->nblocks; i++)
    free_slots(blocks[i], family(b, ib->blocks[i].family)->nfields);
  return b->nomem ? WN_ERR_NOMEM : WN_OK;
}

static void free_items(builder *b) {
  for (size_t i = 0; b->items && i < b->nitems; i++) cJSON_Delete(b->items[i].json);
  cJSON_Delete(b->root);
}

static wn_status normalize_one(const wn_context *ctx, wn_arena *a, const wn_doc *doc,
                               const wn_infobox *ib, wn_lexdoc *ld, bool pretty, wn_buf *out,
                               wn_diag_sink *sink) {
  builder b = {0};
  b.ctx = ctx, b.a = a, b.doc = doc, b.ib = ib, b.ld = ld, b.sink = sink;
  b.fam = &ctx->map.families[ib->family];
  b.lang = record_lang(doc, ib);
  wn_status st = build_record(&b);
  if (st == WN_OK && (!wn_emit_json(b.root, pretty, out) || !wn_buf_putc(out, '\n')))
    st = WN_ERR_NOMEM;
  free_items(&b);
  return st;
}

wn_status wn_normalize(const wn_context *ctx, wn_arena *a, const wn_doc *doc, bool pretty,
                       wn_buf *out, unsigned *records, wn_diag_sink *sink) {
  *records = 0;
  wn_infobox *boxes = NULL;
  size_t n = 0;
  wn_lines lines;
  wn_tree tree = {0};
  bool rendered = doc->format == WN_FORMAT_RENDERED;
  /* A page without a candidate template name costs a byte scan only. */
  if (!rendered && !wn_mapping_gate(&ctx->map, doc->text, doc->len)) return WN_OK;
  wn_status st = wn_lines_build(a, doc->text, doc->len, doc->line, doc->col, &lines);
  if (st != WN_OK) return st;
  if (rendered) {
    st = wn_find_rendered(&ctx->map, a, doc, &lines, sink, &boxes, &n);
  } else {
    st = wn_tokenize(a, doc->text, doc->len, doc->line, doc->col, doc->file, sink, &tree);
    if (st == WN_OK) st = wn_find_infoboxes(&ctx->map, a, &tree, &lines, &boxes, &n);
  }
  if (st != WN_OK || !n) return st;
  wn_lexdoc *ld = wn_lexdoc_new(a, ctx->lex);
  if (!ld) return WN_ERR_NOMEM;
  if (!rendered) wn_lexdoc_learn_tree(ld, &tree);
  for (size_t i = 0; i < n; i++) {
    st = normalize_one(ctx, a, doc, &boxes[i], ld, pretty, out, sink);
    if (st != WN_OK) return st;
    ++*records;
  }
  return WN_OK;
}

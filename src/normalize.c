/*
 * wn_normalize: each infobox of a document becomes one wn_record
 * (record.h, SCHEMA.md section 1) in the document's arena:
 *
 *   {schema, key, designation, source, fields, extra, provenance, warnings}
 *
 * fields hold nested OBJECTs in the mapping's (schema) order: the path
 * "launch.time" is fields.launch.time. provenance, warnings and extra name
 * fields by their dotted paths; list elements as "docking[0].target".
 * Values are the typed wn_value of the normalizers (values.h); nothing is
 * formatted here.
 */
#include <string.h>

#include "normalize.h"
#include "record.h"
#include "util/vec.h"

/* ---- one record ---- */

/* What a pair became after mapping and parsing. */
typedef struct item {
  const wn_pair *pair;
  int family;      /* the family whose keys it was looked up in */
  int field;       /* field index in that family; -1: extra; -2: skipped */
  wn_value *value; /* the parsed value, until placed */
  const char *warning;
} item;

typedef struct builder {
  const wn_context *ctx;
  const wn_mapping *map;
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
  wn_record *rec;
  /* Index + 1 in rec->extra / rec->provenance by key and path, so that a
   * repeated key costs O(1) and not a scan (a page may hold 10^5
   * parameters). Provenance moved to a later key leaves a dead entry
   * (path NULL), dropped once at the end. */
  wn_map extra_keys, provenance_keys;
  size_t dead_provenance;
  bool nomem;
} builder;

static char *raw_text(builder *b, uint32_t off, uint32_t len) {
  char *s = wn_arena_strndup(b->a, b->doc->text + off, len);
  if (!s) b->nomem = true;
  return s;
}

static void add_warning(builder *b, const char *path, const char *key, uint32_t line, uint32_t col,
                        const char *message) {
  if (!wn_record_add_warning(b->rec, path, line, col, message)) b->nomem = true;
  wn_report(b->sink, b->doc->file, line, col, WN_WARNING, "%s (%s): %s", path, key ? key : "",
            message);
}

static const wn_map_family *family(const builder *b, int f) { return &b->map->families[f]; }

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
  it->value = vo.value;
  it->warning = vo.warning;
  if (!vo.value) it->field = -2; /* only refs or markup: absent */
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
  wn_value *v;
  const item *from;
} slot;

static void add_provenance(builder *b, const char *path, const char *key, uint32_t line,
                           uint32_t col, const char *raw) {
  bool created;
  wn_map_slot *s = wn_map_put(&b->provenance_keys, path, strlen(path), &created);
  if (!s) return (void)(b->nomem = true);
  /* A field given again: its provenance moves to the later key. */
  if (!created) {
    WN_VEC_AT(&b->rec->provenance, wn_provenance, (uintptr_t)s->value - 1).path = NULL;
    b->dead_provenance++;
  }
  wn_provenance p = {path, key, line, col, raw};
  if (!wn_record_add_provenance(b->rec, &p)) return (void)(b->nomem = true);
  s->value = (void *)(uintptr_t)b->rec->provenance.n;
}

/* Drops the entries of fields given again, keeping the order of the rest. */
static void compact_provenance(builder *b) {
  if (!b->dead_provenance) return;
  wn_vec *v = &b->rec->provenance;
  size_t k = 0;
  for (size_t i = 0; i < v->n; i++)
    if (WN_VEC_AT(v, wn_provenance, i).path)
      WN_VEC_AT(v, wn_provenance, k++) = WN_VEC_AT(v, wn_provenance, i);
  v->n = k;
}

static void add_extra(builder *b, const item *it) {
  const char *key = item_key(b, it);
  if (it->pair->block >= 0) {
    key = wn_arena_printf(b->a, "%s[%d].%s", family(b, it->family)->list,
                          b->element[it->pair->block], key);
    if (!key) return (void)(b->nomem = true);
  }
  char *raw = raw_text(b, it->pair->off, it->pair->len);
  if (!raw) return;
  bool created;
  wn_map_slot *s = wn_map_put(&b->extra_keys, key, strlen(key), &created);
  if (!s) return (void)(b->nomem = true);
  /* A repeated key: MediaWiki uses the last value; the key keeps its place. */
  if (!created) {
    WN_VEC_AT(&b->rec->extra, wn_extra, (uintptr_t)s->value - 1).raw = raw;
    return;
  }
  if (!wn_record_add_extra(b->rec, key, raw)) return (void)(b->nomem = true);
  s->value = (void *)(uintptr_t)b->rec->extra.n;
}

/* Stores an item's value in its slot; a later value for the same field
 * wins, as with a repeated template parameter. */
static void place(builder *b, slot *slots, item *it, const char *path) {
  const wn_pair *p = it->pair;
  slot *s = &slots[it->field];
  if (s->v)
    add_warning(b, path, item_key(b, it), p->line, p->col,
                "field given twice; the later value wins");
  s->v = it->value;
  s->from = it;
  it->value = NULL;
  add_provenance(b, path, item_key(b, it), p->line, p->col, raw_text(b, p->off, p->len));
}

/* Sets a member of an OBJECT value, or marks the builder out of memory. */
static void set(builder *b, wn_value *obj, const char *name, wn_value *v) {
  if (!wn_value_set(b->a, obj, name, v)) b->nomem = true;
}

/* P.caption completes the Photo at P: {"file", "caption", "order"}. */
static void merge_captions(builder *b, const wn_map_family *fam, slot *slots) {
  for (size_t i = 0; i < fam->nfields; i++) {
    if (fam->fields[i].type != WN_VT_CAPTION || !slots[i].v) continue;
    const char *path = fam->fields[i].path;
    size_t plen = strlen(path) - strlen(".caption");
    int photo = -1;
    for (size_t k = 0; k < fam->nfields; k++)
      if (strlen(fam->fields[k].path) == plen && !strncmp(fam->fields[k].path, path, plen))
        photo = (int)k;
    if (photo < 0) continue;
    wn_value *cap = slots[i].v;
    slots[i].v = NULL;
    if (!slots[photo].v && !(slots[photo].v = wn_value_new(b->a, WN_V_PHOTO)))
      return (void)(b->nomem = true);
    wn_value *ph = slots[photo].v;
    const char *text = cap->kind == WN_V_PHOTO                                ? cap->u.photo.caption
                       : cap->kind == WN_V_TEXT || cap->kind == WN_V_UNPARSED ? cap->u.s
                                                                              : NULL;
    wn_value *order = cap->kind == WN_V_PHOTO ? cap->u.photo.order : NULL;
    if (ph->kind == WN_V_PHOTO) {
      if (text) ph->u.photo.caption = text;
      if (order) ph->u.photo.order = order;
      continue;
    }
    if (ph->kind != WN_V_UNPARSED) continue; /* not an object: the caption has no place */
    /* A photo kept as text: {"text": …, "caption": …, "order": …}. */
    wn_value *o = wn_value_new(b->a, WN_V_OBJECT), *t = wn_value_new(b->a, WN_V_TEXT);
    wn_value *c = text ? wn_value_new(b->a, WN_V_TEXT) : NULL;
    if (!o || !t || (text && !c)) return (void)(b->nomem = true);
    t->u.s = ph->u.s;
    set(b, o, "text", t);
    if (c) c->u.s = text, set(b, o, "caption", c);
    if (order) set(b, o, "order", order);
    slots[photo].v = o;
  }
}

/* True when nothing sits at path and no value on the way to it. */
static bool path_free(const wn_value *obj, const char *path) {
  for (const char *dot; (dot = strchr(path, '.')); path = dot + 1) {
    const wn_value *next = NULL;
    for (size_t i = 0; i < obj->u.obj.n; i++) {
      const wn_member *m = &obj->u.obj.members[i];
      if (!strncmp(m->name, path, (size_t)(dot - path)) && !m->name[dot - path]) next = m->value;
    }
    if (!next) return true;
    if (next->kind != WN_V_OBJECT) return false; /* a value already sits there */
    obj = next;
  }
  return !wn_value_get(obj, path);
}

/* Sets obj[path] (nested objects for dotted paths); a taken path keeps its
 * value (the mapping checks that none is). */
static void set_path(builder *b, wn_value *obj, const char *path, wn_value *v) {
  if (path_free(obj, path) && !wn_value_set_path(b->a, obj, path, v)) b->nomem = true;
}

/* One list element: its fields in the family's order. Takes the slots. */
static wn_value *element_object(builder *b, const wn_map_family *fam, slot *slots, int list) {
  wn_value *o = wn_value_new(b->a, WN_V_OBJECT);
  if (!o) return b->nomem = true, NULL;
  for (size_t i = 0; i < fam->nfields; i++) {
    if (!slots[i].v || (list >= 0 && fam->fields[i].list != list)) continue;
    set_path(b, o, fam->fields[i].leaf, slots[i].v);
    slots[i].v = NULL;
  }
  return o;
}

static slot *new_slots(builder *b, size_t n) {
  slot *s = wn_arena_calloc(b->a, n + 1, sizeof *s);
  if (!s) b->nomem = true;
  return s;
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
  wn_value *members = wn_value_new(b->a, WN_V_LIST);
  if (!members) return (void)(b->nomem = true);
  for (size_t r = 0; r < ib->ncrew_rows; r++) {
    const wn_crew_row *row = &ib->crew_rows[r];
    if (row->cell[WN_COL_NAME] == WN_NONE) continue;
    size_t rl, fl;
    char *role_text = cell_text(b, ib->crew_tree, row->cell[WN_COL_ROLE], &rl);
    char *flight_text = cell_text(b, ib->crew_tree, row->cell[WN_COL_FLIGHT], &fl);
    const char *role = role_text ? wn_crew_role(role_text, rl) : NULL;
    int flight = flight_text ? wn_flight_number(flight_text, fl) : 0;
    const wn_node *cell = &ib->crew_tree->nodes[row->cell[WN_COL_NAME]];
    if (role_text && !role)
      add_warning(b, b->fam->fields[f].path, ib->crew_heading, cell->line, cell->col,
                  "unknown crew role; left out");
    size_t nl;
    if (!cell_text(b, ib->crew_tree, row->cell[WN_COL_NAME], &nl)) continue; /* no name */
    wn_value_in in = {ib->crew_tree, row->cell[WN_COL_NAME], b->lang, b->ld};
    wn_value *m = NULL;
    if (wn_crew_member(b->a, &in, role, flight, &m) != WN_OK) b->nomem = true;
    if (m && !wn_value_push(b->a, members, m)) b->nomem = true;
  }
  if (!members->u.list.n) return;
  /* The table wins over an infobox list: it has roles and flights. */
  top[f].v = members;
  const wn_node *t = &ib->crew_tree->nodes[ib->crew_table];
  add_provenance(b, b->fam->fields[f].path, ib->crew_heading, ib->crew_line, ib->crew_col,
                 raw_text(b, t->span.off, t->span.len));
}

/* ---- assembly ---- */

static void build_fields(builder *b, slot *top, slot **blocks) {
  const wn_map_family *fam = b->fam;
  wn_value *fields = b->rec->fields;
  merge_captions(b, fam, top);
  for (size_t i = 0; i < b->ib->nblocks; i++)
    if (blocks[i]) merge_captions(b, family(b, b->ib->blocks[i].family), blocks[i]);
  for (size_t i = 0; i < fam->nfields; i++) {
    const wn_map_field *fd = &fam->fields[i];
    if (fd->list >= 0) continue; /* placed with its list */
    if (fd->type != WN_MAP_LIST) {
      if (top[i].v) set_path(b, fields, fd->path, top[i].v);
      top[i].v = NULL;
      continue;
    }
    wn_value *arr = wn_value_new(b->a, WN_V_LIST);
    if (!arr) return (void)(b->nomem = true);
    for (size_t k = 0; k < b->ib->nblocks; k++) {
      const wn_map_family *bf = family(b, b->ib->blocks[k].family);
      if (b->element[k] < 0 || strcmp(bf->list, fd->path)) continue;
      wn_value *e = element_object(b, bf, blocks[k], -1);
      if (e && !wn_value_push(b->a, arr, e)) b->nomem = true;
    }
    if (b->flat[i] >= 0) {
      wn_value *e = element_object(b, fam, top, (int)i);
      if (e && !wn_value_push(b->a, arr, e)) b->nomem = true;
    }
    if (arr->u.list.n) set_path(b, fields, fd->path, arr);
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

/* key and designation. *unkeyed receives the reason when there is no key,
 * to be warned about before any other warning. */
static void add_key_and_designation(builder *b, const char **unkeyed) {
  size_t len;
  char *name = name_text(b, &len);
  const char *des = name ? wn_mission_designation(b->a, b->ld, name, len) : NULL;
  const char *key = des ? wn_mission_key(b->a, des) : NULL;
  /* NULL from these means empty, or unknown CJK; anything else is memory. */
  if ((name && !des && has_alnum(name)) || (des && !key && !has_cjk(des) && has_alnum(des)))
    b->nomem = true;
  b->rec->key = key;
  b->rec->designation = des;
  *unkeyed = key   ? NULL
             : des ? wn_arena_printf(b->a,
                                     "no lexicon entry turns '%s' into a language-neutral key "
                                     "(add one with --lexicon)",
                                     des)
                   : "no mission name or title; the record has no key";
  if (!key && !*unkeyed) b->nomem = true;
}

static void add_source(builder *b) {
  static const char *const vocab_names[] = {"zh_params", "template_params", "rendered"};
  wn_record *r = b->rec;
  r->source.file = b->doc->file;
  r->source.title = b->doc->title ? b->doc->title : b->ib->title;
  r->source.lang = b->lang;
  r->source.format = b->doc->format == WN_FORMAT_RENDERED ? "rendered" : "wikitext";
  r->source.template_name = b->ib->template_name;
  r->source.vocabulary = vocab_names[b->ib->vocab];
  r->source.page_id = b->doc->page_id < 0 ? -1 : b->doc->page_id;
  r->source.revision_id = b->doc->revision_id < 0 ? -1 : b->doc->revision_id;
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
  *it = (item){p, ib->family, vo.value ? name : -2, vo.value, vo.warning};
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

  if (!(b->rec = wn_record_new(b->a, false))) return WN_ERR_NOMEM;
  wn_map_init(&b->extra_keys, b->a);
  wn_map_init(&b->provenance_keys, b->a);
  const char *unkeyed = NULL;
  add_key_and_designation(b, &unkeyed);
  add_source(b);
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
  compact_provenance(b);
  return b->nomem ? WN_ERR_NOMEM : WN_OK;
}

wn_status wn_normalize(const wn_context *ctx, wn_arena *a, const wn_doc *doc, wn_record_fn fn,
                       void *user, unsigned *records, wn_diag_sink *sink) {
  if (records) *records = 0;
  if (!ctx || !a || !doc) return WN_ERR_USAGE;
  const wn_mapping *map = wn_context_mapping(ctx);
  wn_infobox *boxes = NULL;
  size_t n = 0;
  wn_lines lines;
  wn_tree tree = {0};
  bool rendered = doc->format == WN_FORMAT_RENDERED;
  /* A page without a candidate template name costs a byte scan only. */
  if (!rendered && !wn_mapping_gate(map, doc->text, doc->len)) return WN_OK;
  wn_status st = wn_lines_build(a, doc->text, doc->len, doc->line, doc->col, &lines);
  if (st != WN_OK) return st;
  if (rendered) {
    st = wn_find_rendered(map, a, doc, &lines, sink, &boxes, &n);
  } else {
    st = wn_tokenize(a, doc->text, doc->len, doc->line, doc->col, doc->file, sink, &tree);
    if (st == WN_OK) st = wn_find_infoboxes(map, a, &tree, &lines, &boxes, &n);
  }
  if (st != WN_OK || !n) return st;
  wn_lexdoc *ld = wn_lexdoc_new(a, wn_context_lexicon(ctx));
  if (!ld) return WN_ERR_NOMEM;
  if (!rendered) wn_lexdoc_learn_tree(ld, &tree);
  for (size_t i = 0; i < n; i++) {
    builder b = {0};
    b.ctx = ctx, b.map = map, b.a = a, b.doc = doc, b.ib = &boxes[i], b.ld = ld, b.sink = sink;
    b.fam = &map->families[boxes[i].family];
    b.lang = record_lang(doc, &boxes[i]);
    if ((st = build_record(&b)) != WN_OK) return st;
    if (records) ++*records;
    if (fn && fn(user, b.rec)) break;
  }
  return WN_OK;
}

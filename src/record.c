/* The record in memory (record.h) and the record list of the public API. */
#include "record.h"

#include <string.h>

wn_record *wn_record_new(wn_arena *a, bool merged) {
  wn_record *r = wn_arena_calloc(a, 1, sizeof *r);
  if (!r) return NULL;
  r->arena = a;
  r->merged = merged;
  r->schema = merged ? WN_SCHEMA_MERGED : WN_SCHEMA_RECORD;
  r->source.page_id = r->source.revision_id = -1;
  r->fields = wn_value_new(a, WN_V_OBJECT);
  return r->fields ? r : NULL;
}

bool wn_record_add_extra(wn_record *r, const char *key, const char *raw) {
  return wn_vec_push(r->arena, &r->extra, sizeof(wn_extra), &(wn_extra){key, raw});
}

bool wn_record_add_provenance(wn_record *r, const wn_provenance *p) {
  return wn_vec_push(r->arena, &r->provenance, sizeof *p, p);
}

bool wn_record_add_warning(wn_record *r, const char *path, uint32_t line, uint32_t col,
                           const char *message) {
  return wn_vec_push(r->arena, &r->warnings, sizeof(wn_warning),
                     &(wn_warning){path, line, col, message});
}

const wn_provenance *wn_record_provenance(const wn_record *r, const char *path) {
  for (size_t i = 0; i < r->provenance.n; i++) {
    const wn_provenance *p = &WN_VEC_AT(&r->provenance, wn_provenance, i);
    if (p->path && !strcmp(p->path, path)) return p;
  }
  return NULL;
}

const wn_value *wn_record_field(const wn_record *r, const char *path) {
  return wn_value_at(r->fields, path);
}

/* ---- deep copy ---- */

typedef struct copier {
  wn_arena *a;
  bool failed;
} copier;

static const char *cs(copier *c, const char *s) {
  if (!s) return NULL;
  char *d = wn_arena_strndup(c->a, s, strlen(s));
  if (!d) c->failed = true;
  return d;
}

/* Copies vector src of elements holding `nstr` string pointers first. */
static void copy_vec(copier *c, wn_vec *dst, const wn_vec *src, size_t size, size_t nstr) {
  *dst = (wn_vec){0};
  if (!src->n) return;
  if (!wn_vec_reserve(c->a, dst, size, src->n)) {
    c->failed = true;
    return;
  }
  memcpy(dst->items, src->items, src->n * size);
  dst->n = src->n;
  for (size_t i = 0; i < src->n; i++) {
    const char **s = (const char **)((char *)dst->items + i * size);
    for (size_t k = 0; k < nstr; k++) s[k] = cs(c, s[k]);
  }
}

wn_record *wn_record_clone(wn_arena *a, const wn_record *r) {
  wn_record *o = wn_arena_alloc(a, sizeof *o);
  if (!o) return NULL;
  copier c = {a, false};
  *o = *r;
  o->arena = a;
  o->schema = cs(&c, r->schema);
  o->key = cs(&c, r->key);
  o->designation = cs(&c, r->designation);
  o->source.file = cs(&c, r->source.file);
  o->source.title = cs(&c, r->source.title);
  o->source.lang = cs(&c, r->source.lang);
  o->source.format = cs(&c, r->source.format);
  o->source.template_name = cs(&c, r->source.template_name);
  o->source.vocabulary = cs(&c, r->source.vocabulary);
  o->input = cs(&c, r->input);
  o->fields = wn_value_clone(a, r->fields);
  if (!o->fields) c.failed = true;
  copy_vec(&c, &o->extra, &r->extra, sizeof(wn_extra), 2);
  copy_vec(&c, &o->provenance, &r->provenance, sizeof(wn_provenance), 2);
  for (size_t i = 0; i < o->provenance.n && !c.failed; i++) {
    wn_provenance *p = &WN_VEC_AT(&o->provenance, wn_provenance, i);
    p->raw = cs(&c, p->raw);
  }
  copy_vec(&c, &o->warnings, &r->warnings, sizeof(wn_warning), 1);
  for (size_t i = 0; i < o->warnings.n && !c.failed; i++) {
    wn_warning *w = &WN_VEC_AT(&o->warnings, wn_warning, i);
    w->message = cs(&c, w->message);
  }
  copy_vec(&c, &o->sources, &r->sources, sizeof(wn_source_ref), 3);
  copy_vec(&c, &o->checks, &r->checks, sizeof(wn_check_entry), 4);
  return c.failed ? NULL : o;
}

/* ---- the list ---- */

wn_record_list *wn_record_list_new(void) {
  wn_record_list *l = wn_malloc(sizeof *l);
  if (!l) return NULL;
  *l = (wn_record_list){wn_arena_new(), {0}};
  if (!l->arena) {
    wn_free(l);
    return NULL;
  }
  return l;
}

void wn_record_list_free(wn_record_list *l) {
  if (!l) return;
  wn_arena_free(l->arena);
  wn_vec_free(&l->records);
  wn_free(l);
}

wn_status wn_record_list_push(wn_record_list *l, wn_record *r, bool copy) {
  if (copy && !(r = wn_record_clone(l->arena, r))) return WN_ERR_NOMEM;
  return wn_vec_push(NULL, &l->records, sizeof r, &r) ? WN_OK : WN_ERR_NOMEM;
}

wn_status wn_record_list_add(wn_record_list *l, const wn_record *r) {
  return wn_record_list_push(l, (wn_record *)r, true);
}

size_t wn_record_list_count(const wn_record_list *l) { return l ? l->records.n : 0; }

const wn_record *wn_record_list_get(const wn_record_list *l, size_t i) {
  return l && i < l->records.n ? WN_VEC_AT(&l->records, wn_record *, i) : NULL;
}

const char *wn_record_key(const wn_record *r) { return r->key; }
const char *wn_record_designation(const wn_record *r) { return r->designation; }
const char *wn_record_lang(const wn_record *r) { return r->source.lang; }
const char *wn_record_file(const wn_record *r) { return r->source.file; }
bool wn_record_is_merged(const wn_record *r) { return r->merged; }
size_t wn_record_warning_count(const wn_record *r) { return r->warnings.n; }

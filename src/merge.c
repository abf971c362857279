/* `wikinorm merge`: one merged record per mission key (SCHEMA.md section
 * 4), built in memory: fields nest as a record's do, each leaf a
 * WN_V_CLAIMS value; the sources and the internal checks of each. */
#include <string.h>

#include "compare.h"

static const char *copy(wn_arena *a, const char *s, bool *ok) {
  if (!s) return NULL;
  char *d = wn_arena_strndup(a, s, strlen(s));
  if (!d) *ok = false;
  return d;
}

/* True when a member on the way to path, or at it, is of the other shape
 * (a value where an object nests, or an object where a value goes): the
 * records disagree on the shape there and the path is left out. */
static bool path_blocked(const wn_value *fields, const char *path) {
  const wn_value *at = fields;
  for (const char *p = path, *dot; at && (dot = strchr(p, '.')); p = dot + 1) {
    char head[256];
    size_t n = (size_t)(dot - p);
    if (n >= sizeof head) return true;
    memcpy(head, p, n), head[n] = 0;
    at = wn_value_get(at, head);
    if (at && at->kind != WN_V_OBJECT) return true;
  }
  const wn_value *leaf = wn_value_at(fields, path);
  return leaf && leaf->kind == WN_V_OBJECT;
}

/* The merged leaf of one field, in arena a. */
static wn_value *merged_leaf(wn_arena *a, const wn_field_result *f, const wn_value *const *vals,
                             const char **labels, size_t n) {
  wn_value *v = wn_value_new(a, WN_V_CLAIMS);
  if (!v) return NULL;
  if (f->present == 1 || f->cmp.status == WN_EQUAL) {
    v->u.claims.status = f->present == 1 ? wn_arena_printf(a, "only_%s", labels[f->only]) : "equal";
    v->u.claims.value = wn_value_clone(a, vals[f->only]);
    return v->u.claims.status && v->u.claims.value ? v : NULL;
  }
  bool ok = true;
  v->u.claims.status = wn_agree_name(f->cmp.status);
  if (f->cmp.status == WN_CONFLICT) v->u.claims.delta = copy(a, f->cmp.delta, &ok);
  v->u.claims.claims = wn_arena_calloc(a, f->present, sizeof(wn_claim));
  if (!v->u.claims.claims) return NULL;
  for (size_t i = 0; ok && i < n; i++) {
    if (!vals[i]) continue;
    wn_claim *c = &v->u.claims.claims[v->u.claims.nclaims++];
    c->lang = copy(a, labels[i], &ok);
    c->value = wn_value_clone(a, vals[i]);
    ok = ok && c->value;
  }
  return ok ? v : NULL;
}

/* The merged record of one group into out (scratch: per-group work). */
static wn_status merge_group(const wn_context *ctx, const wn_cmp *c, wn_arena *scratch,
                             const wn_group *g, wn_record_list *out, bool *skipped) {
  const wn_record **recs = wn_arena_alloc(scratch, (g->n ? g->n : 1) * sizeof *recs);
  if (!recs) return WN_ERR_NOMEM;
  size_t n = 0;
  for (size_t i = 0; i < g->n; i++) {
    if (g->recs[i]->merged)
      *skipped = true; /* a merged record cannot be merged again */
    else
      recs[n++] = g->recs[i];
  }
  if (!n) return WN_OK;
  wn_arena *a = out->arena;
  const char **labels = wn_source_labels(scratch, recs, n);
  const wn_value **vals = wn_arena_alloc(scratch, n * sizeof *vals);
  wn_vec paths = {0};
  wn_record *m = wn_record_new(a, true);
  bool ok = labels && vals && m && wn_field_paths(scratch, ctx, recs, n, &paths);
  if (!ok) return WN_ERR_NOMEM;
  m->key = copy(a, recs[0]->key, &ok);
  for (size_t i = 0; i < n && !m->designation; i++)
    m->designation = copy(a, recs[i]->designation, &ok);
  for (size_t i = 0; ok && i < n; i++) {
    wn_source_ref s = {copy(a, labels[i], &ok), copy(a, wn_rec_file(recs[i]), &ok),
                       copy(a, recs[i]->source.title, &ok)};
    ok = ok && wn_vec_push(a, &m->sources, sizeof s, &s);
  }
  for (size_t p = 0; ok && p < paths.n; p++) {
    const char *path = WN_VEC_AT(&paths, const char *, p);
    for (size_t i = 0; i < n; i++) vals[i] = wn_record_field(recs[i], path);
    wn_field_result f = wn_compare_field(c, vals, n);
    if (!f.present || path_blocked(m->fields, path)) continue;
    wn_value *leaf = merged_leaf(a, &f, vals, labels, n);
    ok = leaf && wn_value_set_path(a, m->fields, path, leaf);
  }
  for (size_t i = 0; ok && i < n; i++)
    for (size_t k = 0; ok && k < wn_check_count; k++) {
      wn_check_result res = wn_check_defs[k].run(recs[i]);
      wn_check_entry e = {m->sources.n > i ? WN_VEC_AT(&m->sources, wn_source_ref, i).lang : NULL,
                          wn_check_defs[k].name, wn_check_status_name(res.status),
                          res.status == WN_CHECK_NOT_APPLICABLE ? NULL : copy(a, res.delta, &ok)};
      ok = ok && wn_vec_push(a, &m->checks, sizeof e, &e);
    }
  if (!ok) return WN_ERR_NOMEM;
  return wn_record_list_push(out, m, false);
}

wn_status wn_merge(const wn_context *ctx, const wn_record_list *in, wn_record_list *out) {
  if (!in || !out) return WN_ERR_USAGE;
  /* The groups live in a; each group's comparisons in scratch, reset
   * after it, so memory stays flat over many missions. */
  wn_arena *a = wn_arena_new(), *scratch = wn_arena_new();
  bool out_of_memory = false, skipped = false;
  wn_groups groups;
  wn_status st = a && scratch && wn_group_records(a, in, &groups) ? WN_OK : WN_ERR_NOMEM;
  for (size_t g = 0; st == WN_OK && g < groups.n; g++) {
    wn_cmp c; /* in scratch, with the lexicon's per-document layer */
    wn_cmp_init(&c, ctx, scratch, &out_of_memory);
    st = merge_group(ctx, &c, scratch, &groups.v[g], out, &skipped);
    if (out_of_memory) st = WN_ERR_NOMEM;
    wn_arena_reset(scratch);
  }
  wn_arena_free(scratch);
  wn_arena_free(a);
  return st == WN_OK && skipped ? WN_ERR_INPUT : st;
}

/* `wikinorm diff`: the fields of two record lists that are not equal,
 * pair by pair, as a text report for people or one JSON value; the
 * internal checks that fail on either side as context. */
#include <string.h>

#include "compare.h"
#include "json_out.h"
#include "text_out.h"

/* Long values are cut to this many columns with an ellipsis. */
enum { MAX_VALUE_COLUMNS = 56 };

static char *human(wn_arena *a, const wn_value *v) {
  wn_buf b;
  wn_buf_init(&b);
  wn_value_human(v, &b);
  char *s = b.failed ? NULL : wn_arena_strndup(a, b.data ? b.data : "", b.len);
  wn_buf_free(&b);
  if (!s || wn_display_width(s) <= MAX_VALUE_COLUMNS) return s;
  size_t cut = 0, n = strlen(s);
  for (size_t w = 0; cut < n;) {
    size_t len;
    wn_utf8_decode(s + cut, n - cut, &len);
    char one[8] = {0};
    memcpy(one, s + cut, len < 7 ? len : 7);
    w += wn_display_width(one);
    if (w > MAX_VALUE_COLUMNS - 1) break;
    cut += len;
  }
  return wn_arena_printf(a, "%.*s…", (int)cut, s);
}

/* One pair of records being compared. */
typedef struct pair {
  const wn_record *a, *b;
  const char *la, *lb; /* side labels: languages, or A and B when alike */
  bool differ;         /* a conflict or a field on one side only */
} pair;

static const char *check_cell(wn_arena *a, const wn_check_result *r) {
  return r->status == WN_CHECK_INCONSISTENT ? wn_arena_printf(a, "inconsistent (%s)", r->delta)
                                            : wn_check_status_name(r->status);
}

/* {"status", "delta"?} on one line. */
static void check_side(wn_jw *w, const char *k, const wn_check_result *r) {
  wn_jw_key(w, k);
  wn_jw_object_begin_inline(w);
  wn_jw_key(w, "status"), wn_jw_string(w, wn_check_status_name(r->status));
  if (r->status != WN_CHECK_NOT_APPLICABLE) wn_jw_key(w, "delta"), wn_jw_string(w, r->delta);
  wn_jw_object_end(w);
}

/* A value written as a plain JSON value (no object or array), and the
 * bytes it counts for in the flat rule of json_out.h. */
static bool plain(const wn_value *v) {
  return !v || v->kind == WN_V_TEXT || v->kind == WN_V_ENUM || v->kind == WN_V_INTEGER;
}
static size_t plain_chars(const wn_value *v) {
  return v && (v->kind == WN_V_TEXT || v->kind == WN_V_ENUM) ? strlen(v->u.s) : 8;
}

/* A typed value, or null. */
static void value_member(wn_jw *w, const char *k, const wn_value *v) {
  wn_jw_key(w, k);
  if (v)
    wn_value_write_json(w, v);
  else
    wn_jw_null(w);
}

/* The rows of a pair: fields that are not equal, then the internal checks
 * that fail on either side (which do not make the records differ). JSON
 * goes to w when it is not NULL. */
static bool pair_rows(const wn_context *ctx, const wn_cmp *c, wn_arena *a, pair *p, wn_vec *out,
                      wn_vec *check_rows, wn_jw *w) {
  const wn_record *both[2] = {p->a, p->b};
  wn_vec paths = {0};
  bool ok = wn_field_paths(a, ctx, both, 2, &paths);
  if (w) wn_jw_key(w, "fields"), wn_jw_array_begin(w);
  if (ok && p->a->key && p->b->key && strcmp(p->a->key, p->b->key)) {
    p->differ = true;
    ok =
        wn_rows_add(out, (wn_row){{"key", "conflict", p->a->key, p->b->key, "different missions"}});
  }
  for (size_t i = 0; ok && i < paths.n; i++) {
    const char *path = WN_VEC_AT(&paths, const char *, i);
    const wn_value *vals[2] = {wn_record_field(p->a, path), wn_record_field(p->b, path)};
    wn_field_result f = wn_compare_field(c, vals, 2);
    if (!f.present || (f.present == 2 && f.cmp.status == WN_EQUAL)) continue;
    const char *status = f.present == 1 ? wn_arena_printf(a, "only_%s", f.only ? p->lb : p->la)
                                        : wn_agree_name(f.cmp.status);
    if (f.present == 1 || f.cmp.status == WN_CONFLICT) p->differ = true;
    const char *delta = f.present == 2 && f.cmp.status == WN_CONFLICT ? f.cmp.delta : "";
    wn_row r = {{path, status, human(a, vals[0]), human(a, vals[1]),
                 wn_arena_strndup(a, delta, strlen(delta))}};
    ok = status && r.cell[2] && r.cell[3] && r.cell[4] && wn_rows_add(out, r);
    if (ok && w) {
      size_t n = 4 + (*delta != 0);
      size_t chars = 4 + strlen(path) + 6 + strlen(status) + 2 + plain_chars(vals[0]) +
                     plain_chars(vals[1]) + (*delta ? 5 + strlen(delta) : 0);
      if (plain(vals[0]) && plain(vals[1]) && wn_json_flat_fits(n, chars))
        wn_jw_object_begin_inline(w);
      else
        wn_jw_object_begin(w);
      wn_jw_key(w, "path"), wn_jw_string(w, path);
      wn_jw_key(w, "status"), wn_jw_string(w, status);
      value_member(w, "a", vals[0]);
      value_member(w, "b", vals[1]);
      if (*delta) wn_jw_key(w, "delta"), wn_jw_string(w, delta);
      wn_jw_object_end(w);
    }
  }
  if (w) wn_jw_array_end(w), wn_jw_key(w, "checks"), wn_jw_array_begin(w);
  for (size_t k = 0; ok && k < wn_check_count; k++) {
    const wn_check_def *def = &wn_check_defs[k];
    wn_check_result ra = def->run(p->a), rb = def->run(p->b);
    if (ra.status != WN_CHECK_INCONSISTENT && rb.status != WN_CHECK_INCONSISTENT) continue;
    wn_row r = {{def->name, NULL, check_cell(a, &ra), check_cell(a, &rb)}};
    ok = r.cell[2] && r.cell[3] && wn_rows_add(check_rows, r);
    if (ok && w) {
      wn_jw_object_begin(w);
      wn_jw_key(w, "check"), wn_jw_string(w, def->name);
      check_side(w, "a", &ra);
      check_side(w, "b", &rb);
      wn_jw_object_end(w);
    }
  }
  if (w) wn_jw_array_end(w);
  return ok;
}

static void put_side_header(wn_buf *b, char mark, const wn_record *r, const char *label) {
  wn_buf_printf(b, "%c%c%c %s  (%s, %s)\n", mark, mark, mark, wn_rec_file(r), label,
                r->key ? r->key : "no key");
}

/* The text report of a pair: a diff-like header, the fields, then the
 * internal checks that fail on either side. */
static void put_rows_text(wn_buf *b, const pair *p, const wn_vec *t, const wn_vec *checks) {
  put_side_header(b, '-', p->a, p->la);
  put_side_header(b, '+', p->b, p->lb);
  if (t->n) {
    wn_row head = {{"field", "status", p->la, p->lb, "delta"}};
    wn_put_table(b, &head, t);
  }
  if (checks->n) {
    wn_row head = {{"check", NULL, p->la, p->lb}};
    if (t->n) wn_buf_putc(b, '\n');
    wn_put_table(b, &head, checks);
  }
}

static void side_json(wn_jw *w, const char *k, const wn_record *r, const char *label) {
  wn_jw_key(w, k);
  size_t chars = 4 + strlen(wn_rec_file(r)) + 4 + strlen(label) + 3 + (r->key ? strlen(r->key) : 0);
  if (wn_json_flat_fits(3, chars))
    wn_jw_object_begin_inline(w);
  else
    wn_jw_object_begin(w);
  wn_jw_key(w, "file"), wn_jw_string(w, wn_rec_file(r));
  wn_jw_key(w, "lang"), wn_jw_string(w, label);
  wn_jw_key(w, "key"), wn_jw_string(w, r->key);
  wn_jw_object_end(w);
}

/* Compares one pair: as JSON into w, or as text into out. */
static bool diff_pair(const wn_context *ctx, const wn_cmp *c, wn_arena *a, pair *p, wn_jw *w,
                      wn_buf *out) {
  wn_vec t = {0}, checks = {0};
  if (w) {
    wn_jw_object_begin(w);
    wn_jw_key(w, "key"), wn_jw_string(w, p->a->key ? p->a->key : p->b->key);
    side_json(w, "a", p->a, p->la);
    side_json(w, "b", p->b, p->lb);
  }
  bool ok = pair_rows(ctx, c, a, p, &t, &checks, w);
  if (w) {
    wn_jw_key(w, "differ"), wn_jw_bool(w, p->differ);
    wn_jw_object_end(w);
  } else if (ok && t.n) { /* checks are context for differences */
    if (out->len) wn_buf_putc(out, '\n');
    put_rows_text(out, p, &t, &checks);
  }
  wn_vec_free(&t);
  wn_vec_free(&checks);
  return ok;
}

static void put_unpaired(wn_buf *out, wn_jw *w, const wn_record *r, const char *side) {
  if (w) {
    wn_jw_object_begin(w);
    wn_jw_key(w, "side"), wn_jw_string(w, side);
    wn_jw_key(w, "key"), wn_jw_string(w, r->key);
    wn_jw_key(w, "file"), wn_jw_string(w, wn_rec_file(r));
    wn_jw_object_end(w);
    return;
  }
  if (out->len) wn_buf_putc(out, '\n');
  wn_buf_printf(out, "only in %s: %s  (%s)\n", side, r->key ? r->key : "a record without key",
                wn_rec_file(r));
}

/* The labels of two sides: their languages, or A and B when those are
 * alike or unknown. */
static void side_labels(const wn_record *a, const wn_record *b, const char **la, const char **lb) {
  *la = a->source.lang && *a->source.lang ? a->source.lang : "";
  *lb = b->source.lang && *b->source.lang ? b->source.lang : "";
  if (!**la || !**lb || !strcmp(*la, *lb)) *la = "A", *lb = "B";
}

/* The record of b to compare with x: the next of x's key (one record on
 * each side is compared whatever the keys say). */
static const wn_record *partner(const wn_record *x, const wn_record_list *a,
                                const wn_record_list *b, wn_groups *g) {
  if (wn_record_list_count(a) == 1 && wn_record_list_count(b) == 1) return wn_record_list_get(b, 0);
  wn_group *k = wn_group_of(g, x->key);
  return k && k->taken < k->n ? k->recs[k->taken++] : NULL;
}

/* A writer that continues at depth 1 after a key, into its own buffer:
 * the JSON report's "pairs" and "unpaired" are written before "differ",
 * which comes first, is known. */
static void sub_writer(wn_jw *w, wn_buf *b) {
  wn_jw_init(w, b, WN_JSON_FLAT);
  w->depth = 1;
  w->after_key = true;
}

static void put_sub(wn_jw *w, const char *k, const wn_buf *b) {
  wn_jw_key(w, k);
  if (b->failed) w->out->failed = true;
  if (b->len) wn_json_raw(w->out, b->data, b->len);
  w->after_key = false, w->first = false;
}

int wn_diff(const wn_context *ctx, const wn_record_list *a, const wn_record_list *b, bool json,
            wn_buf *out) {
  if (!a || !b || !out) return 2;
  size_t na = wn_record_list_count(a), nb = wn_record_list_count(b);
  if (!na || !nb) return 2; /* the caller says which side has no record */
  wn_arena *ar = wn_arena_new(), *ia = wn_arena_new(); /* per pair; b's groups */
  wn_groups groups;
  bool *used = wn_malloc(nb * sizeof *used);
  wn_buf pairs_buf, unpaired_buf;
  wn_buf_init(&pairs_buf), wn_buf_init(&unpaired_buf);
  wn_jw pw, uw;
  sub_writer(&pw, &pairs_buf), sub_writer(&uw, &unpaired_buf);
  if (json) wn_jw_array_begin(&pw), wn_jw_array_begin(&uw);
  bool ok = ar && ia && used && wn_group_records(ia, b, &groups), differ = false;
  if (used) memset(used, 0, nb * sizeof *used);
  /* The index of each record of b, by its address. */
  wn_map index_of;
  wn_map_init(&index_of, ia);
  const wn_record **recs_b = ok ? wn_arena_alloc(ia, nb * sizeof *recs_b) : NULL;
  ok = recs_b != NULL;
  for (size_t j = 0; ok && j < nb; j++) {
    bool created;
    recs_b[j] = wn_record_list_get(b, j);
    wn_map_slot *slot = wn_map_put(&index_of, (const char *)&recs_b[j], sizeof *recs_b, &created);
    if (slot) slot->value = (void *)(uintptr_t)(j + 1);
    ok = slot != NULL;
  }
  bool out_of_memory = false;
  for (size_t i = 0; ok && i < na; i++) {
    const wn_record *x = wn_record_list_get(a, i);
    const wn_record *rb = partner(x, a, b, &groups);
    if (!rb) {
      put_unpaired(out, json ? &uw : NULL, x, "A");
      differ = true;
      continue;
    }
    void *j = wn_map_get(&index_of, (const char *)&rb, sizeof rb);
    if (j) used[(uintptr_t)j - 1] = true;
    pair p = {x, rb, NULL, NULL, false};
    side_labels(p.a, p.b, &p.la, &p.lb);
    wn_cmp c;
    wn_cmp_init(&c, ctx, ar, &out_of_memory);
    ok = diff_pair(ctx, &c, ar, &p, json ? &pw : NULL, out) && !out_of_memory;
    differ |= p.differ;
    wn_arena_reset(ar); /* the pair is written */
  }
  for (size_t j = 0; ok && j < nb; j++)
    if (!used[j])
      put_unpaired(out, json ? &uw : NULL, wn_record_list_get(b, j), "B"), differ = true;
  if (ok && json) {
    wn_jw_array_end(&pw), wn_jw_array_end(&uw);
    wn_jw w;
    wn_jw_init(&w, out, WN_JSON_FLAT);
    wn_jw_object_begin(&w);
    wn_jw_key(&w, "differ"), wn_jw_bool(&w, differ);
    put_sub(&w, "pairs", &pairs_buf);
    put_sub(&w, "unpaired", &unpaired_buf);
    wn_jw_object_end(&w);
    wn_buf_putc(out, '\n');
  }
  wn_buf_free(&pairs_buf), wn_buf_free(&unpaired_buf);
  wn_free(used);
  wn_arena_free(ar);
  wn_arena_free(ia);
  if (!ok || out->failed) return 2;
  return differ ? 1 : 0;
}

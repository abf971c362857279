/* The typed value (value.h): construction, copying, lookup, names. */
#include "value.h"

#include <string.h>

const char *wn_precision_name(wn_precision p) {
  static const char *const names[] = {NULL, "year", "month", "day", "hour", "minute", "second"};
  return (unsigned)p <= WN_PREC_SECOND ? names[p] : NULL;
}

wn_precision wn_precision_from_name(const char *s) {
  for (int p = WN_PREC_YEAR; s && p <= WN_PREC_SECOND; p++)
    if (!strcmp(s, wn_precision_name((wn_precision)p))) return (wn_precision)p;
  return WN_PREC_NONE;
}

const char *wn_zone_source_name(wn_zone_source z) {
  static const char *const names[] = {NULL, "value", "page", "assumed_utc"};
  return (unsigned)z <= WN_ZONE_ASSUMED_UTC ? names[z] : NULL;
}

static const char *const unit_names[WN_UNIT_COUNT] = {"kg", "m", "deg", "s"};

const char *wn_unit_name(wn_unit u) { return (unsigned)u < WN_UNIT_COUNT ? unit_names[u] : ""; }

int wn_unit_from_name(const char *s) {
  for (int u = 0; s && u < WN_UNIT_COUNT; u++)
    if (!strcmp(s, unit_names[u])) return u;
  return -1;
}

wn_value *wn_value_new(wn_arena *a, wn_vkind kind) {
  wn_value *v = wn_arena_calloc(a, 1, sizeof *v);
  if (v) v->kind = (uint8_t)kind;
  return v;
}

wn_value *wn_value_str(wn_arena *a, wn_vkind kind, const char *s, size_t n) {
  wn_value *v = wn_value_new(a, kind);
  if (v && !(v->u.s = wn_arena_strndup(a, s ? s : "", s ? n : 0))) return NULL;
  return v;
}

wn_value *wn_value_int(wn_arena *a, int64_t i) {
  wn_value *v = wn_value_new(a, WN_V_INTEGER);
  if (v) v->u.i = i;
  return v;
}

/* Grows an arena array of n items of size bytes to hold one more. */
static bool grow(wn_arena *a, void **items, size_t n, size_t *cap, size_t size) {
  if (n < *cap) return true;
  size_t c = *cap ? *cap * 2 : 4;
  if (c > SIZE_MAX / size) return false;
  void *p = wn_arena_alloc(a, c * size);
  if (!p) return false;
  if (n) memcpy(p, *items, n * size);
  *items = p;
  *cap = c;
  return true;
}

bool wn_value_push(wn_arena *a, wn_value *list, wn_value *item) {
  if (!list || list->kind != WN_V_LIST || !item) return false;
  if (!grow(a, (void **)&list->u.list.items, list->u.list.n, &list->u.list.cap,
            sizeof *list->u.list.items))
    return false;
  list->u.list.items[list->u.list.n++] = item;
  return true;
}

static wn_member *member(const wn_value *obj, const char *name, size_t len) {
  if (!obj || obj->kind != WN_V_OBJECT) return NULL;
  for (size_t i = 0; i < obj->u.obj.n; i++) {
    wn_member *m = &obj->u.obj.members[i];
    if (!strncmp(m->name, name, len) && !m->name[len]) return m;
  }
  return NULL;
}

static bool set_member(wn_arena *a, wn_value *obj, const char *name, size_t len, wn_value *v,
                       bool copy_name) {
  if (!obj || obj->kind != WN_V_OBJECT || !v) return false;
  wn_member *m = member(obj, name, len);
  if (m) {
    m->value = v;
    return true;
  }
  if (copy_name && !(name = wn_arena_strndup(a, name, len))) return false;
  if (!grow(a, (void **)&obj->u.obj.members, obj->u.obj.n, &obj->u.obj.cap,
            sizeof *obj->u.obj.members))
    return false;
  obj->u.obj.members[obj->u.obj.n++] = (wn_member){name, v};
  return true;
}

bool wn_value_set(wn_arena *a, wn_value *obj, const char *name, wn_value *v) {
  return set_member(a, obj, name, strlen(name), v, false);
}

bool wn_value_set_path(wn_arena *a, wn_value *obj, const char *path, wn_value *v) {
  const char *dot;
  while ((dot = strchr(path, '.'))) {
    size_t len = (size_t)(dot - path);
    wn_member *m = member(obj, path, len);
    wn_value *next = m ? m->value : wn_value_new(a, WN_V_OBJECT);
    if (!next || next->kind != WN_V_OBJECT) return false;
    if (!m && !set_member(a, obj, path, len, next, true)) return false;
    obj = next;
    path = dot + 1;
  }
  return set_member(a, obj, path, strlen(path), v, true);
}

const wn_value *wn_value_get(const wn_value *obj, const char *name) {
  wn_member *m = member(obj, name, strlen(name));
  return m ? m->value : NULL;
}

const wn_value *wn_value_at(const wn_value *obj, const char *path) {
  const char *dot;
  while (obj && (dot = strchr(path, '.'))) {
    wn_member *m = member(obj, path, (size_t)(dot - path));
    obj = m ? m->value : NULL;
    path = dot + 1;
  }
  return obj ? wn_value_get(obj, path) : NULL;
}

bool wn_value_empty(const wn_value *v) {
  if (!v) return true;
  switch (v->kind) {
  case WN_V_TEXT:
  case WN_V_UNPARSED:
  case WN_V_ENUM: return !v->u.s || !*v->u.s;
  case WN_V_LIST: return v->u.list.n == 0;
  case WN_V_OBJECT: return v->u.obj.n == 0;
  default: return false;
  }
}

/* ---- deep copy ---- */

typedef struct cloner {
  wn_arena *a;
  bool failed;
} cloner;

static const char *cs(cloner *c, const char *s) {
  if (!s) return NULL;
  char *d = wn_arena_strndup(c->a, s, strlen(s));
  if (!d) c->failed = true;
  return d;
}

static wn_value *cv(cloner *c, const wn_value *v);

static void *cmem(cloner *c, const void *src, size_t n, size_t size) {
  if (!n) return NULL;
  void *p = wn_arena_alloc(c->a, n * size);
  if (!p)
    c->failed = true;
  else
    memcpy(p, src, n * size);
  return p;
}

static wn_value *cv(cloner *c, const wn_value *v) {
  if (!v || c->failed) return NULL;
  wn_value *o = wn_arena_alloc(c->a, sizeof *o);
  if (!o) {
    c->failed = true;
    return NULL;
  }
  *o = *v;
  switch (v->kind) {
  case WN_V_TEXT:
  case WN_V_UNPARSED:
  case WN_V_ENUM: o->u.s = cs(c, v->u.s); break;
  case WN_V_LANGTEXT:
    o->u.lt.zh = cs(c, v->u.lt.zh), o->u.lt.en = cs(c, v->u.lt.en);
    o->u.lt.other_lang = cs(c, v->u.lt.other_lang), o->u.lt.other = cs(c, v->u.lt.other);
    break;
  case WN_V_ENTITY:
    o->u.ent.en = cs(c, v->u.ent.en), o->u.ent.zh = cs(c, v->u.ent.zh);
    o->u.ent.label = cs(c, v->u.ent.label), o->u.ent.id = cs(c, v->u.ent.id);
    break;
  case WN_V_MISSION:
    o->u.mission.key = cs(c, v->u.mission.key);
    o->u.mission.designation = cs(c, v->u.mission.designation);
    break;
  case WN_V_PLACE:
    o->u.place.facility = cv(c, v->u.place.facility);
    o->u.place.pad = cs(c, v->u.place.pad), o->u.place.country = cs(c, v->u.place.country);
    break;
  case WN_V_CREW_MEMBER:
    o->u.crew.name = cv(c, v->u.crew.name);
    o->u.crew.role = cs(c, v->u.crew.role), o->u.crew.nationality = cs(c, v->u.crew.nationality);
    break;
  case WN_V_PHOTO:
    o->u.photo.file = cs(c, v->u.photo.file), o->u.photo.caption = cs(c, v->u.photo.caption);
    o->u.photo.order = cv(c, v->u.photo.order);
    break;
  case WN_V_LIST:
    o->u.list.items = cmem(c, v->u.list.items, v->u.list.n, sizeof *v->u.list.items);
    o->u.list.cap = v->u.list.n;
    for (size_t i = 0; i < v->u.list.n && !c->failed; i++)
      o->u.list.items[i] = cv(c, v->u.list.items[i]);
    break;
  case WN_V_OBJECT:
    o->u.obj.members = cmem(c, v->u.obj.members, v->u.obj.n, sizeof *v->u.obj.members);
    o->u.obj.cap = v->u.obj.n;
    for (size_t i = 0; i < v->u.obj.n && !c->failed; i++) {
      o->u.obj.members[i].name = cs(c, v->u.obj.members[i].name);
      o->u.obj.members[i].value = cv(c, v->u.obj.members[i].value);
    }
    break;
  case WN_V_CLAIMS:
    o->u.claims.status = cs(c, v->u.claims.status), o->u.claims.delta = cs(c, v->u.claims.delta);
    o->u.claims.value = cv(c, v->u.claims.value);
    o->u.claims.claims = cmem(c, v->u.claims.claims, v->u.claims.nclaims, sizeof(wn_claim));
    for (size_t i = 0; i < v->u.claims.nclaims && !c->failed; i++) {
      o->u.claims.claims[i].lang = cs(c, v->u.claims.claims[i].lang);
      o->u.claims.claims[i].value = cv(c, v->u.claims.claims[i].value);
    }
    break;
  default: break; /* no pointers */
  }
  return c->failed ? NULL : o;
}

wn_value *wn_value_clone(wn_arena *a, const wn_value *v) {
  cloner c = {a, false};
  return cv(&c, v);
}

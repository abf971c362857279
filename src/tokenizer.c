/*
 * The tokenizer, pass 1: MediaWiki's preprocessor.
 *
 * Which '|' splits which template, where an argument ends, what a run of
 * braces means: MediaWiki decides all of that in Preprocessor_Hash before
 * any other syntax is looked at, so we do the same, with the same rules:
 *
 * - one left-to-right scan with an explicit stack of open "pieces" ({{, {{{,
 *   [[, -{, a heading line, an extension tag's body);
 * - only the top piece's closer is looked for, so an unclosed [[ inside a
 *   template hides its }} (MediaWiki does this too);
 * - a brace run is matched from the inside out, longest first: 3 makes an
 *   argument, 2 a template; leftovers stay open or become text;
 * - an opener still open at the end is broken back into text: its parts'
 *   child lists are spliced into the enclosing part, in O(parts), never
 *   rescanned;
 * - extension tags (<ref>, <nowiki>, <pre>, <math>…) are found by their
 *   closing tag; raw ones hide their body, parsed ones (<ref>) have their
 *   body preprocessed as a region of its own;
 * - every search that could repeat (the next '>', the next </ref>) is
 *   cached, so the whole pass is linear in the input.
 *
 * The elements found here are refined by pass 2 (tok_inline.c).
 */
#include "tok_internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- extension tags ---- */

enum { EXT_PARSED, EXT_RAW, EXT_IGNORED, EXT_RUN };

typedef struct ext_tag {
  const char *name;
  uint8_t mode;
} ext_tag;

/* The tags Wikipedia's preprocessor strips (Special:Version), plus the
 * inclusion controls. RAW bodies are not wikitext (mwparserfromhell's
 * PARSER_BLACKLIST and MediaWiki agree); IGNORED is the tag alone
 * (<noinclude>); RUN may run to the end when unclosed (<includeonly>). */
static const ext_tag ext_tags[] = {
    {"categorytree", EXT_RAW}, {"ce", EXT_RAW},
    {"charinsert", EXT_RAW},   {"chem", EXT_RAW},
    {"gallery", EXT_RAW},      {"graph", EXT_RAW},
    {"hiero", EXT_RAW},        {"imagemap", EXT_RAW},
    {"includeonly", EXT_RUN},  {"indicator", EXT_PARSED},
    {"inputbox", EXT_RAW},     {"langconvert", EXT_PARSED},
    {"mapframe", EXT_RAW},     {"maplink", EXT_RAW},
    {"math", EXT_RAW},         {"noinclude", EXT_IGNORED},
    {"nowiki", EXT_RAW},       {"onlyinclude", EXT_IGNORED},
    {"poem", EXT_PARSED},      {"pre", EXT_RAW},
    {"ref", EXT_PARSED},       {"references", EXT_PARSED},
    {"score", EXT_RAW},        {"section", EXT_RAW},
    {"source", EXT_RAW},       {"syntaxhighlight", EXT_RAW},
    {"templatedata", EXT_RAW}, {"templatestyles", EXT_RAW},
    {"timeline", EXT_RAW},
};
enum { EXT_COUNT = sizeof ext_tags / sizeof ext_tags[0] };

/* The extension tag named s[0..n) (any case), or -1. */
static int ext_lookup(const char *s, size_t n) {
  if (n < 2 || n > 15) return -1;
  for (int i = 0; i < EXT_COUNT; i++)
    if (tok_ieq(s, n, ext_tags[i].name)) return i;
  return -1;
}

/* Every "</name\s*>" of an extension tag in the text, found by one scan
 * the first time a tag needs its closer; then each tag name keeps a
 * cursor that only moves forward, so all closer searches together are
 * linear (MediaWiki caches "no more closers" for the same reason). */
typedef struct close_index {
  bool built;
  uint32_t n, cap;
  uint32_t *pos, *end, *next_same;
  uint32_t cursor[EXT_COUNT];
} close_index;

static bool ci_add(wn_arena *a, close_index *ci, uint32_t pos, uint32_t end, int id,
                   uint32_t *last) {
  if (ci->n == ci->cap) {
    uint32_t cap = ci->cap ? ci->cap * 2 : 64;
    uint32_t *p = wn_arena_alloc(a, (size_t)cap * 3 * sizeof *p);
    if (!p) return false;
    if (ci->n) {
      memcpy(p, ci->pos, ci->n * sizeof *p);
      memcpy(p + cap, ci->end, ci->n * sizeof *p);
      memcpy(p + 2 * cap, ci->next_same, ci->n * sizeof *p);
    }
    ci->pos = p, ci->end = p + cap, ci->next_same = p + 2 * cap, ci->cap = cap;
  }
  uint32_t k = ci->n++;
  ci->pos[k] = pos, ci->end[k] = end, ci->next_same[k] = WN_NONE;
  if (last[id] == WN_NONE)
    ci->cursor[id] = k;
  else
    ci->next_same[last[id]] = k;
  last[id] = k;
  return true;
}

static bool ci_build(wn_arena *a, close_index *ci, const char *s, uint32_t len) {
  uint32_t last[EXT_COUNT];
  for (int i = 0; i < EXT_COUNT; i++) ci->cursor[i] = last[i] = WN_NONE;
  ci->built = true;
  const char *p = s, *e = s + len;
  while ((p = memchr(p, '<', (size_t)(e - p))) != NULL) {
    const char *q = p + 1;
    if (q >= e || *q != '/') {
      p = q;
      continue;
    }
    const char *name = ++q;
    while (q < e && tok_alpha((unsigned char)*q)) q++;
    int id = ext_lookup(name, (size_t)(q - name));
    while (q < e && tok_space((unsigned char)*q)) q++;
    if (id >= 0 && q < e && *q == '>' &&
        !ci_add(a, ci, (uint32_t)(p - s), (uint32_t)(q + 1 - s), id, last))
      return false;
    p = name;
  }
  return true;
}

/* The first closer of tag id at or after from, ending by bound; or
 * WN_NONE. */
static uint32_t ci_find(close_index *ci, int id, uint32_t from, uint32_t bound) {
  uint32_t k = ci->cursor[id];
  while (k != WN_NONE && ci->pos[k] < from) k = ci->next_same[k];
  ci->cursor[id] = k;
  return k != WN_NONE && ci->end[k] <= bound ? k : WN_NONE;
}

/* ---- the stack of open pieces ---- */

typedef struct piece {
  uint8_t open; /* '{', '[', 'L' for "-{", 'H' heading, 'X' extension body */
  bool dash;    /* "-{{": the '-' may still open "-{" (savedPrefix) */
  uint32_t start, count;
  ppart *first, *cur;
  uint32_t nparts;
  uint32_t comment_end, visual_end; /* H: the last comment of the line */
  pelem *ext;                       /* X: the tag whose body this is */
  uint32_t outer_end;               /* X: the enclosing region's end */
} piece;

typedef struct pre {
  wn_arena *a;
  const char *s;
  uint32_t len;
  uint32_t end; /* end of the innermost region (text or a tag body) */
  piece *stack;
  uint32_t sp;
  ppart *root;
  tok_warnings *w;
  uint32_t gt_from, gt_pos; /* the first '>' at or after gt_from */
  close_index ci;
  tok_stops stops[32];    /* by stop mask */
  tok_stops target_stops; /* link targets */
  bool nomem;
} pre;

/* A stack slot per nesting level, and one for the pieces that push past
 * the cap only to replace themselves (brace runs re-pushed). */
enum { STACK_CAP = WN_MAX_DEPTH + 1 };

static ppart *part_new(pre *t, uint32_t lo) {
  ppart *p = wn_arena_alloc(t->a, sizeof *p);
  if (!p) {
    t->nomem = true;
    return NULL;
  }
  *p = (ppart){NULL, lo, lo, WN_NONE, NULL, NULL};
  return p;
}

static pelem *elem_new(pre *t, uint8_t kind, uint32_t off, uint32_t end) {
  pelem *e = wn_arena_alloc(t->a, sizeof *e);
  if (!e) {
    t->nomem = true;
    return NULL;
  }
  *e = (pelem){.kind = kind, .off = off, .end = end};
  return e;
}

static piece *top_piece(pre *t) { return t->sp ? &t->stack[t->sp - 1] : NULL; }
static ppart *cur_part(pre *t) { return t->sp ? t->stack[t->sp - 1].cur : t->root; }

static void part_add(ppart *p, pelem *e) {
  if (p->tail)
    p->tail->next = e;
  else
    p->head = e;
  p->tail = e;
}

/* Appends src's child list to dst's: what breaking syntax into text
 * amounts to when text is implicit. */
static void part_splice(ppart *dst, const ppart *src) {
  if (!src->head) return;
  if (dst->tail)
    dst->tail->next = src->head;
  else
    dst->head = src->head;
  dst->tail = src->tail;
}

static bool push_piece(pre *t, uint8_t open, uint32_t start, uint32_t count, uint32_t lo) {
  if (t->sp >= WN_MAX_DEPTH) {
    if (!t->w->depth_reported) {
      t->w->depth_reported = true;
      tok_warn(t->a, t->w, start, "nesting deeper than 100 levels; the rest is kept as text");
    }
    return false;
  }
  ppart *p = part_new(t, lo);
  if (!p) return false;
  t->stack[t->sp++] = (piece){.open = open,
                              .start = start,
                              .count = count,
                              .first = p,
                              .cur = p,
                              .nparts = 1,
                              .comment_end = WN_NONE,
                              .visual_end = WN_NONE};
  return true;
}

/* Pops the top piece as text: its children move to the enclosing part. */
static void break_top(pre *t) {
  piece pc = t->stack[--t->sp];
  ppart *dst = cur_part(t);
  for (ppart *p = pc.first; p; p = p->next) part_splice(dst, p);
}

static bool find_pipe(const piece *pc) { return pc && (pc->open == '{' || pc->open == 'L'); }
static bool find_equals(const piece *pc) {
  return find_pipe(pc) && pc->nparts > 1 && pc->cur->eq == WN_NONE;
}

/* ---- scanning ---- */

/* Stop classes: a byte stops the literal scan when its class meets the
 * mask of the current state (MediaWiki's strcspn search string). '-' is
 * not one: "-{" is recognized from its '{'. */
enum { SC_BASE = 1, SC_RBRACE = 2, SC_RBRACKET = 4, SC_PIPE = 8, SC_EQ = 16 };
static const uint8_t stop_class[256] = {
    ['['] = SC_BASE,   ['{'] = SC_BASE,     ['<'] = SC_BASE, ['\n'] = SC_BASE,
    ['}'] = SC_RBRACE, [']'] = SC_RBRACKET, ['|'] = SC_PIPE, ['='] = SC_EQ};

static uint8_t stop_mask(const piece *pc) {
  uint8_t m = SC_BASE;
  if (!pc) return m;
  if (pc->open == '{' || pc->open == 'L') m |= SC_RBRACE | SC_PIPE;
  if (pc->open == '[') m |= SC_RBRACKET;
  if (find_equals(pc)) m |= SC_EQ;
  return m;
}

static uint32_t skip_literal(tok_stops *stops, const char *s, uint32_t i, uint32_t end,
                             uint32_t limit, uint8_t mask) {
  tok_stops *st = &stops[mask];
  if (!st->ready) {
    char nd[TOK_NEEDLES] = {'[', '{', '<', '\n', '[', '[', '[', '[', '[', '['};
    if (mask & SC_RBRACE) nd[4] = '}', nd[5] = '|';
    if (mask & SC_RBRACKET) nd[6] = ']';
    if (mask & SC_EQ) nd[7] = '=';
    tok_stops_init(st, stop_class, mask, nd);
  }
  return tok_skip(s, i, end, limit, st);
}

static uint32_t run_of(const char *s, uint32_t i, uint32_t end, char c, uint32_t max) {
  uint32_t k = 0;
  while (i + k < end && k < max && s[i + k] == c) k++;
  return k;
}

/* The first '>' at or after from, before bound; WN_NONE if none. Cached:
 * queries only move forward, so the scans never overlap. */
static uint32_t next_gt(pre *t, uint32_t from, uint32_t bound) {
  if (t->gt_from == WN_NONE || from < t->gt_from || (t->gt_pos != WN_NONE && t->gt_pos < from)) {
    const char *g = memchr(t->s + from, '>', t->len - from);
    t->gt_from = from;
    t->gt_pos = g ? (uint32_t)(g - t->s) : WN_NONE;
  }
  return t->gt_pos != WN_NONE && t->gt_pos < bound ? t->gt_pos : WN_NONE;
}

/* ---- headings ---- */

/* At a line start: "=" opens a possible heading (MediaWiki looks at up to
 * 6). Returns the bytes consumed. */
static uint32_t line_start(pre *t, uint32_t i) {
  uint32_t count = run_of(t->s, i, t->end, '=', 6);
  if (count == 0) return 0;
  piece *top = top_piece(t);
  if (count == 1 && find_equals(top)) return 0; /* "|\n=x": a name/value '=', not a heading */
  if (!push_piece(t, 'H', i, count, i)) return 0;
  return count;
}

static uint32_t back_over(const char *s, uint32_t i, uint32_t floor, const char *set) {
  while (i > floor && strchr(set, s[i - 1]) && s[i - 1]) i--;
  return i;
}

/* At the end of a heading's line (i: the '\n' or the region's end):
 * a heading if '=' closes it, else its content passes down as text. */
static void heading_end(pre *t, uint32_t i) {
  piece *pc = top_piece(t);
  /* '\r' counts as trailing space: MediaWiki strips it from CRLF text
   * before the preprocessor runs, so "== h ==\r\n" is a heading. */
  uint32_t ss = back_over(t->s, i, pc->start, " \t\r");
  if (pc->comment_end != WN_NONE && ss >= 1 && ss - 1 == pc->comment_end)
    ss = back_over(t->s, pc->visual_end, pc->start, " \t\r");
  uint32_t eqlen = ss - back_over(t->s, ss, pc->start, "=");
  uint32_t level = 0;
  if (eqlen > 0) {
    if (ss - eqlen == pc->start) /* a line of '=' only: "=====" is a level-2 "=" */
      level = eqlen < 3 ? 0 : ((eqlen - 1) / 2 > 6 ? 6 : (eqlen - 1) / 2);
    else
      level = eqlen < pc->count ? eqlen : pc->count;
  }
  ppart *part = pc->first;
  part->hi = i;
  uint32_t start = pc->start;
  t->sp--;
  if (level == 0) {
    part_splice(cur_part(t), part);
    return;
  }
  pelem *e = elem_new(t, P_HEADING, start, i);
  if (!e) return;
  e->level = (uint16_t)level;
  e->parts = part, e->nparts = 1;
  e->body = (wn_span){start + level, ss - level - (start + level)};
  part_add(cur_part(t), e);
}

/* ---- comments and extension tags ---- */

static uint32_t comment(pre *t, uint32_t i) {
  const char *s = t->s;
  const char *close = NULL;
  if (i + 4 < t->end) close = memmem(s + i + 4, t->end - (i + 4), "-->", 3);
  uint32_t end = close ? (uint32_t)(close - s) + 3 : t->end;
  pelem *e = elem_new(t, P_COMMENT, i, end);
  if (!e) return t->end;
  if (!close) {
    e->flags |= PF_UNCLOSED;
    tok_warn(t->a, t->w, i, "unterminated comment '<!--' runs to the end");
  }
  uint32_t body_end = close ? end - 3 : end;
  uint32_t body_lo = i + 4 < body_end ? i + 4 : body_end;
  e->body = (wn_span){body_lo, body_end - body_lo};
  /* A heading may end in comments: remember where its visible text ends. */
  piece *pc = top_piece(t);
  if (pc && pc->open == 'H') {
    uint32_t ws = back_over(s, i, pc->start, " \t");
    if (!(pc->comment_end != WN_NONE && pc->comment_end + 1 == ws)) pc->visual_end = ws;
    pc->comment_end = end - 1;
  }
  part_add(cur_part(t), e);
  return end;
}

/* "<" at i: a comment, an extension tag, or a literal '<'. Returns the
 * next position; *line_start set when a tag body starts (MediaWiki parses
 * bodies as documents of their own). */
static uint32_t angle(pre *t, uint32_t i, bool *fake_line_start) {
  const char *s = t->s;
  if (i + 3 < t->end && s[i + 1] == '!' && s[i + 2] == '-' && s[i + 3] == '-') return comment(t, i);
  bool closing = i + 1 < t->end && s[i + 1] == '/';
  uint32_t name = i + 1 + closing, q = name;
  while (q < t->end && tok_alpha((unsigned char)s[q])) q++;
  int id = ext_lookup(s + name, q - name);
  if (id < 0 || (closing && ext_tags[id].mode != EXT_IGNORED) || q >= t->end) return i + 1;
  /* MediaWiki: the name must be followed by a space, "/>" or ">". */
  if (!(tok_space((unsigned char)s[q]) || s[q] == '>' ||
        (s[q] == '/' && q + 1 < t->end && s[q + 1] == '>')))
    return i + 1;
  uint32_t gt = next_gt(t, q, t->end);
  if (gt == WN_NONE) return i + 1;
  const ext_tag *et = &ext_tags[id];
  if (et->mode == EXT_IGNORED) { /* <noinclude>, </noinclude>: the tag alone */
    pelem *e = elem_new(t, P_EXT, i, gt + 1);
    if (!e) return t->end;
    e->flags = PF_RAW | (closing ? PF_CLOSING : 0);
    e->name = (wn_span){name, q - name};
    e->attrs = (wn_span){q, gt - q};
    part_add(cur_part(t), e);
    return gt + 1;
  }
  pelem *e = elem_new(t, P_EXT, i, gt + 1);
  if (!e) return t->end;
  e->name = (wn_span){name, q - name};
  if (s[gt - 1] == '/') { /* <ref name=x/> */
    e->flags = PF_SELF_CLOSING | PF_RAW;
    e->attrs = (wn_span){q, gt - 1 - q};
    e->body = (wn_span){gt + 1, 0};
    part_add(cur_part(t), e);
    return gt + 1;
  }
  e->attrs = (wn_span){q, gt - q};
  if (!t->ci.built && !ci_build(t->a, &t->ci, s, t->len)) {
    t->nomem = true;
    return t->end;
  }
  uint32_t k = ci_find(&t->ci, id, gt + 1, t->end);
  uint32_t body_end, end;
  if (k != WN_NONE) {
    body_end = t->ci.pos[k], end = t->ci.end[k];
  } else if (et->mode == EXT_RUN) {
    body_end = end = t->end;
    e->flags |= PF_UNCLOSED;
  } else { /* no closer: the opening tag is text, MediaWiki too */
    tok_warn_tag(t->a, t->w, i, e->name, "is never closed; kept as text");
    return gt + 1;
  }
  e->end = end;
  e->body = (wn_span){gt + 1, body_end - (gt + 1)};
  if (et->mode != EXT_PARSED || !push_piece(t, 'X', i, 0, gt + 1)) {
    e->flags |= PF_RAW;
    part_add(cur_part(t), e);
    return end;
  }
  piece *pc = top_piece(t);
  pc->ext = e;
  pc->outer_end = t->end;
  t->end = body_end;
  *fake_line_start = true;
  return gt + 1;
}

/* The end of a tag body: the pieces opened inside it are broken, the tag
 * is complete. Returns where scanning resumes. */
static uint32_t finish_region(pre *t) {
  piece pc = t->stack[--t->sp];
  pelem *e = pc.ext;
  pc.first->hi = t->end;
  e->parts = pc.first, e->nparts = 1;
  t->end = pc.outer_end;
  part_add(cur_part(t), e);
  return e->end;
}

/* ---- brackets ---- */

static void open_run(pre *t, uint32_t *i, char c) {
  uint32_t count = run_of(t->s, *i, t->end, c, UINT32_MAX);
  if (count >= 2) push_piece(t, (uint8_t)c, *i, count, *i + count);
  *i += count;
}

/* "-{": language conversion. "-{{" is '-' then braces (rightmost wins),
 * but the '-' is remembered in case one brace is left over. */
static void open_dash(pre *t, uint32_t *i) {
  uint32_t braces = run_of(t->s, *i + 1, t->end, '{', UINT32_MAX);
  if (braces >= 2) {
    if (push_piece(t, '{', *i + 1, braces, *i + 1 + braces)) top_piece(t)->dash = true;
    *i += 1 + braces;
    return;
  }
  push_piece(t, 'L', *i, 2, *i + 2);
  *i += 2;
}

/* After a closer matched `used` of the top piece's openers: re-push what
 * is left (MediaWiki's rule), else leave it as text. */
static void requeue_rest(pre *t, piece pc, uint32_t used) {
  if (used >= pc.count) return;
  uint32_t rest = pc.count - used;
  if (rest >= 2) {
    if (push_piece(t, pc.open, pc.start, rest, pc.start + rest)) top_piece(t)->dash = pc.dash;
  } else if (rest == 1 && pc.open == '{' && pc.dash) {
    push_piece(t, 'L', pc.start - 1, 2, pc.start + 1);
  }
}

/* Bytes MediaWiki never accepts in a title ($wgLegalTitleChars). */
static bool title_byte_bad(unsigned char c) {
  return c < 0x20 || c == 0x7F || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
         c == '}' || c == '|';
}

/* MediaWiki shows {{…}} as text when its title is no valid page title
 * (braceSubstitution: Title::newFromText fails): empty, a forbidden
 * byte, a line break inside, a link inside, longer than
 * WN_MAX_TITLE_BYTES.
 * Parser functions ("#if:", "lc:") are exempt: what follows their ':'
 * is an argument. Templates and arguments inside count as valid text. */
static bool template_title_ok(const pre *t, const ppart *p) {
  const char *s = t->s;
  const pelem *a = p->head;
  uint32_t first_gap = a ? a->off : p->hi, k = p->lo;
  while (k < first_gap && tok_space((unsigned char)s[k])) k++;
  const char *colon = k < first_gap ? memchr(s + k, ':', first_gap - k) : NULL;
  if (k < first_gap && s[k] == '#') return colon != NULL;
  if (colon) {
    uint32_t e = (uint32_t)(colon - s);
    while (e > k && tok_space((unsigned char)s[e - 1])) e--;
    if (tok_function_name(s + k, e - k)) return true;
  }
  bool content = false, expands = false, gap = false; /* gap: a line break after content */
  uint32_t bytes = 0;
  for (uint32_t lo = p->lo;; lo = a->end, a = a->next) {
    uint32_t end = a ? a->off : p->hi;
    for (uint32_t j = lo; j < end; j++) {
      unsigned char c = (unsigned char)s[j];
      if (tok_space(c)) {
        gap |= content && c != ' ';
        continue;
      }
      if (gap || title_byte_bad(c)) return false;
      content = true, bytes++;
    }
    if (!a) break;
    if (a->kind == P_COMMENT) continue;
    if (a->kind != P_TEMPLATE && a->kind != P_ARGUMENT) return false;
    if (gap) return false;
    content = expands = true;
  }
  return content && (expands || bytes <= WN_MAX_TITLE_BYTES);
}

static void close_braces(pre *t, uint32_t *i) {
  piece pc = *top_piece(t);
  uint32_t count = run_of(t->s, *i, t->end, '}', pc.count);
  uint32_t used = count >= 3 ? 3 : count == 2 ? 2 : 0;
  if (used == 0) {
    *i += count;
    return;
  }
  pc.cur->hi = *i;
  t->sp--;
  *i += used;
  requeue_rest(t, pc, used);
  if (used == 2 && !template_title_ok(t, pc.first)) {
    tok_warn(t->a, t->w, pc.start + pc.count - used,
             "'{{' without a valid template name; kept as text");
    for (ppart *p = pc.first; p; p = p->next) part_splice(cur_part(t), p);
    return;
  }
  pelem *e = elem_new(t, used == 3 ? P_ARGUMENT : P_TEMPLATE, pc.start + pc.count - used, *i);
  if (!e) return;
  e->parts = pc.first, e->nparts = pc.nparts;
  part_add(cur_part(t), e);
}

/* Bytes that end a link target or make it invalid. */
static const uint8_t target_class[256] = {
    ['|'] = 1, ['\n'] = 1, ['['] = 1, [']'] = 1, ['{'] = 1, ['}'] = 1, ['<'] = 1, ['>'] = 1};

/* A link target MediaWiki would accept: not empty, no line break or
 * bracket, no link inside. Sets *bar to the '|' ending it (WN_NONE: no
 * label). */
static bool link_target_ok(pre *t, const ppart *p, uint32_t *bar) {
  const char *s = t->s;
  if (!t->target_stops.ready)
    tok_stops_init(&t->target_stops, target_class, 1,
                   (const char[TOK_NEEDLES]){'|', '\n', '[', ']', '{', '}', '<', '>', '|', '|'});
  uint32_t lo = p->lo;
  const pelem *a = p->head;
  bool any = false;
  *bar = WN_NONE;
  for (;;) {
    uint32_t gap_end = a ? a->off : p->hi;
    while (lo < gap_end) {
      uint32_t k = tok_skip(s, lo, gap_end, t->len, &t->target_stops);
      for (uint32_t j = lo; j < k && !any; j++) any = !tok_space((unsigned char)s[j]);
      if (k >= gap_end) break;
      if (s[k] != '|') return false;
      *bar = k;
      return any;
    }
    if (!a) return any;
    if (a->kind == P_LINK) return false;
    if (a->kind != P_COMMENT) any = true;
    lo = a->end;
    a = a->next;
  }
}

static bool starts_with_url(const char *s, uint32_t lo, uint32_t hi) {
  while (lo < hi && tok_space((unsigned char)s[lo])) lo++;
  if (lo + 1 < hi && s[lo] == '/' && s[lo + 1] == '/') return true;
  uint32_t k = lo;
  while (k < hi && tok_alpha((unsigned char)s[k])) k++;
  return k > lo && k + 2 < hi && s[k] == ':' && s[k + 1] == '/' && s[k + 2] == '/';
}

static void close_brackets(pre *t, uint32_t *i) {
  piece pc = *top_piece(t);
  uint32_t count = run_of(t->s, *i, t->end, ']', pc.count);
  if (count < 2) {
    *i += count;
    return;
  }
  pc.cur->hi = *i;
  t->sp--;
  uint32_t off = pc.start + pc.count - 2;
  *i += 2;
  requeue_rest(t, pc, 2);
  ppart *dst = cur_part(t);
  uint32_t bar;
  if (!link_target_ok(t, pc.first, &bar) || starts_with_url(t->s, pc.first->lo, pc.first->hi)) {
    part_splice(dst, pc.first); /* "[[…]]" that is no link: text */
    return;
  }
  pelem *e = elem_new(t, P_LINK, off, *i);
  if (!e) return;
  e->parts = pc.first, e->nparts = 1;
  e->body = (wn_span){bar, 0}; /* the label's '|', for pass 2 */
  part_add(dst, e);
}

/* "}-" closes "-{": MediaWiki keeps it as text, but what it enclosed was
 * shielded from the enclosing template's '|' and '}}'. */
static void close_lang(pre *t, uint32_t *i) {
  break_top(t);
  *i += 2;
}

static void add_part(pre *t, uint32_t i) {
  piece *pc = top_piece(t);
  ppart *p = part_new(t, i + 1);
  if (!p) return;
  pc->cur->hi = i;
  pc->cur->next = p;
  pc->cur = p;
  pc->nparts++;
}

/* Pieces still open when a region ends: headings get their line end, the
 * rest is text. */
static void unwind(pre *t, uint32_t floor) {
  while (t->sp > floor) {
    piece *pc = top_piece(t);
    if (pc->open == 'H') {
      heading_end(t, t->end);
      continue;
    }
    while (t->sp > floor) {
      pc = top_piece(t);
      if (pc->open == '{' && pc->count >= 2)
        tok_warn(t->a, t->w, pc->start + pc->count - (pc->count >= 3 ? 3 : 2),
                 pc->count >= 3 ? "'{{{' is never closed; kept as text"
                                : "'{{' is never closed; kept as text");
      else if (pc->open == '[')
        tok_warn(t->a, t->w, pc->start + pc->count - 2, "'[[' is never closed; kept as text");
      break_top(t);
    }
  }
}

static uint32_t region_floor(const pre *t) {
  uint32_t f = t->sp;
  while (f > 0 && t->stack[f - 1].open != 'X') f--;
  return f;
}

ppart *tok_preprocess(wn_arena *a, const char *text, uint32_t len, tok_warnings *w) {
  pre t = {.a = a, .s = text, .len = len, .end = len, .w = w, .gt_from = WN_NONE};
  t.stack = wn_arena_alloc(a, STACK_CAP * sizeof *t.stack);
  t.root = part_new(&t, 0);
  if (!t.stack || !t.root) return NULL;
  t.root->hi = len;
  uint32_t i = 0;
  bool fake_line_start = true;
  const char *s = text;
  while (!t.nomem) {
    if (fake_line_start) {
      fake_line_start = false;
      i += line_start(&t, i);
      continue;
    }
    piece *top = top_piece(&t);
    uint32_t lit = i;
    i = skip_literal(t.stops, s, i, t.end, t.len, stop_mask(top));
    if (i >= t.end) {
      if (top && top->open == 'H') {
        heading_end(&t, t.end);
        continue;
      }
      unwind(&t, region_floor(&t));
      if (!t.sp) break;
      i = finish_region(&t);
      continue;
    }
    switch (s[i]) {
    case '|': add_part(&t, i++); break;
    case '=': top->cur->eq = i++; break;
    case '<': i = angle(&t, i, &fake_line_start); break;
    case '\n':
      if (top && top->open == 'H') {
        heading_end(&t, i); /* the '\n' may open the next heading: no advance */
        break;
      }
      i++;
      i += line_start(&t, i);
      break;
    case '{':
      if (i > lit && s[i - 1] == '-') { /* "-{": the '-' was literal text so far */
        i--;
        open_dash(&t, &i);
      } else {
        open_run(&t, &i, '{');
      }
      break;
    case '[': open_run(&t, &i, '['); break;
    case '}':
      if (top->open == '{')
        close_braces(&t, &i);
      else if (i + 1 < t.end && s[i + 1] == '-')
        close_lang(&t, &i);
      else
        i++;
      break;
    case ']': close_brackets(&t, &i); break;
    default: i++;
    }
  }
  return t.nomem ? NULL : t.root;
}

/* ---- the public entry point ---- */

static int warning_cmp(const void *a, const void *b) {
  const tok_warning *x = a, *y = b;
  return x->off < y->off ? -1 : x->off > y->off;
}

/* Warnings are reported in text order with line and column, found by one
 * forward scan (only when there are warnings). */
static void report_warnings(const char *text, uint32_t len, uint32_t line0, uint32_t col0,
                            const char *file, tok_warnings *w, wn_diag_sink *sink) {
  if (!w->n) return;
  qsort(w->items, w->n, sizeof *w->items, warning_cmp);
  uint32_t line = line0, col = col0, at = 0;
  for (uint32_t k = 0; k < w->n; k++) {
    uint32_t off = w->items[k].off < len ? w->items[k].off : len;
    for (; at < off; at++) {
      unsigned char c = (unsigned char)text[at];
      if (c == '\n')
        line++, col = 1;
      else if ((c & 0xC0) != 0x80)
        col++;
    }
    const tok_warning *x = &w->items[k];
    if (x->tag.len)
      wn_report(sink, file, line, col, WN_WARNING, "'<%.*s>' %s", (int)x->tag.len,
                text + x->tag.off, x->msg);
    else
      wn_report(sink, file, line, col, WN_WARNING, "%s", x->msg);
  }
  if (w->dropped)
    wn_report(sink, file, line0, col0, WN_NOTE, "%u more tokenizer warnings not shown", w->dropped);
}

wn_status wn_tokenize(wn_arena *a, const char *text, size_t len, uint32_t line0, uint32_t col0,
                      const char *file, wn_diag_sink *sink, wn_tree *out) {
  *out = (wn_tree){text, 0, NULL, 0, WN_NONE};
  if (len > WN_MAX_DOC_BYTES) {
    wn_report(sink, file, line0, col0, WN_ERROR, "document of %zu bytes exceeds the %u-byte limit",
              len, WN_MAX_DOC_BYTES);
    return WN_ERR_LIMIT;
  }
  if (!text) text = "";
  if (!line0) line0 = 1;
  if (!col0) col0 = 1;
  tok_warnings w = {0};
  const ppart *root = tok_preprocess(a, text, (uint32_t)len, &w);
  if (!root) return WN_ERR_NOMEM;
  wn_status st = tok_inline(a, text, (uint32_t)len, line0, col0, root, &w, out);
  if (st == WN_OK && w.nomem) st = WN_ERR_NOMEM;
  if (st != WN_OK) return st;
  report_warnings(text, (uint32_t)len, line0, col0, file, &w, sink);
  return WN_OK;
}

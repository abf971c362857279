/*
 * tool_templates: every template of each file, in document order
 * (pre-order: a template before the templates inside it), in the form
 * tests/agree_mwph.py compares with mwparserfromhell:
 *
 *   F <TAB> path
 *   T <TAB> name <TAB> param names separated by 0x1F <TAB> line
 *
 * Parser functions are printed as mwparserfromhell sees them: the name
 * is the whole title ("#if:x"), the parameters are those after it, the
 * positional ones renumbered from 1. Tabs and line breaks in names
 * become spaces.
 */
#include "wikinorm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0, r;
  char *buf = malloc(cap);
  while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
    n += r;
    if (n == cap) buf = realloc(buf, cap *= 2);
  }
  fclose(f);
  *len = n;
  return buf;
}

static void put_clean(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    putchar(c == '\t' || c == '\n' || c == '\r' || c == 0x1F ? ' ' : c);
  }
}

static void print_template(const wn_tree *t, uint32_t i) {
  const wn_node *n = &t->nodes[i];
  bool pf = n->type == WN_NODE_PARSER_FUNCTION;
  uint32_t first = WN_NONE; /* the function's argument after ':' */
  for (uint32_t c = n->first_child; c != WN_NONE; c = t->nodes[c].next_sibling)
    if (t->nodes[c].type == WN_NODE_PARAM) {
      first = c;
      break;
    }
  bool colon = pf && first != WN_NONE && t->text[t->nodes[first].span.off - 1] == ':';
  fputs("T\t", stdout);
  if (colon) { /* "#if:x": from after "{{" to the end of the first argument */
    uint32_t lo = n->span.off + 2, hi = t->nodes[first].span.off + t->nodes[first].span.len;
    put_clean(t->text + lo, hi - lo);
  } else {
    put_clean(t->text + n->name.off, n->name.len);
  }
  putchar('\t');
  bool sep = false;
  for (uint32_t c = n->first_child; c != WN_NONE; c = t->nodes[c].next_sibling) {
    const wn_node *p = &t->nodes[c];
    if (p->type != WN_NODE_PARAM || (colon && c == first)) continue;
    if (sep) putchar(0x1F);
    sep = true;
    if (p->flags & WN_NODE_POSITIONAL)
      printf("%d", colon ? p->num - 1 : p->num);
    else
      put_clean(t->text + p->name.off, p->name.len);
  }
  printf("\t%u\n", n->line);
}

int main(int argc, char **argv) {
  wn_arena *a = wn_arena_new();
  wn_diag_sink quiet = {NULL, NULL, 0, 0};
  int rc = 0;
  for (int i = 1; i < argc; i++) {
    size_t len;
    char *text = slurp(argv[i], &len);
    if (!text) {
      fprintf(stderr, "tool_templates: cannot read %s\n", argv[i]);
      rc = 2;
      continue;
    }
    wn_arena_reset(a);
    wn_tree t;
    printf("F\t%s\n", argv[i]);
    if (wn_tokenize(a, text, len, 1, 1, argv[i], &quiet, &t) == WN_OK) {
      for (uint32_t k = 0; k < t.count; k++)
        if (t.nodes[k].type == WN_NODE_TEMPLATE || t.nodes[k].type == WN_NODE_PARSER_FUNCTION)
          print_template(&t, k);
    } else {
      rc = 1;
    }
    free(text);
  }
  wn_arena_free(a);
  return rc;
}

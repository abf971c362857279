/*
 * sax_floor: a bare libxml2 SAX2 push parse of a file, the floor that the
 * default normalize of a dump is compared to.
 *
 *   sax_floor FILE
 *
 * xmlCreatePushParserCtxt + xmlParseChunk in 256 KiB chunks, with SAX2
 * callbacks that only count (elements, <page> elements, text bytes): no
 * tree, no copies. No XML_PARSE_HUGE: libxml2 2.9.14 then limits one text
 * node to 10 MB, far above any article. Entities are not substituted and
 * the network is off. Prints
 *
 *   elements=<n> pages=<n> text_bytes=<n> bytes=<file bytes>
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

typedef struct {
  unsigned long elements, pages;
  unsigned long long text_bytes;
} counts;

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI,
                     int nb_namespaces, const xmlChar **namespaces, int nb_attributes,
                     int nb_defaulted, const xmlChar **attributes) {
  (void)prefix, (void)URI, (void)nb_namespaces, (void)namespaces, (void)nb_attributes;
  (void)nb_defaulted, (void)attributes;
  counts *c = ((xmlParserCtxtPtr)ctx)->_private;
  c->elements++;
  if (localname[0] == 'p' && !strcmp((const char *)localname, "page")) c->pages++;
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI) {
  (void)ctx, (void)localname, (void)prefix, (void)URI;
}

static void on_chars(void *ctx, const xmlChar *ch, int len) {
  (void)ch;
  counts *c = ((xmlParserCtxtPtr)ctx)->_private;
  c->text_bytes += (unsigned long long)len;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: sax_floor FILE\n");
    return 2;
  }
  FILE *f = fopen(argv[1], "rb");
  if (!f) {
    fprintf(stderr, "sax_floor: %s: %s\n", argv[1], strerror(errno));
    return 2;
  }
  LIBXML_TEST_VERSION;
  xmlSAXHandler sax;
  memset(&sax, 0, sizeof sax);
  sax.initialized = XML_SAX2_MAGIC;
  sax.startElementNs = on_start;
  sax.endElementNs = on_end;
  sax.characters = on_chars;
  sax.cdataBlock = on_chars;

  enum { CHUNK = 256 * 1024 };
  char *buf = malloc(CHUNK);
  if (!buf) return 2;
  size_t n = fread(buf, 1, 4, f);
  xmlParserCtxtPtr ctxt = xmlCreatePushParserCtxt(&sax, NULL, buf, (int)n, argv[1]);
  if (!ctxt) {
    fprintf(stderr, "sax_floor: cannot create parser\n");
    return 2;
  }
  counts c = {0, 0, 0};
  ctxt->_private = &c;
  xmlCtxtUseOptions(ctxt, XML_PARSE_NONET);
  unsigned long long total = n;
  int err = 0;
  while (!err && (n = fread(buf, 1, CHUNK, f)) > 0) {
    total += n;
    err = xmlParseChunk(ctxt, buf, (int)n, 0);
  }
  if (!err) err = xmlParseChunk(ctxt, NULL, 0, 1);
  int wf = ctxt->wellFormed;
  xmlFreeParserCtxt(ctxt);
  fclose(f);
  free(buf);
  xmlCleanupParser();
  printf("elements=%lu pages=%lu text_bytes=%llu bytes=%llu\n", c.elements, c.pages, c.text_bytes,
         total);
  if (err || !wf) {
    fprintf(stderr, "sax_floor: %s: not well-formed (error %d)\n", argv[1], err);
    return 1;
  }
  return 0;
}

/*
 * The pages of a MediaWiki XML export (schema 0.8 to 0.11), streamed with
 * libxml2's SAX2 push parser. Never a DOM, and not xmlTextReader: on a cut
 * dump the push parser yields exactly the complete pages. One page is held
 * at a time; its text is the only large buffer.
 *
 * Safety: a DOCTYPE or an entity declaration stops the parse at once (no
 * entity expansion bombs, no external entities); XML_PARSE_NOENT, DTDLOAD
 * and HUGE are never set; element depth is capped. Character data arrives
 * in pieces and is accumulated here, so page texts up to WN_MAX_DOC_BYTES
 * parse without XML_PARSE_HUGE.
 */
#include "reader.h"

#include <ctype.h>
#include <inttypes.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"

/* The elements that matter; the rest is skipped. */
typedef enum elem {
  EL_OTHER = 0,
  EL_MEDIAWIKI,
  EL_SITEINFO,
  EL_DBNAME,
  EL_BASE,
  EL_PAGE,
  EL_TITLE,
  EL_NS,
  EL_PAGE_ID,
  EL_REDIRECT,
  EL_REVISION,
  EL_REV_ID,
  EL_MODEL,
  EL_TEXT
} elem;

/* Small fields (title, ids, model, site names) are capped: a MediaWiki
 * title is at most 255 bytes. */
#define FIELD_MAX 4096
/* A page buffer that grew past this is given back after the page, so one
 * huge page does not keep its memory for the rest of the dump. */
#define KEEP_BYTES (4u << 20)

typedef struct page {
  wn_buf title, ns, id, rev_id, model, text;
  bool redirect, has_text, deleted, too_big;
  uint32_t line, col; /* where the text starts */
} page;

struct wn_dump {
  const char *name;
  const wn_read_opts *opts;
  wn_doc_fn fn;
  void *user;
  wn_diag_sink *sink;
  xmlParserCtxtPtr ctxt;

  elem stack[WN_MAX_XML_DEPTH];
  const xmlChar *names[WN_MAX_XML_DEPTH]; /* interned by libxml2's dictionary */
  unsigned depth;
  wn_buf *field; /* where character data goes; NULL drops it */
  size_t field_max;

  wn_buf dbname, base;
  char xml_lang[32], lang[32];
  bool lang_resolved;
  page pg;

  char last_title[256];
  uint64_t pages_seen, delivered, fed;
  const char *offset_note;
  uint64_t offset_base;

  bool stopped;   /* nothing more is parsed */
  bool user_stop; /* the document function asked to stop */
  bool reported;  /* the error that stopped us has been reported */
  wn_status status;
  /* The first fatal error of libxml2, kept to be reported with context. */
  bool xml_failed;
  char xml_msg[200];
  int xml_code;
  uint32_t xml_line, xml_col;
  uint64_t xml_offset;
};

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static void init_libxml(void) { xmlInitParser(); }

/* ---- reporting ---- */

static uint64_t byte_offset(const wn_dump *d) {
  long n = d->ctxt ? xmlByteConsumed(d->ctxt) : -1;
  return (n >= 0 ? (uint64_t)n : d->fed) + d->offset_base;
}

static void current_position(const wn_dump *d, uint32_t *line, uint32_t *col) {
  int l = d->ctxt ? xmlSAX2GetLineNumber(d->ctxt) : 0;
  int c = d->ctxt ? xmlSAX2GetColumnNumber(d->ctxt) : 0;
  *line = l > 0 ? (uint32_t)l : 1;
  *col = c > 0 ? (uint32_t)c : 1;
}

/* "; last complete page: "T"" names the place of the damage for a user
 * who has to find it in a 20 GB file. */
static void describe_last_page(const wn_dump *d, char *out, size_t n) {
  if (d->pages_seen)
    snprintf(out, n, "last complete page: \"%s\" (page %" PRIu64 ")", d->last_title, d->pages_seen);
  else
    snprintf(out, n, "no complete page before it");
}

/* Reports the error that ends the dump, with its byte offset and the last
 * good page, and stops the parser. */
static void fail_at(wn_dump *d, wn_status st, uint32_t line, uint32_t col, uint64_t offset,
                    const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;
static void fail_at(wn_dump *d, wn_status st, uint32_t line, uint32_t col, uint64_t offset,
                    const char *fmt, ...) {
  if (d->reported) return;
  char what[300], last[320];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  describe_last_page(d, last, sizeof last);
  wn_report(d->sink, d->name, line, col, WN_ERROR, "%s (byte offset %" PRIu64 "%s); %s", what,
            offset, d->offset_note, last);
  d->reported = true;
  d->status = st;
  d->stopped = true;
  if (d->ctxt) xmlStopParser(d->ctxt);
}

/* An error found inside a SAX callback: at the parser's position. */
#define FAIL_HERE(d, st, ...)                                                                      \
  do {                                                                                             \
    uint32_t l_, c_;                                                                               \
    current_position(d, &l_, &c_);                                                                 \
    fail_at(d, st, l_, c_, byte_offset(d), __VA_ARGS__);                                           \
  } while (0)

static void out_of_memory(wn_dump *d) {
  if (d->reported) return;
  wn_report(d->sink, d->name, 0, 0, WN_ERROR, "out of memory while reading the dump");
  d->reported = true;
  d->status = WN_ERR_NOMEM;
  d->stopped = true;
  if (d->ctxt) xmlStopParser(d->ctxt);
}

/* libxml2's structured error handler: keep the first fatal error. */
static void on_xml_error(void *user, xmlErrorPtr e) {
  wn_dump *d = user;
  if (!e || e->level != XML_ERR_FATAL || d->xml_failed) return;
  d->xml_failed = true;
  d->xml_code = e->code;
  snprintf(d->xml_msg, sizeof d->xml_msg, "%s", e->message ? e->message : "XML error");
  size_t n = strlen(d->xml_msg);
  while (n && (d->xml_msg[n - 1] == '\n' || d->xml_msg[n - 1] == ' ')) d->xml_msg[--n] = 0;
  d->xml_line = e->line > 0 ? (uint32_t)e->line : 1;
  d->xml_col = e->int2 > 0 ? (uint32_t)e->int2 : 1;
  d->xml_offset = byte_offset(d);
}

/* ---- the site's language ---- */

static bool is_lang_code(const char *s, size_t n) {
  if (n < 2 || n > 20) return false;
  for (size_t i = 0; i < n; i++)
    if (!islower((unsigned char)s[i]) && s[i] != '-' && s[i] != '_') return false;
  return true;
}

/* Wikis whose name is no language (commonswiki, metawiki, …). */
static bool is_project_name(const char *s, size_t n) {
  static const char *const names[] = {"commons",   "meta",      "species",   "wikidata",
                                      "mediawiki", "sources",   "incubator", "foundation",
                                      "outreach",  "test",      "test2",     "www",
                                      "beta",      "wikimania", "login",     "m"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strlen(names[i]) == n && !memcmp(names[i], s, n)) return true;
  return false;
}

static void set_lang(char out[32], const char *s, size_t n) {
  if (n == 6 && !memcmp(s, "simple", 6)) s = "en", n = 2; /* Simple English */
  if (n >= 32) n = 31;
  for (size_t i = 0; i < n; i++) out[i] = s[i] == '_' ? '-' : s[i];
  out[n] = 0;
}

static const char *const project_suffixes[] = {"wiki",        "wiktionary", "wikisource",
                                               "wikibooks",   "wikinews",   "wikiquote",
                                               "wikiversity", "wikivoyage"};

/* zhwiki -> zh, zh_yuewiki -> zh-yue, enwiktionary -> en. */
static bool lang_from_dbname(const wn_buf *db, char out[32]) {
  const char *s = db->len ? db->data : "";
  for (size_t i = 0; i < sizeof project_suffixes / sizeof project_suffixes[0]; i++) {
    size_t k = strlen(project_suffixes[i]);
    if (db->len <= k || memcmp(s + db->len - k, project_suffixes[i], k)) continue;
    size_t n = db->len - k;
    if (!is_lang_code(s, n) || is_project_name(s, n)) return false;
    set_lang(out, s, n);
    return true;
  }
  return false;
}

/* https://zh.wikipedia.org/wiki/… and zh.m.wikipedia.org -> zh. */
static bool lang_from_base(const wn_buf *base, char out[32]) {
  const char *s = base->len ? base->data : "", *end = s + base->len;
  const char *host = strstr(s, "://");
  if (!host) return false;
  host += 3;
  const char *host_end = host;
  while (host_end < end && *host_end != '/' && *host_end != ':') host_end++;
  static const char *const domains[] = {".wikipedia.org",   ".wiktionary.org", ".wikisource.org",
                                        ".wikibooks.org",   ".wikinews.org",   ".wikiquote.org",
                                        ".wikiversity.org", ".wikivoyage.org"};
  bool wikimedia = false;
  for (size_t i = 0; i < sizeof domains / sizeof domains[0]; i++) {
    size_t k = strlen(domains[i]);
    if ((size_t)(host_end - host) > k && !memcmp(host_end - k, domains[i], k)) wikimedia = true;
  }
  if (!wikimedia) return false;
  const char *dot = memchr(host, '.', (size_t)(host_end - host));
  size_t n = (size_t)(dot - host);
  if (!is_lang_code(host, n) || is_project_name(host, n)) return false;
  set_lang(out, host, n);
  return true;
}

/* --lang, then <dbname>, then <base>, then xml:lang; "" lets each page's
 * script decide. */
static void resolve_lang(wn_dump *d) {
  if (d->lang_resolved) return;
  d->lang_resolved = true;
  if (d->opts && d->opts->lang && *d->opts->lang)
    set_lang(d->lang, d->opts->lang, strlen(d->opts->lang));
  else if (!lang_from_dbname(&d->dbname, d->lang) && !lang_from_base(&d->base, d->lang))
    memcpy(d->lang, d->xml_lang, sizeof d->lang);
}

/* ---- pages ---- */

static void buf_trim(wn_buf *b) {
  if (b->cap > KEEP_BYTES) wn_buf_free(b);
  wn_buf_clear(b);
}

static void revision_reset(page *p) {
  wn_buf_clear(&p->rev_id);
  wn_buf_clear(&p->model);
  buf_trim(&p->text);
  p->has_text = p->deleted = p->too_big = false;
  p->line = p->col = 1;
}

static void page_reset(page *p) {
  wn_buf_clear(&p->title);
  wn_buf_clear(&p->ns);
  wn_buf_clear(&p->id);
  p->redirect = false;
  revision_reset(p);
}

static void page_free(page *p) {
  wn_buf_free(&p->title);
  wn_buf_free(&p->ns);
  wn_buf_free(&p->id);
  wn_buf_free(&p->rev_id);
  wn_buf_free(&p->model);
  wn_buf_free(&p->text);
}

static const char *buf_str(const wn_buf *b) { return b->len ? b->data : ""; }

static int64_t buf_int(const wn_buf *b, int64_t absent) {
  const char *s = buf_str(b);
  while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') s++;
  if (!*s) return absent;
  char *end;
  long long v = strtoll(s, &end, 10);
  return end == s ? absent : (int64_t)v;
}

static bool wanted_ns(const wn_dump *d, int ns) {
  if (!d->opts || !d->opts->ns) return ns == 0;
  for (size_t i = 0; i < d->opts->ns_count; i++)
    if (d->opts->ns[i] == ns) return true;
  return false;
}

/* Only wikitext is parsed: Scribunto, css, javascript, json, wikibase-*
 * pages are skipped. No <model> (exports before 0.5) means wikitext. */
static bool is_wikitext(const page *p) {
  return !p->model.len || !strcmp(p->model.data, "wikitext");
}

static void remember_page(wn_dump *d) {
  d->pages_seen++;
  const page *p = &d->pg;
  size_t n = p->title.len < sizeof d->last_title - 1 ? p->title.len : sizeof d->last_title - 1;
  /* Cut on a character boundary so the message stays valid UTF-8. */
  while (n && n < p->title.len && ((unsigned char)p->title.data[n] & 0xC0) == 0x80) n--;
  memcpy(d->last_title, buf_str(&p->title), n);
  d->last_title[n] = 0;
}

static void page_end(wn_dump *d) {
  page *p = &d->pg;
  remember_page(d);
  int ns = (int)buf_int(&p->ns, 0);
  if (!wanted_ns(d, ns) || p->redirect || !is_wikitext(p) || !p->has_text || p->deleted) return;
  if (p->too_big) {
    wn_report(d->sink, d->name, p->line, p->col, WN_WARNING,
              "page \"%s\": text larger than %u MiB, skipped", d->last_title,
              WN_MAX_DOC_BYTES >> 20);
    return;
  }
  resolve_lang(d);
  wn_doc doc = {0};
  doc.file = d->name;
  doc.title = p->title.len ? p->title.data : NULL;
  doc.text = buf_str(&p->text);
  doc.len = p->text.len;
  doc.lang = *d->lang ? d->lang : wn_detect_lang(doc.text, doc.len);
  doc.format = WN_FORMAT_WIKITEXT;
  doc.page_id = buf_int(&p->id, -1);
  doc.revision_id = buf_int(&p->rev_id, -1);
  doc.ns = ns;
  doc.line = p->line;
  doc.col = p->col;
  doc.index = d->delivered++;
  if (d->fn(d->user, &doc)) {
    d->user_stop = d->stopped = true;
    xmlStopParser(d->ctxt);
  }
}

/* ---- SAX callbacks ---- */

static elem classify(elem parent, const char *name) {
  switch (parent) {
  case EL_MEDIAWIKI:
    if (!strcmp(name, "page")) return EL_PAGE;
    if (!strcmp(name, "siteinfo")) return EL_SITEINFO;
    break;
  case EL_SITEINFO:
    if (!strcmp(name, "dbname")) return EL_DBNAME;
    if (!strcmp(name, "base")) return EL_BASE;
    break;
  case EL_PAGE:
    if (!strcmp(name, "title")) return EL_TITLE;
    if (!strcmp(name, "ns")) return EL_NS;
    if (!strcmp(name, "id")) return EL_PAGE_ID;
    if (!strcmp(name, "redirect")) return EL_REDIRECT;
    if (!strcmp(name, "revision")) return EL_REVISION;
    break;
  case EL_REVISION:
    if (!strcmp(name, "id")) return EL_REV_ID;
    if (!strcmp(name, "model")) return EL_MODEL;
    if (!strcmp(name, "text")) return EL_TEXT;
    break;
  default: break;
  }
  return EL_OTHER;
}

/* SAX2 attributes come as (localname, prefix, URI, value, end) tuples. */
static bool find_attr(const xmlChar **attrs, int count, const char *prefix, const char *name,
                      const char **value, size_t *len) {
  for (int i = 0; i < count; i++) {
    const xmlChar **a = attrs + 5 * i;
    if (strcmp((const char *)a[0], name)) continue;
    if (prefix ? !a[1] || strcmp((const char *)a[1], prefix) : a[1] != NULL) continue;
    *value = (const char *)a[3];
    *len = (size_t)(a[4] - a[3]);
    return true;
  }
  return false;
}

static void collect_into(wn_dump *d, wn_buf *b, size_t max) {
  wn_buf_clear(b);
  d->field = b;
  d->field_max = max;
}

static void root_start(wn_dump *d, const char *name, const xmlChar **attrs, int nattrs) {
  if (strcmp(name, "mediawiki")) {
    FAIL_HERE(d, WN_ERR_INPUT, "not a MediaWiki XML export: the root element is <%.40s>", name);
    return;
  }
  const char *v;
  size_t n;
  if (find_attr(attrs, nattrs, "xml", "lang", &v, &n) && n < sizeof d->xml_lang) {
    char tmp[32];
    for (size_t i = 0; i < n; i++) tmp[i] = (char)tolower((unsigned char)v[i]);
    if (is_lang_code(tmp, n)) set_lang(d->xml_lang, tmp, n);
  }
}

static void text_start(wn_dump *d, const xmlChar **attrs, int nattrs) {
  page *p = &d->pg;
  const char *v;
  size_t n;
  p->has_text = true;
  p->deleted = find_attr(attrs, nattrs, NULL, "deleted", &v, &n);
  /* The parser stands on the '>' of the start tag: the text starts one
   * column further. */
  current_position(d, &p->line, &p->col);
  p->col++;
  collect_into(d, &p->text, WN_MAX_DOC_BYTES);
}

static void on_start(void *user, const xmlChar *localname, const xmlChar *prefix,
                     const xmlChar *uri, int nns, const xmlChar **ns, int nattrs, int ndefaulted,
                     const xmlChar **attrs) {
  (void)prefix, (void)uri, (void)nns, (void)ns, (void)ndefaulted;
  wn_dump *d = user;
  if (d->stopped) return;
  const char *name = (const char *)localname;
  if (d->depth >= WN_MAX_XML_DEPTH) {
    FAIL_HERE(d, WN_ERR_LIMIT, "XML elements nested deeper than %d", WN_MAX_XML_DEPTH);
    return;
  }
  elem e = EL_MEDIAWIKI;
  if (d->depth == 0) {
    root_start(d, name, attrs, nattrs);
    if (d->stopped) return;
  } else
    e = classify(d->stack[d->depth - 1], name);
  d->stack[d->depth] = e;
  d->names[d->depth] = localname;
  d->depth++;
  d->field = NULL;
  page *p = &d->pg;
  switch (e) {
  case EL_PAGE: page_reset(p); break;
  case EL_REVISION: revision_reset(p); break;
  case EL_REDIRECT: p->redirect = true; break;
  case EL_TEXT: text_start(d, attrs, nattrs); break;
  case EL_TITLE: collect_into(d, &p->title, FIELD_MAX); break;
  case EL_NS: collect_into(d, &p->ns, FIELD_MAX); break;
  case EL_PAGE_ID: collect_into(d, &p->id, FIELD_MAX); break;
  case EL_REV_ID: collect_into(d, &p->rev_id, FIELD_MAX); break;
  case EL_MODEL: collect_into(d, &p->model, FIELD_MAX); break;
  case EL_DBNAME: collect_into(d, &d->dbname, FIELD_MAX); break;
  case EL_BASE: collect_into(d, &d->base, FIELD_MAX); break;
  default: break;
  }
}

static void on_end(void *user, const xmlChar *localname, const xmlChar *prefix,
                   const xmlChar *uri) {
  (void)localname, (void)prefix, (void)uri;
  wn_dump *d = user;
  if (d->stopped || !d->depth) return;
  elem e = d->stack[--d->depth];
  d->field = NULL;
  if (e == EL_PAGE)
    page_end(d);
  else if (e == EL_SITEINFO)
    resolve_lang(d);
}

static void on_characters(void *user, const xmlChar *s, int len) {
  wn_dump *d = user;
  wn_buf *b = d->field;
  if (d->stopped || !b || len <= 0) return;
  size_t n = (size_t)len;
  if (b->len + n > d->field_max) {
    if (b == &d->pg.text) {
      /* Over the limit: the page is skipped at its end; stop copying. */
      d->pg.too_big = true;
      d->field = NULL;
      buf_trim(b);
      return;
    }
    n = d->field_max - b->len; /* small fields are cut */
  }
  if (!wn_buf_append(b, (const char *)s, n)) out_of_memory(d);
}

/* No DTD is ever needed in a dump, and one is the door to entity bombs
 * and external entities: refuse it before any declaration is read. */
static void on_internal_subset(void *user, const xmlChar *name, const xmlChar *ext_id,
                               const xmlChar *sys_id) {
  (void)name, (void)ext_id, (void)sys_id;
  wn_dump *d = user;
  FAIL_HERE(d, WN_ERR_INPUT, "DOCTYPE declarations are refused in a dump (entity expansion)");
}

static void on_entity_decl(void *user, const xmlChar *name, int type, const xmlChar *public_id,
                           const xmlChar *system_id, xmlChar *content) {
  (void)type, (void)public_id, (void)system_id, (void)content;
  wn_dump *d = user;
  FAIL_HERE(d, WN_ERR_INPUT, "entity declaration '%.40s' refused", (const char *)name);
}

static xmlEntityPtr on_get_entity(void *user, const xmlChar *name) {
  (void)user, (void)name;
  return NULL; /* only the five predefined entities exist */
}

/* ---- the interface ---- */

wn_dump *wn_dump_new(const char *name, const wn_read_opts *opts, wn_doc_fn fn, void *user,
                     wn_diag_sink *sink) {
  pthread_once(&init_once, init_libxml);
  wn_dump *d = wn_malloc(sizeof *d);
  if (!d) return NULL;
  memset(d, 0, sizeof *d);
  d->name = name;
  d->opts = opts;
  d->fn = fn;
  d->user = user;
  d->sink = sink;
  d->offset_note = "";
  xmlSAXHandler sax;
  memset(&sax, 0, sizeof sax);
  sax.initialized = XML_SAX2_MAGIC;
  sax.startElementNs = on_start;
  sax.endElementNs = on_end;
  sax.characters = on_characters;
  sax.cdataBlock = on_characters;
  sax.ignorableWhitespace = on_characters;
  sax.internalSubset = on_internal_subset;
  sax.externalSubset = on_internal_subset;
  sax.entityDecl = on_entity_decl;
  sax.getEntity = on_get_entity;
  sax.getParameterEntity = on_get_entity;
  sax.serror = on_xml_error;
  d->ctxt = xmlCreatePushParserCtxt(&sax, d, NULL, 0, NULL);
  if (!d->ctxt) {
    wn_free(d);
    return NULL;
  }
  /* The reader hands over UTF-8 whatever the declaration says (UTF-16 is
   * decoded before); no network, no entity substitution, no DTD. */
  xmlCtxtUseOptions(d->ctxt, XML_PARSE_NONET | XML_PARSE_IGNORE_ENC);
  return d;
}

void wn_dump_set_offsets(wn_dump *d, const char *note, uint64_t base) {
  d->offset_note = note ? note : "";
  d->offset_base = base;
}

/* The parser stopped: say why, once. */
static wn_status stopped_status(wn_dump *d, bool at_end) {
  d->stopped = true;
  if (d->user_stop) return WN_OK;
  if (d->reported) return d->status;
  if (at_end) {
    /* The input ended inside an element: a cut dump. libxml2's message
     * ("Extra content at the end of the document") would mislead. */
    uint32_t line = d->xml_failed ? d->xml_line : 1, col = d->xml_failed ? d->xml_col : 1;
    if (d->depth)
      fail_at(d, WN_ERR_INPUT, line, col, d->fed + d->offset_base,
              "truncated XML dump: the input ends inside <%.40s>",
              (const char *)d->names[d->depth - 1]);
    else
      fail_at(d, WN_ERR_INPUT, line, col, d->fed + d->offset_base,
              "truncated XML dump: the input ends before the <mediawiki> element is open");
  } else if (d->xml_failed) {
    fail_at(d, WN_ERR_INPUT, d->xml_line, d->xml_col, d->xml_offset, "malformed XML dump: %s",
            d->xml_msg);
  } else {
    fail_at(d, WN_ERR_INPUT, 1, 1, d->fed + d->offset_base, "malformed XML dump");
  }
  return d->status;
}

wn_status wn_dump_feed(wn_dump *d, const char *utf8, size_t n) {
  while (!d->stopped && n) {
    int k = n > (1u << 30) ? 1 << 30 : (int)n;
    int rc = xmlParseChunk(d->ctxt, utf8, k, 0);
    d->fed += (size_t)k;
    utf8 += k;
    n -= (size_t)k;
    if (rc || d->stopped) return stopped_status(d, false);
  }
  return d->stopped ? (d->user_stop ? WN_OK : d->status) : WN_OK;
}

wn_status wn_dump_finish(wn_dump *d, const char *cause, wn_status cause_status) {
  if (d->stopped) return d->user_stop ? WN_OK : d->status;
  /* Terminating delivers the pages whose end tag came in the last bytes.
   * Any complaint now is about the input ending early: everything before
   * was parsed without error. */
  int rc = xmlParseChunk(d->ctxt, NULL, 0, 1);
  if (d->user_stop) return WN_OK;
  if (d->reported) return d->status;
  if (cause) {
    uint32_t line, col;
    current_position(d, &line, &col);
    fail_at(d, cause_status, line, col, d->fed + d->offset_base, "%s", cause);
    return d->status;
  }
  if (rc || d->xml_failed || d->depth || !d->ctxt->wellFormed) return stopped_status(d, true);
  d->stopped = true;
  return WN_OK;
}

uint64_t wn_dump_pages(const wn_dump *d) { return d->pages_seen; }

bool wn_dump_stopped(const wn_dump *d) { return d->stopped; }

void wn_dump_free(wn_dump *d) {
  if (!d) return;
  if (d->ctxt) {
    if (d->ctxt->myDoc) xmlFreeDoc(d->ctxt->myDoc);
    xmlFreeParserCtxt(d->ctxt);
  }
  page_free(&d->pg);
  wn_buf_free(&d->dbname);
  wn_buf_free(&d->base);
  wn_free(d);
}

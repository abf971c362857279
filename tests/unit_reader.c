/*
 * The reader and the pipeline, through the push interface of reader.h:
 * the same input cut into chunks of any size gives the same documents;
 * invalid UTF-8 repaired exactly as wn_utf8_repair would; UTF-16, gzip,
 * bzip2 multistream; DOCTYPE and entities refused; page selection; the
 * site's language; size limits; and the pipeline's order with 1 and N
 * jobs.
 */
#include "reader.h"

#include <bzlib.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "cli/pipeline.h"
#include "limits.h"
#include "tap.h"

/* ---- collecting what the reader delivers ---- */

typedef struct got {
  wn_buf log;   /* one line of metadata per document, then its text */
  wn_buf diags; /* formatted diagnostics */
  int docs;
  int stop_after; /* 0 = never */
  size_t last_len;
} got;

static void got_init(got *g) { memset(g, 0, sizeof *g); }
static void got_free(got *g) {
  wn_buf_free(&g->log);
  wn_buf_free(&g->diags);
}

static int on_doc(void *user, const wn_doc *d) {
  got *g = user;
  wn_buf_printf(&g->log, "#%llu [%s] ns=%d id=%lld rev=%lld lang=%s at %u:%u fmt=%d len=%zu\n",
                (unsigned long long)d->index, d->title ? d->title : "(null)", d->ns,
                (long long)d->page_id, (long long)d->revision_id, d->lang, d->line, d->col,
                (int)d->format, d->len);
  if (d->len < 100000) wn_buf_append(&g->log, d->text, d->len);
  wn_buf_putc(&g->log, '\n');
  g->last_len = d->len;
  g->docs++;
  return g->stop_after && g->docs >= g->stop_after;
}

static void on_diag(void *user, const wn_diag *d) { wn_diag_format(d, &((got *)user)->diags); }

/* Pushes data in chunks: fixed size, or random sizes from seed when
 * chunk is 0. */
static wn_status push(const char *data, size_t n, size_t chunk, unsigned seed,
                      const wn_read_opts *ro, got *g) {
  wn_diag_sink sink = {on_diag, g, 0, 0};
  wn_reader *r = wn_reader_new("t.xml", ro, on_doc, g, &sink);
  if (!r) return WN_ERR_NOMEM;
  srand(seed);
  for (size_t at = 0; at < n && !wn_reader_stopped(r);) {
    size_t k = chunk ? chunk : 1 + (size_t)(rand() % (rand() % 3 ? 8 : 9000));
    if (k > n - at) k = n - at;
    wn_reader_feed(r, data + at, k);
    at += k;
  }
  wn_status st = wn_reader_finish(r);
  wn_reader_free(r);
  return st;
}

static wn_status push_str(const char *s, const wn_read_opts *ro, got *g) {
  return push(s, strlen(s), 0, 1, ro, g);
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *p = malloc((size_t)n + 1);
  *len = fread(p, 1, (size_t)n, f);
  fclose(f);
  return p;
}

static bool contains(const wn_buf *b, const char *s) { return b->len && strstr(b->data, s); }

static const char *str(const wn_buf *b) { return b->len ? b->data : ""; }

/* Prints diagnostics as TAP comments, for the reader of the log. */
static void show(const wn_buf *diags) {
  const char *p = str(diags);
  while (*p) {
    size_t n = strcspn(p, "\n");
    printf("#   %.*s\n", (int)n, p);
    p += n + (p[n] == '\n');
  }
}

/* ---- a small dump ---- */

#define HEAD                                                                                       \
  "<mediawiki xmlns=\"http://www.mediawiki.org/xml/export-0.10/\" version=\"0.10\" "               \
  "xml:lang=\"en\">\n<siteinfo><dbname>zhwiki</dbname></siteinfo>\n"
#define PAGE(title, text)                                                                          \
  "<page><title>" title "</title><ns>0</ns><id>7</id><revision><id>70</id>"                        \
  "<model>wikitext</model><text xml:space=\"preserve\">" text "</text></revision></page>\n"
#define TAIL "</mediawiki>\n"

/* ---- tests ---- */

/* Random bytes rich in UTF-8 trouble, as one document, in random chunks:
 * the text is what wn_utf8_repair makes of the whole. */
static void test_repair_matches_whole(void) {
  static const char *const pieces[] = {"a",
                                       "\n",
                                       "\xC3\xA9",
                                       "\xE4\xB8\xAD",
                                       "\xF0\x9F\x9A\x80",
                                       "\xC3",
                                       "\xE4\xB8",
                                       "\xF0\x9F",
                                       "\x80",
                                       "\xBF",
                                       "\xFF",
                                       "\xC0\xAF",
                                       "\xE0\x80\x80",
                                       "\xED\xA0\x80",
                                       "\xF4\x90\x80\x80",
                                       "\xEF\xBF\xBE",
                                       "\x01",
                                       "<",
                                       "&"};
  int bad_runs = 0;
  for (int trial = 0; trial < 400; trial++) {
    wn_buf in, want;
    wn_buf_init(&in);
    wn_buf_init(&want);
    wn_buf_puts(&in, "w");
    srand((unsigned)trial * 7919u);
    int n = rand() % 200;
    for (int i = 0; i < n; i++) wn_buf_puts(&in, pieces[rand() % (sizeof pieces / sizeof *pieces)]);
    size_t first_bad;
    wn_utf8_repair(in.data, in.len, &want, &first_bad);
    got g;
    got_init(&g);
    size_t chunk = trial % 3 == 0 ? 1 : 0;
    wn_status st = push(in.data, in.len, chunk, (unsigned)trial, NULL, &g);
    /* The log holds the metadata line then the text. */
    const char *text = strchr(str(&g.log), '\n');
    bool same = st == WN_OK && g.docs == 1 && text && g.last_len == want.len &&
                !memcmp(text + 1, want.data, want.len);
    if (!same) bad_runs++;
    got_free(&g);
    wn_buf_free(&in);
    wn_buf_free(&want);
  }
  CHECK(bad_runs == 0,
        "400 random texts in random chunks repair exactly like the whole (%d differ)", bad_runs);
}

/* Each real dump gives the same documents whatever the chunk sizes. */
static void test_chunk_invariance(void) {
  static const char *const files[] = {
      "fixtures/dumps/mwxml_dump.xml", "fixtures/dumps/mediawiki_Slots.import-1.xml",
      "fixtures/dumps/dumpsterdive_tinywiki-latest-pages-articles.xml",
      "fixtures/dumps/gensim_bgwiki-latest-pages-articles-shortened.xml.bz2",
      "fixtures/dumps/dumpsterdive_smallwiki-latest-pages-articles.xml"};
  for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
    size_t len;
    char *data = slurp(files[f], &len);
    if (!data) {
      CHECK(0, "%s is readable", files[f]);
      continue;
    }
    got whole;
    got_init(&whole);
    wn_status st = push(data, len, len, 0, NULL, &whole);
    bool big = len > 1000000;
    size_t sizes[] = {1, 2, 3, 5, 64, 4093, 0, 0};
    int differ = 0, runs = 0;
    for (size_t k = big ? 4 : 0; k < sizeof sizes / sizeof *sizes; k++) {
      got g;
      got_init(&g);
      wn_status s2 = push(data, len, sizes[k], (unsigned)k, NULL, &g);
      runs++;
      if (s2 != st || g.log.len != whole.log.len || memcmp(str(&g.log), str(&whole.log), g.log.len))
        differ++;
      got_free(&g);
    }
    CHECK(st == WN_OK && whole.docs > 0 && differ == 0,
          "%s: %d documents, the same in %d chunkings (%d differ)", files[f], whole.docs, runs,
          differ);
    got_free(&whole);
    free(data);
  }
}

/* Bad bytes in a title and a text, and characters XML forbids, are
 * repaired before the parser: the pages after them still come out. */
static void test_bad_bytes_in_dump(void) {
  const char *xml = HEAD PAGE("Bad\xFFTitle", "caf\xC3 x\x01y \xEF\xBF\xBE z \xC0\xAF")
      PAGE("After", "fine \xE4\xB8\xAD") TAIL;
  size_t n = strlen(xml);
  got whole;
  got_init(&whole);
  wn_status st = push(xml, n, n, 0, NULL, &whole);
  CHECK(st == WN_OK && whole.docs == 2, "both pages come out (%d, %s)", whole.docs,
        wn_status_str(st));
  CHECK(contains(&whole.log, "[Bad\xEF\xBF\xBDTitle]"), "the bad title byte is U+FFFD");
  CHECK(contains(&whole.log,
                 "caf\xEF\xBF\xBD x\xEF\xBF\xBDy \xEF\xBF\xBD z \xEF\xBF\xBD\xEF\xBF\xBD"),
        "cut sequence, control byte, U+FFFE and an overlong each become U+FFFD");
  CHECK(contains(&whole.log, "[After]") && contains(&whole.log, "fine \xE4\xB8\xAD"),
        "the page after the damage is intact");
  CHECK(contains(&whole.diags, "t.xml:3:17: warning: invalid UTF-8"),
        "one warning names line:col of the first bad byte");
  CHECK(contains(&whole.diags, "6 invalid sequences replaced"), "a total is given at the end");
  show(&whole.diags);
  /* Every split point, byte by byte, and chunk sizes around each sequence. */
  int differ = 0;
  for (size_t k = 1; k <= 9; k++) {
    got g;
    got_init(&g);
    push(xml, n, k, 0, NULL, &g);
    if (g.log.len != whole.log.len || memcmp(str(&g.log), str(&whole.log), g.log.len) ||
        strcmp(str(&g.diags), str(&whole.diags)))
      differ++;
    got_free(&g);
  }
  CHECK(differ == 0, "chunks of 1 to 9 bytes give the same pages and warnings (%d differ)", differ);
  got_free(&whole);
}

/* UTF-16 in both byte orders, with a surrogate pair, cut at odd places:
 * the same documents as the UTF-8 original, positions included. */
static size_t to_utf16(const char *s, size_t n, bool le, bool bom, char *out) {
  size_t o = 0;
  if (bom) {
    out[o++] = le ? (char)0xFF : (char)0xFE;
    out[o++] = le ? (char)0xFE : (char)0xFF;
  }
  for (size_t i = 0; i < n;) {
    size_t l;
    uint32_t c = (uint32_t)wn_utf8_decode(s + i, n - i, &l);
    i += l;
    uint16_t u[2];
    int k = 1;
    if (c >= 0x10000) {
      c -= 0x10000;
      u[0] = (uint16_t)(0xD800 + (c >> 10));
      u[1] = (uint16_t)(0xDC00 + (c & 0x3FF));
      k = 2;
    } else
      u[0] = (uint16_t)c;
    for (int j = 0; j < k; j++) {
      out[o++] = (char)(le ? u[j] & 0xFF : u[j] >> 8);
      out[o++] = (char)(le ? u[j] >> 8 : u[j] & 0xFF);
    }
  }
  return o;
}

static void test_utf16(void) {
  const char *xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n" HEAD PAGE(
      "\xF0\x9F\x9A\x80 Rocket", "\xE4\xB8\xAD\xE6\x96\x87\r\nline2") TAIL;
  size_t n = strlen(xml);
  got want;
  got_init(&want);
  push(xml, n, n, 0, NULL, &want);
  char *u16 = malloc(n * 4 + 4);
  for (int le = 0; le < 2; le++) {
    for (int bom = 0; bom < 2; bom++) {
      size_t m = to_utf16(xml, n, le, bom, u16);
      int differ = 0;
      size_t sizes[] = {m, 1, 3, 7, 0};
      for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        got g;
        got_init(&g);
        wn_status st = push(u16, m, sizes[k], (unsigned)k, NULL, &g);
        if (st != WN_OK || strcmp(str(&g.log), str(&want.log)) || g.diags.len) differ++;
        got_free(&g);
      }
      CHECK(want.docs == 1 && differ == 0, "UTF-16%s %s BOM: same documents in 5 chunkings",
            le ? "LE" : "BE", bom ? "with" : "without");
    }
  }
  /* A lone surrogate is U+FFFD with a warning, and parsing goes on. */
  const char *lone = HEAD PAGE("A", "x\xF0\x9F\x9A\x80y") PAGE("B", "z") TAIL;
  size_t m = to_utf16(lone, strlen(lone), true, true, u16);
  char *hit = memmem(u16, m, "\x3D\xD8\x80\xDE", 4); /* D83D DE80 */
  if (hit) hit[2] = 'Q', hit[3] = 0;                 /* the low half becomes 'Q' */
  got g;
  got_init(&g);
  wn_status st = push(u16, m, 0, 3, NULL, &g);
  CHECK(st == WN_OK && g.docs == 2 && contains(&g.log, "x\xEF\xBF\xBDQy"),
        "a lone high surrogate becomes U+FFFD and both pages come out");
  CHECK(contains(&g.diags, "invalid UTF-16"), "with a warning");
  got_free(&g);
  got_free(&want);
  free(u16);
}

/* ---- compression ---- */

static size_t gzip_into(const char *s, size_t n, char *out, size_t cap) {
  z_stream z;
  memset(&z, 0, sizeof z);
  deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
  z.next_in = (Bytef *)s;
  z.avail_in = (uInt)n;
  z.next_out = (Bytef *)out;
  z.avail_out = (uInt)cap;
  deflate(&z, Z_FINISH);
  size_t made = cap - z.avail_out;
  deflateEnd(&z);
  return made;
}

static size_t bzip2_into(const char *s, size_t n, char *out, size_t cap) {
  unsigned len = (unsigned)cap;
  BZ2_bzBuffToBuffCompress(out, &len, (char *)s, (unsigned)n, 1, 0, 0);
  return len;
}

/* The dump cut in three pieces, each compressed on its own and the
 * results concatenated: what pbzip2, multistream dumps and gzip -c a b do. */
static size_t multistream(const char *xml, size_t n, bool bz, char *out, size_t cap) {
  size_t cut1 = n / 3, cut2 = 2 * n / 3, o = 0;
  size_t at[4] = {0, cut1, cut2, n};
  for (int i = 0; i < 3; i++) {
    size_t k = bz ? bzip2_into(xml + at[i], at[i + 1] - at[i], out + o, cap - o)
                  : gzip_into(xml + at[i], at[i + 1] - at[i], out + o, cap - o);
    o += k;
  }
  return o;
}

static void test_compression(void) {
  size_t n;
  char *xml = slurp("fixtures/dumps/dumpsterdive_tinywiki-latest-pages-articles.xml", &n);
  if (!xml) {
    CHECK(0, "tinywiki fixture readable");
    return;
  }
  got want;
  got_init(&want);
  push(xml, n, n, 0, NULL, &want);
  size_t cap = n * 2 + 4096;
  char *z = malloc(cap);
  for (int bz = 0; bz < 2; bz++) {
    const char *name = bz ? "bzip2" : "gzip";
    size_t m = bz ? bzip2_into(xml, n, z, cap) : gzip_into(xml, n, z, cap);
    int differ = 0;
    for (size_t k = 0; k < 3; k++) {
      got g;
      got_init(&g);
      wn_status st = push(z, m, k == 0 ? m : k == 1 ? 1 : 0, (unsigned)k, NULL, &g);
      if (st != WN_OK || strcmp(str(&g.log), str(&want.log))) differ++;
      got_free(&g);
    }
    CHECK(differ == 0, "%s: the same documents as plain XML in 3 chunkings", name);

    m = multistream(xml, n, bz, z, cap);
    got g;
    got_init(&g);
    wn_status st = push(z, m, 0, 5, NULL, &g);
    CHECK(st == WN_OK && !strcmp(str(&g.log), str(&want.log)),
          "%s: three concatenated streams are all read (%d documents)", name, g.docs);
    got_free(&g);

    /* Garbage after the last stream: a warning, the documents intact. */
    memcpy(z + m, "\0\0\0\0garbage", 11);
    got_init(&g);
    st = push(z, m + 11, 0, 6, NULL, &g);
    CHECK(st == WN_OK && !strcmp(str(&g.log), str(&want.log)) &&
              contains(&g.diags, "after the end of compressed stream"),
          "%s: trailing garbage is ignored with a warning", name);
    got_free(&g);

    /* Cut inside the last stream: the earlier streams' pages, an error. */
    got_init(&g);
    st = push(z, m - 30, 0, 7, NULL, &g);
    CHECK(st == WN_ERR_INPUT && g.docs > 0 && g.docs < want.docs &&
              contains(&g.diags, "truncated") && contains(&g.diags, name),
          "%s: a cut stream gives the pages before it and an error (%d)", name, g.docs);
    got_free(&g);

    /* A damaged byte in the middle. */
    size_t one = bz ? bzip2_into(xml, n, z, cap) : gzip_into(xml, n, z, cap);
    z[one / 2] ^= 0x55;
    got_init(&g);
    st = push(z, one, 0, 8, NULL, &g);
    CHECK(st == WN_ERR_INPUT && g.diags.len, "%s: a corrupt stream is an input error", name);
    show(&g.diags);
    got_free(&g);
  }
  const char *xz = "\xFD"
                   "7zXZ\0\0\0";
  got g;
  got_init(&g);
  wn_status st = push(xz, 8, 8, 0, NULL, &g);
  CHECK(st == WN_ERR_INPUT && contains(&g.diags, "xz"), "xz input is refused by name");
  got_free(&g);
  got_free(&want);
  free(z);
  free(xml);
}

/* ---- safety ---- */

static void expect_refused(const char *name, const char *xml, wn_status want_st, const char *msg) {
  got g;
  got_init(&g);
  wn_status st = push_str(xml, NULL, &g);
  CHECK(st == want_st && g.docs == 0 && contains(&g.diags, msg), "%s is refused", name);
  show(&g.diags);
  got_free(&g);
}

static void test_safety(void) {
  expect_refused("billion laughs",
                 "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
                 " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
                 " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n]>\n"
                 "<mediawiki><page><title>&lol2;</title></page></mediawiki>\n",
                 WN_ERR_INPUT, "DOCTYPE declarations are refused");
  expect_refused("an external entity",
                 "<!DOCTYPE mediawiki [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                 "<mediawiki><page><title>&x;</title><ns>0</ns><revision><text>&x;</text>"
                 "</revision></page></mediawiki>\n",
                 WN_ERR_INPUT, "DOCTYPE");
  expect_refused("an external DTD",
                 "<!DOCTYPE mediawiki SYSTEM \"http://example.com/x.dtd\">\n"
                 "<mediawiki></mediawiki>\n",
                 WN_ERR_INPUT, "DOCTYPE");
  expect_refused("an undeclared entity", HEAD PAGE("a", "&nbsp;") TAIL, WN_ERR_INPUT,
                 "Entity 'nbsp' not defined");
  expect_refused("another root element", "<?xml version=\"1.0\"?><html><body/></html>",
                 WN_ERR_INPUT, "root element is <html>");
  wn_buf deep;
  wn_buf_init(&deep);
  wn_buf_puts(&deep, "<mediawiki>");
  for (int i = 0; i < WN_MAX_XML_DEPTH + 10; i++) wn_buf_puts(&deep, "<a>");
  expect_refused("deep nesting", deep.data, WN_ERR_LIMIT, "nested deeper than");
  wn_buf_free(&deep);
  /* The predefined entities and character references are fine. */
  got g;
  got_init(&g);
  wn_status st = push_str(HEAD PAGE("a &amp; b", "&lt;ref&gt; &#160;&#x4E2D;") TAIL, NULL, &g);
  CHECK(st == WN_OK && contains(&g.log, "[a & b]") &&
            contains(&g.log, "<ref> \xC2\xA0\xE4\xB8\xAD"),
        "predefined entities and character references are decoded");
  got_free(&g);
}

/* ---- which pages, and what about them ---- */

static void test_selection(void) {
  const char *xml =
      HEAD "<page><title>Keep</title><ns>0</ns><id>1</id>"
           "<revision><id>10</id><text>old</text><model>wikitext</model></revision>"
           "<revision><id>11</id><text>new</text><model>wikitext</model></revision></page>\n"
           "<page><title>Redir</title><ns>0</ns><id>2</id><redirect title=\"Keep\" />"
           "<revision><id>20</id><text>#REDIRECT [[Keep]]</text></revision></page>\n"
           "<page><title>Module:M</title><ns>828</ns><id>3</id>"
           "<revision><id>30</id><model>Scribunto</model><text>return {}</text></revision></page>\n"
           "<page><title>Css</title><ns>0</ns><id>4</id>"
           "<revision><id>40</id><model>css</model><text>a{}</text></revision></page>\n"
           "<page><title>Gone</title><ns>0</ns><id>5</id>"
           "<revision><id>50</id><text deleted=\"deleted\" /></revision></page>\n"
           "<page><title>Talk:T</title><ns>1</ns><id>6</id>"
           "<revision><id>60</id><text>talk</text></revision></page>\n"
           "<page><title>Stub</title><ns>0</ns><id>7</id><revision><id>70</id></revision></page>\n"
           "<page><title>Slots</title><ns>0</ns><id>8</id><revision><id>80</id>"
           "<model>wikitext</model><text>main</text><content><role>extra</role>"
           "<model>json</model><text>{}</text></content></revision></page>\n"
           "<page><title>Empty</title><ns>0</ns><id>9</id><revision><id>90</id>"
           "<text /></revision></page>\n" TAIL;
  got g;
  got_init(&g);
  wn_status st = push_str(xml, NULL, &g);
  CHECK(st == WN_OK && g.docs == 3, "namespace 0 wikitext pages only: 3 of 9 (%d)", g.docs);
  CHECK(contains(&g.log, "[Keep] ns=0 id=1 rev=11") && contains(&g.log, "\nnew\n") &&
            !contains(&g.log, "old"),
        "the latest revision is read");
  CHECK(contains(&g.log, "[Slots]") && contains(&g.log, "\nmain\n") && !contains(&g.log, "{}"),
        "an extra content slot is not the page text");
  CHECK(contains(&g.log, "[Empty]"), "an empty text is an empty document");
  CHECK(!contains(&g.log, "[Redir]") && !contains(&g.log, "[Css]") && !contains(&g.log, "[Gone]") &&
            !contains(&g.log, "[Stub]"),
        "redirects, css, deleted texts and stubs are skipped");
  got_free(&g);
  int ns[] = {1, 828};
  wn_read_opts ro = {0};
  ro.ns = ns;
  ro.ns_count = 2;
  got_init(&g);
  push_str(xml, &ro, &g);
  CHECK(g.docs == 1 && contains(&g.log, "[Talk:T] ns=1"),
        "--ns 1,828 gives the talk page (Scribunto is still not wikitext)");
  got_free(&g);
}

static const char *lang_of(const char *site, const char *root_attr, const char *opt_lang) {
  static char out[64];
  wn_buf xml;
  wn_buf_init(&xml);
  wn_buf_printf(&xml, "<mediawiki %s><siteinfo>%s</siteinfo>" PAGE("P", "plain text here") TAIL,
                root_attr, site);
  wn_read_opts ro = {0};
  ro.lang = opt_lang;
  got g;
  got_init(&g);
  push(xml.data, xml.len, xml.len, 0, &ro, &g);
  const char *l = strstr(str(&g.log), "lang=");
  snprintf(out, sizeof out, "%.*s", l ? (int)strcspn(l + 5, " ") : 4, l ? l + 5 : "none");
  got_free(&g);
  wn_buf_free(&xml);
  return out;
}

static void test_lang(void) {
  CHECK_STR(lang_of("<dbname>zhwiki</dbname>", "xml:lang=\"en\"", NULL), "zh", "dbname zhwiki");
  CHECK_STR(lang_of("<dbname>zh_yuewiki</dbname>", "", NULL), "zh-yue", "dbname zh_yuewiki");
  CHECK_STR(lang_of("<dbname>enwiktionary</dbname>", "", NULL), "en", "dbname enwiktionary");
  CHECK_STR(lang_of("<dbname>commonswiki</dbname>", "xml:lang=\"de\"", NULL), "de",
            "commonswiki is no language: xml:lang");
  CHECK_STR(
      lang_of("<dbname>tmp-wp</dbname><base>https://ja.m.wikipedia.org/wiki/X</base>", "", NULL),
      "ja", "the base URL's host");
  CHECK_STR(lang_of("<base>http://example.com/wiki/</base>", "xml:lang=\"ltg\"", NULL), "ltg",
            "xml:lang");
  CHECK_STR(lang_of("<dbname>zhwiki</dbname>", "", "fr"), "fr", "--lang wins");
  CHECK_STR(lang_of("", "", NULL), "en", "nothing said: the script of the page");
}

/* ---- sizes ---- */

static void feed_repeat(wn_reader *r, char c, size_t total) {
  static char block[1 << 20];
  memset(block, c, sizeof block);
  while (total) {
    size_t k = total < sizeof block ? total : sizeof block;
    wn_reader_feed(r, block, k);
    total -= k;
  }
}

static void test_big_pages(void) {
  /* 20 MB of text: over libxml2's 10 MB text-node limit without HUGE. */
  const char *open = HEAD "<page><title>Big</title><ns>0</ns><revision><text>";
  const char *close = "</text></revision></page>\n" PAGE("Next", "n") TAIL;
  for (int over = 0; over < 2; over++) {
    size_t size = over ? WN_MAX_DOC_BYTES + 1 : 20u << 20;
    got g;
    got_init(&g);
    wn_diag_sink sink = {on_diag, &g, 0, 0};
    wn_reader *r = wn_reader_new("big.xml", NULL, on_doc, &g, &sink);
    wn_reader_feed(r, open, strlen(open));
    feed_repeat(r, 'x', size);
    wn_reader_feed(r, close, strlen(close));
    wn_status st = wn_reader_finish(r);
    wn_reader_free(r);
    if (!over)
      CHECK(st == WN_OK && g.docs == 2 && contains(&g.log, "[Big]") &&
                strstr(str(&g.log), "len=20971520"),
            "a 20 MiB page text is read whole");
    else
      CHECK(st == WN_OK && g.docs == 1 && contains(&g.log, "[Next]") &&
                contains(&g.diags, "larger than 64 MiB, skipped"),
            "a page over 64 MiB is skipped with a warning, the next one read");
    got_free(&g);
  }
  /* One plain document over the limit is an error. */
  got g;
  got_init(&g);
  wn_diag_sink sink = {on_diag, &g, 0, 0};
  wn_reader *r = wn_reader_new("big.txt", NULL, on_doc, &g, &sink);
  feed_repeat(r, 'y', WN_MAX_DOC_BYTES + 1);
  wn_status st = wn_reader_finish(r);
  wn_reader_free(r);
  CHECK(st == WN_ERR_LIMIT && g.docs == 0 && contains(&g.diags, "larger than 64 MiB"),
        "a single document over 64 MiB is refused clearly");
  got_free(&g);
}

/* ---- plain documents ---- */

static void test_documents(void) {
  got g;
  got_init(&g);
  wn_status st = push_str("\xEF\xBB\xBF{{Infobox|a=1}}\r\nline\r\n", NULL, &g);
  CHECK(st == WN_OK && g.docs == 1 && contains(&g.log, "{{Infobox|a=1}}\r\nline\r\n") &&
            !contains(&g.log, "\xEF\xBB\xBF"),
        "a UTF-8 BOM is dropped, CRLF kept");
  CHECK(contains(&g.log, "at 1:1 fmt=1"), "wikitext at line 1 col 1");
  got_free(&g);
  got_init(&g);
  push_str("= Soyuz MS-02 =\n\n- Operator: Roscosmos\n", NULL, &g);
  CHECK(contains(&g.log, "fmt=2") && contains(&g.log, "[(null)]"), "rendered text is told");
  got_free(&g);
  got_init(&g);
  push_str("{\"schema\": \"wikinorm/spaceflight/1\"}\n", NULL, &g);
  CHECK(contains(&g.log, "fmt=3"), "JSON records are told");
  got_free(&g);
  got_init(&g);
  st = push_str("", NULL, &g);
  CHECK(st == WN_OK && g.docs == 1 && contains(&g.log, "len=0"),
        "empty input is one empty document");
  got_free(&g);
  got_init(&g);
  push_str("<ref>x</ref> and <!-- c --> text", NULL, &g);
  CHECK(g.docs == 1 && contains(&g.log, "<ref>x</ref>"),
        "wikitext starting with a tag is wikitext");
  got_free(&g);
  got_init(&g);
  st = push_str("<!-- a comment -->\n" HEAD PAGE("C", "c") TAIL, NULL, &g);
  CHECK(st == WN_OK && contains(&g.log, "[C]"), "a dump may start with a comment");
  got_free(&g);
  got_init(&g);
  st = push_str("<?xm", NULL, &g);
  CHECK(st == WN_ERR_INPUT && contains(&g.diags, "truncated XML dump"),
        "a dump cut inside its declaration is a truncated dump");
  got_free(&g);
  got_init(&g);
  st = push_str("a\xFF\nb\xC3\n", NULL, &g);
  CHECK(contains(&g.diags, "t.xml:1:2: warning: invalid UTF-8") &&
            contains(&g.log, "a\xEF\xBF\xBD\nb\xEF\xBF\xBD\n"),
        "a document is repaired with a warning at the first bad byte");
  got_free(&g);
  wn_read_opts ro = {0};
  ro.lang = "ja";
  got_init(&g);
  push_str("text", &ro, &g);
  CHECK(contains(&g.log, "lang=ja"), "--lang sets a document's language");
  got_free(&g);
}

static void test_stop(void) {
  got g;
  got_init(&g);
  g.stop_after = 2;
  wn_status st = push_str(HEAD PAGE("1", "a") PAGE("2", "b") PAGE("3", "c") "<broken", NULL, &g);
  CHECK(st == WN_OK && g.docs == 2 && !g.diags.len,
        "the document function can stop reading: no error, no more pages");
  got_free(&g);
}

static void test_positions(void) {
  got g;
  got_init(&g);
  push_str(HEAD "<page><title>P</title><ns>0</ns><revision>\n  <text xml:space=\"preserve\">"
                "body</text></revision></page>" TAIL,
           NULL, &g);
  CHECK(contains(&g.log, "at 4:30"), "the text starts at the line and column after <text …>");
  got_free(&g);
}

/* ---- the pipeline ---- */

static int work(void *user, wn_arena *a, const wn_doc *doc, wn_buf *out, wn_diag_sink *diags) {
  (void)user;
  /* Uneven work so that workers finish out of order. */
  unsigned h = 2166136261u;
  int rounds = (int)(doc->index % 7) * 30 + 1;
  for (int r = 0; r < rounds; r++)
    for (size_t i = 0; i < doc->len; i++) h = (h ^ (unsigned char)doc->text[i]) * 16777619u;
  char *copy = wn_arena_strndup(a, doc->text, doc->len);
  wn_buf_printf(out, "%llu\t%s\t%zu\t%08x\t%s\n", (unsigned long long)doc->index,
                doc->title ? doc->title : "-", doc->len, h, copy ? "arena" : "no arena");
  if (doc->index % 5 == 0)
    wn_report(diags, doc->file, doc->line, doc->col, WN_WARNING, "note on %s",
              doc->title ? doc->title : "-");
  return doc->index == 13;
}

static char *run_pipeline(unsigned jobs, const char *const *paths, size_t n, char **err, int *bad,
                          wn_status *st) {
  FILE *out = tmpfile(), *errf = tmpfile();
  fflush(stderr);
  int saved = dup(2);
  dup2(fileno(errf), 2);
  wn_read_opts ro = {0};
  wn_pipeline_opts po = {jobs, out, &ro, false, NULL};
  *bad = wn_pipeline_run(paths, n, &po, work, NULL, st);
  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  char *res[2] = {NULL, NULL};
  FILE *fs[2] = {out, errf};
  for (int i = 0; i < 2; i++) {
    long len = ftell(fs[i]);
    rewind(fs[i]);
    res[i] = calloc((size_t)len + 1, 1);
    if (fread(res[i], 1, (size_t)len, fs[i]) != (size_t)len) res[i][0] = 0;
    fclose(fs[i]);
  }
  *err = res[1];
  return res[0];
}

static void test_pipeline(void) {
  const char *paths[] = {"fixtures/dumps/dumpsterdive_smallwiki-latest-pages-articles.xml",
                         "fixtures/dumps/no-such-file.xml", "fixtures/dumps/mediawiki_BadXML.xml",
                         "fixtures/dumps/mwxml_dump.xml"};
  char *err1, *errn;
  int bad1, badn;
  wn_status st1, stn;
  char *out1 = run_pipeline(1, paths, 4, &err1, &bad1, &st1);
  size_t lines = 0;
  for (const char *p = out1; (p = strchr(p, '\n')); p++) lines++;
  CHECK(lines == 903 + 1, "one job: every page of the ltg dump and mwxml (%zu)", lines);
  CHECK(bad1 == 1 && st1 != WN_OK, "the work function's flag and the read errors are returned");
  for (unsigned jobs = 2; jobs <= 8; jobs *= 2) {
    char *out = run_pipeline(jobs, paths, 4, &errn, &badn, &stn);
    CHECK(!strcmp(out, out1) && !strcmp(errn, err1) && badn == bad1 && stn == st1,
          "%u jobs: stdout and stderr byte-identical to one job", jobs);
    free(out);
    free(errn);
  }
  CHECK(strstr(err1, "no-such-file.xml: error: cannot open") &&
            strstr(err1, "mediawiki_BadXML.xml:3:13: error: malformed XML dump"),
        "read errors are reported in their place");
  const char *in_order = strstr(err1, "note on Suoku puslopa");
  CHECK(in_order && in_order < strstr(err1, "no-such-file"), "diagnostics keep input order");
  free(out1);
  free(err1);

  /* No output stream: nothing is written, the work still runs. */
  wn_read_opts ro = {0};
  wn_pipeline_opts po = {3, NULL, &ro, false, NULL};
  wn_status st;
  fflush(stderr);
  int saved = dup(2);
  FILE *quiet = tmpfile();
  dup2(fileno(quiet), 2);
  int bad = wn_pipeline_run(paths + 3, 1, &po, work, NULL, &st);
  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  fclose(quiet);
  CHECK(bad == 0 && st == WN_OK, "a NULL output stream writes nothing");

  /* A write error stops everything with a failure. */
  FILE *full = fopen("/dev/full", "w");
  if (full) {
    for (unsigned jobs = 1; jobs <= 4; jobs += 3) {
      wn_pipeline_opts pf = {jobs, full, &ro, false, "/dev/full"};
      fflush(stderr);
      saved = dup(2);
      FILE *sink = tmpfile();
      dup2(fileno(sink), 2);
      bad = wn_pipeline_run(paths, 1, &pf, work, NULL, &st);
      fflush(stderr);
      dup2(saved, 2);
      close(saved);
      fclose(sink);
      CHECK(bad != 0, "%u job(s): a write error is a failure", jobs);
      clearerr(full);
    }
    fclose(full);
  }
}

/* ---- allocation failures ---- */

/* Every allocation of the dump path (page buffers, decompression, UTF-16
 * decoding) and of the threaded pipeline can fail: the result must be
 * WN_ERR_NOMEM or the reference output, and every block given back. */
static atomic_long g_count, g_fail_at, g_live;
static atomic_int g_persistent;

static bool should_fail(void) {
  long n = atomic_fetch_add(&g_count, 1) + 1, k = atomic_load(&g_fail_at);
  return k && (n == k || (atomic_load(&g_persistent) && n > k));
}
static void *inj_malloc(size_t n, void *u) {
  (void)u;
  void *p = should_fail() ? NULL : malloc(n);
  if (p) atomic_fetch_add(&g_live, 1);
  return p;
}
static void *inj_realloc(void *p, size_t n, void *u) {
  (void)u;
  if (should_fail()) return NULL;
  void *q = realloc(p, n);
  if (q && !p) atomic_fetch_add(&g_live, 1);
  return q;
}
static void inj_free(void *p, void *u) {
  (void)u;
  if (p) atomic_fetch_sub(&g_live, 1);
  free(p);
}

typedef struct alloc_inputs {
  char *gz, *u16;
  size_t gz_len, u16_len;
} alloc_inputs;

static int small_work(void *user, wn_arena *a, const wn_doc *doc, wn_buf *out,
                      wn_diag_sink *diags) {
  (void)user, (void)diags;
  char *t = wn_arena_strndup(a, doc->text, doc->len < 40 ? doc->len : 40);
  if (!t) return 1;
  return !wn_buf_printf(out, "%s|%s\n", doc->title ? doc->title : "-", t);
}

static int hash_doc(void *user, const wn_doc *d) {
  unsigned *h = user;
  const char *parts[3] = {d->title ? d->title : "", d->text, d->lang};
  size_t lens[3] = {strlen(parts[0]), d->len, strlen(parts[2])};
  for (int p = 0; p < 3; p++)
    for (size_t i = 0; i < lens[p]; i++) *h = (*h ^ (unsigned char)parts[p][i]) * 16777619u;
  *h = (*h ^ d->line ^ d->col << 16) * 16777619u;
  return 0;
}

/* Runs the scenario; appends every output and status to log. Returns
 * true when every non-OK status is WN_ERR_NOMEM. */
static bool alloc_scenario(const alloc_inputs *in, wn_buf *log, bool *errors) {
  bool only_nomem = true;
  *errors = false;
  static const char *const names[2] = {"gz", "utf16"};
  const char *data[2] = {in->gz, in->u16};
  size_t lens[2] = {in->gz_len, in->u16_len};
  for (int i = 0; i < 2; i++) {
    /* Documents are hashed, not copied: the collector must not allocate
     * through the allocator under test. */
    unsigned hash = 2166136261u;
    wn_diag_sink sink = {NULL, NULL, 0, 0};
    wn_reader *r = wn_reader_new("t.xml", NULL, hash_doc, &hash, &sink);
    wn_status st = WN_ERR_NOMEM;
    if (r) {
      for (size_t at = 0; at < lens[i] && !wn_reader_stopped(r); at += 4096)
        wn_reader_feed(r, data[i] + at, lens[i] - at < 4096 ? lens[i] - at : 4096);
      st = wn_reader_finish(r);
      wn_reader_free(r);
    }
    log->len += (size_t)snprintf(log->data + log->len, 64, "%s: status %d, hash %08x\n", names[i],
                                 (int)st, hash);
    if (st != WN_OK) *errors = true;
    if (st != WN_OK && st != WN_ERR_NOMEM) only_nomem = false;
  }
  const char *paths[] = {"fixtures/dumps/dumpsterdive_tinywiki-latest-pages-articles.xml",
                         "fixtures/dumps/mwxml_dump.xml"};
  FILE *out = tmpfile();
  fflush(stderr);
  int saved = dup(2);
  FILE *quiet = tmpfile();
  dup2(fileno(quiet), 2);
  wn_read_opts ro = {0};
  wn_pipeline_opts po = {3, out, &ro, false, NULL};
  wn_status st;
  int bad = wn_pipeline_run(paths, 2, &po, small_work, NULL, &st);
  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  fclose(quiet);
  if (bad || st != WN_OK) *errors = true;
  if (st != WN_OK && st != WN_ERR_NOMEM) only_nomem = false;
  long len = ftell(out);
  rewind(out);
  size_t got_bytes = fread(log->data + log->len, 1, (size_t)len, out);
  log->len += got_bytes;
  log->data[log->len] = 0;
  fclose(out);
  return only_nomem;
}

static void test_allocation_failures(void) {
  size_t n;
  char *xml = slurp("fixtures/dumps/dumpsterdive_tinywiki-latest-pages-articles.xml", &n);
  if (!xml) {
    CHECK(0, "tinywiki readable");
    return;
  }
  alloc_inputs in;
  in.gz = malloc(n + 4096);
  in.gz_len = gzip_into(xml, n, in.gz, n + 4096);
  in.u16 = malloc(n * 4 + 4);
  in.u16_len = to_utf16(xml, n, true, true, in.u16);
  static char ref_data[1 << 20], got_data[1 << 20];
  wn_buf ref = {ref_data, 0, sizeof ref_data, false};
  wn_allocator inj = {inj_malloc, inj_realloc, inj_free, NULL};
  wn_set_allocator(&inj);
  atomic_store(&g_fail_at, 0);
  atomic_store(&g_count, 0);
  bool errors;
  alloc_scenario(&in, &ref, &errors);
  long total = atomic_load(&g_count);
  wn_set_allocator(NULL);
  CHECK(!errors && total > 20, "the reference run is clean (%ld allocations)", total);
  int bad_runs = 0, tried = 0;
  const char *one = getenv("WN_READER_ALLOC_K"); /* debugging: run one k here */
  if (one) {
    wn_set_allocator(&inj);
    atomic_store(&g_persistent, getenv("WN_READER_ALLOC_PERSISTENT") != NULL);
    atomic_store(&g_count, 0);
    atomic_store(&g_fail_at, atol(one));
    wn_buf out = {got_data, 0, sizeof got_data, false};
    bool only_nomem = alloc_scenario(&in, &out, &errors);
    printf("# only_nomem %d errors %d live %ld\n# ref:\n%s\n# got:\n%s\n", only_nomem, errors,
           (long)atomic_load(&g_live), ref.data, out.data);
    wn_set_allocator(NULL);
  }
  for (int persistent = 0; persistent < 2 && !one; persistent++) {
    for (long k = 1; k <= total; k++) {
      fflush(stdout);
      pid_t pid = fork();
      if (pid == 0) {
        wn_set_allocator(&inj);
        atomic_store(&g_persistent, persistent);
        atomic_store(&g_count, 0);
        atomic_store(&g_live, 0);
        atomic_store(&g_fail_at, k);
        wn_buf out = {got_data, 0, sizeof got_data, false};
        bool only_nomem = alloc_scenario(&in, &out, &errors);
        bool same = out.len == ref.len && !memcmp(out.data, ref.data, ref.len);
        int rc = !only_nomem ? 3 : (!same && !errors) ? 4 : atomic_load(&g_live) ? 5 : 0;
        _exit(rc);
      }
      int status;
      waitpid(pid, &status, 0);
      tried++;
      int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      if (rc) {
        if (bad_runs++ < 5)
          printf("#   k=%ld %s: %s\n", k, persistent ? "persistent" : "single",
                 rc == 3   ? "a status other than WN_ERR_NOMEM"
                 : rc == 4 ? "a different output without an error"
                 : rc == 5 ? "blocks still held"
                           : "crashed");
      }
    }
  }
  CHECK(bad_runs == 0,
        "dump, gzip, UTF-16 and a 3-job pipeline: %d allocation failures handled, %d bad", tried,
        bad_runs);
  free(in.gz);
  free(in.u16);
  free(xml);
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0); /* whole lines, whatever stderr does */
  test_repair_matches_whole();
  test_chunk_invariance();
  test_bad_bytes_in_dump();
  test_utf16();
  test_compression();
  test_safety();
  test_selection();
  test_lang();
  test_big_pages();
  test_documents();
  test_stop();
  test_positions();
  test_pipeline();
  test_allocation_failures();
  TAP_DONE();
}

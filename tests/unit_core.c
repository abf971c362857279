/* Unit tests of the foundation: arena, buffer, JSON escaping, UTF-8
 * repair, normalization, line/column lookup, format/language guesses. */
#include "wikinorm.h"

#include <stdlib.h>

#include "tap.h"

static void test_arena(void) {
  wn_arena *a = wn_arena_new();
  CHECK(a != NULL, "arena created");
  char *p = wn_arena_alloc(a, 10);
  char *q = wn_arena_alloc(a, 10);
  CHECK(p && q && ((uintptr_t)q % 16) == 0 && q - p >= 10, "allocations are aligned and disjoint");
  void *big = wn_arena_alloc(a, 3u * 1024 * 1024);
  CHECK(big != NULL, "an allocation larger than a block succeeds");
  size_t held = wn_arena_bytes(a);
  wn_arena_reset(a);
  CHECK(wn_arena_bytes(a) < held, "reset returns the extra blocks (%zu < %zu)", wn_arena_bytes(a),
        held);
  CHECK_STR(wn_arena_strndup(a, "abcdef", 3), "abc", "strndup copies n bytes and terminates");
  CHECK_STR(wn_arena_printf(a, "%d-%s", 7, "x"), "7-x", "arena printf");
  CHECK(wn_arena_alloc(a, SIZE_MAX - 3) == NULL, "an impossible size fails cleanly");
  CHECK(wn_arena_alloc(a, SIZE_MAX - 40) == NULL, "a size whose block header would wrap fails");
  wn_arena_free(a);

  /* Blocks double from the small first one; reset keeps the biggest
   * ordinary block, so an arena reused per document stops growing. */
  a = wn_arena_new();
  size_t first = wn_arena_bytes(a);
  int all = 1;
  for (int i = 0; i < 200; i++) all &= wn_arena_alloc(a, 4000) != NULL;
  CHECK(all, "200 allocations of 4000 bytes succeed");
  size_t grown = wn_arena_bytes(a);
  CHECK(grown >= 800000 && grown < 4 * 800000, "200 x 4000 bytes hold %zu bytes (not 200 blocks)",
        grown);
  wn_arena_reset(a);
  size_t kept = wn_arena_bytes(a);
  CHECK(kept > first && kept <= 256u * 1024u, "reset keeps one big ordinary block (%zu)", kept);
  char *one = wn_arena_alloc(a, 100000);
  CHECK(one && wn_arena_bytes(a) == kept, "the kept block serves the next document");
  wn_arena_alloc(a, 5u * 1024 * 1024);
  wn_arena_reset(a);
  CHECK(wn_arena_bytes(a) == kept, "an oversized block is not kept (%zu)", wn_arena_bytes(a));
  wn_arena_free(a);
}

static void test_buf(void) {
  wn_buf b;
  wn_buf_init(&b);
  for (int i = 0; i < 1000; i++) wn_buf_puts(&b, "0123456789");
  CHECK(b.len == 10000 && !b.failed, "buffer grows to 10000 bytes");
  wn_buf_clear(&b);
  wn_buf_json_string(&b, "a\"b\\c\n\x01é", 9);
  CHECK_STR(b.data, "\"a\\\"b\\\\c\\n\\u0001é\"", "JSON string escaping");
  wn_buf_free(&b);
}

static void test_utf8(void) {
  wn_buf b;
  wn_buf_init(&b);
  size_t first;
  size_t bad = wn_utf8_repair("ok\xff\xfe 联\xe8", 9, &b, &first);
  CHECK(bad == 3, "three invalid bytes found (got %zu)", bad);
  CHECK(first == 2, "the first bad byte is at offset 2 (got %zu)", first);
  CHECK_STR(b.data, "ok\xEF\xBF\xBD\xEF\xBF\xBD 联\xEF\xBF\xBD", "bad bytes become U+FFFD");
  CHECK(wn_utf8_valid(b.data, b.len), "the repaired text is valid");
  CHECK(!wn_utf8_valid("\xc0\xaf", 2), "an overlong encoding is invalid");
  CHECK(!wn_utf8_valid("\xed\xa0\x80", 3), "a surrogate is invalid");
  CHECK(wn_utf8_count("联盟MS", 8) == 4, "code points are counted");
  wn_buf_free(&b);
}

static void test_normalize(void) {
  wn_arena *a = wn_arena_new();
  size_t n;
  CHECK_STR(wn_nfkc(a, "２６９４", 12, &n), "2694", "NFKC folds full-width digits");
  CHECK_STR(wn_nfc(a, "e\xcc\x81", 3, &n), "\xc3\xa9", "NFC composes");
  CHECK_STR(wn_casefold(a, "Soyuz MS", 8, &n), "soyuz ms", "casefold lowers");
  wn_arena_free(a);
}

static void test_lines(void) {
  wn_arena *a = wn_arena_new();
  const char *t = "ab\n联盟x\n\nz";
  wn_lines l;
  CHECK(wn_lines_build(a, t, strlen(t), 1, 1, &l) == WN_OK && l.count == 4, "four lines");
  uint32_t line, col;
  wn_lines_at(&l, 9, &line, &col); /* 'x' after two 3-byte characters */
  CHECK(line == 2 && col == 3, "line 2 col 3 counts code points (got %u:%u)", line, col);
  wn_lines_at(&l, strlen(t) - 1, &line, &col);
  CHECK(line == 4 && col == 1, "last line (got %u:%u)", line, col);
  wn_lines_build(a, t, strlen(t), 10, 5, &l);
  wn_lines_at(&l, 1, &line, &col);
  CHECK(line == 10 && col == 6, "an offset base shifts the first line only (got %u:%u)", line, col);
  wn_arena_free(a);
}

static void test_detect(void) {
  const char *rendered = "= Soyuz MS-02 =\n\nSoyuz MS-02\n- Mission Type: ISS crew transport\n";
  CHECK(wn_detect_format(rendered, strlen(rendered)) == WN_FORMAT_RENDERED, "rendered form");
  CHECK(wn_detect_format("{{Infobox x\n|a=b}}", 17) == WN_FORMAT_WIKITEXT, "wikitext");
  CHECK(wn_detect_format("== H ==\ntext", 12) == WN_FORMAT_WIKITEXT, "a heading is wikitext");
  CHECK(wn_detect_format("{\"schema\": 1}", 13) == WN_FORMAT_JSON, "a JSON record");
  const char *zh =
      "'''联盟MS-02'''是俄罗斯宇航联盟号的第131次飞行，本次任务将远征49的三名宇航员送到";
  CHECK_STR(wn_detect_lang(zh, strlen(zh)), "zh", "Han text is zh");
  const char *en = "Soyuz MS-02 was a 2016 Soyuz spaceflight that was planned";
  CHECK_STR(wn_detect_lang(en, strlen(en)), "en", "Latin text is en");
}

static int diag_count;
static void count_diag(void *u, const wn_diag *d) {
  (void)u;
  diag_count += d->line == 3;
}

static void test_diag(void) {
  wn_buf b;
  wn_buf_init(&b);
  wn_diag d = {"a.wiki", 3, 7, WN_ERROR, "unclosed table"};
  wn_diag_format(&d, &b);
  CHECK_STR(b.data, "a.wiki:3:7: error: unclosed table\n", "file:line:col: error: message");
  wn_buf_free(&b);
  wn_diag_sink s = {count_diag, NULL, 0, 0};
  wn_report(&s, "a", 3, 1, WN_WARNING, "w %d", 1);
  wn_report(&s, "a", 3, 1, WN_ERROR, "e");
  CHECK(s.warnings == 1 && s.errors == 1 && diag_count == 2, "a sink counts and forwards");
}

int main(void) {
  test_arena();
  test_buf();
  test_utf8();
  test_normalize();
  test_lines();
  test_detect();
  test_diag();
  TAP_DONE();
}

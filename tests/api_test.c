/*
 * The public API, in memory, from one header: normalize two documents,
 * merge and diff their records, write and read back JSON. Compiled twice,
 * as C11 and as C++17 (build/tests/api_test and api_test_cxx).
 *
 * Linked with --wrap for wn_record_write_json and cJSON's parsers: the
 * counters prove that merge and diff of wikitext never write a record as
 * JSON nor parse one back inside the process.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wikinorm.h"

#ifdef __cplusplus
extern "C" {
#endif
/* ---- call counters (link-time wrappers) ---- */
static int writes, parses;
bool __real_wn_record_write_json(const wn_record *rec, bool pretty, wn_buf *out);
bool __wrap_wn_record_write_json(const wn_record *rec, bool pretty, wn_buf *out) {
  writes++;
  return __real_wn_record_write_json(rec, pretty, out);
}
void *__real_cJSON_ParseWithLengthOpts(const char *s, size_t n, const char **end, int null_end);
void *__wrap_cJSON_ParseWithLengthOpts(const char *s, size_t n, const char **end, int null_end) {
  parses++;
  return __real_cJSON_ParseWithLengthOpts(s, n, end, null_end);
}
void *__real_cJSON_ParseWithOpts(const char *s, const char **end, int null_end);
void *__wrap_cJSON_ParseWithOpts(const char *s, const char **end, int null_end) {
  parses++;
  return __real_cJSON_ParseWithOpts(s, end, null_end);
}
void *__real_cJSON_Parse(const char *s);
void *__wrap_cJSON_Parse(const char *s) {
  parses++;
  return __real_cJSON_Parse(s);
}
void *__real_cJSON_ParseWithLength(const char *s, size_t n);
void *__wrap_cJSON_ParseWithLength(const char *s, size_t n) {
  parses++;
  return __real_cJSON_ParseWithLength(s, n);
}
#ifdef __cplusplus
}
#endif

static int failed, passed;
static void ok(bool cond, const char *what) {
  printf("%s - %s%s\n", cond ? "ok" : "not ok", what,
#ifdef __cplusplus
         " (C++)"
#else
         ""
#endif
  );
  if (cond)
    passed++;
  else
    failed++;
}

static const char zh_text[] = "{{太空任务信息框\n"
                              "| 任务名称 = 联盟MS-02\n"
                              "| 发射 = 2016年10月19日<br>08:05 UTC\n"
                              "| 任务时间 = 173天3时15分\n"
                              "}}\n";
static const char en_text[] = "{{Infobox spaceflight\n"
                              "| name = Soyuz MS-02\n"
                              "| launch_date = 19 October 2016, 08:05 UTC\n"
                              "| mission_duration = 173 days 3 hours 16 minutes 21 seconds\n"
                              "}}\n";

static int keep(void *user, const wn_record *rec) {
  return wn_record_list_add((wn_record_list *)user, rec) != WN_OK;
}

static unsigned diags;
static void count_diag(void *user, const wn_diag *d) {
  (void)user;
  (void)d;
  diags++;
}

static wn_record_list *normalize(const wn_context *ctx, const char *file, const char *lang,
                                 const char *text) {
  wn_record_list *l = wn_record_list_new();
  wn_arena *a = wn_arena_new();
  wn_doc doc;
  memset(&doc, 0, sizeof doc);
  doc.file = file;
  doc.lang = lang;
  doc.text = text;
  doc.len = strlen(text);
  doc.format = wn_detect_format(text, doc.len);
  doc.page_id = doc.revision_id = -1;
  doc.line = doc.col = 1;
  wn_diag_sink sink = {count_diag, NULL, 0, 0};
  unsigned n = 0;
  wn_status st = wn_normalize(ctx, a, &doc, keep, l, &n, &sink);
  ok(st == WN_OK && n == 1, "wn_normalize hands one record to the callback");
  wn_arena_free(a); /* the list holds copies */
  return l;
}

int main(void) {
  ok(wn_version() == WN_VERSION_NUMBER, "wn_version() is WN_VERSION_NUMBER");
  ok(!strcmp(wn_version_string(), WN_VERSION), "wn_version_string() is WN_VERSION");

  wn_context *ctx = NULL;
  wn_diag_sink sink = {count_diag, NULL, 0, 0};
  ok(wn_context_new(NULL, &sink, &ctx) == WN_OK && ctx, "wn_context_new with the embedded data");

  wn_record_list *zh = normalize(ctx, "zh.wiki", "zh", zh_text);
  wn_record_list *en = normalize(ctx, "en.wiki", "en", en_text);
  const wn_record *rz = wn_record_list_get(zh, 0), *re = wn_record_list_get(en, 0);
  ok(rz && !strcmp(wn_record_key(rz), "soyuz-ms-02"), "the zh record's key is soyuz-ms-02");
  ok(re && !strcmp(wn_record_designation(re), "Soyuz MS-02"), "the en designation");
  ok(rz && !strcmp(wn_record_lang(rz), "zh"), "the zh record's language");

  wn_record_list *both = wn_record_list_new();
  wn_record_list_add(both, rz);
  wn_record_list_add(both, re);
  wn_record_list *merged = wn_record_list_new();
  ok(wn_merge(ctx, both, merged) == WN_OK && wn_record_list_count(merged) == 1,
     "wn_merge gives one merged record per key");
  const wn_record *m = wn_record_list_get(merged, 0);
  ok(m && wn_record_is_merged(m) && !strcmp(wn_record_key(m), "soyuz-ms-02"), "merged record");

  wn_buf report;
  wn_buf_init(&report);
  int d = wn_diff(ctx, zh, en, false, &report);
  ok(d == 1, "wn_diff: the durations differ (exit-style 1)");
  ok(report.len && strstr(report.data, "duration") && strstr(report.data, "81 s"),
     "the diff names the duration and its delta");
  ok(writes == 0 && parses == 0,
     "normalize, merge and diff of wikitext never write or parse a record as JSON");

  /* Writing and reading back goes through the one writer and reader. */
  wn_buf json;
  wn_buf_init(&json);
  ok(wn_record_write_json(m, false, &json) && json.len > 0, "wn_record_write_json (compact)");
  ok(!memchr(json.data, '\n', json.len), "compact JSON is one line");
  ok(strstr(json.data, "\"fields\":{\"name\":") != NULL, "merged fields nest like a record's");
  ok(strstr(json.data, "\"launch\":{\"time\":{\"status\":") != NULL,
     "a merged leaf sits at its nested path");
  ok(strstr(json.data, "\"launch.time\"") == NULL, "no dotted path among merged fields");
  wn_buf_clear(&json);
  ok(wn_record_write_json(re, true, &json) && strstr(json.data, "\n  \"fields\": {"),
     "wn_record_write_json (pretty)");
  wn_record_list *back = wn_record_list_new();
  ok(wn_record_list_read_json(back, ctx, json.data, json.len, "back.json", &sink) == WN_OK &&
         wn_record_list_count(back) == 1,
     "wn_record_list_read_json reads the record back");
  ok(writes >= 2 && parses >= 1, "the counters count (writer and reader were seen)");
  d = wn_diff(ctx, en, back, false, &report);
  ok(d == 0, "a record read back from its JSON agrees with itself");

  wn_buf_free(&report);
  wn_buf_free(&json);
  wn_record_list_free(back);
  wn_record_list_free(merged);
  wn_record_list_free(both);
  wn_record_list_free(zh);
  wn_record_list_free(en);
  wn_context_free(ctx);
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}

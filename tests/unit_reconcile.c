/* Unit tests of the reconcile stage: every comparison rule, the internal
 * checks, the human forms, reading records, merge, diff and check over
 * the hand-written records of tests/records/. Values and records are read
 * with the library's one JSON reader; cJSON here only checks outputs. */
#include <cJSON.h>

#include "compare.h"
#include "names.h"
#include "record.h"
#include "text_out.h"
#include "wikinorm.h"

#include <stdlib.h>

#include "tap.h"

static wn_arena *arena, *values; /* scratch of comparisons; test values */
static wn_context *ctx;          /* the embedded mapping and lexicon */

/* A tiny lexicon for the tests: two zh names and one en alias. */
static const char *test_to_en(void *user, const char *name) {
  (void)user;
  static const char *const pairs[][2] = {{"哈萨克斯坦", "Kazakhstan"},
                                         {"谢尔盖·雷日科夫", "Sergey Ryzhikov"},
                                         {"Edwin E. Aldrin", "Buzz Aldrin"}};
  for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
    if (!strcmp(name, pairs[i][0])) return pairs[i][1];
  return NULL;
}

static wn_value *parse(const char *json) {
  wn_value *v = wn_value_read_json(values, NULL, NULL, json, strlen(json));
  if (!v) printf("# cannot read test JSON: %s\n", json);
  return v;
}

/* Compares two values given as JSON text; the result's status name and
 * delta as "status" or "status: delta". */
static const char *cmp_lex(const char *a, const char *b, bool lexicon) {
  static char out[256];
  wn_value *x = parse(a), *y = parse(b);
  bool oom = false;
  wn_cmp c = {arena, lexicon ? test_to_en : NULL, NULL, &oom};
  wn_cmp_result r = wn_compare(&c, x, y);
  wn_cmp_result back = wn_compare(&c, y, x);
  if (back.status != r.status)
    snprintf(out, sizeof out, "asymmetric: %s/%s", wn_agree_name(r.status),
             wn_agree_name(back.status));
  else if (*r.delta)
    snprintf(out, sizeof out, "%s: %s", wn_agree_name(r.status), r.delta);
  else
    snprintf(out, sizeof out, "%s", wn_agree_name(r.status));
  wn_arena_reset(arena);
  wn_arena_reset(values);
  return out;
}

static const char *cmp(const char *a, const char *b) { return cmp_lex(a, b, false); }

#define TS(utc, p) "{\"utc\":\"" utc "\",\"precision\":\"" p "\"}"
#define DUR(iso, s, p) "{\"iso8601\":\"" iso "\",\"seconds\":" #s ",\"precision\":\"" p "\"}"
#define QTY(v, u) "{\"value\":" #v ",\"unit\":\"" u "\"}"

static void test_timestamps(void) {
  CHECK_STR(cmp(TS("2017-04-10T11:20:00Z", "minute"), TS("2017-04-10T11:20:00Z", "minute")),
            "equal", "the same timestamp is equal");
  CHECK_STR(cmp(TS("2016-10-19T08:05:00Z", "minute"), TS("2016-10-19T08:05:00Z", "second")),
            "compatible", "08:05 (minute) holds 08:05:00 (second)");
  CHECK_STR(cmp(TS("2016-10-19T08:05:00Z", "minute"), TS("2016-10-19T08:05:59Z", "second")),
            "compatible", "08:05 (minute) holds 08:05:59");
  CHECK_STR(cmp(TS("2016-10-19T08:05:00Z", "minute"), TS("2016-10-19T08:06:00Z", "second")),
            "conflict: 60 s", "08:05 (minute) does not hold 08:06:00");
  CHECK_STR(cmp(TS("2018-06-03T12:59:00Z", "minute"), TS("2018-06-03T12:39:00Z", "minute")),
            "conflict: 1200 s", "12:59 against 12:39 is a conflict of 1200 s");
  CHECK_STR(cmp(TS("2016-10-19T00:00:00Z", "day"), TS("2016-10-19T08:05:00Z", "minute")),
            "compatible", "a day holds a minute of that day");
  CHECK_STR(cmp(TS("2016-10-01T00:00:00Z", "month"), TS("2016-10-31T23:00:00Z", "hour")),
            "compatible", "October holds its last hour");
  CHECK_STR(cmp(TS("2016-10-01T00:00:00Z", "month"), TS("2016-11-01T00:00:00Z", "day")),
            "conflict: 31 d", "October does not hold 1 November");
  CHECK_STR(cmp(TS("2016-10-19T08:05:00Z", "minute"), TS("2016-10-20T09:06:01Z", "second")),
            "conflict: 1 d 1 h 1 m 1 s", "large deltas in days, hours, minutes, seconds");
  CHECK_STR(cmp(TS("2016-10-19T08:05:00Z", "minute"), "{\"utc\":\"garbage\"}"),
            "conflict: unreadable timestamp", "an unreadable timestamp is a conflict, not a crash");
}

static void test_durations(void) {
  CHECK_STR(cmp(DUR("P168DT5H18M", 14534280, "minute"), DUR("P168DT5H18M", 14534280, "minute")),
            "equal", "the same duration is equal");
  CHECK_STR(cmp(DUR("P173DT3H15M", 14958900, "minute"), DUR("P173DT3H16M21S", 14958981, "second")),
            "conflict: 81 s", "173 d 3 h 15 m against 173 d 3 h 16 m 21 s is a conflict of 81 s");
  CHECK_STR(cmp(DUR("P173DT3H15M", 14958900, "minute"), DUR("P173DT3H15M40S", 14958940, "second")),
            "compatible", "173 d 3 h 15 m holds 173 d 3 h 15 m 40 s");
  CHECK_STR(cmp(DUR("P173D", 14947200, "day"), DUR("P173DT3H15M", 14958900, "minute")),
            "compatible", "173 days holds 173 d 3 h 15 m");
  CHECK_STR(cmp("{\"iso8601\":\"P1DT2H\",\"precision\":\"hour\"}", DUR("P1DT2H", 93600, "hour")),
            "equal", "a duration without seconds is read from its ISO 8601 form");
}

static void test_quantities(void) {
  CHECK_STR(cmp(QTY(7080, "kg"), QTY(7080, "kg")), "equal", "the same mass is equal");
  CHECK_STR(cmp(QTY(7080, "kg"), QTY(7290, "kg")), "conflict: 210 kg (2.9 %)",
            "7080 kg against 7290 kg: the delta in kg and percent");
  CHECK_STR(cmp(QTY(51.6, "deg"), QTY(51.66, "deg")), "compatible",
            "51.6 deg holds 51.66 deg within its last digit");
  CHECK_STR(cmp(QTY(51.6, "deg"), QTY(51.8, "deg")), "conflict: 0.2° (0.39 %)",
            "51.6 deg does not hold 51.8 deg");
  CHECK_STR(cmp(QTY(7000, "kg"), QTY(7080, "kg")), "compatible",
            "7000 kg (one significant digit) holds 7080 kg");
  CHECK_STR(cmp(QTY(1.18e11, "m"), QTY(1.183e11, "m")), "compatible",
            "118 million km holds 118.3 million km");
  CHECK_STR(cmp(QTY(7080, "kg"), QTY(7080, "m")), "conflict: units kg vs m",
            "different units are a conflict");
  CHECK_STR(cmp("2694", "2694"), "equal", "the same integer is equal");
  CHECK_STR(cmp("2694", "2688"), "conflict: 6", "integers differ by their difference");
}

static void test_texts_and_names(void) {
  CHECK_STR(cmp("\"Favor\"", "\"Favor\""), "equal", "the same text is equal");
  CHECK_STR(cmp("\"Favor\"", "\"favor\""), "equivalent", "text differing in case is equivalent");
  CHECK_STR(cmp("\"ISS crew transport\"", "\"ISS resupply\""), "conflict: different text",
            "different text is a conflict");
  CHECK_STR(cmp("{\"text\":\"ISS crew transport\"}", "\"ISS crew transport\""), "equal",
            "unparsed text compares with text");
  CHECK_STR(cmp("{\"en\":\"Baikonur "
                "Cosmodrome\",\"zh\":\"拜科努尔航天发射场\",\"label\":\"拜科努尔航天发射场\"}",
                "{\"en\":\"Baikonur Cosmodrome\",\"label\":\"Baikonur\"}"),
            "equal", "entities with the same en identity are equal whatever their labels");
  CHECK_STR(cmp("{\"en\":\"Andrei Borisenko\"}", "{\"en\":\"Andrey Borisenko\"}"), "equivalent",
            "Andrei and Andrey are transliteration variants");
  CHECK_STR(cmp("{\"en\":\"Robert S. Kimbrough\"}", "{\"en\":\"Shane Kimbrough\"}"), "equivalent",
            "Robert S. Kimbrough is Shane Kimbrough (the initial S.)");
  CHECK_STR(cmp("{\"en\":\"Kimbrough\"}", "{\"en\":\"Shane Kimbrough\"}"), "compatible",
            "a bare surname is refined by the full name");
  CHECK_STR(cmp("{\"en\":\"Vladimir Solovyov (cosmonaut)\"}", "{\"en\":\"Vladimir Solovyov\"}"),
            "equivalent", "a link's disambiguator is not part of the name");
  CHECK_STR(cmp("{\"en\":\"Roscosmos\"}", "{\"en\":\"NASA\"}"), "conflict: Roscosmos vs NASA",
            "different identities are a conflict naming both");
  CHECK_STR(cmp("{\"zh\":\"哈萨克斯坦\",\"label\":\"哈萨克斯坦\"}", "{\"en\":\"Kazakhstan\"}"),
            "conflict: 哈萨克斯坦 vs Kazakhstan", "without a lexicon a zh name cannot match");
  CHECK_STR(
      cmp_lex("{\"zh\":\"哈萨克斯坦\",\"label\":\"哈萨克斯坦\"}", "{\"en\":\"Kazakhstan\"}", true),
      "equivalent", "through the lexicon a zh name is equivalent to its en name");
  CHECK_STR(cmp("{\"en\":\"Edwin E. Aldrin\"}", "{\"en\":\"Buzz Aldrin\"}"),
            "conflict: Edwin E. Aldrin vs Buzz Aldrin", "a nickname is no transliteration");
  CHECK_STR(cmp_lex("{\"en\":\"Edwin E. Aldrin\"}", "{\"en\":\"Buzz Aldrin\"}", true), "equivalent",
            "the lexicon's en aliases make names equivalent");
  CHECK_STR(cmp("{\"zh\":\"安东·什卡普列罗夫\"}", "{\"zh\":\"安东·什卡普列罗夫\"}"), "equal",
            "zh names without en compare as zh");
  CHECK_STR(cmp("{\"zh\":\"谢尔盖·尼古拉耶维奇·雷日科夫\"}", "{\"zh\":\"谢尔盖·雷日科夫\"}"),
            "equivalent", "a zh name without the patronymic is equivalent");
  CHECK_STR(cmp("[{\"en\":\"Roscosmos\"}]", "{\"en\":\"Roscosmos\"}"), "equal",
            "a one-element Entity[] against the Entity");
  CHECK_STR(cmp("[{\"en\":\"NASA\"},{\"en\":\"Roscosmos\"}]",
                "[{\"en\":\"Roscosmos\",\"label\":\"Roscosmos\"},{\"en\":\"NASA\"}]"),
            "equal", "Entity[] compares as a set");
  CHECK_STR(cmp("[{\"en\":\"NASA\"},{\"en\":\"Roscosmos\"}]", "[{\"en\":\"Roscosmos\"}]"),
            "conflict: unmatched: NASA", "an entity on one side only is a conflict naming it");
  CHECK_STR(cmp("{\"key\":\"soyuz-ms-01\",\"designation\":\"Soyuz MS-01\"}",
                "{\"key\":\"soyuz-ms-01\",\"designation\":\"Союз МС-01\"}"),
            "equal", "missions are equal by key");
  CHECK_STR(cmp("{\"key\":\"soyuz-ms-01\",\"designation\":\"Soyuz MS-01\"}",
                "{\"key\":\"soyuz-ms-03\",\"designation\":\"Soyuz MS-03\"}"),
            "conflict: Soyuz MS-01 vs Soyuz MS-03", "different missions are a conflict");
}

static void test_name_rule(void) {
  static const struct {
    const char *a, *b;
    int want;
  } cases[] = {
      {"Sergei Ryzhikov", "Sergey Ryzhikov", 1},
      {"Vasiliy Tsibliyev", "Vasili Tsibliyev", 1},
      {"Alexei Leonov", "Aleksei Leonov", 1},
      {"Mikhail Kornienko", "Mihail Kornienko", 1},
      {"Sergej Krikalev", "Sergei Krikalev", 1},
      {"Jean-Pierre Haigneré", "Jean Pierre Haignere", 1},
      {"ANTON SHKAPLEROV", "Anton Shkaplerov", 1},
      {"安东·什卡普列罗夫", "安东∙什卡普列罗夫", 1},
      {"Robert S. Kimbrough", "Shane Kimbrough", 2},
      {"Scott D. Tingle", "Scott Tingle", 2},
      {"Sergey Nikolayevich Ryzhikov", "Sergey Ryzhikov", 2},
      {"Kanai Norishige", "Norishige Kanai", 2},
      {"谢尔盖·尼古拉耶维奇·雷日科夫", "谢尔盖·雷日科夫", 2},
      {"Kimbrough", "Shane Kimbrough", 3},
      {"Thomas P. Stafford Jr.", "Thomas Stafford", 2},
      {"Anton Shkaplerov", "Scott D. Tingle", 0},
      {"Alexander Gerst", "Alexander Skvortsov", 0},
      {"Robert Kimbrough", "Shane Kimbrough", 0},
      {"金井宣茂", "金井", 0},
      {"", "Shane Kimbrough", 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    int got = wn_names_match(arena, cases[i].a, cases[i].b);
    CHECK(got == cases[i].want, "names '%s' / '%s': %d (want %d)", cases[i].a, cases[i].b, got,
          cases[i].want);
  }
  wn_arena_reset(arena);
}

static void test_places_photos_crews(void) {
  const char *baikonur = "{\"facility\":{\"en\":\"Baikonur Cosmodrome\",\"label\":\"Baikonur\"}}";
  CHECK_STR(
      cmp(baikonur,
          "{\"facility\":{\"en\":\"Baikonur Cosmodrome\",\"label\":\"Baikonur\"},\"pad\":\"31\"}"),
      "compatible", "a facility is compatible with the same facility plus a pad");
  CHECK_STR(cmp("{\"facility\":{\"en\":\"Baikonur Cosmodrome\"},\"pad\":\"1/5\"}",
                "{\"facility\":{\"en\":\"Baikonur Cosmodrome\"},\"pad\":\"31\"}"),
            "conflict: pad 1/5 vs 31", "different pads are a conflict");
  CHECK_STR(cmp(baikonur, "{\"facility\":{\"en\":\"Plesetsk Cosmodrome\"}}"),
            "conflict: Baikonur Cosmodrome vs Plesetsk Cosmodrome",
            "different facilities conflict");
  CHECK_STR(cmp("{\"facility\":{\"en\":\"Kazakhstan\"}}",
                "{\"facility\":{\"label\":\"Steppes of the Kazakhstan\"}}"),
            "compatible", "the steppes of Kazakhstan refine Kazakhstan");
  CHECK_STR(cmp(baikonur, "{\"en\":\"Baikonur Cosmodrome\"}"), "equal",
            "a Place compares with a bare Entity");
  CHECK_STR(cmp("{\"country\":\"KZ\"}",
                "{\"facility\":{\"en\":\"Steppes of the Kazakhstan\"},\"country\":\"KZ\"}"),
            "compatible", "a place in the same country refines a country");
  CHECK_STR(cmp("{\"country\":\"KZ\"}", "{\"country\":\"RU\"}"), "conflict: country KZ vs RU",
            "different countries conflict");

  CHECK_STR(cmp("{\"file\":\"Soyuz-MS-02-Mission-Patch.png\"}",
                "{\"file\":\"Soyuz MS-02 mission patch.png\",\"caption\":\"Mission insignia\"}"),
            "equivalent", "Commons spellings of one file name are equivalent");
  CHECK_STR(cmp("{\"file\":\"a.jpg\",\"caption\":\"从左至右：金布罗\"}",
                "{\"file\":\"a.jpg\",\"caption\":\"(l-r) Kimbrough\"}"),
            "equal", "captions are not compared");
  CHECK_STR(cmp("{\"file\":\"a.jpg\"}", "{\"file\":\"b.jpg\"}"), "conflict: different files",
            "different files are a conflict");
  CHECK_STR(cmp("{\"file\":\"a.jpg\",\"order\":[\"tingle\",\"shkaplerov\",\"kanai\"]}",
                "{\"file\":\"a.jpg\",\"order\":[\"shkaplerov\",\"tingle\",\"kanai\"]}"),
            "conflict: different order of people", "a different left-to-right order is a conflict");

  const char *zh_crew =
      "[{\"name\":{\"zh\":\"谢尔盖·尼古拉耶维奇·雷日科夫\",\"en\":\"Sergey Ryzhikov\"},\"role\":"
      "\"commander\",\"nationality\":\"RU\",\"flight_number\":1},"
      "{\"name\":{\"zh\":\"安德烈·鲍里先科\",\"en\":\"Andrei Borisenko\"},\"role\":"
      "\"flight_engineer_1\",\"nationality\":\"RU\",\"flight_number\":2},"
      "{\"name\":{\"zh\":\"罗伯特·金布罗\",\"en\":\"Robert S. Kimbrough\"},\"role\":"
      "\"flight_engineer_2\",\"nationality\":\"US\",\"flight_number\":2}]";
  CHECK_STR(cmp(zh_crew, zh_crew), "equal", "the same crew is equal");
  CHECK_STR(cmp(zh_crew, "[{\"name\":{\"en\":\"Sergey Ryzhikov\"}},{\"name\":{\"en\":\"Andrey "
                         "Borisenko\"}},{\"name\":{\"en\":\"Shane Kimbrough\"}}]"),
            "equivalent", "crew names only against names with roles: equivalent");
  CHECK_STR(
      cmp("[{\"name\":{\"en\":\"Anton Shkaplerov\"}},{\"name\":{\"en\":\"Scott D. Tingle\"}}]",
          "[{\"name\":{\"en\":\"Scott D. Tingle\"}},{\"name\":{\"en\":\"Anton Shkaplerov\"}}]"),
      "equivalent", "crew members are matched by identity, not position");
  CHECK_STR(cmp("[{\"name\":{\"en\":\"Anton Shkaplerov\"},\"role\":\"commander\"}]",
                "[{\"name\":{\"en\":\"Anton Shkaplerov\"},\"role\":\"flight_engineer_1\"}]"),
            "conflict: Anton Shkaplerov: role commander vs flight_engineer_1",
            "a role conflict names the member");
  CHECK_STR(cmp("[{\"name\":{\"en\":\"Anton Shkaplerov\"},\"flight_number\":3}]",
                "[{\"name\":{\"en\":\"Anton Shkaplerov\"},\"flight_number\":2}]"),
            "conflict: Anton Shkaplerov: flight_number 3 vs 2", "flight numbers are compared");
  CHECK_STR(
      cmp("[{\"name\":{\"en\":\"Anton Shkaplerov\"}},{\"name\":{\"en\":\"Norishige Kanai\"}}]",
          "[{\"name\":{\"en\":\"Anton Shkaplerov\"}},{\"name\":{\"en\":\"Scott D. Tingle\"}}]"),
      "conflict: unmatched: Norishige Kanai / Scott D. Tingle",
      "members on one side only are named");
  CHECK_STR(cmp("[{\"name\":{\"en\":\"Anton Shkaplerov\"}}]", "[{\"en\":\"Anton Shkaplerov\"}]"),
            "equal", "crew members against a plain Entity[] of names");

  const char *dock =
      "[{\"target\":{\"en\":\"International Space Station\"},\"port\":{\"en\":"
      "\"Rassvet (ISS module)\"},\"docked\":" TS("2017-12-19T08:39:00Z", "minute") "}]";
  CHECK_STR(cmp(dock, "[{\"target\":{\"en\":\"International Space Station\"},\"docked\":" TS(
                          "2017-12-19T08:39:00Z", "minute") "}]"),
            "compatible", "a docking without its port is compatible");
  CHECK_STR(cmp(dock, "[{\"target\":{\"en\":\"International Space Station\"},\"port\":{\"en\":"
                      "\"Rassvet\"},\"docked\":" TS("2017-12-19T08:40:00Z", "minute") "}]"),
            "conflict: docked: 60 s", "a docking time conflict names the part");
  CHECK_STR(cmp("\"Favor\"", QTY(1, "kg")), "conflict: different kinds of value",
            "values of different kinds conflict");
}

static void test_human(void) {
  static const struct {
    const char *json, *want;
  } cases[] = {
      {TS("2016-10-19T08:05:00Z", "minute"), "2016-10-19 08:05 UTC"},
      {TS("2016-10-19T08:05:00Z", "second"), "2016-10-19 08:05:00 UTC"},
      {TS("2016-10-19T00:00:00Z", "day"), "2016-10-19"},
      {TS("2016-10-01T00:00:00Z", "month"), "2016-10"},
      {TS("1969-07-20T20:17:40Z", "second"), "1969-07-20 20:17:40 UTC"},
      {DUR("P173DT3H15M", 14958900, "minute"), "173 d 3 h 15 m"},
      {DUR("P173DT3H16M21S", 14958981, "second"), "173 d 3 h 16 m 21 s"},
      {DUR("P173DT15M", 14948100, "minute"), "173 d 0 h 15 m"},
      {QTY(7080, "kg"), "7080 kg"},
      {QTY(1.18e11, "m"), "118000000 km"},
      {QTY(51.66, "deg"), "51.66°"},
      {QTY(5490, "s"), "91.5 min"},
      {"{\"facility\":{\"en\":\"Baikonur Cosmodrome\"},\"pad\":\"31\",\"country\":\"KZ\"}",
       "Baikonur Cosmodrome, pad 31 (KZ)"},
      {"{\"key\":\"soyuz-ms-01\",\"designation\":\"Soyuz MS-01\"}", "Soyuz MS-01"},
      {"{\"zh\":\"联盟号飞船\",\"label\":\"联盟号飞船\"}", "联盟号飞船"},
      {"[{\"name\":{\"en\":\"Anton Shkaplerov\"}},{\"name\":{\"zh\":\"金井宣茂\"}}]",
       "Anton Shkaplerov, 金井宣茂"},
      {"\"line one\\nline two\"", "line one / line two"},
      {"2694", "2694"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    wn_value *v = parse(cases[i].json);
    wn_buf b;
    wn_buf_init(&b);
    wn_value_human(v, &b);
    CHECK_STR(b.data, cases[i].want, "human form of %s", cases[i].json);
    wn_buf_free(&b);
  }
  wn_buf b;
  wn_buf_init(&b);
  wn_value_human(NULL, &b);
  CHECK_STR(b.data, "—", "an absent value is a dash");
  wn_buf_free(&b);
  char s[64];
  wn_format_delta_seconds(-81, s, sizeof s);
  CHECK_STR(s, "81 s", "a delta is a distance");
  wn_format_delta_seconds(1200, s, sizeof s);
  CHECK_STR(s, "1200 s", "deltas below an hour are in seconds");
  wn_format_delta_seconds(90061, s, sizeof s);
  CHECK_STR(s, "1 d 1 h 1 m 1 s", "longer deltas in days to seconds");
  wn_format_delta_seconds(86400, s, sizeof s);
  CHECK_STR(s, "1 d", "zero parts of a delta are left out");
}

/* A check's status and delta as "status: delta". */
static const char *check_str(wn_check_result r) {
  static char out[160];
  snprintf(out, sizeof out, "%s%s%s", wn_check_status_name(r.status), *r.delta ? ": " : "",
           r.delta);
  return out;
}

static wn_check_result duration_check(const char *launch, const char *landing,
                                      const char *duration) {
  wn_value *l = parse(launch), *e = parse(landing), *d = parse(duration);
  return wn_check_duration(l, e, d);
}

static wn_check_result orbits_check(const char *orbits, const char *duration, const char *period,
                                    const char *regime, const char *body) {
  wn_value *o = parse(orbits), *d = parse(duration);
  wn_value *p = period ? parse(period) : NULL, *r = regime ? parse(regime) : NULL;
  wn_value *b = body ? parse(body) : NULL;
  /* regime and central body are enums of the mapping */
  if (r && r->kind == WN_V_TEXT) r->kind = WN_V_ENUM;
  if (b && b->kind == WN_V_TEXT) b->kind = WN_V_ENUM;
  return wn_check_orbits(o, d, p, r, b);
}

static void test_checks(void) {
  wn_check_result r =
      duration_check(TS("2016-10-19T08:05:00Z", "minute"), TS("2017-04-10T11:20:00Z", "minute"),
                     DUR("P173DT3H15M", 14958900, "minute"));
  CHECK_STR(check_str(r), "consistent: 0 s", "MS-02 zh: 08:05 + 173 d 3 h 15 m = 11:20");
  r = duration_check(TS("2016-10-19T08:05:00Z", "second"), TS("2017-04-10T11:20:00Z", "minute"),
                     DUR("P173DT3H16M21S", 14958981, "second"));
  CHECK_STR(check_str(r), "inconsistent: 81 s",
            "MS-02 en: 08:05:00 + 173 d 3 h 16 m 21 s is not 11:20");
  CHECK(strstr(r.detail, "landing - launch = 173 d 3 h 15 m") != NULL, "the detail says why: %s",
        r.detail);
  r = duration_check(TS("2017-12-17T07:21:00Z", "minute"), TS("2018-06-03T12:59:00Z", "minute"),
                     DUR("P168DT5H18M", 14534280, "minute"));
  CHECK_STR(check_str(r), "inconsistent: 1200 s",
            "MS-07 zh: 07:21 + 168 d 5 h 18 m is 12:39, not 12:59");
  r = duration_check(TS("2017-12-17T07:21:00Z", "minute"), TS("2018-06-03T12:39:00Z", "minute"),
                     DUR("P168DT5H18M", 14534280, "minute"));
  CHECK_STR(check_str(r), "consistent: 0 s", "MS-07 en is consistent");
  r = duration_check(TS("2017-12-17T07:21:00Z", "minute"), TS("2018-06-03T12:40:00Z", "minute"),
                     DUR("P168DT5H18M", 14534280, "minute"));
  CHECK_STR(check_str(r), "consistent: 60 s", "one minute off is within minute precisions");
  r = duration_check(TS("2016-10-19T00:00:00Z", "day"), TS("2017-04-10T00:00:00Z", "day"),
                     DUR("P173DT3H16M21S", 14958981, "second"));
  CHECK_STR(check_str(r), "consistent: 3 h 16 m 21 s", "dates only: the duration fits the days");
  r = duration_check(TS("2017-04-10T11:20:00Z", "minute"), TS("2016-10-19T08:05:00Z", "minute"),
                     DUR("P1D", 86400, "day"));
  CHECK(r.status == WN_CHECK_INCONSISTENT && strstr(r.detail, "before launch"),
        "a landing before the launch is inconsistent: %s", r.detail);
  r = wn_check_duration(NULL, NULL, NULL);
  CHECK_STR(check_str(r), "not_applicable", "without the values the check does not apply");

  wn_value *three = parse("3"), *two = parse("2"),
           *members = parse("[{\"name\":{\"en\":\"A B\"}},"
                            "{\"name\":{\"en\":\"C D\"}},"
                            "{\"name\":{\"en\":\"E F\"}}]");
  CHECK_STR(check_str(wn_check_crew_size(three, members, NULL, NULL)), "consistent: 0 members",
            "crew size 3 with three members");
  CHECK_STR(check_str(wn_check_crew_size(two, members, NULL, NULL)), "inconsistent: 1 member",
            "crew size 2 with three members");
  CHECK_STR(check_str(wn_check_crew_size(three, NULL, NULL, NULL)), "not_applicable",
            "crew size without members does not apply");
  /* Soyuz TM-11: crew_size 3, two members both ways, Akiyama up, Sharman down. */
  wn_value *pair = parse("[{\"name\":{\"en\":\"Viktor M. Afanasyev\"}},{\"name\":{\"en\":\"Musa "
                         "Manarov\"}}]");
  wn_value *up = parse("[{\"name\":{\"en\":\"Toyohiro Akiyama\"}}]");
  wn_value *down = parse("[{\"name\":{\"en\":\"Helen Sharman\"}}]");
  wn_check_result cr = wn_check_crew_size(three, pair, up, down);
  CHECK(cr.status == WN_CHECK_CONSISTENT && strstr(cr.detail, "2 + 1 launching"),
        "the launch crew counts those who only launched: %s", cr.detail);
  CHECK_STR(check_str(wn_check_crew_size(three, pair, NULL, down)), "consistent: 0 members",
            "or the landing crew");
  CHECK_STR(check_str(wn_check_crew_size(two, members, up, NULL)), "inconsistent: 2 members",
            "crew size 2 with three members and one more launching");

  const char *ms02 = DUR("P173DT3H15M", 14958900, "minute");
  CHECK_STR(check_str(orbits_check("2694", ms02, NULL, NULL, NULL)),
            "consistent: 92.5 min per orbit", "2694 orbits in 173 d: 92.5 min, a LEO period");
  CHECK_STR(check_str(orbits_check("1000", ms02, NULL, "\"low_earth\"", NULL)),
            "inconsistent: 249.3 min per orbit", "1000 orbits in 173 d is no low Earth orbit");
  CHECK_STR(check_str(orbits_check("2694", ms02, QTY(5550, "s"), NULL, NULL)),
            "consistent: 92.5 min per orbit", "orbits against the stated period");
  CHECK_STR(check_str(orbits_check("2694", ms02, QTY(4800, "s"), NULL, NULL)),
            "inconsistent: 92.5 min per orbit", "80 min stated, 92.5 implied");
  CHECK_STR(check_str(orbits_check("186", DUR("P11DT19H14M36S", 1019676, "second"), QTY(5316, "s"),
                                   NULL, NULL)),
            "consistent: 91.4 min per orbit",
            "Soyuz T-12: the stated first orbit (88.6 min) is within 5 %% of the mean");
  CHECK_STR(
      check_str(orbits_check("31", DUR("P8DT3H18M", 702480, "minute"), NULL, NULL, "\"moon\"")),
      "not_applicable", "lunar orbits have no plausible period to assume");
  CHECK_STR(check_str(orbits_check("2694", ms02, NULL, "\"geosynchronous\"", NULL)),
            "not_applicable", "no period is assumed outside low Earth orbit");
}

/* ---- records, merge, diff, check ---- */

static char *slurp(const char *rel, size_t *len) {
  const char *root = getenv("WN_ROOT");
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", root ? root : ".", rel);
  FILE *f = fopen(path, "rb");
  if (!f) return printf("# cannot open %s\n", path), NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  if (s && fread(s, 1, (size_t)n, f) != (size_t)n) free(s), s = NULL;
  fclose(f);
  if (s) s[n] = 0, *len = (size_t)n;
  return s;
}

typedef struct collected {
  char text[4096];
  size_t len;
} collected;

static void collect(void *user, const wn_diag *d) {
  collected *c = user;
  wn_buf b;
  wn_buf_init(&b);
  wn_diag_format(d, &b);
  if (b.len && c->len + b.len < sizeof c->text) memcpy(c->text + c->len, b.data, b.len + 1);
  c->len += b.len;
  wn_buf_free(&b);
}

static wn_status read_text(wn_record_list *r, const char *text, const char *file,
                           wn_diag_sink *sink) {
  return wn_record_list_read_json(r, ctx, text, strlen(text), file, sink);
}

static bool add_file(wn_record_list *r, const char *rel, wn_diag_sink *sink) {
  size_t len = 0;
  char *text = slurp(rel, &len);
  wn_status st = text ? wn_record_list_read_json(r, ctx, text, len, rel, sink) : WN_ERR_IO;
  free(text);
  return st == WN_OK;
}

/* Every record of l as JSON, one a line (pretty: indented). */
static void write_all(const wn_record_list *l, bool pretty, wn_buf *out) {
  for (size_t i = 0; i < wn_record_list_count(l); i++) {
    wn_record_write_json(wn_record_list_get(l, i), pretty, out);
    wn_buf_putc(out, '\n');
  }
}

static void test_reading(void) {
  collected got = {{0}, 0};
  wn_diag_sink sink = {collect, &got, 0, 0};
  wn_record_list *r = wn_record_list_new();
  const char *two_lines = "{\"key\":\"a\",\"fields\":{}}\n{\"key\":\"b\",\"fields\":{}}\n";
  CHECK(read_text(r, two_lines, "x.jsonl", &sink) == WN_OK && wn_record_list_count(r) == 2,
        "JSON Lines: a record per line");
  const char *pretty = "{\n  \"key\": \"c\",\n  \"fields\": {}\n}\n{\n  \"key\": \"d\",\n"
                       "  \"fields\": {}\n}\n";
  CHECK(read_text(r, pretty, "x.json", &sink) == WN_OK && wn_record_list_count(r) == 4,
        "pretty records one after another");
  const char *array = "[{\"key\":\"e\",\"fields\":{}}, {\"key\":\"f\",\"fields\":{}}]";
  CHECK(read_text(r, array, "x.json", &sink) == WN_OK && wn_record_list_count(r) == 6,
        "an array of records");
  const char *merged = "{\"schema\":\"wikinorm/spaceflight-merged/1\",\"fields\":{}}\n[1]\n"
                       "{\"key\":\"g\",\"fields\":{}}";
  CHECK(read_text(r, merged, "m.json", &sink) == WN_ERR_INPUT && wn_record_list_count(r) == 8 &&
            sink.errors == 1,
        "a merged record reads back; a non-record is an input error; the record after it is "
        "kept (%u)",
        sink.errors);
  CHECK(wn_record_is_merged(wn_record_list_get(r, 6)) &&
            strstr(got.text, "m.json:2:1: error: not a wikinorm record"),
        "the merged record is marked merged; the error names file:line:col");
  wn_record_list *again = wn_record_list_new();
  CHECK(wn_merge(ctx, r, again) == WN_ERR_INPUT && wn_record_list_count(again) == 7,
        "a merged record cannot be merged again: an input error, the others merge");
  wn_record_list_free(again);
  got.len = 0, got.text[0] = 0;
  const char *bad = "{\"key\":\"h\",\"fields\":{}}\n{\"key\": \"i\",\n \"fields\": {]}\n"
                    "{\"key\":\"j\",\"fields\":{}}\n";
  CHECK(read_text(r, bad, "bad.jsonl", &sink) == WN_ERR_INPUT && wn_record_list_count(r) == 10,
        "invalid JSON is an input error; the records before and after it are kept");
  CHECK(strstr(got.text, "bad.jsonl:2:1: error: invalid JSON: the value starting here breaks at "
                         "line 3, column 13: expected a member name"),
        "a value broken on a later line is reported where it starts and where it breaks");
  got.len = 0, got.text[0] = 0;
  const char *cut = "{\"key\":\"k\",\"fie";
  CHECK(read_text(r, cut, "cut.jsonl", &sink) == WN_ERR_INPUT &&
            strstr(got.text, "cut.jsonl:1:12: error: invalid JSON: an unterminated string"),
        "a value broken on its line is reported where it breaks: %s", got.text);
  static const struct {
    const char *json, *want;
  } broken[] = {
      {"{\"a\":01}", "1:6: error: invalid JSON: a bad number"},
      {"{\"a\":1.}", "1:8: error: invalid JSON: a bad number"},
      {"{\"a\":tru}", "1:6: error: invalid JSON: an unexpected character"},
      {"{\"a\":\"\\x\"}", "1:8: error: invalid JSON: a bad escape in a string"},
      {"{\"a\":\"\\ud800\"}", "1:13: error: invalid JSON: a lone surrogate in a \\u escape"},
      {"{\"a\":\"\\u0000\"}", "1:13: error: invalid JSON: \\u0000 in a string"},
      {"{\"a\":\"x\ty\"}", "1:8: error: invalid JSON: a control character in a string"},
      {"{\"a\" 1}", "1:6: error: invalid JSON: expected ':'"},
      {"{\"a\":1 \"b\":2}", "1:8: error: invalid JSON: expected ',' or '}'"},
      {"[1,2", "1:5: error: invalid JSON: expected ',' or ']'"},
  };
  for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
    got.len = 0, got.text[0] = 0;
    read_text(r, broken[i].json, "b.json", &sink);
    CHECK(strstr(got.text, broken[i].want) != NULL, "%s: %s", broken[i].json, got.text);
  }
  const char *escapes = "{\"key\":\"\\u00e9\\ud83d\\ude80\\n\\\"\\/\",\"fields\":{\"n\":-1.5e3}}";
  size_t before = wn_record_list_count(r);
  CHECK(read_text(r, escapes, "e.json", &sink) == WN_OK && wn_record_list_count(r) == before + 1,
        "escapes, a surrogate pair and exponents are read");
  wn_buf out;
  wn_buf_init(&out);
  wn_record_list *one = wn_record_list_new(), *m = wn_record_list_new();
  read_text(one, escapes, "e.json", &sink);
  wn_merge(NULL, one, m);
  write_all(m, false, &out);
  CHECK(out.data && strstr(out.data, "\"key\":\"é🚀\\n\\\"/\"") && strstr(out.data, "-1500"),
        "decoded strings and numbers are written back: %s", out.data ? out.data : "");
  wn_buf_free(&out);
  wn_record_list_free(one);
  wn_record_list_free(m);
  wn_record_list *flat = wn_record_list_new();
  const char *older =
      "{\"key\":\"f\",\"fields\":{\"launch.time\":{\"utc\":\"2016-10-19T08:05:00Z\","
      "\"precision\":\"minute\"},\"launch\":{\"vehicle\":{\"en\":\"Soyuz-FG\"}}}}";
  read_text(flat, older, "old.json", &sink);
  const wn_record *fr = wn_record_list_get(flat, 0);
  const wn_value *lt = fr ? wn_record_field(fr, "launch.time") : NULL;
  const wn_value *lv = fr ? wn_record_field(fr, "launch.vehicle") : NULL;
  CHECK(lt && lt->kind == WN_V_TIMESTAMP && lt->u.ts.epoch == 1476864300 && lv &&
            lv->kind == WN_V_ENTITY && fr->fields->u.obj.n == 1,
        "flat dotted keys of older files nest with the nested ones, typed");
  wn_record_list_free(flat);
  char deep[2100];
  memset(deep, '[', 1001), deep[1001] = 0;
  got.len = 0, got.text[0] = 0;
  CHECK(read_text(r, deep, "deep.json", &sink) == WN_ERR_INPUT &&
            strstr(got.text, "nested too deeply"),
        "nesting is limited as cJSON limits it");
  wn_record_list_free(r);
  wn_record_list_free(NULL);
}

/* The merged record of files, written as JSON and parsed back. */
static cJSON *merge_files(const char *const *files, size_t n, bool pretty) {
  wn_record_list *r = wn_record_list_new(), *m = wn_record_list_new();
  for (size_t i = 0; i < n; i++) add_file(r, files[i], NULL);
  wn_buf out;
  wn_buf_init(&out);
  wn_status st = wn_merge(ctx, r, m);
  if (st == WN_OK && wn_record_list_count(m) == 1) write_all(m, pretty, &out);
  cJSON *j = out.data ? cJSON_Parse(out.data) : NULL;
  wn_buf_free(&out);
  wn_record_list_free(r);
  wn_record_list_free(m);
  return j;
}

/* The merged leaf at a dotted path of the nested fields. */
static const cJSON *leaf(const cJSON *m, const char *path) {
  const cJSON *at = cJSON_GetObjectItem(m, "fields");
  char seg[64];
  for (const char *p = path; at && *p;) {
    size_t n = strcspn(p, ".");
    snprintf(seg, sizeof seg, "%.*s", (int)n, p);
    at = cJSON_GetObjectItem(at, seg);
    p += n + (p[n] == '.');
  }
  return at;
}

static const char *field_status(const cJSON *m, const char *path) {
  const cJSON *s = cJSON_GetObjectItem(leaf(m, path), "status");
  return cJSON_IsString(s) ? s->valuestring : "(absent)";
}

static const char *field_delta(const cJSON *m, const char *path) {
  const cJSON *s = cJSON_GetObjectItem(leaf(m, path), "delta");
  return cJSON_IsString(s) ? s->valuestring : "(none)";
}

/* "status delta" of a check of one language in a merged record. */
static const char *merged_check(const cJSON *m, const char *lang, const char *check) {
  static char out[128];
  const cJSON *c;
  cJSON_ArrayForEach(c, cJSON_GetObjectItem(m, "checks")) {
    const cJSON *l = cJSON_GetObjectItem(c, "lang"), *n = cJSON_GetObjectItem(c, "check");
    if (!cJSON_IsString(l) || !cJSON_IsString(n) || strcmp(l->valuestring, lang) ||
        strcmp(n->valuestring, check))
      continue;
    const cJSON *s = cJSON_GetObjectItem(c, "status"), *d = cJSON_GetObjectItem(c, "delta");
    snprintf(out, sizeof out, "%s%s%s", s->valuestring, cJSON_IsString(d) ? " " : "",
             cJSON_IsString(d) ? d->valuestring : "");
    return out;
  }
  return "(absent)";
}

static void test_merge(void) {
  const char *ms02[] = {"tests/records/ms02.zh.json", "tests/records/ms02.en.jsonl"};
  cJSON *m = merge_files(ms02, 2, false);
  CHECK(m != NULL, "MS-02 merges into one JSON line");
  const cJSON *key = cJSON_GetObjectItem(m, "key");
  CHECK(cJSON_IsString(key) && !strcmp(key->valuestring, "soyuz-ms-02"), "merged by key");
  CHECK_STR(field_status(m, "duration"), "conflict", "MS-02 duration: conflict");
  CHECK_STR(field_delta(m, "duration"), "81 s", "MS-02 duration: 81 s");
  CHECK_STR(field_status(m, "launch.time"), "compatible", "MS-02 launch: compatible");
  CHECK_STR(field_status(m, "landing.time"), "equal", "MS-02 landing: equal");
  CHECK_STR(field_status(m, "crew.callsign"), "equal", "MS-02 callsign: equal");
  CHECK_STR(field_status(m, "orbits_completed"), "only_zh", "MS-02 orbits: only_zh");
  CHECK_STR(field_status(m, "mission_type"), "only_en", "MS-02 mission type: only_en");
  CHECK_STR(field_status(m, "crew.members"), "equivalent",
            "MS-02 crew: equivalent (Robert S. Kimbrough = Shane Kimbrough)");
  CHECK_STR(field_status(m, "launch.site"), "compatible", "MS-02 site: Baikonur + pad 31");
  CHECK_STR(merged_check(m, "en", "duration_matches_launch_landing"), "inconsistent 81 s",
            "MS-02 en is internally inconsistent");
  CHECK_STR(merged_check(m, "zh", "duration_matches_launch_landing"), "consistent 0 s",
            "MS-02 zh is consistent");
  CHECK_STR(merged_check(m, "zh", "orbits_match_duration"), "consistent 92.5 min per orbit",
            "MS-02 zh orbits fit the duration");
  /* Fields come in the mapping's (SCHEMA.md) order whatever the records'
   * own order: the top-level members, nested as records nest. */
  const cJSON *f = cJSON_GetObjectItem(m, "fields");
  const char *order[] = {"name",     "mission_type",     "launch", "landing",
                         "duration", "orbits_completed", "crew",   "insignia"};
  size_t k = 0;
  for (const cJSON *c = f ? f->child : NULL; c && k < 8; c = c->next)
    if (!strcmp(c->string, order[k])) k++;
  CHECK(k == 8, "fields in schema order (%zu of 8 in sequence)", k);
  cJSON_Delete(m);

  const char *ms07[] = {"tests/records/ms07.zh.jsonl", "tests/records/ms07.en.json"};
  m = merge_files(ms07, 2, true);
  CHECK(m != NULL, "MS-07 merges (pretty JSON parses)");
  CHECK_STR(field_status(m, "landing.time"), "conflict", "MS-07 landing: conflict");
  CHECK_STR(field_delta(m, "landing.time"), "1200 s", "MS-07 landing: 12:59 vs 12:39");
  CHECK_STR(field_status(m, "duration"), "equal", "MS-07 duration: equal");
  CHECK_STR(field_status(m, "crew.members"), "equivalent", "MS-07 crew: equivalent");
  CHECK_STR(field_status(m, "ids.cospar"), "equal", "nested and flat ids compare");
  CHECK_STR(field_status(m, "docking"), "equal", "MS-07 docking agrees");
  CHECK_STR(merged_check(m, "zh", "duration_matches_launch_landing"), "inconsistent 1200 s",
            "MS-07 zh is internally inconsistent");
  CHECK_STR(merged_check(m, "en", "duration_matches_launch_landing"), "consistent 0 s",
            "MS-07 en is consistent");
  cJSON_Delete(m);

  const char *same[] = {"tests/records/ms07.en.json", "tests/records/ms07.en.json"};
  m = merge_files(same, 2, false);
  const cJSON *sources = cJSON_GetObjectItem(m, "sources");
  const cJSON *second = cJSON_GetArrayItem(sources, 1);
  const cJSON *lang = cJSON_GetObjectItem(second, "lang");
  CHECK(cJSON_IsString(lang) && !strcmp(lang->valuestring, "en#2"),
        "a second record of one language is labelled en#2");
  CHECK_STR(field_status(m, "duration"), "equal", "a record merged with itself is equal");
  cJSON_Delete(m);

  /* Groups in order of first appearance; fields outside the schema too. */
  wn_record_list *r = wn_record_list_new(), *ml = wn_record_list_new();
  const char *text = "{\"key\":\"b\",\"fields\":{\"x_new\":1,\"launch\":{\"extra\":2}}}\n"
                     "{\"key\":\"a\",\"fields\":{}}\n{\"fields\":{}}\n{\"fields\":{}}\n"
                     "{\"key\":\"b\",\"fields\":{\"x_new\":1}}\n";
  read_text(r, text, "t.jsonl", NULL);
  wn_buf out;
  wn_buf_init(&out);
  CHECK(wn_merge(ctx, r, ml) == WN_OK, "merge succeeds");
  write_all(ml, false, &out);
  size_t lines = 0;
  for (size_t i = 0; i < out.len; i++) lines += out.data[i] == '\n';
  CHECK(lines == 4, "groups b, a and two keyless records: %zu lines", lines);
  CHECK(out.data && strstr(out.data, "\"key\":\"b\"") < strstr(out.data, "\"key\":\"a\""),
        "groups in order of first appearance");
  CHECK(out.data && strstr(out.data, "\"x_new\":{\"status\":\"equal\",\"value\":1}") &&
            strstr(out.data, "\"launch\":{\"extra\":{\"status\":\"only_und\""),
        "fields outside the schema are merged too (nested as in the records)");
  wn_buf_free(&out);
  wn_record_list_free(r);
  wn_record_list_free(ml);
}

/* Runs of spaces as one space (a static copy). */
static const char *squeeze(const char *s) {
  static char out[16384];
  size_t n = 0;
  for (; *s && n + 1 < sizeof out; s++)
    if (*s != ' ' || !n || out[n - 1] != ' ') out[n++] = *s;
  out[n] = 0;
  return out;
}

static int diff_files(const char *a, const char *b, bool json, wn_buf *out) {
  wn_record_list *ra = wn_record_list_new(), *rb = wn_record_list_new();
  if (a) add_file(ra, a, NULL);
  if (b) add_file(rb, b, NULL);
  int d = wn_diff(ctx, ra, rb, json, out);
  wn_record_list_free(ra);
  wn_record_list_free(rb);
  return d;
}

static void test_diff(void) {
  wn_buf out;
  wn_buf_init(&out);
  int d = diff_files("tests/records/ms02.zh.json", "tests/records/ms02.en.jsonl", false, &out);
  CHECK(d == 1, "MS-02 zh and en differ (%d)", d);
  CHECK(out.data &&
            strstr(out.data, "--- fixtures/seeds/000_soyuz-ms-02.zh.txt  (zh, soyuz-ms-02)"),
        "the report names side A");
  const char *squeezed = out.data ? squeeze(out.data) : "";
  CHECK(strstr(squeezed, "\nduration conflict 173 d 3 h 15 m 173 d 3 h 16 m 21 s 81 s\n"),
        "a row: path, status, A's value, B's value, delta");
  CHECK(out.data && strstr(out.data, "\nduration                 conflict    173 d 3 h 15 m  "),
        "columns two spaces apart, as wide as their widest cell");
  CHECK(strstr(squeezed, "\norbits_completed only_zh 2694 —\n"), "a field on one side only");
  CHECK(out.data && !strstr(out.data, "landing.time"), "equal fields are not listed");
  CHECK(out.data &&
            strstr(out.data, "duration_matches_launch_landing  consistent  inconsistent (81 s)"),
        "failed internal checks are listed after the fields");
  if (tap_failed && out.data) printf("%s", out.data);

  wn_buf_clear(&out);
  d = diff_files("tests/records/ms07.zh.jsonl", "tests/records/ms07.en.json", true, &out);
  cJSON *j = out.data ? cJSON_Parse(out.data) : NULL;
  CHECK(d == 1 && j, "MS-07 diff -f json is one JSON value");
  const cJSON *pair = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "pairs"), 0);
  const cJSON *fields = cJSON_GetObjectItem(pair, "fields"), *landing = NULL, *f;
  cJSON_ArrayForEach(f, fields) {
    const cJSON *p = cJSON_GetObjectItem(f, "path");
    if (cJSON_IsString(p) && !strcmp(p->valuestring, "landing.time")) landing = f;
  }
  const cJSON *delta = cJSON_GetObjectItem(landing, "delta");
  CHECK(cJSON_IsTrue(cJSON_GetObjectItem(j, "differ")) && cJSON_IsString(delta) &&
            !strcmp(delta->valuestring, "1200 s"),
        "JSON: differ, and the landing conflict with its delta");
  cJSON_Delete(j);

  wn_buf_clear(&out);
  d = diff_files("tests/records/ms07.en.json", "tests/records/ms07.en.json", false, &out);
  CHECK(d == 0 && out.len == 0, "a record against itself: exit 0, no output (%d)", d);
  wn_buf_clear(&out);
  d = diff_files("tests/records/ms07.en.json", NULL, false, &out);
  CHECK(d == 2, "a side without a record is trouble (%d)", d);
  wn_buf_clear(&out);
  d = diff_files("tests/records/ms07.en.json", "tests/records/ms02.en.jsonl", false, &out);
  CHECK(d == 1 && out.data && strstr(out.data, "key  "),
        "one record each side: compared even when the keys differ");

  /* Several records a side: paired by key, in order; the rest unpaired. */
  wn_record_list *ra = wn_record_list_new(), *rb = wn_record_list_new();
  add_file(ra, "tests/records/ms02.zh.json", NULL);
  add_file(ra, "tests/records/ms07.zh.jsonl", NULL);
  add_file(rb, "tests/records/ms07.en.json", NULL);
  add_file(rb, "tests/records/ms02.en.jsonl", NULL);
  read_text(rb, "{\"fields\":{\"name\":{\"en\":\"X\"}}}", "x.json", NULL);
  wn_buf_clear(&out);
  d = wn_diff(ctx, ra, rb, true, &out);
  cJSON *pj = out.data ? cJSON_Parse(out.data) : NULL;
  const cJSON *pairs = cJSON_GetObjectItem(pj, "pairs"), *unp = cJSON_GetObjectItem(pj, "unpaired");
  const cJSON *k0 = cJSON_GetObjectItem(cJSON_GetArrayItem(pairs, 0), "key");
  const cJSON *k1 = cJSON_GetObjectItem(cJSON_GetArrayItem(pairs, 1), "key");
  const cJSON *u0 = cJSON_GetObjectItem(cJSON_GetArrayItem(unp, 0), "file");
  CHECK(d == 1 && cJSON_GetArraySize(pairs) == 2 && cJSON_IsString(k0) &&
            !strcmp(k0->valuestring, "soyuz-ms-02") && cJSON_IsString(k1) &&
            !strcmp(k1->valuestring, "soyuz-ms-07") && cJSON_GetArraySize(unp) == 1 &&
            cJSON_IsString(u0) && !strcmp(u0->valuestring, "x.json"),
        "records are paired by key in A's order; a record of B without a partner is unpaired");
  cJSON_Delete(pj);
  wn_buf_clear(&out);
  wn_diff(ctx, ra, rb, false, &out);
  CHECK(out.data && strstr(out.data, "only in B: a record without key  (x.json)\n"),
        "the text report names the unpaired record");
  wn_record_list_free(ra);
  wn_record_list_free(rb);
  wn_buf_free(&out);
}

static void test_check(void) {
  collected got = {{0}, 0};
  wn_diag_sink sink = {collect, &got, 0, 0};
  wn_record_list *r = wn_record_list_new();
  add_file(r, "tests/records/ms02.zh.json", NULL);
  add_file(r, "tests/records/ms02.en.jsonl", NULL);
  add_file(r, "tests/records/ms07.zh.jsonl", NULL);
  add_file(r, "tests/records/ms07.en.json", NULL);
  wn_buf out;
  wn_buf_init(&out);
  unsigned n = wn_check(ctx, r, false, &out, &sink);
  CHECK(n == 2 && sink.warnings == 2, "two failed checks over four records (%u)", n);
  CHECK(strstr(got.text, "fixtures/seeds/001_soyuz-ms-02.en.txt:6:21: warning: duration 173 d 3 h "
                         "16 m 21 s disagrees with landing - launch = 173 d 3 h 15 m"),
        "MS-02 en: reported at the duration value");
  CHECK(strstr(got.text, "fixtures/seeds/002_soyuz-ms-07.zh.txt:18:21: warning:") &&
            strstr(got.text, "by 1200 s [duration_matches_launch_landing]"),
        "MS-07 zh: reported at its duration, by 1200 s");
  CHECK(out.data && strstr(out.data, "4 records checked: 2 inconsistent, 6 consistent, 4 not "
                                     "applicable\n"),
        "a summary line");
  wn_buf_clear(&out);
  wn_diag_sink quiet = {NULL, NULL, 0, 0};
  n = wn_check(ctx, r, true, &out, &quiet);
  cJSON *j = out.data ? cJSON_Parse(out.data) : NULL;
  const cJSON *inc = cJSON_GetObjectItem(j, "inconsistent");
  CHECK(n == 2 && cJSON_IsNumber(inc) && inc->valueint == 2 &&
            cJSON_GetArraySize(cJSON_GetObjectItem(j, "records")) == 4,
        "check -f json is one JSON value with every record");
  cJSON_Delete(j);
  wn_buf_free(&out);
  wn_record_list_free(r);

  r = wn_record_list_new();
  add_file(r, "tests/records/ms02.zh.json", NULL);
  wn_buf_init(&out);
  CHECK(wn_check(ctx, r, false, &out, &sink) == 0, "MS-02 zh alone passes its checks");
  wn_buf_free(&out);
  wn_record_list_free(r);
}

int main(void) {
  arena = wn_arena_new();
  values = wn_arena_new();
  wn_context_opts co = {0};
  wn_diag_sink sink = {0};
  if (wn_context_new(&co, &sink, &ctx) != WN_OK) return printf("# no context\n"), 1;
  test_timestamps();
  test_durations();
  test_quantities();
  test_texts_and_names();
  test_name_rule();
  test_places_photos_crews();
  test_human();
  test_checks();
  test_reading();
  test_merge();
  test_diff();
  test_check();
  wn_context_free(ctx);
  wn_arena_free(values);
  wn_arena_free(arena);
  TAP_DONE();
}

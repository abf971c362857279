/* Unit tests of the lexicon (src/lexicon.c): folding (Traditional,
 * middle dots, case, NFKC), en variants, per-document {{le}} pairs,
 * mission designations and keys, --lexicon files, the vocabulary tables,
 * and lookups from several threads at once. */
#include "tap.h"
#include "values.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "embedded.h"

static wn_lexicon *lex;
static wn_arena *arena;

static const char *to_en(const char *s) {
  wn_lexdoc *ld = wn_lexdoc_new(arena, lex);
  return wn_lex_to_en(ld, s, strlen(s));
}

static const char *to_zh(const char *s) {
  wn_lexdoc *ld = wn_lexdoc_new(arena, lex);
  return wn_lex_to_zh(ld, s, strlen(s));
}

static const char *designation(const char *s) {
  wn_lexdoc *ld = wn_lexdoc_new(arena, lex);
  return wn_mission_designation(arena, ld, s, strlen(s));
}

static void test_lookups(void) {
  CHECK_STR(to_en("拜科努尔航天发射场"), "Baikonur Cosmodrome", "launch site");
  CHECK_STR(to_en("酒泉卫星发射中心"), "Jiuquan Satellite Launch Center", "Jiuquan");
  CHECK_STR(to_en("国际空间站"), "International Space Station", "station");
  CHECK_STR(to_en("國際空間站"), "International Space Station", "Traditional = Simplified");
  CHECK_STR(to_en("晨曦号实验舱"), "Rassvet (ISS module)", "module");
  CHECK_STR(to_en("俄罗斯宇航"), "Roscosmos", "agency 俄罗斯宇航");
  CHECK_STR(to_en("俄罗斯航太"), "Roscosmos", "agency 俄罗斯航太");
  CHECK_STR(to_en("哈萨克斯坦"), "Kazakhstan", "country");
  CHECK_STR(to_en("联盟-FG"), "Soyuz-FG", "rocket");
  CHECK_STR(to_en("谢尔盖·尼古拉耶维奇·雷日科夫"), "Sergey Ryzhikov", "person");
  CHECK_STR(to_en("谢尔盖•尼古拉耶维奇•雷日科夫"), "Sergey Ryzhikov", "middle dot • folds");
  CHECK_STR(to_en("安东∙什卡普列罗夫"), "Anton Shkaplerov", "middle dot ∙ folds");
  CHECK_STR(to_en("安东・什卡普列罗夫"), "Anton Shkaplerov", "middle dot ・ folds");
  CHECK_STR(to_en("金布罗"), "Kimbrough", "surname");
  CHECK_STR(to_en("baikonur  cosmodrome"), "Baikonur Cosmodrome", "en: case and spaces fold");
  CHECK_STR(to_en("Robert S. Kimbrough"), "Shane Kimbrough", "en variant -> canonical");
  CHECK_STR(to_en("Shane Kimbrough"), "Shane Kimbrough", "canonical en -> itself");
  CHECK_STR(to_en("不存在的名字"), NULL, "unknown name");
  CHECK_STR(to_en(""), NULL, "empty name");
  CHECK_STR(to_zh("Baikonur Cosmodrome"), "拜科努尔航天发射场", "en -> zh");
  CHECK_STR(to_zh("Robert S. Kimbrough"), "罗伯特·金布罗", "variant -> zh");
  CHECK_STR(to_zh("Nobody"), NULL, "unknown en");
}

static void test_lexdoc(void) {
  wn_lexdoc *ld = wn_lexdoc_new(arena, lex);
  const char *zh = "瓦列里·波利亚科夫", *en = "Valeri Polyakov";
  CHECK(wn_lex_to_en(ld, zh, strlen(zh)) == NULL, "not known before {{le}}");
  wn_lexdoc_learn(ld, zh, strlen(zh), en, strlen(en));
  CHECK_STR(wn_lex_to_en(ld, zh, strlen(zh)), "Valeri Polyakov", "learned pair");
  CHECK_STR(wn_lex_to_en(ld, "瓦列里∙波利亚科夫", strlen("瓦列里∙波利亚科夫")), "Valeri Polyakov",
            "learned pair, other dot");
  CHECK_STR(wn_lex_to_zh(ld, en, strlen(en)), "瓦列里·波利亚科夫", "learned pair, en -> zh");
  CHECK_STR(wn_lex_person_to_en(ld, "波利亚科夫", strlen("波利亚科夫")), "Polyakov",
            "surname learned from the pair");
  CHECK_STR(wn_lex_person_to_en(ld, "某人·雷日科夫", strlen("某人·雷日科夫")), "Ryzhikov",
            "person: the part after the last dot");
  /* the doc layer wins over the shared lexicon */
  wn_lexdoc_learn(ld, "金布罗", strlen("金布罗"), "R. Kimbrough", 12);
  CHECK_STR(wn_lex_to_en(ld, "金布罗", strlen("金布罗")), "R. Kimbrough", "{{le}} overrides");
  wn_lexdoc *other = wn_lexdoc_new(arena, lex);
  CHECK(wn_lex_to_en(other, zh, strlen(zh)) == NULL, "pairs stay in their document");
}

static void test_designations(void) {
  CHECK_STR(designation("联盟MS-02"), "Soyuz MS-02", "联盟MS-02");
  CHECK_STR(designation("聯盟MS-02"), "Soyuz MS-02", "Traditional 聯盟MS-02");
  CHECK_STR(designation("联盟ＭＳ－０２"), "Soyuz MS-02", "full-width 联盟ＭＳ－０２");
  CHECK_STR(designation("联盟TMA-19M"), "Soyuz TMA-19M", "联盟TMA-19M keeps case");
  CHECK_STR(designation("联盟T-10"), "Soyuz T-10", "联盟T-10");
  CHECK_STR(designation("进步MS-05"), "Progress MS-05", "进步MS-05");
  CHECK_STR(designation("神舟十一号"), "Shenzhou 11", "神舟十一号");
  CHECK_STR(designation("神舟5号"), "Shenzhou 5", "神舟5号");
  CHECK_STR(designation("天舟一号"), "Tianzhou 1", "天舟一号");
  CHECK_STR(designation("阿波罗11号"), "Apollo 11", "阿波罗11号");
  CHECK_STR(designation("远征49"), "Expedition 49", "远征49");
  CHECK_STR(designation("国际空间站"), "International Space Station", "a whole name wins");
  CHECK_STR(designation("Soyuz MS-02"), "Soyuz MS-02", "en stays");
  CHECK_STR(designation("  Soyuz   MS-02 "), "Soyuz MS-02", "spaces squeezed");
  CHECK_STR(designation("某某号"), "某某号", "unknown zh kept");
  CHECK_STR(designation(""), NULL, "empty");
  CHECK_STR(wn_mission_key(arena, "Soyuz MS-02"), "soyuz-ms-02", "key soyuz-ms-02");
  CHECK_STR(wn_mission_key(arena, "Chang'e 4"), "chang-e-4", "key chang-e-4");
  CHECK_STR(wn_mission_key(arena, "Soyuz 7K-ST No.16L"), "soyuz-7k-st-no-16l", "key punctuation");
  CHECK_STR(wn_mission_key(arena, "---"), NULL, "no key from punctuation");
  CHECK_STR(wn_mission_key(arena, "某某号"), NULL, "no key from an unknown zh name");
}

static void test_simplify(void) {
  size_t n;
  CHECK_STR(wn_zh_simplify(arena, "發射", strlen("發射"), &n), "发射", "發射 -> 发射");
  CHECK_STR(wn_zh_simplify(arena, "任務時間", strlen("任務時間"), &n), "任务时间", "任務時間");
  CHECK_STR(wn_zh_simplify(arena, "launch", 6, &n), "launch", "ASCII unchanged");
  CHECK_STR(wn_fold_dots(arena, "a∙b•c‧d・e", strlen("a∙b•c‧d・e"), &n), "a·b·c·d·e",
            "middle-dot family");
}

/* ---- --lexicon files ---- */

static char diag_text[4096];
static void collect(void *user, const wn_diag *d) {
  (void)user;
  wn_buf b;
  wn_buf_init(&b);
  wn_diag_format(d, &b);
  if (b.len && strlen(diag_text) + b.len < sizeof diag_text) strcat(diag_text, b.data);
  wn_buf_free(&b);
}

static const char *write_tmp(const char *text) {
  static char path[64];
  snprintf(path, sizeof path, "/tmp/wn_lexicon_%d.tsv", (int)getpid());
  FILE *f = fopen(path, "wb");
  fputs(text, f);
  fclose(f);
  return path;
}

static void test_files(void) {
  wn_lexicon *l = NULL;
  wn_diag_sink sink = {collect, NULL, 0, 0};
  const char *p =
      write_tmp("# extra names\r\n瓦列里·波利亚科夫\tValeri Polyakov\r\n\n和平号-2\tMir-2\n"
                "星际\tInterstellar\tprogramme\n");
  const char *files[] = {p};
  diag_text[0] = '\0';
  CHECK(wn_lexicon_new(files, 1, &sink, &l) == WN_OK, "--lexicon file loads (CRLF, comments)");
  if (l) {
    wn_lexdoc *ld = wn_lexdoc_new(arena, l);
    CHECK_STR(wn_lex_to_en(ld, "瓦列里·波利亚科夫", strlen("瓦列里·波利亚科夫")), "Valeri Polyakov",
              "file pair found");
    CHECK_STR(wn_lex_to_en(ld, "拜科努尔航天发射场", strlen("拜科努尔航天发射场")),
              "Baikonur Cosmodrome", "embedded pairs still there");
    CHECK_STR(wn_mission_designation(arena, ld, "星际7号", strlen("星际7号")), "Interstellar 7",
              "programme flag from a file");
    wn_lexicon_free(l);
  }
  p = write_tmp("甲\tA\nno tab here\n乙\t\n丙\tC\tbogus\n");
  diag_text[0] = '\0';
  l = NULL;
  CHECK(wn_lexicon_new(files, 1, &sink, &l) == WN_ERR_INPUT && l == NULL, "bad file refused");
  CHECK(strstr(diag_text, ":2:1: error:") != NULL, "missing tab reported at line 2");
  CHECK(strstr(diag_text, ":3:3: error: empty en name") != NULL, "empty en at line 3");
  CHECK(strstr(diag_text, ":4:1: error: unknown flag") != NULL, "unknown flag at line 4");
  const char *missing[] = {"/nonexistent/lexicon.tsv"};
  diag_text[0] = '\0';
  CHECK(wn_lexicon_new(missing, 1, &sink, &l) == WN_ERR_IO, "missing file is an I/O error");
  CHECK(strstr(diag_text, "/nonexistent/lexicon.tsv: error: cannot open lexicon") != NULL,
        "missing file named");
  unlink(p);
}

/* ---- vocabulary ---- */

static void test_vocab(void) {
  const wn_embedded_file *f = wn_embedded("vocab.tsv");
  CHECK(f != NULL, "vocab.tsv is embedded");
  if (!f) return;
  size_t rows = 0, missing = 0;
  for (const char *p = f->data, *end = f->data + f->len; p < end;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *e = nl ? nl : end;
    const char *t1 = memchr(p, '\t', (size_t)(e - p));
    if (p < e && *p != '#' && t1) {
      const char *t2 = memchr(t1 + 1, '\t', (size_t)(e - t1 - 1));
      char table[32];
      snprintf(table, sizeof table, "%.*s", (int)(t1 - p), p);
      const char *key = t1 + 1;
      size_t kl = (size_t)((t2 ? t2 : e) - key);
      rows++;
      if (!wn_vocab(table, key, kl)) {
        missing++;
        printf("# missing %s %.*s\n", table, (int)kl, key);
      }
    }
    p = e + 1;
  }
  CHECK(rows > 500 && missing == 0, "every vocab row is found (%zu rows, %zu missing)", rows,
        missing);
  CHECK(wn_vocab("month", "October", 7) && !strcmp(wn_vocab("month", "October", 7)->col[0], "10"),
        "month October");
  CHECK(wn_vocab("zone", "MSK", 3) && !strcmp(wn_vocab("zone", "MSK", 3)->col[0], "180"),
        "zone MSK");
  size_t pos, len;
  CHECK(wn_vocab_find("role", "Thomas, Commander", 17, &pos, &len) && pos == 8,
        "vocab_find: whole words only");
}

/* ---- threads ---- */

static void *worker(void *arg) {
  (void)arg;
  wn_arena *a = wn_arena_new();
  int bad = 0;
  for (int i = 0; i < 200; i++) {
    wn_lexdoc *ld = wn_lexdoc_new(a, lex);
    const char *e = wn_lex_to_en(ld, "國際空間站", strlen("國際空間站"));
    const char *d = wn_mission_designation(a, ld, "聯盟MS-02", strlen("聯盟MS-02"));
    if (!e || strcmp(e, "International Space Station") || !d || strcmp(d, "Soyuz MS-02")) bad++;
    wn_lexdoc_learn(ld, "甲乙", 6, "Jia Yi", 6);
    if (i % 50 == 0) wn_arena_reset(a);
  }
  wn_arena_free(a);
  return (void *)(intptr_t)bad;
}

static void test_threads(void) {
  pthread_t th[6];
  int bad = 0;
  for (int i = 0; i < 6; i++) pthread_create(&th[i], NULL, worker, NULL);
  for (int i = 0; i < 6; i++) {
    void *r;
    pthread_join(th[i], &r);
    bad += (int)(intptr_t)r;
  }
  CHECK(bad == 0, "six threads share one lexicon (%d bad lookups)", bad);
}

int main(void) {
  wn_diag_sink sink = {0};
  if (wn_lexicon_new(NULL, 0, &sink, &lex) != WN_OK) {
    printf("not ok - embedded lexicon loads\n");
    return 1;
  }
  printf("ok - embedded lexicon loads\n");
  arena = wn_arena_new();
  test_lookups();
  test_lexdoc();
  test_designations();
  test_simplify();
  test_files();
  test_vocab();
  test_threads();
  wn_arena_free(arena);
  wn_lexicon_free(lex);
  TAP_DONE();
}

/* A tiny test harness for the C unit tests: ok/not ok lines that
 * tests/run.sh counts. CHECK keeps going after a failure. */
#ifndef WN_TAP_H
#define WN_TAP_H
#include <stdio.h>
#include <string.h>

static int tap_failed;

#define CHECK(cond, ...)                                                                           \
  do {                                                                                             \
    if (cond) {                                                                                    \
      printf("ok - ");                                                                             \
    } else {                                                                                       \
      tap_failed++;                                                                                \
      printf("not ok - %s:%d: (%s) ", __FILE__, __LINE__, #cond);                                  \
    }                                                                                              \
    printf(__VA_ARGS__);                                                                           \
    printf("\n");                                                                                  \
  } while (0)

/* Compares two C strings, printing both on failure. */
#define CHECK_STR(got, want, ...)                                                                  \
  do {                                                                                             \
    const char *g_ = (got), *w_ = (want);                                                          \
    int same_ = (g_ && w_) ? strcmp(g_, w_) == 0 : g_ == w_;                                       \
    CHECK(same_, __VA_ARGS__);                                                                     \
    if (!same_) printf("#   got:  %s\n#   want: %s\n", g_ ? g_ : "(null)", w_ ? w_ : "(null)");    \
  } while (0)

#define TAP_DONE() return tap_failed ? 1 : 0
#endif

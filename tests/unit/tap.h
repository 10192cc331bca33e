/* tap.h: the unit tests' reporting, one "ok"/"not ok" line per check,
 * read by tests/run.sh. */
#ifndef CSP_TAP_H
#define CSP_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

/* Reports one check; returns cond so callers can stop early. */
#define OK(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

static int tap_ok(int cond, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#include <stdarg.h>
static int tap_ok(int cond, const char *file, int line, const char *fmt, ...)
{
  va_list ap;
  tap_n++;
  printf("%s %d - ", cond ? "ok" : "not ok", tap_n);
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  putchar('\n');
  if (!cond) {
    tap_failed++;
    printf("#   at %s:%d\n", file, line);
  }
  fflush(stdout);
  return cond;
}

/* Compares two strings and shows both on failure. */
#define OK_STR(got, want, ...)                                              \
  do {                                                                      \
    const char *g_ = (got), *w_ = (want);                                   \
    if (!OK(g_ && w_ && strcmp(g_, w_) == 0, __VA_ARGS__))                  \
      printf("#   got:  \"%s\"\n#   want: \"%s\"\n", g_ ? g_ : "(null)",    \
             w_ ? w_ : "(null)");                                           \
  } while (0)

static int tap_done(void)
{
  printf("1..%d\n", tap_n);
  return tap_failed ? 1 : 0;
}

#endif

/* cmd_common.c: what the subcommands share. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <time.h>

#include "cmd.h"
#include "csecpol.h"
#include "value.h"

int csp_usage_error(const char *cmd, const char *fmt, ...)
{
  va_list ap;
  fprintf(stderr, "csecpol %s: error: ", cmd);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "; see 'csecpol %s --help'\n", cmd);
  return CSP_EXIT_USAGE;
}

int csp_usage_option(const char *cmd, int c, char **argv)
{
  return csp_usage_error(cmd, c == ':' ? "option '%s' needs a value"
                                       : "unknown option '%s'",
                         argv[optind - 1]);
}

int csp_opt_set(csp_sets *sets, const char *cmd, const char *arg)
{
  csp_buf why;
  csp_buf_init(&why);
  int rc = csp_sets_add(sets, arg, &why);
  if (rc < 0)
    csp_usage_error(cmd, "%s", why.data);
  csp_buf_release(&why);
  return rc;
}

long csp_today(void)
{
  const char *env = getenv("CSECPOL_TODAY");
  if (env && *env) {
    long d;
    if (csp_date_parse(env, &d) == 0)
      return d;
    fprintf(stderr, "csecpol: warning: CSECPOL_TODAY is not a date "
                    "(YYYY-MM-DD); using today's date\n");
  }
  time_t now = time(NULL);
  struct tm tm;
  localtime_r(&now, &tm);
  char buf[16];
  strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  long d = 0;
  csp_date_parse(buf, &d);
  return d;
}


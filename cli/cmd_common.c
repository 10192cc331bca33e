/* cmd_common.c: what the subcommands share: the options every command
 * takes (-f, -o, --set, --help) and the loop that reads a command's
 * options through opts.c's table, the format -o FILE's name says,
 * usage errors, and "today" for the date rules. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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

/* Reports the option getopt could not take (id is CSP_OPT_MISSING for
 * a missing value, else an unknown option) and returns CSP_EXIT_USAGE. */
static int S_usage_option(const char *cmd, int id, char **argv)
{
  return csp_usage_error(cmd, id == CSP_OPT_MISSING
                                  ? "option '%s' needs a value"
                                  : "unknown option '%s'",
                         argv[optind - 1]);
}

int csp_opt_set(csp_diags *dg, csp_sets *sets, const char *cmd,
                const char *arg)
{
  csp_buf why;
  csp_buf_init(&why);
  int rc = csp_sets_add(dg, sets, arg, &why);
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


/* ---- the shared options --------------------------------------------- */

/* The formats' names as a message lists them: "md, html or docx". */
static void S_format_names(const csp_cmdopts *o, csp_buf *out)
{
  for (size_t i = 0; o->formats[i]; i++) {
    if (i)
      csp_buf_puts(out, o->formats[i + 1] ? ", " : " or ");
    csp_buf_puts(out, o->formats[i]);
  }
}

int csp_opt_choice(const char *arg, const char *const *names)
{
  for (int i = 0; names[i]; i++)
    if (strcasecmp(arg, names[i]) == 0)
      return i;
  return -1;
}

static int S_format_find(const csp_cmdopts *o, const char *name)
{
  if (o->format_find)
    return o->format_find(name);
  return csp_opt_choice(name, o->formats);
}

/* Reports a format name that is none of o's; returns 1. */
static int S_unknown(const csp_cmdopts *o, const char *name,
                     const char *what)
{
  csp_buf names;
  csp_buf_init(&names);
  S_format_names(o, &names);
  if (name)
    csp_usage_error(o->spec->name, "unknown format '%s'; use %s", name,
                    names.data);
  else
    csp_usage_error(o->spec->name, "%s; use %s", what, names.data);
  csp_buf_release(&names);
  return 1;
}

/* The formats -f's argument names into o; -1 after reporting. */
static int S_take_format(csp_cmdopts *o, const char *arg)
{
  unsigned set = 0;
  int f = -1, bad = 0;
  char *copy = csp_xstrdup(arg);
  if (o->format_list) {
    for (char *save, *tok = strtok_r(copy, ",", &save); tok && !bad;
         tok = strtok_r(NULL, ",", &save)) {
      if ((f = S_format_find(o, tok)) < 0)
        bad = S_unknown(o, tok, NULL);
      else
        set |= 1u << f;
    }
    if (!bad && !set)
      bad = S_unknown(o, NULL, "no format given");
  } else if ((f = S_format_find(o, copy)) < 0) {
    bad = S_unknown(o, copy, NULL);
  } else {
    set = 1u << f;
  }
  free(copy);
  if (bad)
    return -1;
  o->format_arg = arg;
  o->format = f;
  o->format_set = set;
  return 0;
}

int csp_cmdopts_take(csp_cmdopts *o, int id, char **argv)
{
  switch (id) {
  case CSP_OPT_FORMAT:
    return S_take_format(o, optarg) < 0 ? CSP_EXIT_USAGE : CSP_CMDOPTS_NEXT;
  case CSP_OPT_OUTPUT:
    o->output = optarg;
    return CSP_CMDOPTS_NEXT;
  case CSP_OPT_SET:
    return csp_opt_set(o->diags, o->sets, o->spec->name, optarg) < 0
               ? CSP_EXIT_USAGE
               : CSP_CMDOPTS_NEXT;
  case CSP_OPT_HELP:
    fputs(o->spec->usage, stdout);
    return CSP_EXIT_OK;
  default:
    return S_usage_option(o->spec->name, id, argv);
  }
}

/* Stores an option's value in its field of ctx, as u says; CSP_USE_STR
 * and CSP_USE_FLAG have checked the field's type. */
static void S_store(const csp_optuse *u, void *ctx, const char *arg)
{
  char *field = (char *)ctx + u->at;
  if (u->take == CSP_TAKE_STR)
    *(const char **)field = arg;
  else
    *(int *)field = 1;
}

int csp_cmdopts_parse(csp_cmdopts *o, int argc, char **argv,
                      csp_cmdopt_fn *own, void *ctx)
{
  csp_getopt g;
  csp_getopt_init(&g, o->spec->opts);
  const csp_optuse *u;
  int id, rc = CSP_CMDOPTS_NEXT;
  while (rc == CSP_CMDOPTS_NEXT &&
         (id = csp_getopt_next(&g, argc, argv, &u)) != CSP_OPT_DONE) {
    if (u && u->take != CSP_TAKE_CALL)
      S_store(u, ctx, optarg);
    else if (own && id != CSP_OPT_FORMAT && id != CSP_OPT_OUTPUT &&
             id != CSP_OPT_SET && id != CSP_OPT_HELP && id > 0)
      rc = own(ctx, id, optarg);
    else
      rc = csp_cmdopts_take(o, id, argv);
  }
  return rc;
}

int csp_cmdopts_format_by_name(csp_cmdopts *o,
                               int (*of_path)(const char *path), int dir,
                               int *no_format)
{
  int named = o->output && !dir && strcmp(o->output, "-") != 0 &&
              !csp_is_special(o->output);
  int by_name = named ? of_path(o->output) : -1;
  *no_format = 0;
  if (!o->format_arg) {
    if (by_name >= 0) {
      o->format = by_name;
      o->format_set = 1u << by_name;
    }
    *no_format = named && by_name < 0;
    return 0;
  }
  unsigned one = o->format_set & (o->format_set - 1);
  if (by_name >= 0 && !one && o->format_set != 1u << by_name)
    return csp_usage_error(o->spec->name,
                           "-f %s disagrees with the name '%s', which says "
                           "%s; make them agree",
                           o->format_arg, o->output, o->formats[by_name]);
  return 0;
}

int csp_cmdopts_no_format(const csp_cmdopts *o, const char *exts)
{
  csp_buf names;
  csp_buf_init(&names);
  S_format_names(o, &names);
  csp_usage_error(o->spec->name,
                  "cannot tell the format from the name '%s'; name it %s, "
                  "or give -f %s",
                  o->output, exts, names.data);
  csp_buf_release(&names);
  return CSP_EXIT_USAGE;
}

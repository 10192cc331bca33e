/* cmd_check.c: csecpol check: option parsing and orchestration. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "csecpol.h"
#include "policy.h"

/* What check's own options set. */
typedef struct S_check {
  csp_diags *dg; /* the run's */
  csp_check_opts opts;
  const char *tmpl_path;
  int quiet, strict;
} S_check;

static const csp_optuse S_uses[] = {
    CSP_USE(CSP_OPT_FORMAT),
    CSP_USE_FLAG(CSP_OPT_STRICT, S_check, strict),
    CSP_USE(CSP_OPT_MAX_AGE),
    CSP_USE_FLAG(CSP_OPT_QUIET, S_check, quiet),
    CSP_USE_STR(CSP_OPT_TEMPLATE, S_check, tmpl_path),
    CSP_USE(CSP_OPT_LIST_RULES),
    CSP_USE(CSP_OPT_SET),
    CSP_USE(CSP_OPT_HELP),
    CSP_USE_END};

static const char usage[] =
    "usage: csecpol check [options] SITE.yaml...\n"
    "\n"
    "Checks every site file (- for standard input) and prints one\n"
    "diagnostic per problem as file:line:col: severity: message [rule].\n"
    "Exits 0 when there are no errors, 1 when there are, 2 on a usage\n"
    "error and 3 when a file cannot be read or parsed.\n"
    "\n"
    "  -f, --format text|json|github|sarif\n"
    "                             how to print diagnostics (default text;\n"
    "                             sarif: a SARIF 2.1.0 log, for code\n"
    "                             scanning)\n"
    "      --strict               count warnings as errors\n"
    "      --max-age DAYS         warn about contacts not verified within\n"
    "                             DAYS days, or never verified\n"
    "  -t, --template FILE        warn about values this template never\n"
    "                             shows (default the built-in template)\n"
    "      --set PATH=VALUE       check with VALUE for one field, named as\n"
    "                             'csecpol fields' lists it with items\n"
    "                             counted from 1 (personnel[1].phone)\n"
    "  -q, --quiet                print nothing; only the exit status\n"
    "      --list-rules           list the rule ids and what each flags\n"
    "  -h, --help                 show this help\n";

const csp_cmdspec csp_check_spec = {"check", usage, S_uses};

/* Takes --max-age and --list-rules. */
static int S_option(void *ctx, int id, const char *arg)
{
  S_check *ck = ctx;
  switch (id) {
  case CSP_OPT_MAX_AGE: {
    char *end;
    long days = strtol(arg, &end, 10);
    if (*end || end == arg || days < 0 || days > 100000)
      return csp_usage_error("check",
                             "--max-age takes a number of days, not '%s'",
                             arg);
    ck->opts.max_age = (int)days;
    break;
  }
  case CSP_OPT_LIST_RULES:
    for (int i = 0; i < CSP_R__COUNT; i++)
      printf("%-20s %-8s %s%s\n", csp_rules[i].id,
             csp_rules[i].or_warning ? "either"
                                     : csp_rule_severity(&csp_rules[i]),
             csp_rules[i].doc,
             csp_rules[i].internal ? " (internal: no input raises it)"
                                   : "");
    return CSP_EXIT_OK;
  }
  return CSP_CMDOPTS_NEXT;
}

/* Prints the diagnostics, one sorted report file by file in the order
 * given: to nowhere with -q. */
static void S_report(const S_check *ck, csp_diag_format fmt)
{
  if (ck->quiet) {
    FILE *null = fopen("/dev/null", "w");
    csp_diag_flush(ck->dg, null ? null : stdout, fmt);
    if (null)
      fclose(null);
  } else {
    csp_diag_flush(ck->dg, stdout, fmt);
  }
}

/* Checks the template and each site file, the diagnostics kept for
 * S_report.  Returns 0; 1 when a site file cannot be read or parsed;
 * -1 when the template cannot, after printing why. */
static int S_check_all(S_check *ck, char **sites, int nsites,
                       const csp_sets *sets)
{
  csp_load ld;
  csp_load_init(&ld, ck->dg);
  csp_tmpl *t = csp_policy_template(&ld, ck->tmpl_path, &ck->opts);
  if (!t) {
    csp_diag_flush(ck->dg, stderr, CSP_FORMAT_TEXT);
    csp_load_release(&ld);
    return -1;
  }
  csp_tmpl_free(t);
  int unreadable = 0;
  for (int i = 0; i < nsites; i++) {
    int errors;
    csp_node *site =
        csp_policy_load(&ld, sites[i], sets, &ck->opts, 0, &errors);
    if (!site)
      unreadable = 1;
    csp_node_free(site);
  }
  csp_load_release(&ld);
  return unreadable;
}

int cmd_check(csp_diags *dg, int argc, char **argv)
{
  /* a shared file is checked for what it holds (csecpol-site(5)) */
  S_check ck = {.dg = dg, .opts = {.max_age = -1, .allow_shared = 1}};
  csp_sets sets = {.n = 0};
  /* in the order of csp_diag_format */
  static const char *const formats[] = {"text", "json", "github", "sarif",
                                        NULL};
  csp_cmdopts o = {.spec = &csp_check_spec,
                   .formats = formats,
                   .sets = &sets,
                   .diags = dg,
                   .format = CSP_FORMAT_TEXT};
  int rc = csp_cmdopts_parse(&o, argc, argv, S_option, &ck);
  if (rc != CSP_CMDOPTS_NEXT)
    return rc;
  if (ck.strict)
    csp_diag_set_strict(dg, 1);
  if (optind == argc)
    return csp_usage_error("check", "no site file given");
  ck.opts.today = csp_today();
  int stdin_uses = 0;
  for (int i = optind; i < argc; i++)
    stdin_uses += strcmp(argv[i], "-") == 0;
  if (stdin_uses + (ck.tmpl_path && strcmp(ck.tmpl_path, "-") == 0) > 1)
    return csp_usage_error("check", "standard input can be read once");
  int read = S_check_all(&ck, argv + optind, argc - optind, &sets);
  free(ck.opts.shown);
  if (read < 0)
    return CSP_EXIT_INPUT;
  S_report(&ck, (csp_diag_format)o.format);
  if (read > 0)
    return CSP_EXIT_INPUT;
  return csp_diag_count(dg, CSP_ERROR) ? CSP_EXIT_FINDINGS : CSP_EXIT_OK;
}

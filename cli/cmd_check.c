/* cmd_check.c: csecpol check: option parsing and orchestration. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "csecpol.h"
#include "policy.h"

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

int cmd_check(int argc, char **argv)
{
  static const struct option longopts[] = {
      {"format", required_argument, NULL, 'f'},
      {"strict", no_argument, NULL, 'S'},
      {"max-age", required_argument, NULL, 'M'},
      {"quiet", no_argument, NULL, 'q'},
      {"template", required_argument, NULL, 't'},
      {"list-rules", no_argument, NULL, 'L'},
      {"set", required_argument, NULL, 'V'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  /* a shared file is checked for what it holds (csecpol-site(5)) */
  csp_check_opts opts = {.max_age = -1, .allow_shared = 1};
  const char *tmpl_path = NULL;
  csp_sets sets = {.n = 0};
  /* in the order of csp_diag_format */
  static const char *const formats[] = {"text", "json", "github", "sarif",
                                        NULL};
  csp_cmdopts o = {.cmd = "check",
                   .usage = usage,
                   .formats = formats,
                   .sets = &sets,
                   .format = CSP_FORMAT_TEXT};
  int quiet = 0;
  int c, rc;
  opterr = 0;
  optind = 1;
  while ((c = getopt_long(argc, argv, ":f:qt:h", longopts, NULL)) != -1) {
    switch (c) {
    case 'S':
      csp_diag_set_strict(1);
      break;
    case 'M': {
      char *end;
      long days = strtol(optarg, &end, 10);
      if (*end || end == optarg || days < 0 || days > 100000)
        return csp_usage_error("check",
                               "--max-age takes a number of days, not '%s'",
                               optarg);
      opts.max_age = (int)days;
      break;
    }
    case 'q':
      quiet = 1;
      break;
    case 't':
      tmpl_path = optarg;
      break;
    case 'L':
      for (int i = 0; i < CSP_R__COUNT; i++)
        printf("%-20s %-8s %s%s\n", csp_rules[i].id,
               csp_rules[i].or_warning ? "either"
                                       : csp_rule_severity(&csp_rules[i]),
               csp_rules[i].doc,
               csp_rules[i].internal ? " (internal: no input raises it)"
                                     : "");
      return CSP_EXIT_OK;
    default:
      if ((rc = csp_cmdopts_take(&o, c, argv)) != CSP_CMDOPTS_NEXT)
        return rc;
    }
  }
  csp_diag_format fmt = (csp_diag_format)o.format;
  if (optind == argc)
    return csp_usage_error("check", "no site file given");
  opts.today = csp_today();
  int stdin_uses = 0;
  for (int i = optind; i < argc; i++)
    stdin_uses += strcmp(argv[i], "-") == 0;
  if (stdin_uses + (tmpl_path && strcmp(tmpl_path, "-") == 0) > 1)
    return csp_usage_error("check", "standard input can be read once");
  csp_load ld;
  csp_load_init(&ld);
  csp_tmpl *t = csp_policy_template(&ld, tmpl_path, &opts);
  if (!t) {
    csp_diag_flush(stderr, CSP_FORMAT_TEXT);
    csp_load_release(&ld);
    return CSP_EXIT_INPUT;
  }
  csp_tmpl_free(t);
  int unreadable = 0;
  for (int i = optind; i < argc; i++) {
    int errors;
    csp_node *site = csp_policy_load(&ld, argv[i], &sets, &opts, 0, &errors);
    if (!site)
      unreadable = 1;
    csp_node_free(site);
  }
  csp_load_release(&ld);
  free(opts.shown);
  /* one sorted report, file by file in the order given */
  if (quiet) {
    FILE *null = fopen("/dev/null", "w");
    csp_diag_flush(null ? null : stdout, fmt);
    if (null)
      fclose(null);
  } else {
    csp_diag_flush(stdout, fmt);
  }
  if (unreadable)
    return CSP_EXIT_INPUT;
  return csp_diag_count(CSP_ERROR) ? CSP_EXIT_FINDINGS : CSP_EXIT_OK;
}

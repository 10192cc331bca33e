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
    "Exits 0 when there are no errors, 1 when there are.\n"
    "\n"
    "  --format text|json|github  how to print diagnostics (default text)\n"
    "  --strict                   count warnings as errors\n"
    "  --max-age DAYS             warn about contacts not verified within\n"
    "                             DAYS days, or never verified\n"
    "  --set PATH=VALUE           check with VALUE for one field, named as\n"
    "                             'csecpol fields' lists it with items\n"
    "                             counted from 1 (personnel[1].phone)\n"
    "  -q, --quiet                print nothing; only the exit status\n"
    "  -h, --help                 show this help\n";

int cmd_check(int argc, char **argv)
{
  static const struct option longopts[] = {
      {"format", required_argument, NULL, 'f'},
      {"strict", no_argument, NULL, 'S'},
      {"max-age", required_argument, NULL, 'M'},
      {"quiet", no_argument, NULL, 'q'},
      {"set", required_argument, NULL, 'V'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  csp_diag_format fmt = CSP_FORMAT_TEXT;
  csp_check_opts opts = {-1, 0};
  csp_sets sets = {.n = 0};
  int quiet = 0;
  int c;
  opterr = 0;
  optind = 1;
  while ((c = getopt_long(argc, argv, ":f:qh", longopts, NULL)) != -1) {
    switch (c) {
    case 'f':
      if (strcmp(optarg, "text") == 0)
        fmt = CSP_FORMAT_TEXT;
      else if (strcmp(optarg, "json") == 0)
        fmt = CSP_FORMAT_JSON;
      else if (strcmp(optarg, "github") == 0)
        fmt = CSP_FORMAT_GITHUB;
      else
        return csp_usage_error("check",
                               "unknown format '%s'; use text, json or "
                               "github",
                               optarg);
      break;
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
    case 'V':
      if (csp_opt_set(&sets, "check", optarg) < 0)
        return CSP_EXIT_USAGE;
      break;
    case 'h':
      fputs(usage, stdout);
      return CSP_EXIT_OK;
    case ':':
      return csp_usage_error("check", "option '%s' needs a value",
                             argv[optind - 1]);
    default:
      return csp_usage_error("check", "unknown option '%s'",
                             argv[optind - 1]);
    }
  }
  if (optind == argc)
    return csp_usage_error("check", "no site file given");
  opts.today = csp_today();
  int unreadable = 0;
  for (int i = optind; i < argc; i++) {
    int errors;
    csp_node *site = csp_policy_load(argv[i], &sets, &opts, 0, &errors);
    if (!site)
      unreadable = 1;
    csp_node_free(site);
  }
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

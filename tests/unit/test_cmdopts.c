/* test_cmdopts.c: the options every command shares (cmd_common.c): -f
 * against a command's own list of formats, a comma list, --set, and the
 * format -o FILE's name says, with -f agreeing or not.  Usage errors go
 * to standard error; the checks read the exit status and what was
 * taken. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "csecpol.h"
#include "render.h"
#include "tap.h"

/* the test run's diagnostics: made in main, handed to what reports */
static csp_diags *dg;

static const csp_optuse S_ids[] = {
    CSP_USE(CSP_OPT_FORMAT), CSP_USE(CSP_OPT_OUTPUT), CSP_USE(CSP_OPT_SET),
    CSP_USE(CSP_OPT_HELP), CSP_USE_END};
static const csp_cmdspec S_spec = {"t", "", S_ids};
static const char *const S_names[] = {"text", "json", NULL};
static const char *const S_policy[] = {"md", "html", "docx", NULL};

static int S_take(csp_cmdopts *o, int id, const char *arg)
{
  static char *argv[] = {"csecpol", "x", NULL};
  optarg = (char *)arg;
  optind = 2;
  return csp_cmdopts_take(o, id, argv);
}

int main(void)
{
  dg = csp_diags_new();
  csp_cmdopts o = {.spec = &S_spec, .formats = S_names};
  OK(S_take(&o, CSP_OPT_FORMAT, "json") == CSP_CMDOPTS_NEXT && o.format == 1 &&
         o.format_set == 2u && strcmp(o.format_arg, "json") == 0,
     "-f json is the second format");
  OK(S_take(&o, CSP_OPT_FORMAT, "Text") == CSP_CMDOPTS_NEXT && o.format == 0,
     "names are read in any case (-f Text)");
  OK(S_take(&o, CSP_OPT_FORMAT, "jsonx") == CSP_EXIT_USAGE && o.format == 0,
     "a name that is none of them is a usage error");
  OK(csp_opt_choice("A4", (const char *const[]){"letter", "a4", NULL}) == 1 &&
         csp_opt_choice("b5", (const char *const[]){"letter", "a4", NULL}) ==
             -1,
     "csp_opt_choice: the index in any case, or -1");
  OK(S_take(&o, CSP_OPT_FORMAT, "text,json") == CSP_EXIT_USAGE,
     "a list only where the command takes one");
  OK(S_take(&o, CSP_OPT_OUTPUT, "out.md") == CSP_CMDOPTS_NEXT &&
         strcmp(o.output, "out.md") == 0,
     "-o is taken");
  OK(S_take(&o, CSP_OPT_UNKNOWN, NULL) == CSP_EXIT_USAGE, "an unknown option");

  csp_sets sets = {.n = 0};
  o.sets = &sets;
  o.diags = dg;
  OK(S_take(&o, CSP_OPT_SET, "site.name=X") == CSP_CMDOPTS_NEXT && sets.n == 1,
     "--set adds a value");
  OK(S_take(&o, CSP_OPT_SET, "nothing") == CSP_EXIT_USAGE && sets.n == 1,
     "--set without = is a usage error");

  /* render's: a list, looked up in any case */
  csp_cmdopts r = {.spec = &S_spec,
                   .formats = S_policy,
                   .format_find = csp_format_find,
                   .format_list = 1,
                   .format = CSP_FMT_MD,
                   .format_set = 1u << CSP_FMT_MD};
  OK(S_take(&r, CSP_OPT_FORMAT, "HTML,docx") == CSP_CMDOPTS_NEXT &&
         r.format_set == (1u << CSP_FMT_HTML | 1u << CSP_FMT_DOCX),
     "-f HTML,docx sets two formats");
  OK(S_take(&r, CSP_OPT_FORMAT, ",") == CSP_EXIT_USAGE, "a list of no format");
  OK(S_take(&r, CSP_OPT_FORMAT, "md,pdf") == CSP_EXIT_USAGE, "a list with no pdf");

  int no_format = 0;
  csp_cmdopts n = r;
  n.format_arg = NULL;
  n.format_set = 1u << CSP_FMT_MD;
  n.output = "policy.docx";
  OK(csp_cmdopts_format_by_name(&n, csp_format_of_path, 0, &no_format) ==
             0 &&
         n.format == CSP_FMT_DOCX && !no_format,
     "without -f, the name says docx");
  n.output = "policy.pdf";
  n.format = CSP_FMT_MD;
  OK(csp_cmdopts_format_by_name(&n, csp_format_of_path, 0, &no_format) ==
             0 &&
         n.format == CSP_FMT_MD && no_format,
     "a name that says no format is noted, for later");
  n.output = "-";
  OK(csp_cmdopts_format_by_name(&n, csp_format_of_path, 0, &no_format) ==
             0 &&
         !no_format,
     "standard output has no name to go by");
  n.output = "out";
  OK(csp_cmdopts_format_by_name(&n, csp_format_of_path, 1, &no_format) ==
             0 &&
         !no_format,
     "nor has a directory");
  n.output = "policy.md";
  OK(S_take(&n, CSP_OPT_FORMAT, "html") == CSP_CMDOPTS_NEXT &&
         csp_cmdopts_format_by_name(&n, csp_format_of_path, 0,
                                    &no_format) == CSP_EXIT_USAGE,
     "-f html and a name that says md disagree");
  OK(S_take(&n, CSP_OPT_FORMAT, "md,html") == CSP_CMDOPTS_NEXT &&
         csp_cmdopts_format_by_name(&n, csp_format_of_path, 0,
                                    &no_format) == 0,
     "two formats: the name is a directory's, checked elsewhere");
  OK(S_take(&n, CSP_OPT_FORMAT, "markdown") == CSP_CMDOPTS_NEXT &&
         csp_cmdopts_format_by_name(&n, csp_format_of_path, 0,
                                    &no_format) == 0,
     "-f markdown agrees with .md");
  OK(csp_cmdopts_no_format(&n, ".md") == CSP_EXIT_USAGE,
     "the name that says no format is a usage error");
  csp_diags_free(dg);
  return tap_done();
}

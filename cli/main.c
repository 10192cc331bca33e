/* main.c: global options and the table of subcommands. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "csecpol.h"
#include "diag.h"

static const char usage[] =
    "usage: csecpol <command> [options] [args]\n"
    "\n"
    "Fills the sample Commercial Sexual Exploitation of Children (CSEC)\n"
    "policy for one site from its YAML site file.\n"
    "\n"
    "commands:\n"
    "  render   write the policy as Markdown, HTML or DOCX\n"
    "  check    check site files and report every problem\n"
    "  diff     show what changed between two versions of a policy\n"
    "  explain  show where each value of a site's policy comes from\n"
    "  init     write a commented site file to fill in\n"
    "  fields   list the fields a site file may hold\n"
    "\n"
    "  -h, --help     show this help\n"
    "      --version  show the version\n"
    "\n"
    "Run 'csecpol <command> --help' for a command's options, and\n"
    "'man csecpol' for the whole manual.\n";

static const struct {
  const char *name;
  int (*run)(csp_diags *, int, char **);
} commands[] = {
    {"render", cmd_render},
    {"check", cmd_check},
    {"diff", cmd_diff},
    {"explain", cmd_explain},
    {"init", cmd_init},
    {"fields", cmd_fields},
};

/* Flushes standard output and reports a failure (a full disk), as jq
 * does; returns the exit status to use. */
static int S_close_stdout(int status)
{
  if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
    if (status == CSP_EXIT_OUTPUT)
      return status; /* the command has said so already */
    fprintf(stderr, "csecpol: error: cannot write to standard output: %s\n",
            strerror(errno));
    return status ? status : CSP_EXIT_OUTPUT;
  }
  return status;
}

int main(int argc, char **argv)
{
  int status;
  if (argc < 2) {
    fputs(usage, stderr);
    return CSP_EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
      strcmp(cmd, "help") == 0) {
    fputs(usage, stdout);
    return S_close_stdout(CSP_EXIT_OK);
  }
  if (strcmp(cmd, "--version") == 0) {
    printf("csecpol %s\n", CSP_VERSION);
    return S_close_stdout(CSP_EXIT_OK);
  }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
    if (strcmp(cmd, commands[i].name) == 0) {
      /* the run's diagnostics, handed to the command */
      csp_diags *dg = csp_diags_new();
      status = commands[i].run(dg, argc - 1, argv + 1);
      csp_diags_free(dg);
      return S_close_stdout(status);
    }
  }
  fprintf(stderr,
          "csecpol: error: unknown command '%s'; see 'csecpol --help'\n",
          cmd);
  return CSP_EXIT_USAGE;
}

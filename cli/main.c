/* main.c: global options and the table of subcommands. */
#include <stdio.h>
#include <string.h>

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
    "\n"
    "Run 'csecpol <command> --help' for a command's options, and\n"
    "'man csecpol' for the whole manual.\n";

int main(int argc, char **argv)
{
  if (argc < 2) {
    fputs(usage, stderr);
    return CSP_EXIT_USAGE;
  }
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
    fputs(usage, stdout);
    return CSP_EXIT_OK;
  }
  if (strcmp(argv[1], "--version") == 0) {
    printf("csecpol %s\n", CSP_VERSION);
    return CSP_EXIT_OK;
  }
  fprintf(stderr, "csecpol: error: unknown command '%s'; see 'csecpol --help'\n",
          argv[1]);
  return CSP_EXIT_USAGE;
}

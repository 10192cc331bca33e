/* cmd_fields.c: csecpol fields: the field table (schema.c) that check
 * enforces and init writes, as a table or as JSON. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "csecpol.h"

static const char usage[] =
    "usage: csecpol fields [--format text|json]\n"
    "\n"
    "Lists every field a site file may hold: its path (list items as\n"
    "name[].field), type, whether it is required, recommended or\n"
    "optional, and what it is for.\n"
    "\n"
    "  --format text|json  a table (default), or a JSON array\n"
    "  -h, --help          show this help\n";

static const char *S_need(csp_need n)
{
  return n == CSP_REQUIRED ? "required"
         : n == CSP_RECOMMENDED ? "recommended"
                                : "optional";
}

static void S_json_str(const char *s)
{
  putchar('"');
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\')
      printf("\\%c", *p);
    else if (*p < 0x20)
      printf("\\u%04x", *p);
    else
      putchar(*p);
  }
  putchar('"');
}

static void S_print_json(void)
{
  fputs("[\n", stdout);
  for (size_t i = 0; i < csp_nfields; i++) {
    const csp_field *f = &csp_fields[i];
    fputs("  {\"field\": ", stdout);
    S_json_str(f->path);
    fputs(", \"type\": ", stdout);
    S_json_str(csp_type_name(f->type));
    fputs(", \"need\": ", stdout);
    S_json_str(S_need(f->need));
    printf(", \"rendered\": %s, \"description\": ",
           f->rendered ? "true" : "false");
    S_json_str(f->doc);
    printf("}%s\n", i + 1 < csp_nfields ? "," : "");
  }
  fputs("]\n", stdout);
}

static void S_print_text(void)
{
  int pw = (int)strlen("FIELD"), tw = (int)strlen("TYPE");
  for (size_t i = 0; i < csp_nfields; i++) {
    int l = (int)strlen(csp_fields[i].path);
    int t = (int)strlen(csp_type_name(csp_fields[i].type));
    if (l > pw)
      pw = l;
    if (t > tw)
      tw = t;
  }
  printf("%-*s  %-*s  %-11s  %s\n", pw, "FIELD", tw, "TYPE", "NEED",
         "DESCRIPTION");
  for (size_t i = 0; i < csp_nfields; i++) {
    const csp_field *f = &csp_fields[i];
    printf("%-*s  %-*s  %-11s  %s\n", pw, f->path, tw,
           csp_type_name(f->type), S_need(f->need), f->doc);
  }
}

int cmd_fields(int argc, char **argv)
{
  static const struct option longopts[] = {
      {"format", required_argument, NULL, 'f'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  int json = 0;
  int c;
  opterr = 0;
  optind = 1;
  while ((c = getopt_long(argc, argv, ":f:h", longopts, NULL)) != -1) {
    switch (c) {
    case 'f':
      if (strcmp(optarg, "json") == 0)
        json = 1;
      else if (strcmp(optarg, "text") == 0)
        json = 0;
      else
        return csp_usage_error("fields",
                               "unknown format '%s'; use text or json",
                               optarg);
      break;
    case 'h':
      fputs(usage, stdout);
      return CSP_EXIT_OK;
    default:
      return csp_usage_option("fields", c, argv);
    }
  }
  if (optind < argc)
    return csp_usage_error("fields", "unexpected argument '%s'",
                           argv[optind]);
  if (json)
    S_print_json();
  else
    S_print_text();
  return CSP_EXIT_OK;
}

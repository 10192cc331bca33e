/* cmd_fields.c: csecpol fields: the field table (schema.c) that check
 * enforces and init writes, as a table, as JSON, or as the JSON Schema
 * an editor reads (schema_json.c). */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "csecpol.h"
#include "json.h"
#include "schema_json.h"

static const csp_optuse S_uses[] = {CSP_USE(CSP_OPT_FORMAT),
                                     CSP_USE(CSP_OPT_HELP), CSP_USE_END};

static const char usage[] =
    "usage: csecpol fields [--format text|json|json-schema]\n"
    "\n"
    "Lists every field a site file may hold: its path (list items as\n"
    "name[].field), type, whether it is required, recommended or\n"
    "optional, and what it is for.\n"
    "\n"
    "  -f, --format text|json|json-schema\n"
    "                      a table (default), a JSON array, or the JSON\n"
    "                      Schema (draft-07) of a site file, for editors\n"
    "  -h, --help          show this help\n";

const csp_cmdspec csp_fields_spec = {"fields", usage, S_uses};

static const char *S_need(csp_need n)
{
  return n == CSP_REQUIRED ? "required"
         : n == CSP_RECOMMENDED ? "recommended"
                                : "optional";
}

static void S_json_str(const char *s)
{
  csp_buf b;
  csp_buf_init(&b);
  csp_json_str(&b, s);
  fputs(b.data, stdout);
  csp_buf_release(&b);
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
           f->flags & CSP_F_RENDERED ? "true" : "false");
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

int cmd_fields(csp_diags *dg, int argc, char **argv)
{
  enum { TEXT, JSON, JSON_SCHEMA };
  static const char *const formats[] = {"text", "json", "json-schema",
                                        NULL};
  csp_cmdopts o = {.spec = &csp_fields_spec,
                   .formats = formats,
                   .format = TEXT};
  int rc = csp_cmdopts_parse(&o, argc, argv, NULL, NULL);
  if (rc != CSP_CMDOPTS_NEXT)
    return rc;
  int format = o.format;
  if (optind < argc)
    return csp_usage_error("fields", "unexpected argument '%s'",
                           argv[optind]);
  if (format == JSON_SCHEMA) {
    csp_buf b;
    csp_buf_init(&b);
    csp_schema_json(dg, &b);
    fwrite(b.data, 1, b.len, stdout);
    csp_buf_release(&b);
  } else if (format == JSON) {
    S_print_json();
  } else {
    S_print_text();
  }
  return CSP_EXIT_OK;
}

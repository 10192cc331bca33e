/* cmd_explain.c: csecpol explain: options, FIELD checked against the
 * field table, the site loaded with --set laid over it, and where each
 * value comes from (explain.c) printed. */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "csecpol.h"
#include "explain.h"
#include "load.h"
#include "site.h"

/* --format without -f */
static const csp_optuse S_uses[] = {
    CSP_USE(CSP_OPT_SET), CSP_USE(CSP_OPT_FORMAT | CSP_OPT_LONG_ONLY),
    CSP_USE(CSP_OPT_HELP), CSP_USE_END};

static const char usage[] =
    "usage: csecpol explain [options] SITE.yaml [FIELD]\n"
    "\n"
    "Shows each value the policy uses, one a line, as\n"
    "  path = \"value\"  file:line:col  (own)\n"
    "where the last part says whether the site file set it (own), took\n"
    "it from a file it extends (inherited from FILE), replaced a value of\n"
    "that file (overridden, parent had ...), or got csecpol's default.\n"
    "FIELD limits the list to one field or a part (site, personnel[1],\n"
    "personnel[].phone).\n"
    "\n"
    "  --format text|json  lines as above (default), or a JSON array of\n"
    "                      {path, value, origin, file, line, column}\n"
    "  --set PATH=VALUE    as in render: use VALUE for one field\n"
    "  -h, --help          show this help\n";

const csp_cmdspec csp_explain_spec = {"explain", usage, S_uses};

/* "personnel[2].phone" -> "personnel[].phone" (the caller frees). */
static char *S_generic(const char *path)
{
  csp_buf b;
  csp_buf_init(&b);
  for (const char *p = path; *p; p++) {
    csp_buf_putc(&b, *p);
    if (*p == '[') {
      while (p[1] && p[1] != ']')
        p++;
    }
  }
  return csp_buf_detach(&b);
}

/* Checks FIELD against the table; returns 0, or reports a usage error. */
static int S_check_filter(const char *filter, char **generic)
{
  *generic = S_generic(filter);
  size_t n = strlen(*generic);
  char *bare = csp_xstrdup(*generic);
  if (n > 2 && strcmp(bare + n - 2, "[]") == 0)
    bare[n - 2] = '\0';
  int ok = csp_field_find(bare) != NULL;
  if (!ok) {
    const char *sug = csp_field_suggest(bare);
    if (sug)
      csp_usage_error("explain", "unknown field '%s'; the nearest is '%s'",
                      filter, sug);
    else
      csp_usage_error("explain", "unknown field '%s'; 'csecpol fields' "
                                 "lists them",
                      filter);
  }
  free(bare);
  return ok ? 0 : -1;
}

int cmd_explain(csp_diags *dg, int argc, char **argv)
{
  csp_sets sets = {.n = 0};
  static const char *const formats[] = {"text", "json", NULL};
  csp_cmdopts o = {.spec = &csp_explain_spec,
                   .formats = formats,
                   .sets = &sets,
                   .diags = dg,
                   .format = 0};
  int rc = csp_cmdopts_parse(&o, argc, argv, NULL, NULL);
  if (rc != CSP_CMDOPTS_NEXT)
    return rc;
  int json = o.format == 1;
  int nargs = argc - optind;
  if (nargs == 0)
    return csp_usage_error("explain", "no site file given");
  if (nargs > 2)
    return csp_usage_error("explain", "explain takes one site file and "
                                      "at most one field");
  const char *path = argv[optind];
  const char *filter = nargs == 2 ? argv[optind + 1] : NULL;
  char *generic = NULL;
  if (filter && S_check_filter(filter, &generic) < 0) {
    free(generic);
    return CSP_EXIT_USAGE;
  }

  int status = CSP_EXIT_OK;
  csp_load ld;
  csp_load_init(&ld, dg);
  csp_node *root = csp_load_site(&ld, path);
  csp_load_release(&ld);
  if (!root) {
    status = CSP_EXIT_INPUT;
  } else if (root->kind != CSP_NODE_MAP) {
    csp_diag(dg, CSP_R_TYPE, &root->loc,
             "a site file must be a map of fields (site:, personnel:, ...); "
             "start from 'csecpol init'");
    status = CSP_EXIT_INPUT;
  } else if (csp_sets_apply(dg, &sets, root) > 0) {
    status = CSP_EXIT_FINDINGS;
  }
  if (status == CSP_EXIT_OK) {
    csp_schema_complete(dg, root);
    csp_buf out;
    csp_buf_init(&out);
    if (csp_explain_write(root, filter, json, &out) == 0 && !json)
      csp_buf_printf(&out, "%s is not set in %s or a file it extends\n",
                     filter ? filter : "nothing",
                     strcmp(path, "-") == 0 ? "<stdin>" : path);
    fwrite(out.data, 1, out.len, stdout);
    csp_buf_release(&out);
  }
  csp_diag_flush(dg, stderr, CSP_FORMAT_TEXT);
  csp_node_free(root);
  free(generic);
  return status;
}

/* opts.c: the table of every option (opts.h) and the getopt_long table
 * a command's list of ids makes of it. */
#define _GNU_SOURCE
#include <getopt.h>
#include <string.h>

#include "opts.h"

/* getopt_long's value for a long name: its entry's index, above every
 * letter. */
#define S_LONG 0x200

const csp_opt csp_opts[CSP_OPT__COUNT] = {
    [CSP_OPT_ANSWERS] = {"answers", 0, "FILE"},
    [CSP_OPT_AUTHOR] = {"author", 0, "NAME"},
    [CSP_OPT_COLOR] = {"color", 0, "WHEN"},
    [CSP_OPT_CONTEXT] = {"context", 'U', "N"},
    [CSP_OPT_DEPFILE] = {"depfile", 0, "FILE"},
    [CSP_OPT_DRAFT] = {"draft", 0, NULL},
    [CSP_OPT_FORCE] = {"force", 0, NULL},
    [CSP_OPT_FORMAT] = {"format", 'f', "FORMAT"},
    [CSP_OPT_FRAGMENT] = {"fragment", 0, NULL},
    [CSP_OPT_HELP] = {"help", 'h', NULL},
    [CSP_OPT_INTERACTIVE] = {"interactive", 'i', NULL},
    [CSP_OPT_JOBS] = {"jobs", 'j', "N"},
    [CSP_OPT_LIST] = {"list", 'l', NULL},
    [CSP_OPT_LIST_RULES] = {"list-rules", 0, NULL},
    [CSP_OPT_MAX_AGE] = {"max-age", 0, "DAYS"},
    [CSP_OPT_NEW_TEMPLATE] = {"new-template", 0, "FILE"},
    [CSP_OPT_OLD_TEMPLATE] = {"old-template", 0, "FILE"},
    [CSP_OPT_OUTPUT] = {"output", 'o', "PATH"},
    [CSP_OPT_PAPER] = {"paper", 0, "letter|a4"},
    [CSP_OPT_QUIET] = {"quiet", 'q', NULL},
    [CSP_OPT_REFERENCE_DOC] = {"reference-doc", 0, "FILE"},
    [CSP_OPT_SCHEMA] = {"schema", 0, "URI"},
    [CSP_OPT_SET] = {"set", 0, "PATH=VALUE"},
    [CSP_OPT_SITE_NAME] = {"site-name", 0, "NAME"},
    [CSP_OPT_STATE] = {"state", 0, "XX"},
    [CSP_OPT_STRICT] = {"strict", 0, NULL},
    [CSP_OPT_TEMPLATE] = {"template", 't', "FILE"},
};

void csp_getopt_init(csp_getopt *g, const csp_optuse *uses)
{
  memset(g, 0, sizeof *g);
  g->uses = uses;
  char *s = g->optstring;
  *s++ = ':';
  size_t n = 0;
  for (const csp_optuse *u = uses; u->id != CSP_OPT_END; u++, n++) {
    int id = u->id & ~CSP_OPT_LONG_ONLY;
    const csp_opt *o = &csp_opts[id];
    g->longopts[n].name = o->name;
    g->longopts[n].has_arg = o->value ? required_argument : no_argument;
    g->longopts[n].val = S_LONG + (int)n;
    if (o->letter && !(u->id & CSP_OPT_LONG_ONLY)) {
      *s++ = o->letter;
      if (o->value)
        *s++ = ':';
    }
  }
  opterr = 0;
  optind = 1;
}

int csp_getopt_next(csp_getopt *g, int argc, char **argv,
                    const csp_optuse **use)
{
  int c = getopt_long(argc, argv, g->optstring, g->longopts, NULL);
  *use = NULL;
  if (c == -1)
    return CSP_OPT_DONE;
  if (c == ':')
    return CSP_OPT_MISSING;
  if (c >= S_LONG)
    *use = &g->uses[c - S_LONG];
  for (const csp_optuse *u = g->uses; !*use && u->id != CSP_OPT_END; u++)
    if (!(u->id & CSP_OPT_LONG_ONLY) && csp_opts[u->id].letter == c)
      *use = u;
  return *use ? (*use)->id & ~CSP_OPT_LONG_ONLY : CSP_OPT_UNKNOWN;
}

/* opts.h: every command-line option of csecpol, declared once.
 *
 * Owns the table of options (long name, short letter, the value's
 * name) and the getopt_long table and option string a command's list
 * of options makes of it.  A command names the options it takes by
 * their ids and switches on the id it gets back; what the shared
 * options (-f, -o, --set, --help) mean is cmd_common.c's, what the
 * others mean is the command's. */
#ifndef CSP_OPTS_H
#define CSP_OPTS_H

#include <getopt.h>

/* The options' ids, in the table's (alphabetical) order.  0 ends a
 * command's list. */
typedef enum csp_opt_id {
  CSP_OPT_END,
  CSP_OPT_ANSWERS,
  CSP_OPT_AUTHOR,
  CSP_OPT_COLOR,
  CSP_OPT_CONTEXT,
  CSP_OPT_DEPFILE,
  CSP_OPT_DRAFT,
  CSP_OPT_FORCE,
  CSP_OPT_FORMAT,
  CSP_OPT_FRAGMENT,
  CSP_OPT_HELP,
  CSP_OPT_INTERACTIVE,
  CSP_OPT_JOBS,
  CSP_OPT_LIST,
  CSP_OPT_LIST_RULES,
  CSP_OPT_MAX_AGE,
  CSP_OPT_NEW_TEMPLATE,
  CSP_OPT_OLD_TEMPLATE,
  CSP_OPT_OUTPUT,
  CSP_OPT_PAPER,
  CSP_OPT_QUIET,
  CSP_OPT_REFERENCE_DOC,
  CSP_OPT_SCHEMA,
  CSP_OPT_SET,
  CSP_OPT_SITE_NAME,
  CSP_OPT_STATE,
  CSP_OPT_STRICT,
  CSP_OPT_TEMPLATE,
  CSP_OPT__COUNT
} csp_opt_id;

/* Or'ed into an id in a command's list: the long name only, without
 * the short letter (explain takes --format but not -f). */
#define CSP_OPT_LONG_ONLY 0x100

/* What csp_getopt_next returns besides an id: the end of the options,
 * an option that needs a value and has none, and one the command does
 * not take (or an abbreviation that fits several). */
#define CSP_OPT_DONE 0
#define CSP_OPT_MISSING (-1)
#define CSP_OPT_UNKNOWN (-2)

/* One option. */
typedef struct csp_opt {
  const char *name;  /* "format", for --format */
  char letter;       /* 'f', for -f; 0: none */
  const char *value; /* the value's name ("FILE"); NULL: takes none */
} csp_opt;

/* Indexed by id. */
extern const csp_opt csp_opts[CSP_OPT__COUNT];

/* A command's getopt_long table and option string, made from its list
 * of ids.  The caller owns it (on its stack); nothing to release. */
typedef struct csp_getopt {
  const unsigned short *ids; /* borrowed: the command's list */
  struct option longopts[CSP_OPT__COUNT + 1];
  char optstring[1 + 2 * CSP_OPT__COUNT + 1];
} csp_getopt;

/* Makes g from ids (CSP_OPT_END-terminated) and resets getopt to read
 * from argv[1]: ':' first, so that a missing value is told apart, and
 * getopt's own messages off; GNU getopt_long's permutation, "--" and
 * unambiguous abbreviations of long names as ever. */
void csp_getopt_init(csp_getopt *g, const unsigned short *ids);

/* The id of the next option (its value in optarg), CSP_OPT_DONE after
 * the last (optind is then the first operand), or CSP_OPT_MISSING or
 * CSP_OPT_UNKNOWN, with the option at argv[optind - 1]. */
int csp_getopt_next(csp_getopt *g, int argc, char **argv);

#endif

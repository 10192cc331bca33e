/* opts.h: every command-line option of csecpol, declared once.
 *
 * Owns the table of options (long name, short letter, the value's
 * name) and the getopt_long table and option string a command's list
 * of options makes of it.  A command lists the options it takes, each
 * by its id with where its value goes (csp_optuse); what the shared
 * options (-f, -o, --set, --help) mean is cmd_common.c's, and an
 * option whose value needs more than storing goes to the command's own
 * function, which switches on the id. */
#ifndef CSP_OPTS_H
#define CSP_OPTS_H

#include <getopt.h>
#include <stddef.h>

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

/* How a command takes an option. */
typedef enum csp_take {
  CSP_TAKE_CALL, /* a function: cmd_common.c's for the shared options,
                    else the command's own */
  CSP_TAKE_STR,  /* its value, into the const char * at `at` */
  CSP_TAKE_FLAG  /* 1, into the int at `at` */
} csp_take;

/* One option a command takes; `at` is an offset in the struct the
 * command hands csp_cmdopts_parse. */
typedef struct csp_optuse {
  unsigned short id; /* | CSP_OPT_LONG_ONLY */
  unsigned char take;
  size_t at;
} csp_optuse;

/* The entries of a command's list.  The field's type is checked: a
 * field of another type does not compile. */
#define CSP_USE(id) {(id), CSP_TAKE_CALL, 0}
#define CSP_USE_STR(id, type, field)                                        \
  {(id), CSP_TAKE_STR,                                                      \
   offsetof(type, field) +                                                  \
       0 * sizeof(_Generic(((type *)0)->field, const char *: 1))}
#define CSP_USE_FLAG(id, type, field)                                       \
  {(id), CSP_TAKE_FLAG,                                                     \
   offsetof(type, field) + 0 * sizeof(_Generic(((type *)0)->field, int: 1))}
#define CSP_USE_END {CSP_OPT_END, 0, 0}

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

/* A command's getopt_long table and option string, made from its list.
 * The caller owns it (on its stack); nothing to release. */
typedef struct csp_getopt {
  const csp_optuse *uses; /* borrowed: the command's list */
  struct option longopts[CSP_OPT__COUNT + 1];
  char optstring[1 + 2 * CSP_OPT__COUNT + 1];
} csp_getopt;

/* Makes g from uses (CSP_USE_END-terminated) and resets getopt to read
 * from argv[1]: ':' first, so that a missing value is told apart, and
 * getopt's own messages off; GNU getopt_long's permutation, "--" and
 * unambiguous abbreviations of long names as ever. */
void csp_getopt_init(csp_getopt *g, const csp_optuse *uses);

/* The id of the next option (its value in optarg, its entry in *use),
 * CSP_OPT_DONE after the last (optind is then the first operand), or
 * CSP_OPT_MISSING or CSP_OPT_UNKNOWN, with the option at
 * argv[optind - 1]. */
int csp_getopt_next(csp_getopt *g, int argc, char **argv,
                    const csp_optuse **use);

#endif

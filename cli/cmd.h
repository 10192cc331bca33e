/* cmd.h: the subcommands.  Each parses its own options (argv[0] is the
 * command's name) and returns an exit status (csecpol.h). */
#ifndef CSP_CMD_H
#define CSP_CMD_H

#include "schema.h"
#include "set.h"

int cmd_render(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_fields(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_diff(int argc, char **argv);

/* Shared by the commands: "today" for date rules, from CSECPOL_TODAY
 * (YYYY-MM-DD) when set, else the local date. */
long csp_today(void);

/* Adds a --set option's argument to sets, or reports a usage error for
 * command cmd and returns -1. */
int csp_opt_set(csp_sets *sets, const char *cmd, const char *arg);

/* The options every command shares, taken by one helper: -f/--format
 * (getopt value 'f'), -o/--output ('o'), --set ('V') and -h/--help
 * ('h').  A command fills in what it has, passes each option getopt
 * returns that it does not take itself to csp_cmdopts_take, and after
 * the loop reads what was given. */
typedef struct csp_cmdopts {
  const char *cmd;   /* "render", for messages */
  const char *usage; /* what --help prints */
  /* -f: the formats' names, NULL-terminated, in the order messages
   * list them; a format is its index.  NULL: no -f. */
  const char *const *formats;
  /* The index of the format name names, or -1; NULL: exactly one of
   * formats. */
  int (*format_find)(const char *name);
  int format_list;  /* -f takes a comma list (each given sets a bit) */
  csp_sets *sets;   /* --set's values go here; NULL: no --set */
  /* what was given: */
  const char *format_arg; /* -f's last argument, or NULL */
  int format;             /* its (last) format; the caller's default */
  unsigned format_set;    /* bit i: format i was given */
  const char *output;     /* -o's argument, or NULL */
} csp_cmdopts;

/* What csp_cmdopts_take returns when the command goes on parsing. */
#define CSP_CMDOPTS_NEXT (-1)

/* Takes option c, one of the shared ones or the ':' or '?' getopt
 * returns for an option it could not take, with optarg.  Returns
 * CSP_CMDOPTS_NEXT, or the exit status to end with: CSP_EXIT_OK after
 * printing --help, CSP_EXIT_USAGE after reporting a usage error. */
int csp_cmdopts_take(csp_cmdopts *o, int c, char **argv);

/* After the options: the format follows -o FILE's name, as pandoc's
 * does, unless -f says it.  of_path gives the format a name says, or
 * -1; dir is nonzero when -o names a directory, and a device, a pipe or
 * standard output has no name to go by either.  Without -f, o->format
 * (and o->format_set) become the name's format when it says one; when
 * it says none, *no_format is set, for csp_cmdopts_no_format once the
 * output is known to replace no input.  With -f of one format, a name
 * that says another is a usage error.  Returns 0, or CSP_EXIT_USAGE
 * after reporting. */
int csp_cmdopts_format_by_name(csp_cmdopts *o,
                               int (*of_path)(const char *path), int dir,
                               int *no_format);

/* Reports that -o's name says no format; exts lists the extensions
 * that do (".md, .html or .docx").  Returns CSP_EXIT_USAGE. */
int csp_cmdopts_no_format(const csp_cmdopts *o, const char *exts);

/* The index in names (NULL-terminated) of arg, in any case (--paper
 * A4, -f HTML, --color NEVER), or -1.  Every option that takes one of
 * a list of words reads it through this. */
int csp_opt_choice(const char *arg, const char *const *names);

/* Reports the option getopt could not take (c is ':' for a missing
 * value, else an unknown option) and returns CSP_EXIT_USAGE. */
int csp_usage_option(const char *cmd, int c, char **argv);

/* Reports a usage error for command cmd and returns CSP_EXIT_USAGE. */
int csp_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif

/* cmd.h: the subcommands.  Each parses its own options (argv[0] is the
 * command's name), reports into dg, the run's diagnostics that main()
 * owns, and returns an exit status (csecpol.h). */
#ifndef CSP_CMD_H
#define CSP_CMD_H

#include "opts.h"
#include "schema.h"
#include "set.h"

int cmd_render(csp_diags *dg, int argc, char **argv);
int cmd_check(csp_diags *dg, int argc, char **argv);
int cmd_init(csp_diags *dg, int argc, char **argv);
int cmd_fields(csp_diags *dg, int argc, char **argv);
int cmd_explain(csp_diags *dg, int argc, char **argv);
int cmd_diff(csp_diags *dg, int argc, char **argv);

/* Shared by the commands: "today" for date rules, from CSECPOL_TODAY
 * (YYYY-MM-DD) when set, else the local date. */
long csp_today(void);

/* Adds a --set option's argument to sets, or reports a usage error for
 * command cmd and returns -1. */
int csp_opt_set(csp_diags *dg, csp_sets *sets, const char *cmd,
                const char *arg);

/* What a command is: its name, the text --help prints and the options
 * it takes (opts.h); test_opts checks the two against each other. */
typedef struct csp_cmdspec {
  const char *name;       /* "render", for messages */
  const char *usage;      /* what --help prints */
  const csp_optuse *opts; /* CSP_USE_END-terminated */
} csp_cmdspec;

extern const csp_cmdspec csp_render_spec, csp_check_spec, csp_diff_spec,
    csp_explain_spec, csp_init_spec, csp_fields_spec;

/* The options every command shares, taken by one helper: -f/--format,
 * -o/--output, --set and -h/--help.  A command fills in what it has,
 * reads its options with csp_cmdopts_parse, which stores the values of
 * its others and hands the rest to the command's own function, and
 * then reads what was given. */
typedef struct csp_cmdopts {
  const csp_cmdspec *spec;
  /* -f: the formats' names, NULL-terminated, in the order messages
   * list them; a format is its index.  NULL: no -f. */
  const char *const *formats;
  /* The index of the format name names, or -1; NULL: exactly one of
   * formats. */
  int (*format_find)(const char *name);
  int format_list;  /* -f takes a comma list (each given sets a bit) */
  csp_sets *sets;   /* --set's values go here; NULL: no --set */
  csp_diags *diags; /* where --set's locations are interned */
  /* what was given: */
  const char *format_arg; /* -f's last argument, or NULL */
  int format;             /* its (last) format; the caller's default */
  unsigned format_set;    /* bit i: format i was given */
  const char *output;     /* -o's argument, or NULL */
} csp_cmdopts;

/* What csp_cmdopts_take returns when the command goes on parsing. */
#define CSP_CMDOPTS_NEXT (-1)

/* Takes option id, one of the shared ones or the CSP_OPT_MISSING or
 * CSP_OPT_UNKNOWN csp_getopt_next returns for an option it could not
 * take, with optarg.  Returns CSP_CMDOPTS_NEXT, or the exit status to
 * end with: CSP_EXIT_OK after printing --help, CSP_EXIT_USAGE after
 * reporting a usage error. */
int csp_cmdopts_take(csp_cmdopts *o, int id, char **argv);

/* A command's own options: takes option id (CSP_TAKE_CALL, and none
 * of the shared ones) with its value (NULL for none) into ctx.  Returns
 * CSP_CMDOPTS_NEXT, or the exit status to end with. */
typedef int csp_cmdopt_fn(void *ctx, int id, const char *arg);

/* Reads the options of argv (argv[0] is the command's name) that
 * o->spec lists, in order: the shared ones into o, a CSP_TAKE_STR or
 * CSP_TAKE_FLAG one into its field of ctx, the others through own
 * (NULL when there are none).  Returns CSP_CMDOPTS_NEXT with optind at
 * the first operand, or the first exit status an option ends with. */
int csp_cmdopts_parse(csp_cmdopts *o, int argc, char **argv,
                      csp_cmdopt_fn *own, void *ctx);

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

/* Reports a usage error for command cmd and returns CSP_EXIT_USAGE. */
int csp_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif

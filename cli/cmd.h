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

/* Reports the option getopt could not take (c is ':' for a missing
 * value, else an unknown option) and returns CSP_EXIT_USAGE. */
int csp_usage_option(const char *cmd, int c, char **argv);

/* Reports a usage error for command cmd and returns CSP_EXIT_USAGE. */
int csp_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif

/* csecpol.h: what every command shares: the exit statuses and the
 * version.  Only main.c and the cmd_*.c files decide an exit status. */
#ifndef CSP_CSECPOL_H
#define CSP_CSECPOL_H

#define CSP_VERSION "0.1.0"

/* Exit statuses, documented in csecpol(1). */
typedef enum {
  CSP_EXIT_OK = 0,       /* success; check clean; diff found no change */
  CSP_EXIT_FINDINGS = 1, /* check found errors; render refused a policy
                            with errors; diff found differences */
  CSP_EXIT_USAGE = 2,    /* bad command line */
  CSP_EXIT_INPUT = 3,    /* an input could not be read or parsed */
  CSP_EXIT_OUTPUT = 4    /* an output could not be written */
} csp_exit;

#endif

/* set.h: values given on the command line (--set key.path=value), laid
 * over a site tree after `extends` and before checking.
 *
 * A path names one text value by the names `csecpol fields` lists,
 * with list items counted from 1 as `check` prints them:
 * "site.name", "personnel[1].phone", "safety_steps[2]".  The value is
 * taken literally as text (no YAML parsing), and is checked as a file's
 * value is: the same text rules here, the same schema rules in check. */
#ifndef CSP_SET_H
#define CSP_SET_H

#include <stddef.h>

#include "node.h"
#include "util.h"

#define CSP_MAX_SETS 64 /* --set options on one command line */

typedef struct csp_set {
  const char *path;  /* "personnel[1].phone=...": the argument (borrowed) */
  size_t path_len;   /* the path's length, up to the '=' */
  const char *value; /* the text after '=' (borrowed from the argument) */
  csp_loc loc;       /* "--set", the option's ordinal, the value's column */
} csp_set;

/* The --set options of one command, in order.  Nothing is allocated:
 * the strings are borrowed from argv, which outlives the command. */
typedef struct csp_sets {
  csp_set items[CSP_MAX_SETS];
  size_t n;
} csp_sets;

/* Adds "path=value" (borrowed: it must outlive s).  A path that names no field, or a list, a map or
 * an item position 0 rather than one text value, and more than
 * CSP_MAX_SETS options, are refused: returns -1 with the reason (lower
 * case, what to do) in why. */
int csp_sets_add(csp_diags *dg, csp_sets *s, const char *arg,
                 csp_buf *why);

/* Lays every value over root (a map), in order.  A replaced value is
 * kept in the new node's `replaced`, for explain.  A value whose text
 * is refused, or an item past the end of its list (one past it adds an
 * item), is reported through diag at the option's location and
 * skipped.  Returns the number of errors reported. */
int csp_sets_apply(csp_diags *dg, const csp_sets *s, csp_node *root);

#endif

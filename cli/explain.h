/* explain.h: where each value of a site's policy comes from (csecpol
 * explain).
 *
 * Owns the listing: every value of a completed site tree, in the field
 * table's order, with the file, line and column that supplied it and
 * its origin (own, inherited from FILE, overridden, removed with ~,
 * set with --set, or csecpol's default), as text lines or a JSON
 * array. */
#ifndef CSP_EXPLAIN_H
#define CSP_EXPLAIN_H

#include "site.h"
#include "util.h"

/* Appends to out the values of root (a completed site tree, a map)
 * that filter names ("personnel[1]", "personnel[].phone"; NULL: all):
 * one a line as `path = "value"  file:line:col  (origin)`, or, when
 * json is set, a JSON array of {path, value, origin, file, line,
 * column}.  Returns how many values it wrote. */
int csp_explain_write(const csp_node *root, const char *filter, int json,
                      csp_buf *out);

#endif

/* site.h: site files: YAML (through libyaml's event API) into the node
 * tree, with a location on every value, and the merge of a file over
 * the one it extends. */
#ifndef CSP_SITE_H
#define CSP_SITE_H

#include <stddef.h>

#include "node.h"

/* Limits on what one file may hold; each is documented in csecpol(1). */
#define CSP_MAX_FILE_SIZE (1024 * 1024) /* bytes in one site file */
#define CSP_MAX_DEPTH 32                /* nesting of maps and lists */
#define CSP_MAX_ITEMS 10000             /* entries in one map or list */
#define CSP_MAX_VALUE 65536             /* bytes in one value */
#define CSP_MAX_EXTENDS 8               /* length of an `extends` chain */

/* Parses YAML text into a tree.  name labels every location (it is
 * interned).  Refuses, reporting name:line:col through diag: syntax
 * errors, invalid UTF-8, aliases and anchors, tags, non-text keys,
 * duplicate keys (with a note at the first), more than one document,
 * control characters that XML 1.0 forbids, bidirectional overrides, and
 * anything past the limits above.  A plain (unquoted) ~, null or empty
 * value becomes CSP_NODE_NULL.  Returns the tree (the caller frees it)
 * or NULL. */
csp_node *csp_yaml_parse(csp_diags *dg, const char *name, const char *data,
                         size_t len);

/* Checks text that does not come from a YAML file (a command-line
 * value) as the parser checks a value: UTF-8, the length limit, and the
 * characters refused above.  Reports at loc through diag; 0 or -1. */
int csp_site_check_text(csp_diags *dg, const char *text, size_t len,
                        const csp_loc *loc);

/* Lays child, a site file's tree, over base, the tree of the file it
 * extends (both maps), and returns the merged tree; both are consumed.
 * Maps merge key by key, a list replaces the parent's list, and a null
 * value removes what the parent set (a ~ or null that removes nothing is
 * kept, for the check to question).  Every node keeps the location it
 * came from; inherited ones are marked `inherited`, and a file's value
 * that replaces a parent's is marked `overrides`.  Reading the files is
 * the load context's (load.h). */
csp_node *csp_site_merge(csp_node *base, csp_node *child);

/* The path of the file that `extends: rel` names in file: relative to
 * file's directory unless rel is absolute (the caller frees it). */
char *csp_site_parent_path(const char *file, const char *rel);

#endif

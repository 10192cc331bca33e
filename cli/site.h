/* site.h: reading site files: YAML (through libyaml's event API) into
 * the node tree, with a location on every value, then `extends`. */
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
csp_node *csp_yaml_parse(const char *name, const char *data, size_t len);

/* Checks text that does not come from a YAML file (a command-line
 * value) as the parser checks a value: UTF-8, the length limit, and the
 * characters refused above.  Reports at loc through diag; 0 or -1. */
int csp_site_check_text(const char *text, size_t len, const csp_loc *loc);

/* Reads an input file of at most CSP_MAX_FILE_SIZE bytes ("-" is
 * standard input) into out.  On failure reports it through diag, naming
 * the file and what it is ("the file", "the template") and, for one too
 * large, what to do (fix); returns 0 or -1. */
int csp_read_input(const char *path, const char *what, const char *fix,
                   csp_buf *out);

/* Reads and parses a file ("-" is standard input). */
csp_node *csp_yaml_load(const char *path);

/* Reads a site file and its `extends` chain: a parent file named
 * relative to the file that extends it, whose values the file inherits.
 * Maps merge key by key, a list replaces the parent's list, and a null
 * value removes what the parent set.  Every node keeps the location it
 * came from; inherited ones are marked `inherited`, and a file's value
 * that replaces a parent's is marked `overrides`.  A chain longer than
 * CSP_MAX_EXTENDS, a cycle (every file in it is named) or an unreadable
 * parent is an error.  Returns the merged tree (the caller frees it) or
 * NULL. */
csp_node *csp_site_load(const char *path);

/* The same for a site file already read into data[0..len): path names
 * it ("-" for standard input), for locations and `extends`. */
csp_node *csp_site_load_text(const char *path, const char *data, size_t len);

/* The path of the file that `extends: rel` names in file: relative to
 * file's directory unless rel is absolute (the caller frees it). */
char *csp_site_parent_path(const char *file, const char *rel);

#endif

/* policy.h: the pipeline from a site file to the one cmark document
 * every renderer walks:
 *   site.yaml -> node tree -> check -> complete -> expand -> cmark AST */
#ifndef CSP_POLICY_H
#define CSP_POLICY_H

#include <cmark.h>

#include "node.h"
#include "render.h"
#include "schema.h"
#include "tmpl.h"

/* Loads a site file ("-" for standard input) with its `extends` chain,
 * checks it, and completes it with defaults and derived values; with
 * draft set, missing required values become visible markers and the
 * tree gets `draft: true`.  Returns the tree (the caller frees it) or
 * NULL when the file could not be read or parsed.  *errors gets the
 * number of check errors. */
csp_node *csp_policy_load(const char *path, const csp_check_opts *opts,
                          int draft, int *errors);

/* The same for a site file already read into data[0..len): path names
 * it ("-" for standard input), for locations and `extends`. */
csp_node *csp_policy_load_text(const char *path, const char *data,
                               size_t len, const csp_check_opts *opts,
                               int draft, int *errors);

/* Replaces each unsafe link of doc by its children, and refuses raw
 * HTML, which in a policy can only have come from its template (values
 * are escaped): reports "<what> holds raw HTML" at name:line and returns
 * -1.  Returns 0 otherwise.  The tree is changed only after the walk. */
int csp_policy_sanitize(cmark_node *doc, const char *name, const char *what);

/* Expands the template over a completed site tree and parses the result
 * into a cmark document (the caller frees it with cmark_node_free).
 * Links whose URL is not safe are replaced by their text.  Returns NULL
 * after reporting when the template produced raw HTML. */
cmark_node *csp_policy_document(const csp_tmpl *t, const char *tmpl_name,
                                const csp_node *site);

/* Fills meta's strings from a completed site tree (borrowed from it). */
void csp_policy_meta(const csp_node *site, csp_meta *meta);

/* The built-in template and stylesheet (embedded at build time). */
const char *csp_builtin_template(size_t *len);
const char *csp_builtin_css(size_t *len);

#endif

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

/* Expands the template over a completed site tree and parses the result
 * into a cmark document (the caller frees it with cmark_node_free).
 * Links whose URL is not safe are replaced by their text.  Returns NULL
 * after reporting when the template produced raw HTML or its expansion
 * passed a limit (tmpl.h). */
cmark_node *csp_policy_document(const csp_tmpl *t, const char *tmpl_name,
                                const csp_node *site);

/* Fills meta's strings from a completed site tree (borrowed from it). */
void csp_policy_meta(const csp_node *site, csp_meta *meta);

/* The built-in template and stylesheet (embedded at build time). */
const char *csp_builtin_template(size_t *len);
const char *csp_builtin_css(size_t *len);

#endif

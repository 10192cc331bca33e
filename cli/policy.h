/* policy.h: the pipeline from a site file to the one cmark document
 * every renderer walks:
 *   site.yaml -> node tree -> check -> complete -> expand -> cmark AST */
#ifndef CSP_POLICY_H
#define CSP_POLICY_H

#include <cmark.h>

#include "load.h"
#include "node.h"
#include "render.h"
#include "schema.h"
#include "set.h"
#include "tmpl.h"

/* Loads a site file ("-" for standard input) with its `extends` chain
 * through the load context ld,
 * lays the command line's --set values over it (sets may be NULL),
 * checks it, and completes it with defaults and derived values; with
 * draft set, missing required values become visible markers and the
 * tree gets `draft: true`.  Returns the tree (the caller frees it) or
 * NULL when the file could not be read or parsed, or is a shared file
 * (`shared: true`, reported [shared]) and opts does not allow one: a
 * draft of it is no policy either.  *errors gets the number of check
 * errors. */
csp_node *csp_policy_load(csp_load *ld, const char *path,
                          const csp_sets *sets, const csp_check_opts *opts,
                          int draft, int *errors);

/* The same for a site file already read into data[0..len): path names
 * it ("-" for standard input), for locations and `extends`. */
csp_node *csp_policy_load_text(csp_load *ld, const char *path,
                               const char *data, size_t len,
                               const csp_check_opts *opts, int draft,
                               int *errors);

/* Replaces each unsafe link of doc by its children, and refuses raw
 * HTML, which in a policy can only have come from its template (values
 * are escaped): reports "<what> holds raw HTML" at name:line and returns
 * -1.  With max_depth, blocks and inlines nested deeper than that below
 * the document are refused too [limit].  Returns 0 otherwise.  The tree
 * is changed only after the walk. */
int csp_policy_sanitize(csp_diags *dg, cmark_node *doc, const char *name,
                        const char *what, int max_depth);

/* How deeply the blocks and inlines of a policy may nest (a list in a
 * list, emphasis in emphasis): cmark's CommonMark writer takes time
 * quadratic in the depth, so a template nesting emphasis 40000 deep
 * would take a minute to write as Markdown. */
#define CSP_MAX_NESTING 32

/* Expands the template over a completed site tree and parses the result
 * into a cmark document (the caller frees it with cmark_node_free).
 * Links whose URL is not safe are replaced by their text; in a draft
 * (the tree has `draft`), each "[missing: ...]" marker is wrapped in a
 * draft mark (render.h).  A policy nesting deeper than CSP_MAX_NESTING
 * is refused [limit].  Returns NULL
 * after reporting when the template produced raw HTML or its expansion
 * passed a limit (tmpl.h). */
cmark_node *csp_policy_document(csp_diags *dg, const csp_tmpl *t,
                                const char *tmpl_name, const csp_node *site);

/* Reads (through ld) and parses the template at path ("-" for
 * standard input; NULL for the built-in one), and sets opts->tmpl_name to the name
 * diagnostics use and opts->shown to the fields it shows
 * (csp_policy_shown; the caller frees opts->shown).  Returns the
 * template (the caller frees it with csp_tmpl_free), or NULL after
 * reporting. */
csp_tmpl *csp_policy_template(csp_load *ld, const char *path,
                              csp_check_opts *opts);

/* The same, for a caller that keeps the template's text: appends it to
 * src and sets *name, without opts. */
csp_tmpl *csp_policy_template_src(csp_load *ld, const char *path,
                                  const char **name, csp_buf *src);

/* Which site-file fields the template shows: returns one flag per
 * csp_fields entry (the caller frees it), set when the template shows
 * the field's value ({{x}}, or {{.}} inside a list of text).  Each name
 * is resolved the way the expander looks it up, innermost section
 * first; a name that is neither a field nor a value csecpol derives
 * (derive.h: x_tel, x_long, x_clause, x_ok, has_x, draft) is reported as a
 * warning naming tmpl_name, and counted in *unknown. */
unsigned char *csp_policy_shown(csp_diags *dg, const csp_tmpl *t,
                                const char *tmpl_name, int *unknown);

/* Fills meta's strings from a completed site tree (borrowed from it). */
void csp_policy_meta(const csp_node *site, csp_meta *meta);

/* The built-in template and stylesheet (embedded at build time). */
const char *csp_builtin_template(size_t *len);
const char *csp_builtin_css(size_t *len);

#endif

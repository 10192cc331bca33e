/* tmpl.h: a Mustache-style template expander over the site model.
 * Supports variables ({{x}}, dotted names, {{.}}), unescaped variables
 * ({{{x}}}, {{&x}}), sections over lists and present/absent values,
 * inverted sections, comments, set-delimiter, and standalone-line rules
 * as the Mustache specification gives them.  Values are never expanded
 * again: a value holding "{{x}}" comes out as those characters.
 *
 * Falsy, for sections: a missing name, null, an empty list, and a plain
 * (unquoted) false, False or FALSE.  Anything else is truthy; a list
 * iterates, any other value is pushed onto the context stack.  Text
 * interpolates as itself; a map or a list interpolates as nothing.
 *
 * Partials ({{>name}}) are expanded from templates registered with
 * csp_tmpl_add_partial; an unknown partial expands to nothing.  The
 * policy template does not use them. */
#ifndef CSP_TMPL_H
#define CSP_TMPL_H

#include <stddef.h>

#include "node.h"
#include "util.h"

/* Limits on one expansion, so that no template (a -t file is input too)
 * can expand without bound: sections nested over lists multiply, and
 * partials may include themselves.  The built-in template over the
 * largest site file the loader accepts stays far below both.  Each is
 * documented in csecpol(1). */
#define CSP_MAX_OUTPUT (64 * 1024 * 1024) /* bytes one expansion writes */
#define CSP_MAX_STEPS 5000000             /* tags and texts expanded */

/* Writes text[0..len) to out, escaped for the target language. */
typedef void (*csp_escape_fn)(csp_buf *out, const char *text, size_t len);

typedef struct csp_tmpl csp_tmpl;

/* Parses a template.  name labels diagnostics (name:line:col).  Returns
 * NULL after reporting an error (unclosed section, close without open,
 * mismatched close, bad delimiter, empty or unclosed tag) to dg, where
 * the template's partials and expansions report too (it must outlive
 * the template).  The caller frees the result with csp_tmpl_free.  src
 * need not outlive the call. */
csp_tmpl *csp_tmpl_parse(csp_diags *dg, const char *name, const char *src,
                         size_t len);
void csp_tmpl_free(csp_tmpl *t);

/* Parses src as the partial {{>name}} of t, which owns it from then on
 * (a later partial of the same name replaces it).  Partials of partials
 * are looked up in t too.  Returns 0, or -1 after reporting a parse
 * error (labelled with name). */
int csp_tmpl_add_partial(csp_tmpl *t, const char *name, const char *src,
                         size_t len);

/* Expands t over data, escaping every {{x}} value with esc, appending
 * to out (esc NULL means csp_escape_html).  A missing name expands to
 * nothing.  t is not changed, so one template may be expanded any number
 * of times.  Returns 0, or -1 after reporting partials nested too deep
 * (a partial that includes itself unconditionally). */
int csp_tmpl_expand(const csp_tmpl *t, const csp_node *data,
                    csp_escape_fn esc, csp_buf *out);

/* Calls fn for every name the template refers to, with how it is used
 * and the enclosing sections' names, outermost first (so a reference to
 * "phone" inside {{#personnel}} gives sections {"personnel"}).  For the
 * check that the template and the schema agree.  Names are as written
 * ("site.name", "." for the implicit iterator).  Only {{#x}} sections
 * are listed as enclosing, since only they push a context.  Partials are
 * not followed.  The strings are borrowed for the duration of the call. */
typedef enum {
  CSP_REF_VAR,     /* {{x}}, {{{x}}}, {{&x}}: the value is shown */
  CSP_REF_SECTION, /* {{#x}}: tested, and a context for what is inside */
  CSP_REF_INVERTED /* {{^x}}: tested */
} csp_ref_kind;
typedef void (*csp_tmpl_ref_fn)(const char *name, csp_ref_kind kind,
                                const char *const *sections, size_t nsections,
                                void *ctx);
void csp_tmpl_foreach_ref(const csp_tmpl *t, csp_tmpl_ref_fn fn, void *ctx);

/* Escape functions: HTML (& " < > as the Mustache spec requires), and
 * Markdown (every ASCII punctuation character backslash-escaped, runs of
 * white space folded to one space, so the value stays literal text). */
void csp_escape_html(csp_buf *out, const char *text, size_t len);
void csp_escape_md(csp_buf *out, const char *text, size_t len);

#endif

/* policy.c: site file -> completed site tree -> cmark document. */
#include "policy.h"

#include <stdlib.h>
#include <string.h>

#include "site.h"

extern const unsigned char csp_embed_csec_policy_md[];
extern const size_t csp_embed_csec_policy_md_len;
extern const unsigned char csp_embed_policy_css[];
extern const size_t csp_embed_policy_css_len;

const char *csp_builtin_template(size_t *len)
{
  *len = csp_embed_csec_policy_md_len;
  return (const char *)csp_embed_csec_policy_md;
}

const char *csp_builtin_css(size_t *len)
{
  *len = csp_embed_policy_css_len;
  return (const char *)csp_embed_policy_css;
}

csp_node *csp_policy_load(const char *path, const csp_check_opts *opts,
                          int draft, int *errors)
{
  *errors = 0;
  csp_node *root = csp_site_load(path);
  if (!root)
    return NULL;
  *errors = csp_schema_check(root, opts);
  if (root->kind != CSP_NODE_MAP) {
    /* nothing to complete; a draft of an empty file is all markers */
    csp_node *map = csp_node_new(CSP_NODE_MAP, &root->loc);
    csp_node_free(root);
    root = map;
  }
  if (draft) {
    csp_schema_mark_missing(root);
    csp_node *d = csp_node_new_scalar("true", 4, NULL);
    d->derived = 1;
    csp_node_set(root, "draft", d);
  }
  csp_schema_complete(root);
  return root;
}

/* Replaces each unsafe link by its children, and refuses raw HTML,
 * which can only have come from the template (values are escaped).  The
 * tree is changed only after the walk. */
static int S_sanitize(cmark_node *doc, const char *tmpl_name)
{
  cmark_iter *it = cmark_iter_new(doc);
  cmark_event_type ev;
  cmark_node **unsafe = NULL;
  size_t nunsafe = 0;
  int failed = 0;
  while (!failed && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    cmark_node_type t = cmark_node_get_type(n);
    if (t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE) {
      cmark_node *b = n;
      while (b && cmark_node_get_start_line(b) == 0)
        b = cmark_node_parent(b);
      csp_loc loc = {tmpl_name, b ? cmark_node_get_start_line(b) : 0, 0};
      csp_diag(CSP_ERROR, &loc, "template",
               "the template holds raw HTML, which csecpol does not pass "
               "through; write it as Markdown");
      failed = 1;
    } else if (t == CMARK_NODE_LINK && ev == CMARK_EVENT_EXIT &&
               !csp_url_is_safe(cmark_node_get_url(n))) {
      unsafe = csp_xrealloc(unsafe, (nunsafe + 1) * sizeof *unsafe);
      unsafe[nunsafe++] = n;
    }
  }
  cmark_iter_free(it);
  for (size_t i = 0; i < nunsafe; i++) {
    cmark_node *child;
    while ((child = cmark_node_first_child(unsafe[i])) != NULL)
      cmark_node_insert_before(unsafe[i], child);
    cmark_node_free(unsafe[i]);
  }
  free(unsafe);
  return failed ? -1 : 0;
}

cmark_node *csp_policy_document(const csp_tmpl *t, const char *tmpl_name,
                                const csp_node *site)
{
  csp_buf md;
  csp_buf_init(&md);
  if (csp_tmpl_expand(t, site, csp_escape_md, &md) < 0) {
    csp_buf_release(&md);
    return NULL;
  }
  cmark_node *doc = cmark_parse_document(
      md.data, md.len, CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_SOURCEPOS);
  csp_buf_release(&md);
  if (S_sanitize(doc, tmpl_name) < 0) {
    cmark_node_free(doc);
    return NULL;
  }
  return doc;
}

void csp_policy_meta(const csp_node *site, csp_meta *meta)
{
  meta->site_name = csp_node_text(site, "site.name");
  meta->title = csp_node_text(site, "policy.title");
  meta->version = csp_node_text(site, "policy.version");
  meta->effective_date = csp_node_text(site, "policy.effective_date");
  meta->approved_by = csp_node_text(site, "policy.approved_by");
  meta->state = csp_node_text(site, "site.state");
  meta->subject = "Commercial Sexual Exploitation of Children (CSEC) policy";
  meta->draft = csp_node_get(site, "draft") != NULL;
}

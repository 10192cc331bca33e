/* policy.c: site file -> completed site tree -> cmark document. */
#include "policy.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "derive.h"
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

/* Lays the --set values over a loaded site tree (NULL: not loaded),
 * then checks and completes it. */
static csp_node *S_complete(csp_diags *dg, csp_node *root,
                            const csp_sets *sets,
                            const csp_check_opts *opts, int draft,
                            int *errors)
{
  *errors = 0;
  if (!root)
    return NULL;
  if (sets && root->kind == CSP_NODE_MAP)
    *errors += csp_sets_apply(dg, sets, root);
  *errors += csp_schema_check(dg, root, opts);
  if (!opts->allow_shared && csp_schema_shared(root)) {
    /* [shared] said why: no draft of it is a policy either */
    csp_node_free(root);
    return NULL;
  }
  if (root->kind != CSP_NODE_MAP) {
    /* nothing to complete; a draft of an empty file is all markers */
    csp_node *map = csp_node_new(CSP_NODE_MAP, &root->loc);
    csp_node_free(root);
    root = map;
  }
  if (draft) {
    csp_schema_mark_missing(root);
    csp_derive_draft(root);
  }
  csp_schema_complete(dg, root);
  return root;
}

csp_node *csp_policy_load(csp_load *ld, const char *path,
                          const csp_sets *sets, const csp_check_opts *opts,
                          int draft, int *errors)
{
  return S_complete(ld->diags, csp_load_site(ld, path), sets, opts, draft,
                    errors);
}

csp_node *csp_policy_load_text(csp_load *ld, const char *path,
                               const char *data, size_t len,
                               const csp_check_opts *opts, int draft,
                               int *errors)
{
  return S_complete(ld->diags, csp_load_site_text(ld, path, data, len), NULL,
                    opts, draft, errors);
}

/* Where in name node stands: the line of the nearest block that has
 * one (inlines added after parsing have none). */
static csp_loc S_node_loc(cmark_node *n, const char *name)
{
  while (n && cmark_node_get_start_line(n) == 0)
    n = cmark_node_parent(n);
  csp_loc loc = {name, n ? cmark_node_get_start_line(n) : 0, 0};
  return loc;
}

/* Nonzero for a node cmark's iterator enters and never leaves. */
static int S_leaf(cmark_node_type t)
{
  return t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE ||
         t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK ||
         t == CMARK_NODE_HTML_INLINE || t == CMARK_NODE_CODE_BLOCK ||
         t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_THEMATIC_BREAK;
}

int csp_policy_sanitize(csp_diags *dg, cmark_node *doc, const char *name,
                        const char *what, int max_depth)
{
  cmark_iter *it = cmark_iter_new(doc);
  cmark_event_type ev;
  cmark_node **unsafe = NULL;
  size_t nunsafe = 0;
  int failed = 0, depth = 0;
  while (!failed && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    cmark_node_type t = cmark_node_get_type(n);
    if (ev == CMARK_EVENT_ENTER && !S_leaf(t))
      depth++;
    else if (ev == CMARK_EVENT_EXIT)
      depth--;
    int html = t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE;
    /* the document itself is one level */
    if (html || (max_depth && depth > max_depth + 1)) {
      csp_loc loc = S_node_loc(n, name);
      if (html)
        csp_diag(dg, CSP_R_TEMPLATE, &loc,
                 "%s holds raw HTML, which csecpol does not pass through; "
                 "write it as Markdown",
                 what);
      else
        csp_diag(dg, CSP_R_LIMIT, &loc,
                 "the policy's lists, quotes and emphasis nest more than "
                 "%d levels deep; flatten the template",
                 max_depth);
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

/* The end of the "[missing: ...]" marker that starts at s (its
 * closing bracket; a path's own "[1]" nest), or NULL. */
static const char *S_marker_end(const char *s)
{
  int depth = 0;
  for (const char *p = s; *p; p++) {
    if (*p == '[')
      depth++;
    else if (*p == ']' && --depth == 0)
      return p;
  }
  return NULL;
}

/* A text node of s[0..n) inserted before node. */
static void S_text_before(cmark_node *node, const char *s, size_t n)
{
  char *lit = csp_xstrndup(s, n);
  cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
  cmark_node_set_literal(t, lit);
  free(lit);
  cmark_node_insert_before(node, t);
}

/* Wraps each "[missing: ...]" marker of a draft in a draft mark
 * (render.h), so that every format can highlight it.  cmark splits a
 * marker's text at its escapes: text nodes are joined first. */
static void S_draft_marks(cmark_node *doc)
{
  static const char start[] = "[missing: ";
  cmark_consolidate_text_nodes(doc);
  cmark_node **texts = NULL;
  size_t n = 0;
  cmark_iter *it = cmark_iter_new(doc);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *node = cmark_iter_get_node(it);
    if (cmark_node_get_type(node) == CMARK_NODE_TEXT &&
        strstr(cmark_node_get_literal(node), start)) {
      texts = csp_xrealloc(texts, (n + 1) * sizeof *texts);
      texts[n++] = node;
    }
  }
  cmark_iter_free(it);
  for (size_t i = 0; i < n; i++) {
    char *lit = csp_xstrdup(cmark_node_get_literal(texts[i]));
    const char *p = lit, *q, *end;
    while ((q = strstr(p, start)) != NULL && (end = S_marker_end(q))) {
      if (q > p)
        S_text_before(texts[i], p, (size_t)(q - p));
      cmark_node *mark = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
      cmark_node_set_on_enter(mark, "");
      cmark_node_set_on_exit(mark, "");
      cmark_node_insert_before(texts[i], mark);
      char *m = csp_xstrndup(q, (size_t)(end + 1 - q));
      cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
      cmark_node_set_literal(t, m);
      free(m);
      cmark_node_append_child(mark, t);
      p = end + 1;
    }
    if (*p)
      cmark_node_set_literal(texts[i], p);
    else
      cmark_node_free(texts[i]);
    free(lit);
  }
  free(texts);
}

cmark_node *csp_policy_document(csp_diags *dg, const csp_tmpl *t,
                                const char *tmpl_name, const csp_node *site)
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
  if (csp_policy_sanitize(dg, doc, tmpl_name, "the template",
                          CSP_MAX_NESTING) < 0) {
    cmark_node_free(doc);
    return NULL;
  }
  if (csp_derive_is_draft(site))
    S_draft_marks(doc);
  return doc;
}

csp_tmpl *csp_policy_template_src(csp_load *ld, const char *path,
                                  const char **name, csp_buf *src)
{
  *name = "<built-in template>";
  if (path) {
    *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    if (csp_load_read(ld, path, "the template", 0, CSP_MAX_FILE_SIZE,
                      "shorten it", src) < 0)
      return NULL;
  } else {
    size_t len;
    const char *s = csp_builtin_template(&len);
    csp_buf_put(src, s, len);
  }
  return csp_tmpl_parse(ld->diags, *name, src->data, src->len);
}

csp_tmpl *csp_policy_template(csp_load *ld, const char *path,
                              csp_check_opts *opts)
{
  csp_buf src;
  csp_buf_init(&src);
  const char *name;
  csp_tmpl *t = csp_policy_template_src(ld, path, &name, &src);
  csp_buf_release(&src);
  if (t) {
    opts->tmpl_name = name;
    opts->shown = csp_policy_shown(ld->diags, t, name, NULL);
  }
  return t;
}

/* ---- which fields the template shows ---------------------------------- */

typedef struct {
  csp_diags *dg;
  unsigned char *shown;
  const char *tmpl_name;
  int unknown;
} S_shown;

/* The field at path, with a list's items as "x[]" contexts. */
static const csp_field *S_field(const char *path)
{
  return *path ? csp_field_find(path) : NULL;
}

/* Joins a context path and a name: "personnel[]" + "phone". */
static void S_join(char *out, size_t size, const char *ctx, const char *name)
{
  /* by hand: snprintf here was an eighth of a one-site run */
  size_t n = 0;
  for (const char *p = ctx; *p && n + 1 < size; p++)
    out[n++] = *p;
  if (*ctx && n + 1 < size)
    out[n++] = '.';
  for (const char *p = name; *p && n + 1 < size; p++)
    out[n++] = *p;
  out[n] = '\0';
}

/* Resolves name against the contexts, innermost first, as the expander
 * does.  Returns the field, or NULL; *derived is set for a value csecpol
 * computes (derive.h), with *base the field whose value it shows (or
 * NULL). */
static const csp_field *S_resolve(const char *name, char (*ctx)[256],
                                  size_t n, int *derived,
                                  const csp_field **base)
{
  char path[512];
  *derived = 0;
  *base = NULL;
  for (size_t i = n; i-- > 0;) {
    S_join(path, sizeof path, ctx[i], name);
    const csp_field *f = S_field(path);
    if (f)
      return f;
    if (csp_derive_find(path, base)) {
      *derived = 1;
      return NULL;
    }
  }
  return NULL;
}

/* "personnel[].role" -> "role" */
static const char *S_last(const char *path)
{
  const char *dot = strrchr(path, '.');
  return dot ? dot + 1 : path;
}

/* Whether every policy has the field: it and each field it lies in are
 * required. */
static int S_always(const csp_field *f)
{
  char path[256];
  snprintf(path, sizeof path, "%s", f->path);
  for (;;) {
    const csp_field *g = csp_field_find(path);
    if (g && g->need != CSP_REQUIRED)
      return 0;
    char *cut = strrchr(path, '.');
    if (!cut)
      return 1;
    *cut = '\0';
    if (cut > path + 2 && strcmp(cut - 2, "[]") == 0)
      cut[-2] = '\0';
  }
}

static void S_on_ref(const char *name, csp_ref_kind kind,
                     const char *const *sections, size_t nsections,
                     void *arg)
{
  S_shown *s = arg;
  /* ctx[0] is the root; ctx[i + 1] the path section i opens ("" when it
   * is no field, such as a derived flag: names inside it resolve
   * further out) */
  char(*ctx)[256] = csp_xmalloc((nsections + 1) * sizeof *ctx);
  size_t n = 1;
  ctx[0][0] = '\0';
  int derived;
  const csp_field *f, *base;
  for (size_t i = 0; i < nsections; i++) {
    f = S_resolve(sections[i], ctx, n, &derived, &base);
    if (f && (f->type == CSP_T_LIST || f->type == CSP_T_TEXTS))
      snprintf(ctx[n++], sizeof ctx[0], "%s[]", f->path);
    else if (f && f->type == CSP_T_MAP)
      snprintf(ctx[n++], sizeof ctx[0], "%s", f->path);
  }
  if (strcmp(name, ".") == 0) {
    /* the item of a list of text (the only lists of text are fields) */
    size_t len = strlen(ctx[n - 1]);
    if (kind == CSP_REF_VAR && len > 2) {
      char path[256];
      snprintf(path, sizeof path, "%.*s", (int)(len - 2), ctx[n - 1]);
      if ((f = S_field(path)) != NULL)
        s->shown[f - csp_fields] = 1;
    }
    free(ctx);
    return;
  }
  f = S_resolve(name, ctx, n, &derived, &base);
  if (f && kind == CSP_REF_VAR)
    s->shown[f - csp_fields] = 1;
  else if (base && kind == CSP_REF_VAR)
    s->shown[base - csp_fields] = 1; /* {{phone_tel}} shows the number */
  if (!f && !derived) {
    csp_loc loc = {s->tmpl_name, 0, 0};
    csp_diag_sev(s->dg, CSP_WARNING, CSP_R_TEMPLATE, &loc,
                 "the template refers to '%s', which is no site-file field; "
                 "see 'csecpol fields' for the names it may use",
                 name);
    s->unknown++;
  }
  free(ctx);
}

unsigned char *csp_policy_shown(csp_diags *dg, const csp_tmpl *t,
                                const char *tmpl_name, int *unknown)
{
  S_shown s = {dg, csp_xcalloc(csp_nfields, 1), tmpl_name, 0};
  csp_tmpl_foreach_ref(t, S_on_ref, &s);
  for (size_t i = 0; i < csp_nfields; i++) {
    const csp_field *f = &csp_fields[i];
    if (S_always(f) && (f->flags & CSP_F_RENDERED) && f->type != CSP_T_MAP &&
        f->type != CSP_T_LIST && !s.shown[i]) {
      csp_loc loc = {tmpl_name, 0, 0};
      csp_diag_sev(dg, CSP_WARNING, CSP_R_TEMPLATE, &loc,
                   "the template never shows '%s' (%s), which every policy "
                   "needs; add {{%s}} where it belongs",
                   f->path, f->doc,
                   strstr(f->path, "[]") ? S_last(f->path) : f->path);
    }
  }
  if (unknown)
    *unknown = s.unknown;
  return s.shown;
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
  meta->draft = csp_derive_is_draft(site);
}

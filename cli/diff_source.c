/* diff_source.c: one run of csecpol diff, and where each change comes
 * from (diff.h).
 *
 * Owns the split of a diff by source.  When both sides are site files
 * rendered with different templates, the caller renders a third
 * document, OLD's site data with NEW's template: old -> middle is what
 * the template changed, middle -> new what the site file changed.
 * This module aligns the three, attributes each change of old -> new
 * to the template, the site file or both, and makes the tracked-change
 * marks (author, date, HTML class) that each source gets. */
#include "diff.h"

#include <stdlib.h>
#include <string.h>

void csp_diff_run_init(csp_diff_run *r, cmark_node *old_doc,
                       cmark_node *mid_doc, cmark_node *new_doc)
{
  memset(r, 0, sizeof *r);
  r->docs[0] = old_doc;
  r->docs[1] = mid_doc;
  r->docs[2] = new_doc;
  r->split = mid_doc != NULL;
  for (int i = 0; i < 3; i++)
    if (r->docs[i])
      csp_diff_doc_init(&r->blocks[i], r->docs[i]);
  csp_diff_blocks(&r->blocks[0], &r->blocks[2], &r->whole);
  if (r->split) {
    csp_diff_blocks(&r->blocks[0], &r->blocks[1], &r->by_template);
    csp_diff_blocks(&r->blocks[1], &r->blocks[2], &r->by_site);
  }
}

void csp_diff_run_release(csp_diff_run *r)
{
  for (int i = 0; i < 3; i++)
    csp_diff_doc_release(&r->blocks[i]);
  csp_diff_release(&r->whole);
  csp_diff_release(&r->by_template);
  csp_diff_release(&r->by_site);
  memset(r, 0, sizeof *r);
}

/* For each of the n blocks of d's first document, whether d keeps it
 * the same; the caller frees. */
static unsigned char *S_same(const csp_diff *d, size_t n)
{
  unsigned char *same = csp_xcalloc(n + 1, 1);
  for (size_t i = 0; i < d->n; i++)
    if (d->ops[i].kind == CSP_OP_SAME)
      same[d->ops[i].a] = 1;
  return same;
}

/* Who made a block inserted (deleted) by the whole diff: m is its
 * partner in the middle document (-1: none) and far maps the middle's
 * blocks to the other end (-1: none).  With no middle partner, the step
 * between the middle and the block's own end made it (near); a middle
 * block with no partner at the other end was made by the other step. */
static csp_diff_source S_lone(long m, const long *far, csp_diff_source near,
                              csp_diff_source other)
{
  return m < 0 ? near : far[m] < 0 ? other : CSP_SRC_BOTH;
}

csp_diff_source *csp_diff_run_sources(const csp_diff_run *r)
{
  size_t na = r->blocks[0].n, nm = r->blocks[1].n, nn = r->blocks[2].n;
  long *a2m = csp_xmalloc((na + 1) * sizeof *a2m);
  long *m2a = csp_xmalloc((nm + 1) * sizeof *m2a);
  long *m2n = csp_xmalloc((nm + 1) * sizeof *m2n);
  long *n2m = csp_xmalloc((nn + 1) * sizeof *n2m);
  unsigned char *a_same = S_same(&r->by_template, na);
  unsigned char *m_same = S_same(&r->by_site, nm);
  csp_diff_partners(&r->by_template, a2m, m2a);
  csp_diff_partners(&r->by_site, m2n, n2m);
  csp_diff_source *src = csp_xmalloc((r->whole.n + 1) * sizeof *src);
  for (size_t i = 0; i < r->whole.n; i++) {
    const csp_diff_op *op = &r->whole.ops[i];
    csp_diff_source s = CSP_SRC_BOTH;
    long m;
    switch (op->kind) {
    case CSP_OP_CHANGE:
      m = n2m[op->b];
      if (m < 0)
        s = CSP_SRC_SITE;
      else if (m2a[m] == op->a) {
        int t = !a_same[op->a], st = !m_same[m];
        s = t && !st   ? CSP_SRC_TEMPLATE
            : st && !t ? CSP_SRC_SITE
                       : CSP_SRC_BOTH;
      }
      break;
    case CSP_OP_INS:
      s = S_lone(n2m[op->b], m2a, CSP_SRC_SITE, CSP_SRC_TEMPLATE);
      break;
    case CSP_OP_DEL:
      s = S_lone(a2m[op->a], m2n, CSP_SRC_TEMPLATE, CSP_SRC_SITE);
      break;
    case CSP_OP_SAME:
      break;
    }
    src[i] = s;
  }
  free(a2m);
  free(m2a);
  free(m2n);
  free(n2m);
  free(a_same);
  free(m_same);
  return src;
}

void csp_diff_run_redline(csp_diff_run *r, const char *author,
                          const char *date, csp_diff_marks *m)
{
  static const char *const what[3] = {NULL, "template", "site file"};
  static const char *const cls[3] = {NULL, "template", "site"};
  for (int s = 0; s < 3; s++) {
    csp_buf_init(&m->authors[s]);
    csp_buf_puts(&m->authors[s], author);
    if (r->split && what[s])
      csp_buf_printf(&m->authors[s], " (%s)", what[s]);
    for (int del = 0; del < 2; del++) {
      m->revs[s][del].del = del;
      m->revs[s][del].author = m->authors[s].data;
      m->revs[s][del].date = date;
      m->revs[s][del].source = r->split ? cls[s] : NULL;
    }
  }
  csp_diff_source *src = r->split ? csp_diff_run_sources(r) : NULL;
  size_t n = r->whole.n;
  const csp_rev **ins = csp_xmalloc((n + 1) * sizeof *ins);
  const csp_rev **del = csp_xmalloc((n + 1) * sizeof *del);
  for (size_t i = 0; i < n; i++) {
    int s = src ? (int)src[i] : CSP_SRC_BOTH;
    ins[i] = &m->revs[s][0];
    del[i] = &m->revs[s][1];
  }
  csp_diff_redline(&r->blocks[0], &r->blocks[2], &r->whole, r->docs[0],
                   r->docs[2], ins, del);
  free(ins);
  free(del);
  free(src);
}

void csp_diff_marks_release(csp_diff_marks *m)
{
  for (int s = 0; s < 3; s++)
    csp_buf_release(&m->authors[s]);
}

/* diff_input.h: the two inputs of csecpol diff, OLD and NEW.
 *
 * Owns what a side is and how it becomes a document to compare: a site
 * file (loaded with its `extends` chain and checked, then rendered with
 * a template), a Markdown policy that csecpol wrote, or a DOCX
 * (csecpol's, or one edited since in Word or LibreOffice, read back by
 * docx_read.c).  Which it is comes from the name, else from the first
 * bytes; each is read within its own size limit. */
#ifndef CSP_DIFF_INPUT_H
#define CSP_DIFF_INPUT_H

#include <cmark.h>

#include "load.h"
#include "render.h"
#include "schema.h"
#include "site.h"
#include "tmpl.h"
#include "util.h"

/* One input and what was made of it.  The caller sets path and label
 * in a zeroed struct; the rest is csp_diff_side_load's. */
typedef struct csp_diff_side {
  const char *path;  /* as given */
  const char *label; /* for messages: "<stdin>" for "-" */
  csp_buf data;      /* its bytes */
  int markdown;      /* a Markdown policy */
  int docx;          /* a DOCX; neither: a site file */
  csp_node *site;    /* a site file's completed tree */
  cmark_node *md;    /* a Markdown policy's or a DOCX's document */
  char *md_title, *md_date; /* what csp_meta borrows for either */
} csp_diff_side;

/* Reads s->path through ld and loads it: a site file is checked with
 * check, and refused when it has errors unless draft is set.  Returns
 * 0, or -1 after reporting. */
int csp_diff_side_load(csp_load *ld, csp_diff_side *s,
                       const csp_check_opts *check, int draft);

/* Frees what csp_diff_side_load made (a zeroed side too). */
void csp_diff_side_release(csp_diff_side *s);

/* The document of a side: a Markdown policy's or a DOCX's own (a copy
 * is made by reading it again, so each render may be changed), or the
 * site rendered with t, named tmpl_name.  The caller frees it; NULL
 * after reporting. */
cmark_node *csp_diff_side_render(csp_diags *dg, const csp_diff_side *s,
                                 const csp_tmpl *t, const char *tmpl_name);

/* The side's title, effective date and subject into meta (borrowed
 * from s). */
void csp_diff_side_meta(const csp_diff_side *s, csp_meta *meta);

#endif

/* docx_pkg.h: the assembly of a DOCX package.
 *
 * render_docx.c walks the cmark tree into word/document.xml and collects
 * what the other parts depend on (the lists it numbered, the links it
 * made); csp_docx_package writes the rest (with docx_styles.c for the
 * styles, docx_ref.c for a reference document's) and zips the lot with
 * libzip. */
#ifndef CSP_DOCX_PKG_H
#define CSP_DOCX_PKG_H

#include <stddef.h>

#include "render.h"
#include "util.h"
#include "xmlw.h"

/* WordprocessingML's namespaces. */
#define CSP_NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define CSP_NS_R                                                           \
  "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

/* Relationship ids of word/_rels/document.xml.rels.  The fixed parts come
 * first; hyperlink i (0-based) is "rId" (CSP_DOCX_RID_LINK0 + i). */
#define CSP_DOCX_RID_STYLES "rId1"
#define CSP_DOCX_RID_NUMBERING "rId2"
#define CSP_DOCX_RID_SETTINGS "rId3"
#define CSP_DOCX_RID_FONTS "rId4"
#define CSP_DOCX_RID_HEADER "rId5"
#define CSP_DOCX_RID_FOOTER "rId6"
#define CSP_DOCX_RID_LINK0 7

/* Word numbers list levels 0..8. */
#define CSP_DOCX_MAX_ILVL 8

/* Nonzero when s is a date YYYY-MM-DD, a real day (csp_date_ok), that
 * the DOCX properties and tracked changes may carry. */
int csp_docx_is_date(const char *s);

/* ---- the package --------------------------------------------------- */

/* One numbered list: a w:num of numbering.xml.  Its numId is its index
 * in the array plus one. */
typedef struct csp_docx_list {
  int ordered; /* numbers, else bullets */
  int paren;   /* numbers end in ")", else "." */
  int start;   /* first number of an ordered list */
  int ilvl;    /* nesting level, 0..CSP_DOCX_MAX_ILVL */
} csp_docx_list;

/* What the parts around the body need from the walk.  All borrowed. */
typedef struct csp_docx_body {
  const char *xml; /* word/document.xml, complete */
  size_t len;
  const csp_docx_list *lists;
  size_t nlists;
  char *const *links; /* hyperlink targets, in rId order */
  size_t nlinks;
} csp_docx_body;

/* Page size and the text width between 1-inch margins, in twips. */
void csp_docx_page(csp_paper paper, long *width, long *height,
                   long *text_width);

/* Writes the closing w:sectPr of the body (header/footer references,
 * page size, margins). */
void csp_docx_sect_pr(csp_xw *x, const csp_meta *meta);

/* Writes every other part and zips the package into out (appended).
 * With meta->reference_doc, styles come from that file (its bytes in
 * meta->reference_data).  Returns 0, or
 * -1 after reporting through diag. */
int csp_docx_package(const csp_docx_body *body, const csp_meta *meta,
                     csp_buf *out);

#endif

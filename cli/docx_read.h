/* docx_read.h: a DOCX read back into a cmark document, for csecpol diff.
 *
 * WordprocessingML's body becomes the blocks diff compares: headings
 * (the Title style, Heading1..6 or an outline level, in the paragraph
 * or its style through basedOn), paragraphs, list items (w:numPr:
 * bullets or numbers as numbering.xml says, nested by w:ilvl),
 * hyperlinks (their target when it is a safe URL), bold and italic runs
 * as strong and emphasis, line breaks, tabs as spaces, and the text of
 * table cells as paragraphs.  Tracked changes are read as accepted;
 * comments, headers, footers, fields' instructions, drawings and hidden
 * text are left out.  What csecpol's DOCX renderer writes comes back as
 * the document it rendered. */
#ifndef CSP_DOCX_READ_H
#define CSP_DOCX_READ_H

#include <stddef.h>

#include <cmark.h>

#include "diag.h"

/* What was read and left aside. */
typedef struct csp_docx_read_info {
  int changes;  /* tracked changes, read as accepted */
  int comments; /* comments, ignored */
} csp_docx_read_info;

/* Reads the DOCX data[0..len), named file in messages, into a new
 * document (the caller frees it with cmark_node_free), filling *info.
 * NULL after reporting through diag with rule [docx-input]: a damaged,
 * encrypted or oversized package, or one that is not WordprocessingML
 * (docx_in.h). */
cmark_node *csp_docx_read(csp_diags *dg, const char *file, const char *data,
                          size_t len, csp_docx_read_info *info);

#endif

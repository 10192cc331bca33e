/* docx_ref.h: the styles of a --reference-doc, merged with ours. */
#ifndef CSP_DOCX_REF_H
#define CSP_DOCX_REF_H

#include "diag.h"
#include "util.h"

/* Takes the styles part of the .docx named path, whose bytes (read
 * through the run's load context) are data[0..len), as any DOCX from
 * anyone is read (docx_in.h), adding at its end each style of ours (the
 * styles part ours, as csecpol writes it) whose styleId it lacks, so
 * that every style the body names exists; libxml2 writes the result, in
 * UTF-8, appended to out.  Returns 0, or -1 after reporting through
 * diag (naming path). */
int csp_docx_ref_styles(csp_diags *dg, const char *path, const char *data,
                        size_t len, const csp_buf *ours, csp_buf *out);

#endif

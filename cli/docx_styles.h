/* docx_styles.h: word/styles.xml of our DOCX. */
#ifndef CSP_DOCX_STYLES_H
#define CSP_DOCX_STYLES_H

#include "render.h"
#include "util.h"

/* Appends our styles part, for paper, to out.  Returns 0, or -1 when
 * libxml2 failed (nothing is reported: the caller names the part). */
int csp_docx_styles(csp_paper paper, csp_buf *out);

#endif

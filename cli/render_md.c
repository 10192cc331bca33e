/* render_md.c: CommonMark, through cmark's own renderer. */
#include "render.h"

#include <stdlib.h>

int csp_render_md(cmark_node *doc, const csp_meta *meta, csp_buf *out)
{
  (void)meta; /* the title block is in the document itself */
  /* width 0: no wrapping, so a diff shows whole paragraphs changed */
  char *s = cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0);
  csp_buf_puts(out, s);
  free(s);
  return 0;
}

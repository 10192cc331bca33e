/* diff_summary.c: the HTML redline's summary box and its style
 * (diff.h).
 *
 * Owns what the HTML redline adds to the page the HTML renderer
 * writes: the style of <ins> and <del> (and of a template's changes),
 * and the summary before the policy: what was compared, how many
 * blocks changed, were added and removed, by source when split, and a
 * legend.  Every text in it is escaped here. */
#include "diff.h"

#include <string.h>

/* The HTML page's extra style: changes, summary, legend. */
static const char S_diff_css[] =
    "\n/* csecpol diff */\n"
    "ins, del { text-decoration-thickness: 0.08em; "
    "-webkit-print-color-adjust: exact; print-color-adjust: exact; }\n"
    "ins { background: #dcf5dc; color: #0b4a0b; "
    "text-decoration: underline; }\n"
    "del { background: #fbdddd; color: #7d1111; "
    "text-decoration: line-through; }\n"
    "ins.template, del.template { outline: 1px dashed #6a5acd; }\n"
    /* the box lines up with the page (.policy in policy.css): the same
     * 70ch of the same (body) font, the same padding and outer edges,
     * its thicker left border taken from the padding */
    ".diff-summary { box-sizing: content-box; max-width: 70ch; "
    "margin: 0 auto 1.5rem; padding: 1rem 3rem 1rem calc(3rem - 3px); "
    "background: #fff; border: 1px solid #dcd9cf; "
    "border-left: 4px solid #13294b; overflow-wrap: anywhere; }\n"
    ".diff-summary h2, .diff-summary p, .diff-summary ul { "
    "font-family: \"Segoe UI\", -apple-system, \"Helvetica Neue\", Arial, "
    "\"Liberation Sans\", \"DejaVu Sans\", sans-serif; }\n"
    ".diff-summary h2 { margin-top: 0; border: 0; }\n"
    ".diff-summary p, .diff-summary ul { margin: 0.4rem 0; }\n"
    "@media (max-width: 40rem) { .diff-summary { margin-bottom: 0; "
    "padding: 1rem 1rem 1rem calc(1rem - 4px); border: 0; "
    "border-left: 4px solid #13294b; border-bottom: 1px solid #dcd9cf; } }\n"
    "@media print { .diff-summary { max-width: none; padding: 0 0 6pt; "
    "border: 0; border-bottom: 1pt solid #000; margin-bottom: 12pt; } }\n";

void csp_diff_html_css(csp_buf *out)
{
  csp_buf_puts(out, S_diff_css);
}

static void S_esc(csp_buf *out, const char *s)
{
  csp_html_escape(out, s, strlen(s));
}

static void S_counts(csp_buf *out, const csp_diff *d)
{
  csp_buf_printf(out, "%zu block%s changed, %zu added, %zu removed",
                 d->changed, d->changed == 1 ? "" : "s", d->added,
                 d->removed);
}

void csp_diff_html_summary(const csp_diff_run *r, const csp_diff_labels *l,
                           csp_buf *out)
{
  csp_buf_puts(out, "<section class=\"diff-summary\" "
                    "aria-label=\"Summary of changes\">\n"
                    "<h2>Changes</h2>\n<p>From <code>");
  S_esc(out, l->old_label);
  csp_buf_puts(out, "</code> to <code>");
  S_esc(out, l->new_label);
  csp_buf_puts(out, "</code>: ");
  if (csp_diff_differs(&r->whole))
    S_counts(out, &r->whole);
  else
    csp_buf_puts(out, "no change");
  csp_buf_puts(out, ".</p>\n");
  if (r->split) {
    csp_buf_puts(out, "<ul>\n<li>From the template (<code>");
    S_esc(out, l->old_tmpl);
    csp_buf_puts(out, "</code> to <code>");
    S_esc(out, l->new_tmpl);
    csp_buf_puts(out, "</code>): ");
    S_counts(out, &r->by_template);
    csp_buf_puts(out, "; marked with a dashed outline.</li>\n"
                      "<li>From the site file: ");
    S_counts(out, &r->by_site);
    csp_buf_puts(out, ".</li>\n</ul>\n");
  }
  csp_buf_puts(out, "<p class=\"diff-legend\">Legend: <del>removed "
                    "text</del> <ins>added text</ins>");
  if (r->split)
    csp_buf_puts(out, " <ins class=\"template\">added by the "
                      "template</ins>");
  csp_buf_puts(out, "</p>\n</section>\n");
}

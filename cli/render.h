/* render.h: the renderers.  Each walks the same cmark document and
 * writes one format into a buffer.  They keep no state between calls:
 * what DOCX keeps between the documents of a run is in a
 * csp_docx_cache that the caller owns and hands in with csp_meta. */
#ifndef CSP_RENDER_H
#define CSP_RENDER_H

#include <cmark.h>

#include "util.h"
#include "value.h"

typedef enum { CSP_PAPER_LETTER, CSP_PAPER_A4 } csp_paper;

/* What the DOCX renderer keeps between the documents of a run: the
 * parts that are the same in each (the fixed parts, the styles of one
 * paper and reference document), made and compressed once (docx_pkg.c).
 * The caller owns it: csp_docx_cache_new, then csp_docx_cache_free
 * (NULL is fine); meta->docx_cache hands it to csp_render_docx. */
typedef struct csp_docx_cache csp_docx_cache;
csp_docx_cache *csp_docx_cache_new(void);
void csp_docx_cache_free(csp_docx_cache *cache);

/* A tracked change, for csecpol diff's redlines (diff_redline.c builds them;
 * cmark's parser never makes custom nodes nor sets user data, so a
 * policy rendered by `render` has none):
 *  - a CMARK_NODE_CUSTOM_INLINE whose user data is a csp_rev wraps text
 *    that was inserted or deleted; its on_enter and on_exit hold the
 *    Markdown marks ("{+" "+}", "[-" "-]") that cmark's CommonMark
 *    renderer prints, and the HTML and DOCX renderers ignore;
 *  - a heading, paragraph, code block or thematic break whose user data
 *    is a csp_rev was itself inserted or deleted: DOCX tracks its
 *    paragraph mark, HTML wraps a code block or rule in <ins>/<del>.
 * Every string is borrowed. */
typedef struct csp_rev {
  int del;            /* nonzero: deleted; else inserted */
  const char *author; /* DOCX w:author */
  const char *date;   /* YYYY-MM-DD (DOCX w:date), or NULL */
  const char *source; /* "template" or "site": an HTML class, or NULL */
} csp_rev;

/* A draft's mark: a CMARK_NODE_CUSTOM_INLINE without user data wraps
 * the text of a "[missing: path]" marker (csp_policy_document makes
 * them in a draft; cmark's parser makes no custom node).  Its on_enter
 * and on_exit are empty, so the Markdown shows the marker's text alone;
 * HTML writes it as <mark>, DOCX highlights its runs (w:highlight). */

/* A signer block, one a signer in the approval section at the end of
 * the policy.  The template writes it as one paragraph of lines
 * "Label: value" joined by hard line breaks, of text alone (and draft
 * marks), whose first line's value is a line to write on: four or more
 * underscores and nothing else.
 *
 *     Signature: \_\_\_\_\_\_\_\_\_\_\_\_\
 *     Name: {{name}}\
 *     Title: {{title}}\
 *     Date: \_\_\_\_\_\_\_\_\_\_\_\_
 *
 * No value can make one (a value is escaped and its line ends folded:
 * it never holds a hard break), so the template alone decides where a
 * signer block stands, and the tree stays what cmark parsed: a policy
 * read back from its Markdown has the same blocks.  Markdown writes the
 * paragraph as it is; HTML a <div class="signer"> that print keeps on
 * one page, the labels in a column and a rule for each line to write
 * on; DOCX one paragraph a line, kept together (keepNext, keepLines),
 * the values at one tab stop. */
#define CSP_SIGNER_MAX_LINES 8

typedef struct csp_signer_line {
  const char *label; /* "Name:", the colon kept */
  const char *value; /* "Jane Doe"; for a line to write on, its
                        underscores */
  int blank;         /* a line to write on */
  int marked;        /* the value holds a draft mark */
} csp_signer_line;

typedef struct csp_signer {
  csp_buf text; /* what the lines point into */
  csp_signer_line lines[CSP_SIGNER_MAX_LINES];
  size_t n;
} csp_signer;

void csp_signer_init(csp_signer *s);
void csp_signer_release(csp_signer *s);

/* Nonzero when node is a signer block; its lines are then in s (valid
 * until the next call with s). */
int csp_signer_parse(cmark_node *node, csp_signer *s);

/* The walk of the HTML and DOCX renderers: each node of doc passed to
 * node as cmark_iter_next gives it, except that a signer block goes to
 * signer whole (top: it is a child of doc itself) and none of its inside
 * to node.  ctx is passed to both. */
void csp_signer_walk(cmark_node *doc, void *ctx,
                     void (*node)(void *ctx, cmark_node *node,
                                  cmark_event_type ev),
                     void (*signer)(void *ctx, cmark_node *para,
                                    const csp_signer *s, int top));

/* What a renderer needs besides the document body: the title block and
 * document properties.  Every string is borrowed, UTF-8, plain text (not
 * markup), and may be NULL when the site file leaves it out. */
typedef struct csp_meta {
  const char *site_name;      /* "Child Advocacy Center of Oswego County" */
  const char *title;          /* the policy title */
  const char *subject;        /* a one-line description */
  const char *version;        /* "1.0" */
  const char *effective_date; /* YYYY-MM-DD */
  const char *approved_by;
  const char *state;          /* USPS code */
  int draft;                  /* nonzero: mark the document DRAFT */
  csp_paper paper;            /* page size for DOCX and print CSS */
  const char *reference_doc;  /* DOCX: take styles from this .docx, */
  const char *reference_data; /* whose bytes, read through the load
                                 context, these are */
  size_t reference_len;
  const char *output;         /* DOCX: the file being written, as
                                 diagnostics name it, or NULL */
  csp_docx_cache *docx_cache; /* DOCX: what to keep between documents,
                                 or NULL to keep nothing */
  csp_diags *diags;           /* where rendering reports (borrowed) */
  int fragment;               /* HTML: the body alone, no page */
  const char *css;            /* HTML: the stylesheet text to embed */
  const char *preamble;       /* HTML: markup put before the policy in
                                 <main> (diff's summary); the caller has
                                 escaped any text in it */
} csp_meta;

/* CommonMark, through cmark's own renderer.  Appends to out.  Returns 0. */
int csp_render_md(cmark_node *doc, const csp_meta *meta, csp_buf *out);

/* A standalone HTML5 page (or a fragment).  Returns 0, or -1 after
 * reporting through diag. */
int csp_render_html(cmark_node *doc, const csp_meta *meta, csp_buf *out);

/* Appends s[0..n) to out as HTML text, safe in element content and in
 * a double-quoted attribute value. */
void csp_html_escape(csp_buf *out, const char *s, size_t n);

/* The size of a --reference-doc. */
#define CSP_MAX_REFERENCE_DOC (64 * 1024 * 1024)

/* A DOCX package (zip bytes).  Returns 0, or -1 after reporting (naming
 * meta->output).  What is the same for every document of a run (the
 * fixed parts, the styles of meta's paper and reference document) is
 * made and compressed once and kept in meta->docx_cache, when given. */
int csp_render_docx(cmark_node *doc, const csp_meta *meta, csp_buf *out);

/* The formats a policy is written in, in the order -f lists them. */
typedef struct csp_format {
  const char *name; /* "md", "html", "docx": -f, and the extension */
  int (*render)(cmark_node *doc, const csp_meta *meta, csp_buf *out);
} csp_format;

enum { CSP_FMT_MD, CSP_FMT_HTML, CSP_FMT_DOCX, CSP_NFORMATS };
extern const csp_format csp_formats[CSP_NFORMATS];

/* The format named name ("md", "markdown", "html", "docx", in any
 * case), or -1. */
int csp_format_find(const char *name);

/* The format a file name's extension says (.md, .markdown, .html,
 * .htm, .docx, in any case), or -1. */
int csp_format_of_path(const char *path);

#endif

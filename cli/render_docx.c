/* render_docx.c: the DOCX renderer.  Walks the cmark tree into
 * word/document.xml, collecting the lists it numbered and the links it
 * made; docx_pkg.c writes the parts that depend on them and zips the
 * package.  Every part goes through csp_xw (xmlw.c, over libxml2).
 *
 * Mapping: the first level-1 heading at the top is the Title, other
 * headings Heading1..3 (4-6 fold into 3); paragraphs Normal, or
 * ListParagraph inside a list item, or Quote inside a block quote; each
 * list its own w:num, its depth the w:ilvl; code blocks SourceCode; a
 * thematic break an empty paragraph with a bottom border.  Emphasis,
 * strong and code are run properties.  A link becomes a w:hyperlink with
 * an External relationship when its URL is safe, else plain text.  Raw
 * HTML is dropped: it is never markup here, and pandoc drops it too, so
 * the DOCX reads the same as the Markdown.  A signer block (render.h)
 * becomes a paragraph a line, kept together, its values at a tab stop;
 * a draft's mark is highlighted; a tel: link's spaces and hyphens do
 * not break.
 *
 * Tracked changes (csecpol diff, see csp_rev in render.h): each run of
 * inserted or deleted text is wrapped in its own w:ins or w:del, deleted
 * text is w:delText, and a paragraph that was itself inserted or deleted
 * gets the same mark on its paragraph mark (w:pPr/w:rPr), so that
 * accepting or rejecting every change leaves no empty paragraph. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "docx_pkg.h"
#include "render.h"

typedef struct S_state {
  csp_xw x;
  const csp_meta *meta;
  cmark_node *root;
  /* lists numbered so far; numId = index + 1 */
  csp_docx_list *lists;
  size_t nlists, caplists;
  /* numId of each open list, outermost first */
  int *open;
  size_t depth, capopen;
  /* a list item whose number is not yet on a paragraph: its numId, or 0 */
  int pending;
  int pending_ilvl;
  int quote_depth;
  int strong, emph;
  cmark_node *link; /* the link whose w:hyperlink is open */
  int ltr_mark;     /* its first run is still to come (S_run) */
  int phone_link;   /* ... and it is a tel: link */
  /* hyperlink targets in first-use order; rId = CSP_DOCX_RID_LINK0 + i */
  char **links;
  size_t nlinks, caplinks;
  cmark_node *title; /* the heading that became the Title */
  const csp_rev *rev;      /* the tracked change the text is in, or NULL */
  const csp_rev *para_rev; /* ... the next paragraph mark is in */
  long rev_id;             /* the last w:id given */
  int draft_done;
  int mark;         /* inside a draft's mark: runs are highlighted */
  csp_buf scratch;
  csp_buf nobreak;  /* S_phone_text's */
} S_state;

/* Paragraph flags for S_para_open. */
enum { S_HR = 1, S_SPACED = 2 };

static int S_is_tel(const char *url)
{
  static const char tel[] = "tel:";
  for (int i = 0; i < 4; i++)
    if (!url[i] || (url[i] | 0x20) != tel[i])
      return 0;
  return 1;
}

static int S_ilvl(size_t depth)
{
  return depth == 0 ? 0
         : depth - 1 > CSP_DOCX_MAX_ILVL ? CSP_DOCX_MAX_ILVL
                                         : (int)depth - 1;
}

/* The relationship id of url, adding it on first use. */
static size_t S_link_rid(S_state *st, const char *url)
{
  size_t i;
  for (i = 0; i < st->nlinks; i++)
    if (strcmp(st->links[i], url) == 0)
      return CSP_DOCX_RID_LINK0 + i;
  st->links =
      csp_xgrow(st->links, st->nlinks, &st->caplinks, sizeof *st->links, 16);
  st->links[st->nlinks++] = csp_xstrdup(url);
  return CSP_DOCX_RID_LINK0 + i;
}

/* Nonzero when node is the last thing in the outermost list holding it:
 * the paragraph after which body spacing resumes. */
static int S_ends_list(cmark_node *node)
{
  cmark_node *outer = NULL;
  for (cmark_node *p = node; p; p = cmark_node_parent(p))
    if (cmark_node_get_type(p) == CMARK_NODE_LIST)
      outer = p;
  if (!outer)
    return 0;
  for (cmark_node *p = node; p != outer; p = cmark_node_parent(p))
    if (cmark_node_next(p))
      return 0;
  return 1;
}

/* Opens a w:ins or w:del for rev, with its id, author and date. */
static void S_rev_open(S_state *st, const csp_rev *rev)
{
  csp_xw *x = &st->x;
  csp_xw_start(x, rev->del ? "w:del" : "w:ins");
  csp_xw_attr_int(x, "w:id", ++st->rev_id);
  csp_xw_attr(x, "w:author",
              rev->author && *rev->author ? rev->author : "csecpol");
  if (csp_docx_is_date(rev->date)) {
    char when[32];
    snprintf(when, sizeof when, "%sT00:00:00Z", rev->date);
    csp_xw_attr(x, "w:date", when);
  }
}

/* Opens a w:p with its properties, in schema order: pStyle, numPr,
 * pBdr, spacing, ind, rPr (the paragraph mark's tracked change).  The paragraph takes a pending list number; other
 * paragraphs inside a list item are indented to its text. */
static void S_para_open(S_state *st, const char *style, int flags)
{
  csp_xw *x = &st->x;
  csp_xw_start(x, "w:p");
  csp_xw_start(x, "w:pPr");
  if (style)
    csp_xw_val(x, "w:pStyle", style);
  int numbered = st->pending != 0;
  if (numbered) {
    csp_xw_start(x, "w:numPr");
    csp_xw_val_int(x, "w:ilvl", st->pending_ilvl);
    csp_xw_val_int(x, "w:numId", st->pending);
    csp_xw_end(x);
    st->pending = 0;
  }
  if (flags & S_HR) {
    csp_xw_start(x, "w:pBdr");
    csp_xw_start(x, "w:bottom");
    csp_xw_attr(x, "w:val", "single");
    csp_xw_attr_int(x, "w:sz", 6);
    csp_xw_attr_int(x, "w:space", 1);
    csp_xw_attr(x, "w:color", "A6A6A6");
    csp_xw_end(x);
    csp_xw_end(x);
  }
  if (flags & S_SPACED) {
    csp_xw_start(x, "w:spacing");
    csp_xw_attr_int(x, "w:after", 160);
    csp_xw_end(x);
  }
  if (!numbered && st->depth > 0) {
    csp_xw_start(x, "w:ind");
    csp_xw_attr_int(x, "w:left", 720L * (S_ilvl(st->depth) + 1));
    csp_xw_end(x);
  } else if (!numbered && st->quote_depth > 1) {
    csp_xw_start(x, "w:ind");
    csp_xw_attr_int(x, "w:left", 720L * st->quote_depth);
    csp_xw_end(x);
  }
  if (st->para_rev) {
    csp_xw_start(x, "w:rPr");
    S_rev_open(st, st->para_rev);
    csp_xw_end(x);
    csp_xw_end(x);
    st->para_rev = NULL;
  }
  csp_xw_end(x); /* w:pPr */
}

/* A list item with no paragraph of its own still shows its number. */
static void S_flush_pending(S_state *st)
{
  if (st->pending) {
    S_para_open(st, "ListParagraph", 0);
    csp_xw_end(&st->x);
  }
}

static void S_draft(S_state *st)
{
  if (!st->meta->draft || st->draft_done)
    return;
  st->draft_done = 1;
  int pending = st->pending;
  st->pending = 0;
  S_para_open(st, "DraftMark", 0);
  csp_xw_start(&st->x, "w:r");
  csp_xw_elem_text(&st->x, "w:t", "DRAFT");
  csp_xw_end(&st->x);
  csp_xw_end(&st->x);
  st->pending = pending;
}

/* Nonzero when Word would drop or fold some of s's spaces: leading,
 * trailing, or two in a row. */
static int S_needs_preserve(const char *s, size_t n)
{
  if (s[0] == ' ' || s[n - 1] == ' ')
    return 1;
  for (size_t i = 1; i < n; i++)
    if (s[i] == ' ' && s[i - 1] == ' ')
      return 1;
  return 0;
}

/* One w:t (w:delText in deleted text), keeping its spaces. */
static void S_t(S_state *st, const char *s, size_t n)
{
  if (!n)
    return;
  csp_xw_start(&st->x, st->rev && st->rev->del ? "w:delText" : "w:t");
  if (S_needs_preserve(s, n))
    csp_xw_attr(&st->x, "xml:space", "preserve");
  csp_xw_text(&st->x, s, n);
  csp_xw_end(&st->x);
}

/* A draft's mark (render.h) is highlighted: the last of the run
 * properties S_run writes. */
static void S_mark_rpr(S_state *st)
{
  if (st->mark)
    csp_xw_val(&st->x, "w:highlight", "yellow");
}

/* A phone number never breaks across lines: its spaces become no-break
 * spaces (U+00A0) in st->scratch, as its hyphens become
 * w:noBreakHyphen in S_run. */
static void S_phone_text(S_state *st)
{
  if (!memchr(st->scratch.data, ' ', st->scratch.len))
    return;
  csp_buf_clear(&st->nobreak);
  for (size_t i = 0; i < st->scratch.len; i++) {
    if (st->scratch.data[i] == ' ')
      csp_buf_puts(&st->nobreak, "\xC2\xA0");
    else
      csp_buf_putc(&st->nobreak, st->scratch.data[i]);
  }
  csp_buf_clear(&st->scratch);
  csp_buf_put(&st->scratch, st->nobreak.data, st->nobreak.len);
}

/* A run of text in the current formatting.  Newlines (in code blocks)
 * become w:br and tabs w:tab; the hyphens and spaces of a phone number
 * are non-breaking, so "1-800-THE-LOST" and "(419) 244-7100" stay on
 * one line; characters XML forbids are dropped before the text is
 * split; a draft's mark is highlighted. */
static void S_run(S_state *st, const char *s, size_t len, int code)
{
  csp_xw *x = &st->x;
  csp_buf_clear(&st->scratch);
  csp_xml_filter(s, len, &st->scratch);
  if (!st->scratch.len)
    return;
  if (st->rev)
    S_rev_open(st, st->rev);
  csp_xw_start(x, "w:r");
  if (st->link || code || st->strong || st->emph || st->mark) {
    csp_xw_start(x, "w:rPr");
    if (st->link)
      csp_xw_val(x, "w:rStyle", "Hyperlink");
    else if (code)
      csp_xw_val(x, "w:rStyle", "VerbatimChar");
    if (st->link && code) {
      csp_xw_start(x, "w:rFonts");
      csp_xw_attr(x, "w:ascii", "Consolas");
      csp_xw_attr(x, "w:hAnsi", "Consolas");
      csp_xw_end(x);
    }
    if (st->strong) {
      csp_xw_start(x, "w:b"), csp_xw_end(x);
      csp_xw_start(x, "w:bCs"), csp_xw_end(x);
    }
    if (st->emph) {
      csp_xw_start(x, "w:i"), csp_xw_end(x);
      csp_xw_start(x, "w:iCs"), csp_xw_end(x);
    }
    S_mark_rpr(st);
    csp_xw_end(x);
  }
  if (st->phone_link)
    S_phone_text(st);
  if (st->link && st->ltr_mark) {
    /* A number, an address or a web address reads left to right: a
     * LEFT-TO-RIGHT MARK (U+200E) before it, in the link's first run (and
     * so in the same tracked change), makes the parentheses and spaces
     * of "(419) 244-7100" left to right after a name in Arabic or
     * Hebrew, where they would otherwise show "244-7100 (419)".  A site
     * file can hold no such character (value.h): this one is ours. */
    csp_buf_clear(&st->nobreak);
    csp_buf_puts(&st->nobreak, "\xE2\x80\x8E");
    csp_buf_put(&st->nobreak, st->scratch.data, st->scratch.len);
    csp_buf_clear(&st->scratch);
    csp_buf_put(&st->scratch, st->nobreak.data, st->nobreak.len);
    st->ltr_mark = 0;
  }
  const char *p = st->scratch.data, *end = p + st->scratch.len;
  const char *seg = p;
  for (; p < end; p++) {
    const char *elem = *p == '\n'                      ? "w:br"
                       : *p == '\t'                    ? "w:tab"
                       : *p == '-' && st->phone_link ? "w:noBreakHyphen"
                                                       : NULL;
    if (!elem && *p != '\r')
      continue;
    S_t(st, seg, (size_t)(p - seg));
    if (elem) {
      csp_xw_start(x, elem);
      csp_xw_end(x);
    }
    seg = p + 1;
  }
  S_t(st, seg, (size_t)(end - seg));
  csp_xw_end(x);
  if (st->rev)
    csp_xw_end(x);
}

static const char *S_heading_style(S_state *st, cmark_node *node)
{
  int level = cmark_node_get_heading_level(node);
  if (level == 1 && !st->title && cmark_node_parent(node) == st->root) {
    st->title = node;
    return "Title";
  }
  return level == 1 ? "Heading1" : level == 2 ? "Heading2" : "Heading3";
}

static void S_paragraph(S_state *st, cmark_node *node)
{
  cmark_node *parent = cmark_node_parent(node);
  cmark_node_type pt = parent ? cmark_node_get_type(parent) : CMARK_NODE_NONE;
  const char *style = NULL;
  int flags = 0;
  if (pt == CMARK_NODE_ITEM) {
    style = "ListParagraph";
    cmark_node *list = cmark_node_parent(parent);
    if ((list && !cmark_node_get_list_tight(list)) || S_ends_list(node))
      flags |= S_SPACED;
  } else if (pt == CMARK_NODE_BLOCK_QUOTE)
    style = "Quote";
  S_para_open(st, style, flags);
}

static void S_list_enter(S_state *st, cmark_node *node)
{
  S_flush_pending(st);
  st->lists =
      csp_xgrow(st->lists, st->nlists, &st->caplists, sizeof *st->lists, 16);
  csp_docx_list *l = &st->lists[st->nlists++];
  l->ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST;
  l->paren = cmark_node_get_list_delim(node) == CMARK_PAREN_DELIM;
  l->start = cmark_node_get_list_start(node);
  if (l->start < 0)
    l->start = 0;
  l->ilvl = S_ilvl(st->depth + 1);
  st->open = csp_xgrow(st->open, st->depth, &st->capopen, sizeof *st->open,
                       16);
  st->open[st->depth++] = (int)st->nlists;
}

/* A code block (a leaf: one event): a SourceCode paragraph, its
 * trailing newlines left out, inside its tracked change if it is one. */
static void S_code_block(S_state *st, cmark_node *node)
{
  const char *lit = cmark_node_get_literal(node);
  size_t n = lit ? strlen(lit) : 0;
  while (n && lit[n - 1] == '\n')
    n--;
  st->para_rev = cmark_node_get_user_data(node);
  const csp_rev *outer = st->rev;
  if (st->para_rev)
    st->rev = st->para_rev;
  S_para_open(st, "SourceCode", 0);
  if (n)
    S_run(st, lit, n, 0);
  csp_xw_end(&st->x);
  st->rev = outer;
}

/* One event of a block node. */
static void S_block(S_state *st, cmark_node *node, int entering)
{
  csp_xw *x = &st->x;
  switch (cmark_node_get_type(node)) {
  case CMARK_NODE_HEADING:
    if (entering) {
      st->para_rev = cmark_node_get_user_data(node);
      S_para_open(st, S_heading_style(st, node), 0);
    }
    else {
      csp_xw_end(x);
      if (node == st->title)
        S_draft(st);
    }
    break;
  case CMARK_NODE_PARAGRAPH:
    if (entering) {
      st->para_rev = cmark_node_get_user_data(node);
      S_paragraph(st, node);
    }
    else
      csp_xw_end(x);
    break;
  case CMARK_NODE_LIST:
    if (entering)
      S_list_enter(st, node);
    else
      st->depth--;
    break;
  case CMARK_NODE_ITEM:
    if (entering) {
      st->pending = st->depth ? st->open[st->depth - 1] : 0;
      st->pending_ilvl = S_ilvl(st->depth);
    } else {
      S_flush_pending(st);
    }
    break;
  case CMARK_NODE_BLOCK_QUOTE:
    st->quote_depth += entering ? 1 : -1;
    break;
  case CMARK_NODE_CODE_BLOCK:
    S_code_block(st, node);
    break;
  case CMARK_NODE_THEMATIC_BREAK:
    st->para_rev = cmark_node_get_user_data(node);
    S_para_open(st, NULL, S_HR);
    csp_xw_end(x);
    break;
  case CMARK_NODE_HTML_BLOCK:
    /* never markup; dropped, as pandoc's plain writer drops it */
    break;
  default:
    /* the document, custom blocks */
    break;
  }
}

/* A hard line break: a run of its own holding a w:br. */
static void S_linebreak(S_state *st)
{
  csp_xw *x = &st->x;
  if (st->rev)
    S_rev_open(st, st->rev);
  csp_xw_start(x, "w:r");
  csp_xw_start(x, "w:br");
  csp_xw_end(x);
  csp_xw_end(x);
  if (st->rev)
    csp_xw_end(x);
}

/* A custom inline: a tracked change of csecpol diff (user data), whose
 * runs go in its w:ins or w:del, or a draft's mark (render.h), whose
 * runs are highlighted. */
static void S_custom_inline(S_state *st, cmark_node *node, int entering)
{
  if (!cmark_node_get_user_data(node)) {
    st->mark += entering ? 1 : -1;
  } else if (entering) {
    st->rev = cmark_node_get_user_data(node);
  } else {
    /* the enclosing change, if any */
    st->rev = NULL;
    for (cmark_node *p = cmark_node_parent(node); p && !st->rev;
         p = cmark_node_parent(p))
      if (cmark_node_get_type(p) == CMARK_NODE_CUSTOM_INLINE)
        st->rev = cmark_node_get_user_data(p);
  }
}

/* A link: a w:hyperlink around its runs when its URL is safe and it is
 * not inside another; else its runs alone. */
static void S_link(S_state *st, cmark_node *node, int entering)
{
  csp_xw *x = &st->x;
  if (entering && !st->link && csp_url_is_safe(cmark_node_get_url(node))) {
    char id[32];
    snprintf(id, sizeof id, "rId%zu",
             S_link_rid(st, cmark_node_get_url(node)));
    csp_xw_start(x, "w:hyperlink");
    csp_xw_attr(x, "r:id", id);
    csp_xw_attr(x, "w:history", "1");
    st->link = node;
    st->phone_link = S_is_tel(cmark_node_get_url(node));
    st->ltr_mark = 1;
  } else if (!entering && st->link == node) {
    csp_xw_end(x);
    st->link = NULL;
    st->phone_link = 0;
  }
}

/* One event of an inline node. */
static void S_inline(S_state *st, cmark_node *node, int entering)
{
  cmark_node_type type = cmark_node_get_type(node);
  switch (type) {
  case CMARK_NODE_TEXT:
  case CMARK_NODE_CODE: {
    const char *lit = cmark_node_get_literal(node);
    if (lit)
      S_run(st, lit, strlen(lit), type == CMARK_NODE_CODE);
    break;
  }
  case CMARK_NODE_SOFTBREAK:
    S_run(st, " ", 1, 0);
    break;
  case CMARK_NODE_LINEBREAK:
    S_linebreak(st);
    break;
  case CMARK_NODE_CUSTOM_INLINE:
    S_custom_inline(st, node, entering);
    break;
  case CMARK_NODE_EMPH:
    st->emph += entering ? 1 : -1;
    break;
  case CMARK_NODE_STRONG:
    st->strong += entering ? 1 : -1;
    break;
  case CMARK_NODE_LINK:
    S_link(st, node, entering);
    break;
  case CMARK_NODE_HTML_INLINE:
    /* never markup; dropped, as pandoc's plain writer drops it */
    break;
  default:
    /* an image: its alt text is rendered */
    break;
  }
}

/* One event of the walk: the draft's mark where the body opens, then
 * the node itself. */
static void S_node(S_state *st, cmark_node *node, int entering)
{
  cmark_node_type type = cmark_node_get_type(node);

  if (entering && cmark_node_parent(node) == st->root &&
      !(type == CMARK_NODE_HEADING && !st->title &&
        cmark_node_get_heading_level(node) == 1))
    S_draft(st); /* no title first: the mark opens the body */

  if (type >= CMARK_NODE_FIRST_INLINE && type <= CMARK_NODE_LAST_INLINE)
    S_inline(st, node, entering);
  else
    S_block(st, node, entering);
}

/* The indent of a signer block's values: past the longest label. */
#define S_SIGNER_TAB 1440

/* A signer block (render.h): a paragraph a line, each kept with the
 * next and whole (keepNext, keepLines) so that the block stays on one
 * page, the values at one tab stop; the line to sign on has room above
 * it. */
static void S_signer(S_state *st, const csp_signer *sig)
{
  csp_xw *x = &st->x;
  S_flush_pending(st);
  for (size_t i = 0; i < sig->n; i++) {
    const csp_signer_line *l = &sig->lines[i];
    int last = i + 1 == sig->n;
    csp_xw_start(x, "w:p");
    csp_xw_start(x, "w:pPr");
    if (!last) {
      csp_xw_start(x, "w:keepNext");
      csp_xw_end(x);
    }
    csp_xw_start(x, "w:keepLines");
    csp_xw_end(x);
    csp_xw_start(x, "w:tabs");
    csp_xw_start(x, "w:tab");
    csp_xw_attr(x, "w:val", "left");
    csp_xw_attr_int(x, "w:pos", S_SIGNER_TAB);
    csp_xw_end(x);
    csp_xw_end(x);
    csp_xw_start(x, "w:spacing");
    csp_xw_attr_int(x, "w:before", i == 0 ? 600 : l->blank ? 360 : 120);
    csp_xw_attr_int(x, "w:after", last ? 240 : 0);
    csp_xw_end(x);
    csp_xw_end(x); /* w:pPr */
    st->strong++;
    S_run(st, l->label, strlen(l->label), 0);
    st->strong--;
    S_run(st, "\t", 1, 0);
    st->mark += l->marked;
    S_run(st, l->value, strlen(l->value), 0);
    st->mark -= l->marked;
    csp_xw_end(x); /* w:p */
  }
}

static void S_walk_node(void *ctx, cmark_node *node, cmark_event_type ev)
{
  S_node(ctx, node, ev == CMARK_EVENT_ENTER);
}

static void S_walk_signer(void *ctx, cmark_node *para, const csp_signer *sig,
                          int top)
{
  (void)para;
  if (top)
    S_draft(ctx);
  S_signer(ctx, sig);
}

int csp_render_docx(cmark_node *doc, const csp_meta *meta, csp_buf *out)
{
  S_state st;
  memset(&st, 0, sizeof st);
  st.meta = meta;
  st.root = doc;
  csp_buf_init(&st.scratch);
  csp_buf_init(&st.nobreak);
  csp_xw_init(&st.x);
  csp_xw_start(&st.x, "w:document");
  csp_xw_attr(&st.x, "xmlns:w", CSP_NS_W);
  csp_xw_attr(&st.x, "xmlns:r", CSP_NS_R);
  csp_xw_start(&st.x, "w:body");

  csp_signer_walk(doc, &st, S_walk_node, S_walk_signer);

  S_draft(&st); /* an empty document is still marked */
  csp_docx_sect_pr(&st.x, meta);
  csp_xw_end(&st.x); /* w:body */
  csp_xw_end(&st.x); /* w:document */

  csp_buf xml;
  csp_buf_init(&xml);
  int rc = -1;
  if (csp_xw_finish(&st.x, &xml) < 0)
    csp_diag(meta->diags, CSP_R_DOCX, NULL,
             "cannot write word/document.xml");
  else {
    csp_docx_body body = {.xml = xml.data,
                          .len = xml.len,
                          .lists = st.lists,
                          .nlists = st.nlists,
                          .links = st.links,
                          .nlinks = st.nlinks};
    rc = csp_docx_package(&body, meta, out);
  }
  csp_buf_release(&xml);
  csp_buf_release(&st.scratch);
  csp_buf_release(&st.nobreak);
  for (size_t i = 0; i < st.nlinks; i++)
    free(st.links[i]);
  free(st.links);
  free(st.lists);
  free(st.open);
  return rc;
}

/* render_html.c: the policy as one self-contained HTML5 page (or, with
 * meta->fragment, the body content alone), written by walking the cmark
 * tree the way cmark's own html.c does, so that every tag is ours.
 *
 * What never reaches the output:
 *  - raw HTML.  CMARK_NODE_HTML_BLOCK and CMARK_NODE_HTML_INLINE are
 *    dropped, not escaped into view.  Site values are Markdown-escaped
 *    before cmark sees them, so raw HTML can only come from a template,
 *    where it is an author's comment or markup meant for another format;
 *    printing "<!-- note -->" in a signed policy would help nobody.  The
 *    custom nodes' on_enter/on_exit strings are raw markup too: dropped,
 *    their children kept.  (A custom inline that carries a csp_rev, a
 *    tracked change of csecpol diff, becomes <ins> or <del>; one
 *    without, a draft's mark, <mark>.)
 *  - links to anything but http:, https:, tel: and mailto: (see
 *    csp_url_is_safe): such a link renders as its text.
 *  - images: a page that must work offline and from e-mail fetches
 *    nothing, so an image renders as its alt text.
 *  - code points HTML forbids (C0 controls but tab and newline, DEL, C1
 *    controls, noncharacters): dropped from text and attributes.
 * Nothing depends on the clock or the environment: the same tree and
 * meta give the same bytes. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "render.h"

/* The walker's state, one per render. */
typedef struct S_html {
  csp_buf *out;         /* borrowed: where the page goes */
  const csp_meta *meta; /* borrowed */
  int title_open;       /* the <header> around the title block is open */
  int title_done;       /* the title block can no longer open */
} S_html;

/* ---- escaping ---------------------------------------------------- */

/* Length of a code point HTML forbids at s (of n bytes), or 0.  Input
 * is UTF-8 (cmark validates the document; libyaml the site values). */
static size_t S_forbidden(const unsigned char *s, size_t n)
{
  unsigned c = s[0];
  if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
    return 1;
  if (c == 0xc2 && n >= 2 && s[1] >= 0x80 && s[1] <= 0x9f)
    return 2; /* U+0080..U+009F */
  if (c == 0xef && n >= 3) {
    unsigned cp = ((c & 0x0fu) << 12) | ((s[1] & 0x3fu) << 6) | (s[2] & 0x3fu);
    if ((cp >= 0xfdd0 && cp <= 0xfdef) || cp >= 0xfffe)
      return 3;
  }
  if (c >= 0xf0 && c <= 0xf4 && n >= 4) {
    unsigned cp = ((c & 0x07u) << 18) | ((s[1] & 0x3fu) << 12) |
                  ((s[2] & 0x3fu) << 6) | (s[3] & 0x3fu);
    if ((cp & 0xfffeu) == 0xfffeu)
      return 4;
  }
  return 0;
}

/* Writes s[0..n) as HTML text, safe in element content and in a
 * double-quoted attribute value. */
static void S_escape(csp_buf *out, const char *s, size_t n)
{
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0, run = 0;
  while (i < n) {
    const char *rep = NULL;
    size_t skip = 0;
    switch (p[i]) {
    case '&': rep = "&amp;"; break;
    case '<': rep = "&lt;"; break;
    case '>': rep = "&gt;"; break;
    case '"': rep = "&quot;"; break;
    default: skip = S_forbidden(p + i, n - i); break;
    }
    if (!rep && !skip) {
      i++;
      continue;
    }
    csp_buf_put(out, s + run, i - run);
    if (rep) {
      csp_buf_puts(out, rep);
      i++;
    } else {
      i += skip;
    }
    run = i;
  }
  csp_buf_put(out, s + run, n - run);
}

void csp_html_escape(csp_buf *out, const char *s, size_t n)
{
  S_escape(out, s, n);
}

static void S_escape_str(csp_buf *out, const char *s)
{
  if (s)
    S_escape(out, s, strlen(s));
}

static int S_is_hex(int c)
{
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
         (c >= 'A' && c <= 'F');
}

/* Writes url as an href value: bytes a URL may hold as they are, the
 * rest (space, non-ASCII, "<>\"\\^`{|}", a "%" that starts no escape)
 * percent-encoded, then "&" as "&amp;".  The caller has checked the URL
 * with csp_url_is_safe, which refuses control characters. */
static void S_escape_href(csp_buf *out, const char *url)
{
  static const char keep[] = "-_.~!*'();:@=+$,/?#[]";
  const unsigned char *p = (const unsigned char *)url;
  for (; *p; p++) {
    int c = *p;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (c >= '0' && c <= '9') || (c && strchr(keep, c)))
      csp_buf_putc(out, c);
    else if (c == '&')
      csp_buf_puts(out, "&amp;");
    else if (c == '%' && S_is_hex(p[1]) && S_is_hex(p[2]))
      csp_buf_putc(out, c);
    else
      csp_buf_printf(out, "%%%02X", (unsigned)c);
  }
}

/* ---- helpers ----------------------------------------------------- */

/* Ends the current line unless it is already ended. */
static void S_cr(csp_buf *out)
{
  if (out->len > 0 && out->data[out->len - 1] != '\n')
    csp_buf_putc(out, '\n');
}

/* Appends the text a reader sees inside node (text and code spans,
 * breaks as spaces) to b. */
static void S_plain_text(cmark_node *node, csp_buf *b)
{
  cmark_iter *it = cmark_iter_new(node);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    if (ev != CMARK_EVENT_ENTER)
      continue;
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE:
      csp_buf_puts(b, cmark_node_get_literal(n));
      break;
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
      csp_buf_putc(b, ' ');
      break;
    default:
      break;
    }
  }
  cmark_iter_free(it);
}

/* Nonzero when a link shows its own address ("https://x.org",
 * "x.org" for https://x.org, "a@b.org" for mailto:a@b.org), so print
 * need not repeat it. */
static int S_link_is_bare(cmark_node *link, const char *url)
{
  static const char *const schemes[] = {"https://", "http://", "mailto:",
                                        "tel:"};
  csp_buf text;
  csp_buf_init(&text);
  S_plain_text(link, &text);
  int bare = strcmp(text.data, url) == 0;
  for (size_t i = 0; !bare && i < sizeof schemes / sizeof *schemes; i++) {
    size_t n = strlen(schemes[i]);
    if (strncmp(url, schemes[i], n) == 0 && strcmp(text.data, url + n) == 0)
      bare = 1;
  }
  csp_buf_release(&text);
  return bare;
}

/* Nonzero when the paragraph's list item is in a tight list, where
 * cmark's renderer (and ours) leaves out the <p>. */
static int S_in_tight_list(cmark_node *para)
{
  cmark_node *item = cmark_node_parent(para);
  if (!item || cmark_node_get_type(item) != CMARK_NODE_ITEM)
    return 0;
  cmark_node *list = cmark_node_parent(item);
  return list && cmark_node_get_list_tight(list);
}

/* The title block is the level-1 heading that opens the document and
 * the paragraphs right after it (site, version, date, approval); it is
 * wrapped in <header class="title-block">.  Called on entering each
 * child of the document. */
static void S_title_block(S_html *h, cmark_node *node)
{
  cmark_node_type t = cmark_node_get_type(node);
  if (h->title_open) {
    if (t == CMARK_NODE_PARAGRAPH)
      return;
    csp_buf_puts(h->out, "</header>\n");
    h->title_open = 0;
    h->title_done = 1;
  }
  if (h->title_done)
    return;
  h->title_done = 1;
  if (t == CMARK_NODE_HEADING && cmark_node_get_heading_level(node) == 1) {
    csp_buf_puts(h->out, "<header class=\"title-block\">\n");
    h->title_open = 1;
  }
}

/* ---- the walk ---------------------------------------------------- */

/* The tracked change a node carries (see render.h), or NULL. */
static const csp_rev *S_rev(cmark_node *node)
{
  return cmark_node_get_user_data(node);
}

/* <ins> or <del> for a tracked change, with its source as the class. */
static void S_rev_open(csp_buf *out, const csp_rev *rev)
{
  csp_buf_puts(out, rev->del ? "<del" : "<ins");
  if (rev->source) {
    csp_buf_puts(out, " class=\"");
    S_escape_str(out, rev->source);
    csp_buf_putc(out, '"');
  }
  csp_buf_putc(out, '>');
}

static void S_rev_close(csp_buf *out, const csp_rev *rev)
{
  csp_buf_puts(out, rev->del ? "</del>" : "</ins>");
}

/* A block element's tag: the start on a line of its own, the end
 * ending the line. */
static void S_block_tag(csp_buf *out, int enter, const char *name)
{
  if (enter)
    S_cr(out);
  csp_buf_puts(out, enter ? "<" : "</");
  csp_buf_puts(out, name);
  csp_buf_puts(out, enter ? ">" : ">\n");
}

/* Around a leaf block (code, a rule): its line, inside its tracked
 * change if it is one. */
static void S_leaf_open(csp_buf *out, cmark_node *node)
{
  S_cr(out);
  if (S_rev(node))
    S_rev_open(out, S_rev(node));
}

static void S_leaf_close(csp_buf *out, cmark_node *node)
{
  if (S_rev(node))
    S_rev_close(out, S_rev(node));
  csp_buf_putc(out, '\n');
}

/* <ol> (with its start when not 1) or <ul>, on a line of its own. */
static void S_list(csp_buf *out, cmark_node *node, int enter)
{
  S_cr(out);
  if (cmark_node_get_list_type(node) == CMARK_ORDERED_LIST) {
    if (!enter) {
      csp_buf_puts(out, "</ol>\n");
    } else if (cmark_node_get_list_start(node) != 1) {
      csp_buf_printf(out, "<ol start=\"%d\">\n",
                     cmark_node_get_list_start(node));
    } else {
      csp_buf_puts(out, "<ol>\n");
    }
  } else {
    csp_buf_puts(out, enter ? "<ul>\n" : "</ul>\n");
  }
}

/* A code block (a leaf: ENTER only): <pre><code>, the first word of its
 * info string as its language class. */
static void S_code_block(csp_buf *out, cmark_node *node)
{
  const char *info = cmark_node_get_fence_info(node);
  size_t n = info ? strcspn(info, " \t") : 0;
  S_leaf_open(out, node);
  csp_buf_puts(out, "<pre><code");
  if (n > 0) {
    csp_buf_puts(out, " class=\"language-");
    S_escape(out, info, n);
    csp_buf_putc(out, '"');
  }
  csp_buf_putc(out, '>');
  S_escape_str(out, cmark_node_get_literal(node));
  csp_buf_puts(out, "</code></pre>");
  S_leaf_close(out, node);
}

/* A link's <a> and </a>.  An unsafe link writes nothing itself: its
 * children still render, so the reader sees the text without a link. */
static void S_link(csp_buf *out, cmark_node *node, int enter)
{
  const char *url = cmark_node_get_url(node);
  if (!csp_url_is_safe(url))
    return;
  if (!enter) {
    csp_buf_puts(out, "</a>");
    return;
  }
  const char *title = cmark_node_get_title(node);
  csp_buf_puts(out, "<a href=\"");
  S_escape_href(out, url);
  csp_buf_putc(out, '"');
  if (title && *title) {
    csp_buf_puts(out, " title=\"");
    S_escape_str(out, title);
    csp_buf_putc(out, '"');
  }
  if (S_link_is_bare(node, url))
    csp_buf_puts(out, " class=\"bare\"");
  /* a number, an address or a web address reads left to right, and is
   * isolated from the text around it: after a name in Arabic or Hebrew
   * "(419) 244-7100" would otherwise show as "244-7100 (419)" */
  csp_buf_puts(out, " dir=\"ltr\">");
}

/* One event of a block node. */
static void S_block(S_html *h, cmark_node *node, int enter)
{
  csp_buf *out = h->out;
  char tag[8];
  switch (cmark_node_get_type(node)) {
  case CMARK_NODE_DOCUMENT:
    if (!enter && h->title_open) {
      csp_buf_puts(out, "</header>\n");
      h->title_open = 0;
    }
    break;

  case CMARK_NODE_BLOCK_QUOTE:
    S_cr(out);
    csp_buf_puts(out, enter ? "<blockquote>\n" : "</blockquote>\n");
    break;

  case CMARK_NODE_LIST:
    S_list(out, node, enter);
    break;

  case CMARK_NODE_ITEM:
    S_block_tag(out, enter, "li");
    break;

  case CMARK_NODE_HEADING:
    snprintf(tag, sizeof tag, "h%d", cmark_node_get_heading_level(node));
    S_block_tag(out, enter, tag);
    break;

  case CMARK_NODE_CODE_BLOCK:
    S_code_block(out, node);
    break;

  case CMARK_NODE_PARAGRAPH:
    if (!S_in_tight_list(node))
      S_block_tag(out, enter, "p");
    break;

  case CMARK_NODE_THEMATIC_BREAK:
    S_leaf_open(out, node);
    csp_buf_puts(out, "<hr>");
    S_leaf_close(out, node);
    break;

  case CMARK_NODE_HTML_BLOCK:     /* raw markup: dropped, see the top */
  case CMARK_NODE_CUSTOM_BLOCK:   /* on_enter/on_exit are raw markup */
  default:
    break;
  }
}

/* One event of an inline node. */
static void S_inline(S_html *h, cmark_node *node, int enter)
{
  csp_buf *out = h->out;
  switch (cmark_node_get_type(node)) {
  case CMARK_NODE_TEXT:
    S_escape_str(out, cmark_node_get_literal(node));
    break;

  case CMARK_NODE_SOFTBREAK:
    csp_buf_putc(out, '\n');
    break;

  case CMARK_NODE_LINEBREAK:
    csp_buf_puts(out, "<br>\n");
    break;

  case CMARK_NODE_CODE:
    csp_buf_puts(out, "<code>");
    S_escape_str(out, cmark_node_get_literal(node));
    csp_buf_puts(out, "</code>");
    break;

  case CMARK_NODE_EMPH:
    csp_buf_puts(out, enter ? "<em>" : "</em>");
    break;

  case CMARK_NODE_STRONG:
    csp_buf_puts(out, enter ? "<strong>" : "</strong>");
    break;

  case CMARK_NODE_CUSTOM_INLINE:
    /* a tracked change of csecpol diff, or a draft's mark (render.h) */
    if (S_rev(node)) {
      if (enter)
        S_rev_open(out, S_rev(node));
      else
        S_rev_close(out, S_rev(node));
    } else {
      csp_buf_puts(out, enter ? "<mark>" : "</mark>");
    }
    break;

  case CMARK_NODE_LINK:
    S_link(out, node, enter);
    break;

  case CMARK_NODE_IMAGE:          /* its alt text renders as text */
  case CMARK_NODE_HTML_INLINE:    /* raw markup: dropped, see the top */
  default:
    break;
  }
}

/* One event of the walk: the title block's <header> around the
 * document's first children, then the node's own tags. */
static void S_node(S_html *h, cmark_node *node, cmark_event_type ev)
{
  int enter = ev == CMARK_EVENT_ENTER;
  cmark_node *parent = cmark_node_parent(node);
  cmark_node_type t = cmark_node_get_type(node);

  if (enter && parent && cmark_node_get_type(parent) == CMARK_NODE_DOCUMENT)
    S_title_block(h, node);
  if (t >= CMARK_NODE_FIRST_INLINE && t <= CMARK_NODE_LAST_INLINE)
    S_inline(h, node, enter);
  else
    S_block(h, node, enter);
}

/* A signer block (render.h): the labels in a column, each value beside
 * its label, a rule for each line to write on.  Print keeps the block
 * on one page (policy.css). */
static void S_signer(S_html *h, const csp_signer *sig)
{
  csp_buf *out = h->out;
  S_cr(out);
  csp_buf_puts(out, "<div class=\"signer\">\n");
  for (size_t i = 0; i < sig->n; i++) {
    const csp_signer_line *l = &sig->lines[i];
    csp_buf_puts(out, "<p><span class=\"signer-label\">");
    S_escape_str(out, l->label);
    csp_buf_puts(out, "</span> ");
    if (l->marked)
      csp_buf_puts(out, "<mark>");
    if (l->blank)
      csp_buf_puts(out, "<span class=\"signer-line\"></span>");
    else
      S_escape_str(out, l->value);
    if (l->marked)
      csp_buf_puts(out, "</mark>");
    csp_buf_puts(out, "</p>\n");
  }
  csp_buf_puts(out, "</div>\n");
}

/* ---- the page ---------------------------------------------------- */

/* "Title — Site", either alone, or a generic name. */
static void S_page_title(csp_buf *out, const csp_meta *meta)
{
  int t = meta->title && *meta->title;
  int s = meta->site_name && *meta->site_name;
  if (meta->draft)
    csp_buf_puts(out, "DRAFT: ");
  if (t)
    S_escape_str(out, meta->title);
  if (t && s)
    csp_buf_puts(out, " \xe2\x80\x94 "); /* em dash */
  if (s)
    S_escape_str(out, meta->site_name);
  if (!t && !s)
    csp_buf_puts(out, "CSEC policy");
}

static void S_description(csp_buf *out, const csp_meta *meta)
{
  if (meta->subject && *meta->subject) {
    S_escape_str(out, meta->subject);
    return;
  }
  if (meta->title && *meta->title)
    S_escape_str(out, meta->title);
  else
    csp_buf_puts(out, "Commercial Sexual Exploitation of Children (CSEC) "
                      "policy");
  if (meta->site_name && *meta->site_name) {
    csp_buf_puts(out, " of ");
    S_escape_str(out, meta->site_name);
  }
}

/* Writes the stylesheet for a <style> element.  The text is ours (the
 * embedded policy.css) but may come from a file: "</" becomes "<\/",
 * which CSS reads the same and which cannot end the element. */
static void S_style(csp_buf *out, const char *css)
{
  const char *p;
  while ((p = strstr(css, "</")) != NULL) {
    csp_buf_put(out, css, (size_t)(p - css));
    csp_buf_puts(out, "<\\/");
    css = p + 2;
  }
  csp_buf_puts(out, css);
  S_cr(out);
}

static void S_head(csp_buf *out, const csp_meta *meta)
{
  csp_buf_puts(out, "<!doctype html>\n"
                    "<html lang=\"en\">\n"
                    "<head>\n"
                    "<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" "
                    "content=\"width=device-width, initial-scale=1\">\n"
                    "<title>");
  S_page_title(out, meta);
  csp_buf_puts(out, "</title>\n<meta name=\"description\" content=\"");
  S_description(out, meta);
  csp_buf_puts(out, "\">\n");
  if ((meta->css && *meta->css) || meta->paper == CSP_PAPER_A4) {
    csp_buf_puts(out, "<style>\n");
    if (meta->css)
      S_style(out, meta->css);
    if (meta->paper == CSP_PAPER_A4)
      csp_buf_puts(out, "@page { size: A4; }\n");
    csp_buf_puts(out, "</style>\n");
  }
  csp_buf_puts(out, "</head>\n");
}

static void S_walk_node(void *ctx, cmark_node *node, cmark_event_type ev)
{
  S_node(ctx, node, ev);
}

static void S_walk_signer(void *ctx, cmark_node *para, const csp_signer *sig,
                          int top)
{
  if (top)
    S_title_block(ctx, para);
  S_signer(ctx, sig);
}

int csp_render_html(cmark_node *doc, const csp_meta *meta, csp_buf *out)
{
  static const csp_meta none = {0};
  S_html h = {out, meta ? meta : &none, 0, 0};
  meta = h.meta;

  if (!meta->fragment) {
    S_head(out, meta);
    csp_buf_puts(out, meta->draft ? "<body class=\"draft\">\n" : "<body>\n");
    /* Repeated on every printed page: fixed boxes print on each one. */
    if (meta->draft)
      csp_buf_puts(out, "<div class=\"draft-watermark\" "
                        "aria-hidden=\"true\">DRAFT</div>\n");
    csp_buf_puts(out, "<main>\n");
    if (meta->preamble)
      csp_buf_puts(out, meta->preamble);
  }
  csp_buf_puts(out, "<article class=\"policy\">\n");
  if (meta->draft)
    csp_buf_puts(out, "<p class=\"draft-banner\"><strong>DRAFT</strong> "
                      "\xe2\x80\x94 not approved; do not circulate or "
                      "sign this version.</p>\n");

  csp_signer_walk(doc, &h, S_walk_node, S_walk_signer);

  S_cr(out);
  csp_buf_puts(out, "</article>\n");
  if (!meta->fragment)
    csp_buf_puts(out, "</main>\n</body>\n</html>\n");
  return 0;
}

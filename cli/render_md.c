/* render_md.c: CommonMark, through cmark's own renderer.
 *
 * cmark's renderer escapes what CommonMark reads as markup, but not what
 * GitHub-flavoured readers (GitHub, pandoc -f gfm) add to it: ~ for
 * strikethrough, and links made of bare text (www.x.org, https://x.org,
 * name@x.org).  So in each text node a ~ is written \~, and outside a
 * link the @ of an address, the : of :// and the . of www. get a
 * backslash too, through custom inline nodes that cmark prints as they
 * are; the document is put back as it was before the call returns (the
 * other renderers walk the same tree). */
#define _POSIX_C_SOURCE 200809L
#include "render.h"

#include <stdlib.h>
#include <string.h>

/* A text node split where it needs escapes, to be put back. */
typedef struct {
  cmark_node *text; /* the first piece, which keeps the node */
  char *literal;    /* its whole text */
  cmark_node *last; /* the last node made from it */
  int in_link;
} S_split;

static int S_alnum(int c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9');
}

/* Nonzero when s[i] must be escaped for a GFM reader. */
static int S_needs(const char *s, size_t i, int in_link)
{
  char c = s[i];
  if (c == '~')
    return 1;
  if (in_link)
    return 0;
  if (c == '@')
    return 1;
  if (c == ':' && s[i + 1] == '/' && s[i + 2] == '/')
    return 1;
  if (c == '.' && i >= 3 && strncmp(s + i - 3, "www", 3) == 0 &&
      (i == 3 || !S_alnum((unsigned char)s[i - 4])))
    return 1;
  return 0;
}

static int S_any(const char *s, int in_link)
{
  for (size_t i = 0; s[i]; i++)
    if (S_needs(s, i, in_link))
      return 1;
  return 0;
}

static cmark_node *S_text_after(cmark_node *prev, const char *s, size_t n)
{
  char *piece = strndup(s, n);
  if (!piece)
    csp_oom();
  cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
  cmark_node_set_literal(t, piece);
  free(piece);
  cmark_node_insert_after(prev, t);
  return t;
}

/* Splits text where S_needs says into text nodes and "\c" custom
 * inlines after it; returns the last node made. */
static cmark_node *S_split_text(cmark_node *text, const char *s,
                                int in_link)
{
  size_t i = 0;
  while (s[i] && !S_needs(s, i, in_link))
    i++;
  char *head = strndup(s, i);
  if (!head)
    csp_oom();
  cmark_node_set_literal(text, head);
  free(head);
  cmark_node *prev = text;
  while (s[i]) {
    char esc[3] = {'\\', s[i], '\0'};
    cmark_node *e = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
    cmark_node_set_on_enter(e, esc);
    cmark_node_insert_after(prev, e);
    prev = e;
    size_t j = ++i;
    while (s[i] && !S_needs(s, i, in_link))
      i++;
    if (i > j)
      prev = S_text_after(prev, s + j, i - j);
  }
  return prev;
}

int csp_render_md(cmark_node *doc, const csp_meta *meta, csp_buf *out)
{
  (void)meta; /* the title block is in the document itself */
  S_split *splits = NULL;
  size_t n = 0, cap = 0;
  int links = 0;
  cmark_iter *it = cmark_iter_new(doc);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *node = cmark_iter_get_node(it);
    cmark_node_type t = cmark_node_get_type(node);
    if (t == CMARK_NODE_LINK)
      links += ev == CMARK_EVENT_ENTER ? 1 : -1;
    if (t != CMARK_NODE_TEXT || !S_any(cmark_node_get_literal(node), links))
      continue;
    splits = csp_xgrow(splits, n, &cap, sizeof *splits, 8);
    splits[n].text = node;
    splits[n].literal = csp_xstrdup(cmark_node_get_literal(node));
    splits[n].in_link = links > 0;
    n++;
  }
  cmark_iter_free(it);
  /* changed only after the walk */
  for (size_t i = 0; i < n; i++)
    splits[i].last =
        S_split_text(splits[i].text, splits[i].literal, splits[i].in_link);
  /* width 0: no wrapping, so a diff shows whole paragraphs changed */
  char *s = cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0);
  csp_buf_puts(out, s);
  free(s);
  for (size_t i = 0; i < n; i++) {
    cmark_node *p = cmark_node_next(splits[i].text), *stop = splits[i].last;
    while (p && splits[i].last != splits[i].text) {
      cmark_node *next = p == stop ? NULL : cmark_node_next(p);
      cmark_node_free(p);
      p = next;
    }
    cmark_node_set_literal(splits[i].text, splits[i].literal);
    free(splits[i].literal);
  }
  free(splits);
  return 0;
}

/* signer.c: what the renderers know of a signer block (render.h): a
 * paragraph of "Label: value" lines joined by hard line breaks, the
 * first a line to write on. */
#include <string.h>

#include "render.h"

void csp_signer_init(csp_signer *s)
{
  memset(s, 0, sizeof *s);
  csp_buf_init(&s->text);
}

void csp_signer_release(csp_signer *s)
{
  csp_buf_release(&s->text);
}

/* Nonzero when s[0..n) is a line to write on: underscores only, at
 * least four. */
static int S_is_line(const char *s, size_t n)
{
  if (n < 4)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (s[i] != '_')
      return 0;
  return 1;
}

/* Offsets of one line in the text while it grows. */
typedef struct {
  size_t start, end;
  int marked;
} S_span;

/* Splits the line text[span] at its first ':' into the label (colon
 * kept) and the value (spaces around it dropped), each NUL-terminated
 * in place.  Returns -1 when the line has no label. */
static int S_split(csp_signer *s, const S_span *span, csp_signer_line *l)
{
  char *t = s->text.data;
  char *colon = memchr(t + span->start, ':', span->end - span->start);
  if (!colon || colon == t + span->start)
    return -1;
  char *v = colon + 1, *e = t + span->end;
  while (v < e && *v == ' ')
    v++;
  while (e > v && e[-1] == ' ')
    e--;
  /* the label ends at the colon; the byte after it (a space, or the
   * value's first byte) becomes its NUL only after the value is cut */
  size_t vn = (size_t)(e - v);
  memmove(colon + 2, v, vn);
  colon[1] = '\0';
  colon[2 + vn] = '\0';
  l->label = t + span->start;
  l->value = colon + 2;
  l->blank = S_is_line(l->value, vn);
  l->marked = span->marked;
  return 0;
}

int csp_signer_parse(cmark_node *para, csp_signer *s)
{
  s->n = 0;
  csp_buf_clear(&s->text);
  /* a paragraph that is itself a tracked change is the redline's */
  if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH ||
      cmark_node_get_user_data(para))
    return 0;
  /* most paragraphs have no hard break: seen without copying a byte */
  cmark_node *c = cmark_node_first_child(para);
  while (c && cmark_node_get_type(c) != CMARK_NODE_LINEBREAK)
    c = cmark_node_next(c);
  if (!c)
    return 0;
  S_span spans[CSP_SIGNER_MAX_LINES];
  size_t n = 0;
  int ok = 1;
  spans[0].start = 0;
  spans[0].marked = 0;
  cmark_iter *it = cmark_iter_new(para);
  cmark_event_type ev;
  while (ok && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *node = cmark_iter_get_node(it);
    switch (cmark_node_get_type(node)) {
    case CMARK_NODE_PARAGRAPH:
      break;
    case CMARK_NODE_TEXT:
      csp_buf_puts(&s->text, cmark_node_get_literal(node));
      break;
    case CMARK_NODE_CUSTOM_INLINE:
      /* a draft's mark (no user data); a tracked change is no signer
       * block's: the redline shows it as a paragraph */
      if (cmark_node_get_user_data(node))
        ok = 0;
      else if (ev == CMARK_EVENT_ENTER)
        spans[n].marked = 1;
      break;
    case CMARK_NODE_LINEBREAK:
      /* room for the two bytes S_split needs past the value */
      csp_buf_puts(&s->text, "  ");
      spans[n].end = s->text.len - 2;
      if (++n == CSP_SIGNER_MAX_LINES) {
        ok = 0;
        break;
      }
      spans[n].start = s->text.len;
      spans[n].marked = 0;
      break;
    default:
      ok = 0;
      break;
    }
  }
  cmark_iter_free(it);
  if (!ok || n == 0)
    return 0;
  csp_buf_puts(&s->text, "  ");
  spans[n].end = s->text.len - 2;
  n++;
  for (size_t i = 0; i < n; i++)
    if (S_split(s, &spans[i], &s->lines[i]) < 0)
      return 0;
  if (!s->lines[0].blank)
    return 0;
  s->n = n;
  return 1;
}

void csp_signer_walk(cmark_node *doc, void *ctx,
                     void (*node)(void *ctx, cmark_node *node,
                                  cmark_event_type ev),
                     void (*signer)(void *ctx, cmark_node *para,
                                    const csp_signer *s, int top))
{
  csp_signer sig;
  csp_signer_init(&sig);
  cmark_iter *it = cmark_iter_new(doc);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    if (ev == CMARK_EVENT_ENTER && csp_signer_parse(n, &sig)) {
      signer(ctx, n, &sig, cmark_node_parent(n) == doc);
      cmark_iter_reset(it, n, CMARK_EVENT_EXIT); /* its text is out */
      continue;
    }
    node(ctx, n, ev);
  }
  cmark_iter_free(it);
  csp_signer_release(&sig);
}

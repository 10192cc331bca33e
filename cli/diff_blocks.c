/* diff_blocks.c: a document -> its blocks and their words (diff.h).
 *
 * Owns the block model of csecpol diff: which nodes are blocks, the
 * shape and text-format prefix of each, how its inlines become words
 * (one walk with cmark_iter, however deeply they nest), and the key
 * that makes two blocks equal.  It reads the document and changes
 * nothing in it. */
#include "diff.h"

#include <stdlib.h>
#include <string.h>

typedef struct S_words {
  csp_diff_block *blk;
  size_t cap;
  csp_buf cur; /* the word being read */
  unsigned cur_style;
  const char *cur_url;
  int cur_space;
  int space; /* white space is pending */
} S_words;

static void S_word_push(csp_diff_block *blk, size_t *cap, const char *text,
                        size_t len, unsigned style, const char *url,
                        int space)
{
  blk->words = csp_xgrow(blk->words, blk->nwords, cap, sizeof *blk->words, 4);
  csp_diff_word *w = &blk->words[blk->nwords++];
  w->text = csp_xstrndup(text, len);
  w->url = url ? csp_xstrdup(url) : NULL;
  w->style = style;
  w->space = space && blk->nwords > 1;
}

static void S_word_end(S_words *w)
{
  if (w->cur.len)
    S_word_push(w->blk, &w->cap, w->cur.data, w->cur.len, w->cur_style,
                w->cur_url, w->cur_space);
  csp_buf_clear(&w->cur);
}

int csp_diff_same_url(const char *a, const char *b)
{
  return a == b || (a && b && strcmp(a, b) == 0);
}

int csp_diff_word_eq(const csp_diff_word *x, const csp_diff_word *y)
{
  return x->style == y->style && csp_diff_same_url(x->url, y->url) &&
         strcmp(x->text, y->text) == 0;
}

/* Adds text in one style: words split at white space, and a word goes
 * on across text nodes of the same style (cmark splits text at
 * escapes). */
static void S_text(S_words *w, const char *s, unsigned style,
                   const char *url)
{
  for (; s && *s; s++) {
    if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
      S_word_end(w);
      w->space = 1;
      continue;
    }
    if (w->cur.len && (w->space || w->cur_style != style ||
                       !csp_diff_same_url(w->cur_url, url)))
      S_word_end(w);
    if (!w->cur.len) {
      w->cur_style = style;
      w->cur_url = url;
      w->cur_space = w->space;
      w->space = 0;
    }
    csp_buf_putc(&w->cur, *s);
  }
}

/* The words of a leaf's inlines, in one walk: emphasis and strong
 * count how deeply they are open, and each link pushes the URL it puts
 * in force (an unsafe link is its text alone, as every renderer shows
 * it; links nest only through an image's text).  Returns how deeply
 * the inlines nest. */
static size_t S_inlines(S_words *w, cmark_node *leaf)
{
  size_t emph = 0, strong = 0, depth = 0, deepest = 0;
  const char **urls = NULL; /* the URL in force outside each open link */
  size_t nurls = 0, cap = 0;
  const char *url = NULL;
  cmark_iter *it = cmark_iter_new(leaf);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    if (n == leaf)
      continue;
    cmark_node_type t = cmark_node_get_type(n);
    unsigned style = (emph ? CSP_W_EMPH : 0) | (strong ? CSP_W_STRONG : 0);
    if (ev == CMARK_EVENT_EXIT) {
      depth--;
      if (t == CMARK_NODE_EMPH)
        emph--;
      else if (t == CMARK_NODE_STRONG)
        strong--;
      else if (t == CMARK_NODE_LINK)
        url = urls[--nurls];
      continue;
    }
    switch (t) {
    case CMARK_NODE_TEXT:
      S_text(w, cmark_node_get_literal(n), style, url);
      continue;
    case CMARK_NODE_CODE:
      S_text(w, cmark_node_get_literal(n), style | CSP_W_CODE, url);
      continue;
    case CMARK_NODE_SOFTBREAK:
      S_word_end(w);
      w->space = 1;
      continue;
    case CMARK_NODE_LINEBREAK:
      S_word_end(w);
      S_word_push(w->blk, &w->cap, "\n", 1, CSP_W_BREAK, NULL, w->space);
      w->space = 0;
      continue;
    case CMARK_NODE_HTML_INLINE:
      continue; /* never shown */
    case CMARK_NODE_EMPH:
      emph++;
      break;
    case CMARK_NODE_STRONG:
      strong++;
      break;
    case CMARK_NODE_LINK: {
      const char *u = cmark_node_get_url(n);
      urls = csp_xgrow(urls, nurls, &cap, sizeof *urls, 4);
      urls[nurls++] = url;
      if (csp_url_is_safe(u))
        url = u;
      break;
    }
    default: /* image (its alt text), custom inline */
      break;
    }
    if (++depth > deepest) /* a container inline, entered */
      deepest = depth;
  }
  cmark_iter_free(it);
  free(urls);
  return deepest;
}

static unsigned long S_hash(const char *s, size_t n)
{
  unsigned long h = 5381;
  for (size_t i = 0; i < n; i++)
    h = h * 33 ^ (unsigned char)s[i];
  return h;
}

/* A copy of b's text that takes no more memory than it needs. */
static char *S_fit(csp_buf *b)
{
  char *s = csp_xstrndup(b->data, b->len);
  csp_buf_release(b);
  return s;
}

/* The block's containers, outermost first, and its text-format prefix. */
static void S_shape(csp_diff_block *blk, cmark_node *leaf)
{
  cmark_node *chain[256];
  size_t k = 0;
  for (cmark_node *p = cmark_node_parent(leaf);
       p && cmark_node_get_type(p) != CMARK_NODE_DOCUMENT;
       p = cmark_node_parent(p))
    if (k < sizeof chain / sizeof *chain)
      chain[k++] = p;
  csp_buf shape, prefix;
  csp_buf_init(&shape);
  csp_buf_init(&prefix);
  int lists = 0;
  while (k-- > 0) {
    cmark_node *c = chain[k];
    switch (cmark_node_get_type(c)) {
    case CMARK_NODE_BLOCK_QUOTE:
      csp_buf_putc(&shape, 'Q');
      csp_buf_puts(&prefix, "> ");
      break;
    case CMARK_NODE_LIST:
      csp_buf_putc(&shape, cmark_node_get_list_type(c) == CMARK_ORDERED_LIST
                               ? 'O'
                               : 'U');
      if (lists++)
        csp_buf_puts(&prefix, "  ");
      break;
    case CMARK_NODE_ITEM: {
      csp_buf_putc(&shape, 'I');
      if (k > 0 && cmark_node_get_type(chain[k - 1]) == CMARK_NODE_LIST)
        break; /* an item holding a nested list: indented above */
      cmark_node *list = cmark_node_parent(c);
      char marker[32] = "- ";
      if (list && cmark_node_get_list_type(list) == CMARK_ORDERED_LIST) {
        int num = cmark_node_get_list_start(list);
        for (cmark_node *s = cmark_node_previous(c); s;
             s = cmark_node_previous(s))
          num++;
        snprintf(marker, sizeof marker, "%d%c ", num,
                 cmark_node_get_list_delim(list) == CMARK_PAREN_DELIM ? ')'
                                                                      : '.');
      }
      if (cmark_node_first_child(c) == (k ? chain[k - 1] : leaf))
        csp_buf_puts(&prefix, marker);
      else
        for (size_t i = 0; marker[i]; i++)
          csp_buf_putc(&prefix, ' ');
      break;
    }
    default:
      break;
    }
  }
  switch (cmark_node_get_type(leaf)) {
  case CMARK_NODE_HEADING:
    blk->heading = cmark_node_get_heading_level(leaf);
    csp_buf_printf(&shape, "H%d", blk->heading);
    for (int i = 0; i < blk->heading; i++)
      csp_buf_putc(&prefix, '#');
    csp_buf_putc(&prefix, ' ');
    break;
  case CMARK_NODE_CODE_BLOCK:
    csp_buf_putc(&shape, 'C');
    csp_buf_puts(&prefix, "    ");
    break;
  case CMARK_NODE_THEMATIC_BREAK:
    csp_buf_putc(&shape, 'R');
    csp_buf_puts(&prefix, "* * *");
    break;
  default:
    csp_buf_putc(&shape, 'P');
    break;
  }
  blk->shape = S_fit(&shape);
  blk->prefix = S_fit(&prefix);
}

static void S_key(csp_diff_block *blk)
{
  csp_buf k;
  csp_buf_init(&k);
  csp_buf_puts(&k, blk->shape);
  csp_buf_putc(&k, '\x1e');
  for (size_t i = 0; i < blk->nwords; i++) {
    const csp_diff_word *w = &blk->words[i];
    /* the space before a word counts: "x)(y" and "x) (y" are two words
     * each where a link or a style splits them, and differ */
    csp_buf_printf(&k, "%s%u", w->space ? " " : "", w->style);
    if (w->url)
      csp_buf_puts(&k, w->url);
    csp_buf_putc(&k, '\x1f');
    csp_buf_puts(&k, w->text);
    csp_buf_putc(&k, '\x1f');
  }
  blk->hash = S_hash(k.data, k.len);
  blk->key = S_fit(&k);
}

static void S_add_block(csp_diff_doc *d, cmark_node *leaf, csp_buf *cur)
{
  d->blocks = csp_xgrow(d->blocks, d->n, &d->cap, sizeof *d->blocks, 64);
  csp_diff_block *blk = &d->blocks[d->n++];
  memset(blk, 0, sizeof *blk);
  blk->node = leaf;
  S_shape(blk, leaf);
  size_t cap = 0;
  cmark_node_type t = cmark_node_get_type(leaf);
  if (t == CMARK_NODE_CODE_BLOCK) {
    blk->kind = CSP_BLOCK_CODE;
    const char *lit = cmark_node_get_literal(leaf);
    size_t n = lit ? strlen(lit) : 0;
    while (n && lit[n - 1] == '\n')
      n--;
    S_word_push(blk, &cap, lit ? lit : "", n, CSP_W_CODE, NULL, 0);
  } else if (t == CMARK_NODE_THEMATIC_BREAK) {
    blk->kind = CSP_BLOCK_RULE;
  } else {
    blk->kind = CSP_BLOCK_TEXT;
    csp_buf_clear(cur);
    S_words w = {blk, 0, *cur, 0, NULL, 0, 0};
    blk->deep = S_inlines(&w, leaf) > CSP_MAX_DIFF_NESTING;
    S_word_end(&w);
    *cur = w.cur; /* its buffer is reused by the next block */
    cap = w.cap;
  }
  if (cap > blk->nwords) /* no more room than the words take */
    blk->words = csp_xrealloc(blk->words, (blk->nwords ? blk->nwords : 1) *
                                              sizeof *blk->words);
  S_key(blk);
}

void csp_diff_doc_init(csp_diff_doc *d, cmark_node *doc)
{
  memset(d, 0, sizeof *d);
  csp_buf cur;
  csp_buf_init(&cur);
  cmark_iter *it = cmark_iter_new(doc);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    if (ev != CMARK_EVENT_ENTER)
      continue;
    cmark_node *n = cmark_iter_get_node(it);
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_PARAGRAPH:
    case CMARK_NODE_HEADING:
      S_add_block(d, n, &cur);
      cmark_iter_reset(it, n, CMARK_EVENT_EXIT); /* skip its inlines */
      break;
    case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_THEMATIC_BREAK:
      S_add_block(d, n, &cur);
      break;
    default:
      break; /* containers; raw HTML is never shown */
    }
  }
  cmark_iter_free(it);
  csp_buf_release(&cur);
  if (d->cap > d->n) {
    d->cap = d->n ? d->n : 1;
    d->blocks = csp_xrealloc(d->blocks, d->cap * sizeof *d->blocks);
  }
}

void csp_diff_doc_release(csp_diff_doc *d)
{
  for (size_t i = 0; i < d->n; i++) {
    csp_diff_block *blk = &d->blocks[i];
    for (size_t j = 0; j < blk->nwords; j++) {
      free(blk->words[j].text);
      free(blk->words[j].url);
    }
    free(blk->words);
    free(blk->shape);
    free(blk->prefix);
    free(blk->key);
  }
  free(d->blocks);
  memset(d, 0, sizeof *d);
}

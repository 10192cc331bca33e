/* diff.c: block alignment and word diff of two policies, the unified
 * text diff, and the redline (see diff.h). */
#include "diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The longest common subsequence is found by dynamic programming over
 * what is left once the common head and tail are taken off; a middle
 * larger than this many cells is taken as wholly changed. */
#define S_LCS_MAX_CELLS (4u * 1024 * 1024)
/* Blocks left between two equal ones are paired by similarity when
 * there are at most this many candidate pairs; else none is paired. */
#define S_PAIR_MAX_CELLS 40000u
/* Two blocks pair as "changed" when at least this share of their words
 * is common (2 * common / (words of both)). */
#define S_PAIR_MIN_SIMILARITY 0.5

/* ---- blocks ------------------------------------------------------ */

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
  if (blk->nwords == *cap) {
    *cap = *cap ? *cap * 2 : 16;
    blk->words = csp_xrealloc(blk->words, *cap * sizeof *blk->words);
  }
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

static int S_same_url(const char *a, const char *b)
{
  return a == b || (a && b && strcmp(a, b) == 0);
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
    if (w->cur.len &&
        (w->space || w->cur_style != style || !S_same_url(w->cur_url, url)))
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

static void S_inlines(S_words *w, cmark_node *parent, unsigned style,
                      const char *url)
{
  for (cmark_node *n = cmark_node_first_child(parent); n;
       n = cmark_node_next(n)) {
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_TEXT:
      S_text(w, cmark_node_get_literal(n), style, url);
      break;
    case CMARK_NODE_CODE:
      S_text(w, cmark_node_get_literal(n), style | CSP_W_CODE, url);
      break;
    case CMARK_NODE_SOFTBREAK:
      S_word_end(w);
      w->space = 1;
      break;
    case CMARK_NODE_LINEBREAK:
      S_word_end(w);
      S_word_push(w->blk, &w->cap, "\n", 1, CSP_W_BREAK, NULL, w->space);
      w->space = 0;
      break;
    case CMARK_NODE_EMPH:
      S_inlines(w, n, style | CSP_W_EMPH, url);
      break;
    case CMARK_NODE_STRONG:
      S_inlines(w, n, style | CSP_W_STRONG, url);
      break;
    case CMARK_NODE_LINK: {
      /* an unsafe link is its text alone, as every renderer shows it */
      const char *u = cmark_node_get_url(n);
      S_inlines(w, n, style, csp_url_is_safe(u) ? u : url);
      break;
    }
    case CMARK_NODE_HTML_INLINE:
      break; /* never shown */
    default:   /* image (its alt text), custom inline */
      S_inlines(w, n, style, url);
      break;
    }
  }
}

static unsigned long S_hash(const char *s, size_t n)
{
  unsigned long h = 5381;
  for (size_t i = 0; i < n; i++)
    h = h * 33 ^ (unsigned char)s[i];
  return h;
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
  blk->shape = csp_buf_detach(&shape);
  blk->prefix = csp_buf_detach(&prefix);
  csp_buf_release(&shape);
  csp_buf_release(&prefix);
}

static void S_key(csp_diff_block *blk)
{
  csp_buf k;
  csp_buf_init(&k);
  csp_buf_puts(&k, blk->shape);
  csp_buf_putc(&k, '\x1e');
  for (size_t i = 0; i < blk->nwords; i++) {
    const csp_diff_word *w = &blk->words[i];
    csp_buf_printf(&k, "%u", w->style);
    if (w->url)
      csp_buf_puts(&k, w->url);
    csp_buf_putc(&k, '\x1f');
    csp_buf_puts(&k, w->text);
    csp_buf_putc(&k, '\x1f');
  }
  blk->hash = S_hash(k.data, k.len);
  blk->key = csp_buf_detach(&k);
  csp_buf_release(&k);
}

static void S_add_block(csp_diff_doc *d, cmark_node *leaf)
{
  if (d->n == d->cap) {
    d->cap = d->cap ? d->cap * 2 : 64;
    d->blocks = csp_xrealloc(d->blocks, d->cap * sizeof *d->blocks);
  }
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
    S_words w = {blk, 0, {0}, 0, NULL, 0, 0};
    csp_buf_init(&w.cur);
    S_inlines(&w, leaf, 0, NULL);
    S_word_end(&w);
    csp_buf_release(&w.cur);
  }
  S_key(blk);
}

void csp_diff_doc_init(csp_diff_doc *d, cmark_node *doc)
{
  memset(d, 0, sizeof *d);
  cmark_iter *it = cmark_iter_new(doc);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    if (ev != CMARK_EVENT_ENTER)
      continue;
    cmark_node *n = cmark_iter_get_node(it);
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_PARAGRAPH:
    case CMARK_NODE_HEADING:
      S_add_block(d, n);
      cmark_iter_reset(it, n, CMARK_EVENT_EXIT); /* skip its inlines */
      break;
    case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_THEMATIC_BREAK:
      S_add_block(d, n);
      break;
    default:
      break; /* containers; raw HTML is never shown */
    }
  }
  cmark_iter_free(it);
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

/* ---- alignment --------------------------------------------------- */

typedef int (*S_eq_fn)(const void *ctx, size_t i, size_t j);

/* The pairs (pa[k], pb[k]) of a longest common subsequence of two
 * sequences of m and n items, in order; returns their number.  pa and
 * pb hold at least min(m, n) entries.  On ties an old item is dropped
 * before a new one is taken, so deletions come before insertions. */
static size_t S_lcs(size_t m, size_t n, S_eq_fn eq, const void *ctx,
                    size_t *pa, size_t *pb)
{
  size_t k = 0, head = 0, tail = 0;
  while (head < m && head < n && eq(ctx, head, head)) {
    pa[k] = pb[k] = head;
    k++, head++;
  }
  while (tail < m - head && tail < n - head &&
         eq(ctx, m - 1 - tail, n - 1 - tail))
    tail++;
  size_t M = m - head - tail, N = n - head - tail;
  if (M && N && M <= S_LCS_MAX_CELLS / N) {
    /* L[i][j]: the LCS length of old[head+i..] and new[head+j..] */
    size_t w = N + 1;
    uint32_t *L = csp_xcalloc((M + 1) * w, sizeof *L);
    for (size_t i = M; i-- > 0;)
      for (size_t j = N; j-- > 0;)
        L[i * w + j] = eq(ctx, head + i, head + j)
                           ? L[(i + 1) * w + j + 1] + 1
                           : (L[(i + 1) * w + j] >= L[i * w + j + 1]
                                  ? L[(i + 1) * w + j]
                                  : L[i * w + j + 1]);
    size_t i = 0, j = 0;
    while (i < M && j < N) {
      if (L[i * w + j] == L[(i + 1) * w + j + 1] + 1 &&
          eq(ctx, head + i, head + j)) {
        pa[k] = head + i++;
        pb[k] = head + j++;
        k++;
      } else if (L[(i + 1) * w + j] >= L[i * w + j + 1]) {
        i++;
      } else {
        j++;
      }
    }
    free(L);
  }
  for (size_t t = tail; t-- > 0;) {
    pa[k] = m - 1 - t;
    pb[k] = n - 1 - t;
    k++;
  }
  return k;
}

static void S_op(csp_diff *d, csp_op_kind kind, long a, long b)
{
  if (d->n == d->cap) {
    d->cap = d->cap ? d->cap * 2 : 64;
    d->ops = csp_xrealloc(d->ops, d->cap * sizeof *d->ops);
  }
  d->ops[d->n].kind = kind;
  d->ops[d->n].a = a;
  d->ops[d->n].b = b;
  d->n++;
  if (kind == CSP_OP_CHANGE)
    d->changed++;
  else if (kind == CSP_OP_DEL)
    d->removed++;
  else if (kind == CSP_OP_INS)
    d->added++;
}

static int S_word_eq(const csp_diff_word *x, const csp_diff_word *y)
{
  return x->style == y->style && S_same_url(x->url, y->url) &&
         strcmp(x->text, y->text) == 0;
}

typedef struct {
  const csp_diff_block *a, *b;
} S_wpair;

static int S_words_eq(const void *ctx, size_t i, size_t j)
{
  const S_wpair *p = ctx;
  return S_word_eq(&p->a->words[i], &p->b->words[j]);
}

typedef struct {
  const csp_diff_doc *a, *b;
} S_dpair;

static int S_blocks_eq(const void *ctx, size_t i, size_t j)
{
  const S_dpair *p = ctx;
  const csp_diff_block *x = &p->a->blocks[i], *y = &p->b->blocks[j];
  return x->hash == y->hash && strcmp(x->key, y->key) == 0;
}

/* The edit script from LCS pairs: SAME for each pair, DEL and INS for
 * what lies between (gap is called for each stretch between pairs). */
typedef void (*S_gap_fn)(csp_diff *d, const void *ctx, size_t a0,
                         size_t a1, size_t b0, size_t b1);

static void S_script(csp_diff *d, size_t m, size_t n, S_eq_fn eq,
                     const void *ctx, S_gap_fn gap)
{
  size_t cap = m < n ? m : n;
  size_t *pa = csp_xmalloc((cap ? cap : 1) * sizeof *pa);
  size_t *pb = csp_xmalloc((cap ? cap : 1) * sizeof *pb);
  size_t k = S_lcs(m, n, eq, ctx, pa, pb);
  size_t i = 0, j = 0;
  for (size_t t = 0; t <= k; t++) {
    size_t ai = t < k ? pa[t] : m, bj = t < k ? pb[t] : n;
    if (ai > i || bj > j)
      gap(d, ctx, i, ai, j, bj);
    if (t < k)
      S_op(d, CSP_OP_SAME, (long)ai, (long)bj);
    i = ai + 1;
    j = bj + 1;
  }
  free(pa);
  free(pb);
}

static void S_gap_plain(csp_diff *d, const void *ctx, size_t a0, size_t a1,
                        size_t b0, size_t b1)
{
  (void)ctx;
  for (size_t i = a0; i < a1; i++)
    S_op(d, CSP_OP_DEL, (long)i, -1);
  for (size_t j = b0; j < b1; j++)
    S_op(d, CSP_OP_INS, -1, (long)j);
}

/* How alike two blocks are, 0..1; 0 when they cannot pair. */
static double S_similarity(const csp_diff_block *x, const csp_diff_block *y)
{
  if (x->kind != CSP_BLOCK_TEXT || y->kind != CSP_BLOCK_TEXT ||
      strcmp(x->shape, y->shape) != 0 || !x->nwords || !y->nwords)
    return 0;
  size_t cap = x->nwords < y->nwords ? x->nwords : y->nwords;
  size_t *pa = csp_xmalloc(cap * sizeof *pa);
  size_t *pb = csp_xmalloc(cap * sizeof *pb);
  S_wpair p = {x, y};
  size_t common = S_lcs(x->nwords, y->nwords, S_words_eq, &p, pa, pb);
  free(pa);
  free(pb);
  return 2.0 * (double)common / (double)(x->nwords + y->nwords);
}

/* Pairs the blocks of a gap as changed where they are alike enough,
 * keeping their order and making the total similarity largest. */
static void S_gap_blocks(csp_diff *d, const void *ctx, size_t a0,
                         size_t a1, size_t b0, size_t b1)
{
  const S_dpair *p = ctx;
  size_t M = a1 - a0, N = b1 - b0;
  if (!M || !N || M > S_PAIR_MAX_CELLS / N) {
    S_gap_plain(d, ctx, a0, a1, b0, b1);
    return;
  }
  size_t w = N + 1;
  double *sim = csp_xcalloc(M * N, sizeof *sim);
  double *S = csp_xcalloc((M + 1) * w, sizeof *S);
  for (size_t i = 0; i < M; i++)
    for (size_t j = 0; j < N; j++) {
      double s = S_similarity(&p->a->blocks[a0 + i], &p->b->blocks[b0 + j]);
      sim[i * N + j] = s >= S_PAIR_MIN_SIMILARITY ? s : 0;
    }
  for (size_t i = M; i-- > 0;)
    for (size_t j = N; j-- > 0;) {
      double best = S[(i + 1) * w + j];
      if (S[i * w + j + 1] > best)
        best = S[i * w + j + 1];
      double s = sim[i * N + j];
      if (s > 0 && s + S[(i + 1) * w + j + 1] > best)
        best = s + S[(i + 1) * w + j + 1];
      S[i * w + j] = best;
    }
  size_t i = 0, j = 0;
  while (i < M || j < N) {
    if (i < M && j < N && sim[i * N + j] > 0 &&
        S[i * w + j] == sim[i * N + j] + S[(i + 1) * w + j + 1]) {
      S_op(d, CSP_OP_CHANGE, (long)(a0 + i), (long)(b0 + j));
      i++, j++;
    } else if (i < M && (j == N || S[(i + 1) * w + j] >= S[i * w + j + 1])) {
      S_op(d, CSP_OP_DEL, (long)(a0 + i), -1);
      i++;
    } else {
      S_op(d, CSP_OP_INS, -1, (long)(b0 + j));
      j++;
    }
  }
  free(sim);
  free(S);
}

void csp_diff_blocks(const csp_diff_doc *a, const csp_diff_doc *b,
                     csp_diff *d)
{
  memset(d, 0, sizeof *d);
  S_dpair p = {a, b};
  S_script(d, a->n, b->n, S_blocks_eq, &p, S_gap_blocks);
}

void csp_diff_words(const csp_diff_block *a, const csp_diff_block *b,
                    csp_diff *d)
{
  memset(d, 0, sizeof *d);
  S_wpair p = {a, b};
  S_script(d, a->nwords, b->nwords, S_words_eq, &p, S_gap_plain);
}

void csp_diff_release(csp_diff *d)
{
  free(d->ops);
  memset(d, 0, sizeof *d);
}

int csp_diff_differs(const csp_diff *d)
{
  return d->changed + d->added + d->removed > 0;
}

void csp_diff_partners(const csp_diff *d, long *a2b, long *b2a)
{
  for (size_t i = 0; i < d->n; i++) {
    const csp_diff_op *op = &d->ops[i];
    if (op->a >= 0)
      a2b[op->a] = op->kind == CSP_OP_DEL ? -1 : op->b;
    if (op->b >= 0)
      b2a[op->b] = op->kind == CSP_OP_INS ? -1 : op->a;
  }
}

/* ---- the text format --------------------------------------------- */

#define S_RED "\033[31m"
#define S_GREEN "\033[32m"
#define S_CYAN "\033[36m"
#define S_BOLD "\033[1m"
#define S_REV "\033[7m"
#define S_UNREV "\033[27m"
#define S_RESET "\033[m"

/* Writes the words of blk; those at which marked[i] is set are wrapped
 * in open/close, a run of them at once. */
static void S_words_text(csp_buf *out, const csp_diff_block *blk,
                         const unsigned char *marked, const char *open,
                         const char *close)
{
  int in = 0;
  for (size_t i = 0; i < blk->nwords; i++) {
    const csp_diff_word *w = &blk->words[i];
    int m = marked && marked[i];
    if (in && !m) {
      csp_buf_puts(out, close);
      in = 0;
    }
    if (w->space)
      csp_buf_putc(out, ' ');
    if (m && !in) {
      csp_buf_puts(out, open);
      in = 1;
    }
    csp_buf_puts(out, w->style & CSP_W_BREAK ? "\xE2\x86\xB5" : w->text);
  }
  if (in)
    csp_buf_puts(out, close);
}

/* One line of the diff: sign, prefix, words; a block whose text has
 * newlines (a code block) gets the sign on each of its lines. */
static void S_line(csp_buf *out, char sign, const csp_diff_block *blk,
                   const unsigned char *marked, int color)
{
  const char *col = sign == '-' ? S_RED : sign == '+' ? S_GREEN : NULL;
  const char *open = color ? S_REV : sign == '-' ? "[-" : "{+";
  const char *close = color ? S_UNREV : sign == '-' ? "-]" : "+}";
  csp_buf line;
  csp_buf_init(&line);
  csp_buf_puts(&line, blk->prefix);
  S_words_text(&line, blk, marked, open, close);
  const char *p = line.data;
  do {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    if (color && col)
      csp_buf_puts(out, col);
    csp_buf_putc(out, sign);
    csp_buf_put(out, p, n);
    if (color && col)
      csp_buf_puts(out, S_RESET);
    csp_buf_putc(out, '\n');
    p = nl ? nl + 1 : NULL;
  } while (p);
  csp_buf_release(&line);
}

/* A changed pair: the old line with its deleted words marked, the new
 * line with its inserted words marked. */
static void S_changed_lines(csp_buf *out, const csp_diff_block *a,
                            const csp_diff_block *b, int color)
{
  csp_diff w;
  csp_diff_words(a, b, &w);
  unsigned char *da = csp_xcalloc(a->nwords + 1, 1);
  unsigned char *ib = csp_xcalloc(b->nwords + 1, 1);
  for (size_t i = 0; i < w.n; i++) {
    if (w.ops[i].kind == CSP_OP_DEL)
      da[w.ops[i].a] = 1;
    else if (w.ops[i].kind == CSP_OP_INS)
      ib[w.ops[i].b] = 1;
  }
  S_line(out, '-', a, da, color);
  S_line(out, '+', b, ib, color);
  free(da);
  free(ib);
  csp_diff_release(&w);
}

/* The plain text of a heading, for a hunk's header. */
static void S_heading_text(csp_buf *out, const csp_diff_block *blk)
{
  csp_buf_puts(out, blk->prefix);
  S_words_text(out, blk, NULL, "", "");
}

void csp_diff_text(const csp_diff_doc *a, const csp_diff_doc *b,
                   const csp_diff *d, const csp_diff_text_opts *o,
                   csp_buf *out)
{
  if (!csp_diff_differs(d))
    return;
  size_t ctx = o->context < 0 ? 0 : (size_t)o->context;
  if (o->color)
    csp_buf_puts(out, S_BOLD);
  csp_buf_printf(out, "--- %s\n+++ %s\n", o->old_label, o->new_label);
  if (o->color)
    csp_buf_puts(out, S_RESET);
  size_t i = 0;
  while (i < d->n) {
    if (d->ops[i].kind == CSP_OP_SAME) {
      i++;
      continue;
    }
    /* a hunk: from ctx ops before this change to ctx after the last
     * change that is no more than 2 * ctx unchanged ops from the next */
    size_t start = i > ctx ? i - ctx : 0;
    size_t end = i, same = 0;
    for (size_t k = i; k < d->n; k++) {
      if (d->ops[k].kind == CSP_OP_SAME) {
        if (++same > 2 * ctx)
          break;
      } else {
        same = 0;
        end = k;
      }
    }
    size_t stop = end + 1 + ctx < d->n ? end + 1 + ctx : d->n;
    /* where the hunk starts on each side, and how long it is */
    long a0 = 0, b0 = 0, na = 0, nb = 0;
    for (size_t k = 0; k < start; k++) {
      a0 += d->ops[k].kind != CSP_OP_INS;
      b0 += d->ops[k].kind != CSP_OP_DEL;
    }
    for (size_t k = start; k < stop; k++) {
      na += d->ops[k].kind != CSP_OP_INS;
      nb += d->ops[k].kind != CSP_OP_DEL;
    }
    if (o->color)
      csp_buf_puts(out, S_CYAN);
    csp_buf_printf(out, "@@ -%ld,%ld +%ld,%ld @@", na ? a0 + 1 : a0, na,
                   nb ? b0 + 1 : b0, nb);
    if (o->color)
      csp_buf_puts(out, S_RESET);
    for (long k = b0; k-- > 0;) {
      if (b->blocks[k].heading) {
        csp_buf_putc(out, ' ');
        S_heading_text(out, &b->blocks[k]);
        break;
      }
    }
    csp_buf_putc(out, '\n');
    for (size_t k = start; k < stop; k++) {
      const csp_diff_op *op = &d->ops[k];
      switch (op->kind) {
      case CSP_OP_SAME:
        S_line(out, ' ', &b->blocks[op->b], NULL, o->color);
        break;
      case CSP_OP_CHANGE:
        S_changed_lines(out, &a->blocks[op->a], &b->blocks[op->b],
                        o->color);
        break;
      case CSP_OP_DEL:
        S_line(out, '-', &a->blocks[op->a], NULL, o->color);
        break;
      case CSP_OP_INS:
        S_line(out, '+', &b->blocks[op->b], NULL, o->color);
        break;
      }
    }
    i = stop;
  }
}

/* ---- the redline ------------------------------------------------- */

/* Writes words as inline nodes under a parent, a run of words in one
 * style becoming one text node in its emphasis, strong and link. */
typedef struct S_emit {
  cmark_node *parent;
  csp_buf text;
  unsigned style;
  const char *url;
} S_emit;

static void S_flush(S_emit *e)
{
  if (!e->text.len)
    return;
  cmark_node *n;
  if (e->style & CSP_W_CODE) {
    n = cmark_node_new(CMARK_NODE_CODE);
    cmark_node_set_literal(n, e->text.data);
  } else {
    n = cmark_node_new(CMARK_NODE_TEXT);
    cmark_node_set_literal(n, e->text.data);
  }
  static const struct {
    unsigned flag;
    cmark_node_type type;
  } wraps[] = {{CSP_W_EMPH, CMARK_NODE_EMPH}, {CSP_W_STRONG, CMARK_NODE_STRONG}};
  for (size_t i = 0; i < sizeof wraps / sizeof *wraps; i++) {
    if (e->style & wraps[i].flag) {
      cmark_node *w = cmark_node_new(wraps[i].type);
      cmark_node_append_child(w, n);
      n = w;
    }
  }
  if (e->url) {
    cmark_node *l = cmark_node_new(CMARK_NODE_LINK);
    cmark_node_set_url(l, e->url);
    cmark_node_append_child(l, n);
    n = l;
  }
  cmark_node_append_child(e->parent, n);
  csp_buf_clear(&e->text);
}

static void S_set_style(S_emit *e, unsigned style, const char *url)
{
  if (e->text.len && (e->style != style || !S_same_url(e->url, url)))
    S_flush(e);
  e->style = style;
  e->url = url;
}

/* Puts one word, with a space before it when space is set; a space
 * between two words of one style is inside that style, else plain. */
static void S_put(S_emit *e, const csp_diff_word *w, int space)
{
  if (space) {
    if (e->text.len && e->style == w->style && S_same_url(e->url, w->url))
      csp_buf_putc(&e->text, ' ');
    else {
      S_set_style(e, 0, NULL);
      csp_buf_putc(&e->text, ' ');
    }
  }
  if (w->style & CSP_W_BREAK) {
    S_flush(e);
    cmark_node_append_child(e->parent,
                            cmark_node_new(CMARK_NODE_LINEBREAK));
    return;
  }
  S_set_style(e, w->style, w->url);
  csp_buf_puts(&e->text, w->text);
}

static void S_put_space(S_emit *e)
{
  S_set_style(e, 0, NULL);
  csp_buf_putc(&e->text, ' ');
}

static cmark_node *S_mark_node(const csp_rev *rev)
{
  cmark_node *m = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
  cmark_node_set_on_enter(m, rev->del ? "[-" : "{+");
  cmark_node_set_on_exit(m, rev->del ? "-]" : "+}");
  cmark_node_set_user_data(m, (void *)rev);
  return m;
}

/* Opens a mark under the block: what S_put writes goes into it until
 * S_close_mark. */
static void S_open_mark(S_emit *e, const csp_rev *rev)
{
  S_flush(e);
  cmark_node *m = S_mark_node(rev);
  cmark_node_append_child(e->parent, m);
  e->parent = m;
}

static void S_close_mark(S_emit *e)
{
  S_flush(e);
  e->parent = cmark_node_parent(e->parent);
}

/* Puts words[0..n) in a mark; the first word's space goes inside when
 * first_space is set, and a space is added at the end when
 * trailing_space is. */
static void S_put_marked(S_emit *e, const csp_rev *rev,
                         const csp_diff_word *const *words, size_t n,
                         int first_space, int trailing_space)
{
  if (!n && !first_space && !trailing_space)
    return;
  S_open_mark(e, rev);
  if (!n && first_space)
    S_put_space(e);
  for (size_t i = 0; i < n; i++)
    S_put(e, words[i], i ? words[i]->space : first_space);
  if (trailing_space)
    S_put_space(e);
  S_close_mark(e);
}

/* Wraps every inline child of leaf in a mark. */
static void S_wrap(cmark_node *leaf, const csp_rev *rev)
{
  cmark_node *first = cmark_node_first_child(leaf);
  if (!first)
    return;
  cmark_node *m = S_mark_node(rev);
  cmark_node *c;
  while ((c = cmark_node_first_child(leaf)) != NULL)
    cmark_node_append_child(m, c);
  cmark_node_append_child(leaf, m);
}

/* Rewrites the inline content of b's node as the word diff of a to b:
 * deleted words, then inserted ones, at each place they differ.  The
 * white space around a change is placed so that taking every insertion
 * and no deletion spells b exactly, and the other way round a. */
static void S_change(const csp_diff_block *a, const csp_diff_block *b,
                     const csp_rev *ins, const csp_rev *del)
{
  csp_diff w;
  csp_diff_words(a, b, &w);
  cmark_node *leaf = b->node;
  cmark_node *c;
  while ((c = cmark_node_first_child(leaf)) != NULL)
    cmark_node_free(c);
  S_emit e = {leaf, {0}, 0, NULL};
  csp_buf_init(&e.text);
  const csp_diff_word **D = csp_xmalloc((a->nwords + 1) * sizeof *D);
  const csp_diff_word **I = csp_xmalloc((b->nwords + 1) * sizeof *I);
  int eat_space = 0; /* the next same word's space went into a mark */
  size_t k = 0;
  while (k < w.n) {
    const csp_diff_op *op = &w.ops[k];
    if (op->kind == CSP_OP_SAME) {
      const csp_diff_word *wa = &a->words[op->a], *wb = &b->words[op->b];
      if (!eat_space && wa->space != wb->space) {
        S_put_marked(&e, del, NULL, 0, wa->space, 0);
        S_put_marked(&e, ins, NULL, 0, wb->space, 0);
        S_put(&e, wb, 0);
      } else {
        S_put(&e, wb, eat_space ? 0 : wb->space);
      }
      eat_space = 0;
      k++;
      continue;
    }
    size_t nd = 0, ni = 0;
    for (; k < w.n && w.ops[k].kind != CSP_OP_SAME; k++) {
      if (w.ops[k].kind == CSP_OP_DEL)
        D[nd++] = &a->words[w.ops[k].a];
      else
        I[ni++] = &b->words[w.ops[k].b];
    }
    const csp_diff_op *next = k < w.n ? &w.ops[k] : NULL;
    if (nd && ni) {
      if (D[0]->space == I[0]->space) {
        if (D[0]->space)
          S_put_space(&e);
        S_put_marked(&e, del, D, nd, 0, 0);
        S_put_marked(&e, ins, I, ni, 0, 0);
      } else {
        S_put_marked(&e, del, D, nd, D[0]->space, 0);
        S_put_marked(&e, ins, I, ni, I[0]->space, 0);
      }
      continue;
    }
    const csp_rev *rev = nd ? del : ins;
    const csp_diff_word **X = nd ? D : I;
    size_t nx = nd ? nd : ni;
    if (X[0]->space && next && a->words[next->a].space &&
        b->words[next->b].space) {
      /* "a b c" less "b": "a [-b -]c", so each side has one space */
      S_put_space(&e);
      S_put_marked(&e, rev, X, nx, 0, 1);
      eat_space = 1;
    } else {
      S_put_marked(&e, rev, X, nx, X[0]->space, 0);
    }
  }
  S_flush(&e);
  csp_buf_release(&e.text);
  free(D);
  free(I);
  csp_diff_release(&w);
}

static int S_same_container(cmark_node *x, cmark_node *y)
{
  cmark_node_type t = cmark_node_get_type(x);
  if (t != cmark_node_get_type(y))
    return 0;
  return t != CMARK_NODE_LIST ||
         cmark_node_get_list_type(x) == cmark_node_get_list_type(y);
}

static cmark_node *S_copy_container(cmark_node *c)
{
  cmark_node_type t = cmark_node_get_type(c);
  cmark_node *n = cmark_node_new(t);
  if (t == CMARK_NODE_LIST) {
    cmark_node_set_list_type(n, cmark_node_get_list_type(c));
    cmark_node_set_list_delim(n, cmark_node_get_list_delim(c));
    cmark_node_set_list_start(n, cmark_node_get_list_start(c));
    cmark_node_set_list_tight(n, cmark_node_get_list_tight(c));
  }
  return n;
}

/* Moves the deleted leaf of old_doc into new_doc after prev (the block
 * placed before it), inside the containers that its own map to; each
 * old container's user data is the new container it maps to. */
static void S_place(cmark_node *leaf, cmark_node *prev)
{
  cmark_node **chain = NULL;
  size_t k = 0, cap = 0;
  cmark_node *c = cmark_node_parent(leaf);
  while (c && !cmark_node_get_user_data(c)) {
    if (k == cap) {
      cap = cap ? cap * 2 : 8;
      chain = csp_xrealloc(chain, cap * sizeof *chain);
    }
    chain[k++] = c;
    c = cmark_node_parent(c);
  }
  cmark_node *target = c ? cmark_node_get_user_data(c) : NULL;
  if (!target) { /* cannot happen: the document is mapped */
    free(chain);
    return;
  }
  cmark_node *top = NULL, *inner = NULL;
  while (k-- > 0) {
    cmark_node *copy = S_copy_container(chain[k]);
    cmark_node_set_user_data(chain[k], copy);
    if (inner)
      cmark_node_append_child(inner, copy);
    else
      top = copy;
    inner = copy;
  }
  free(chain);
  if (inner)
    cmark_node_append_child(inner, leaf);
  else
    top = leaf;
  cmark_node *after = NULL;
  for (cmark_node *p = prev; p && !after; p = cmark_node_parent(p))
    if (cmark_node_parent(p) == target)
      after = p;
  if (!(after ? cmark_node_insert_after(after, top)
              : cmark_node_prepend_child(target, top)) &&
      !cmark_node_append_child(target, top) && top != leaf)
    cmark_node_free(top);
}

void csp_diff_redline(const csp_diff_doc *a, const csp_diff_doc *b,
                      const csp_diff *d, cmark_node *old_doc,
                      cmark_node *new_doc, const csp_rev *const *ins,
                      const csp_rev *const *del)
{
  /* map old containers to new ones through the blocks they share */
  cmark_node_set_user_data(old_doc, new_doc);
  for (size_t i = 0; i < d->n; i++) {
    const csp_diff_op *op = &d->ops[i];
    if (op->kind != CSP_OP_SAME && op->kind != CSP_OP_CHANGE)
      continue;
    cmark_node *po = cmark_node_parent(a->blocks[op->a].node);
    cmark_node *pn = cmark_node_parent(b->blocks[op->b].node);
    for (; po && pn && S_same_container(po, pn);
         po = cmark_node_parent(po), pn = cmark_node_parent(pn))
      if (!cmark_node_get_user_data(po))
        cmark_node_set_user_data(po, pn);
  }
  cmark_node *prev = NULL;
  for (size_t i = 0; i < d->n; i++) {
    const csp_diff_op *op = &d->ops[i];
    switch (op->kind) {
    case CSP_OP_SAME:
      prev = b->blocks[op->b].node;
      break;
    case CSP_OP_CHANGE:
      S_change(&a->blocks[op->a], &b->blocks[op->b], ins[i], del[i]);
      prev = b->blocks[op->b].node;
      break;
    case CSP_OP_INS:
      prev = b->blocks[op->b].node;
      cmark_node_set_user_data(prev, (void *)ins[i]);
      S_wrap(prev, ins[i]);
      break;
    case CSP_OP_DEL: {
      cmark_node *leaf = a->blocks[op->a].node;
      S_place(leaf, prev);
      cmark_node_set_user_data(leaf, (void *)del[i]);
      S_wrap(leaf, del[i]);
      prev = leaf;
      break;
    }
    }
  }
  /* the old document keeps no pointer into the new one */
  cmark_iter *it = cmark_iter_new(old_doc);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
    if (ev == CMARK_EVENT_ENTER)
      cmark_node_set_user_data(cmark_iter_get_node(it), NULL);
  cmark_iter_free(it);
}

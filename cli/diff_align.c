/* diff_align.c: two lists of blocks, or of words, -> an edit script
 * (diff.h).
 *
 * Owns how csecpol diff aligns: a longest common subsequence of the
 * items, what is left between two common items paired (blocks alike
 * enough become one change), and the bounds on both.  The common head
 * and tail come off first.  A middle of at most CSP_MAX_DIFF_CELLS
 * cells is aligned exactly by dynamic programming, its ties broken the
 * one documented way.  A larger middle is aligned in linear space:
 * items are numbered by equality class, those with no equal on the
 * other side are set aside (no alignment can use them), and Myers'
 * O(ND) search finds the middle snake of what is left and recurses on
 * the two halves, as GNU diff and git's xdiff do, each half again
 * exact once small.  A search that grows too costly takes the furthest
 * point it reached as its split, and all of it stops at
 * CSP_MAX_DIFF_WORK steps, leaving the rest as removed and added. */
#include "diff.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Two blocks pair as "changed" when at least this share of their words
 * is common (2 * common / (words of both)). */
#define S_PAIR_MIN_SIMILARITY 0.5
/* The middle-snake search of one split gives up, and takes its best
 * point so far, after max(this, sqrt(items)) rounds (xdiff's rule). */
#define S_COST_MIN 256

/* Two sequences seen through callbacks, each side (0 old, 1 new) a
 * pointer they are handed: same compares item x of side sx with item y
 * of side sy; hash is equal for equal items. */
typedef struct S_seqs {
  int (*same)(const void *sx, size_t x, const void *sy, size_t y);
  unsigned long (*hash)(const void *side, size_t i);
  const void *side[2];
} S_seqs;

/* ---- exact: dynamic programming ---------------------------------- */

/* The LCS pairs of old[a0..a0+M) and new[b0..b0+N), M * N within
 * CSP_MAX_DIFF_CELLS, appended at pa/pb + *k.  On ties an old item is
 * dropped before a new one is taken, so deletions come before
 * insertions.  eq(i, j) compares old a0+i with new b0+j. */
typedef int (*S_eq_fn)(const void *ctx, size_t i, size_t j);

static void S_dp(size_t M, size_t N, S_eq_fn eq, const void *ctx,
                 size_t a0, size_t b0, size_t *pa, size_t *pb, size_t *k)
{
  /* L[i][j]: the LCS length of old[a0+i..] and new[b0+j..] */
  size_t w = N + 1;
  uint32_t *L = csp_xcalloc((M + 1) * w, sizeof *L);
  for (size_t i = M; i-- > 0;)
    for (size_t j = N; j-- > 0;)
      L[i * w + j] = eq(ctx, a0 + i, b0 + j)
                         ? L[(i + 1) * w + j + 1] + 1
                         : (L[(i + 1) * w + j] >= L[i * w + j + 1]
                                ? L[(i + 1) * w + j]
                                : L[i * w + j + 1]);
  size_t i = 0, j = 0;
  while (i < M && j < N) {
    if (L[i * w + j] == L[(i + 1) * w + j + 1] + 1 &&
        eq(ctx, a0 + i, b0 + j)) {
      pa[*k] = a0 + i++;
      pb[*k] = b0 + j++;
      (*k)++;
    } else if (L[(i + 1) * w + j] >= L[i * w + j + 1]) {
      i++;
    } else {
      j++;
    }
  }
  free(L);
}

/* ---- large: Myers' search in linear space ------------------------ */

/* The items of a large middle as class numbers, the ones both sides
 * have. */
typedef struct S_big {
  uint32_t *A, *B;  /* class of each kept item */
  size_t *ia, *ib;  /* its index in the whole sequence */
  size_t na, nb;
  long *fd, *bd;    /* furthest points by diagonal, offset by nb + 1 */
  size_t work;      /* steps left */
  long *match;      /* for each kept old item, its kept new one or -1 */
} S_big;

static int S_ideq(const void *ctx, size_t i, size_t j)
{
  const S_big *g = ctx;
  return g->A[i] == g->B[j];
}

/* An S_eq_fn over two sequences: whether old item i is new item j. */
static int S_eq(const void *ctx, size_t i, size_t j)
{
  const S_seqs *s = ctx;
  return s->same(s->side[0], i, s->side[1], j);
}

/* Numbers old[h..h+M) and new[h..h+N) by equality class (a hash table
 * of one representative each) and keeps those whose class is on both
 * sides. */
static void S_classes(const S_seqs *s, size_t h, size_t M, size_t N,
                      S_big *g)
{
  size_t size = 64;
  while (size < 2 * (M + N))
    size *= 2;
  /* a slot: representative's side and index + 1 (0: empty) */
  size_t *slot = csp_xcalloc(size, sizeof *slot);
  int *slot_side = csp_xcalloc(size, sizeof *slot_side);
  uint32_t *slot_class = csp_xcalloc(size, sizeof *slot_class);
  uint32_t *cls = csp_xmalloc((M + N + 1) * sizeof *cls);
  size_t nclass = 0;
  for (size_t t = 0; t < M + N; t++) {
    int side = t >= M;
    size_t i = h + (side ? t - M : t);
    unsigned long hash = s->hash(s->side[side], i);
    size_t p = (hash ^ (hash >> 17)) & (size - 1); /* the high bits too */
    while (slot[p] &&
           !s->same(s->side[slot_side[p]], slot[p] - 1, s->side[side], i))
      p = (p + 1) & (size - 1);
    if (!slot[p]) {
      slot[p] = i + 1;
      slot_side[p] = side;
      slot_class[p] = (uint32_t)nclass++;
    }
    cls[t] = slot_class[p];
  }
  free(slot);
  free(slot_side);
  free(slot_class);
  unsigned char *seen = csp_xcalloc(nclass + 1, 1); /* 1 old, 2 new */
  for (size_t t = 0; t < M + N; t++)
    seen[cls[t]] |= t >= M ? 2 : 1;
  g->A = csp_xmalloc((M + 1) * sizeof *g->A);
  g->B = csp_xmalloc((N + 1) * sizeof *g->B);
  g->ia = csp_xmalloc((M + 1) * sizeof *g->ia);
  g->ib = csp_xmalloc((N + 1) * sizeof *g->ib);
  g->na = g->nb = 0;
  for (size_t t = 0; t < M + N; t++) {
    if (seen[cls[t]] != 3)
      continue;
    if (t < M) {
      g->A[g->na] = cls[t];
      g->ia[g->na++] = h + t;
    } else {
      g->B[g->nb] = cls[t];
      g->ib[g->nb++] = h + t - M;
    }
  }
  free(seen);
  free(cls);
}

static size_t S_isqrt(size_t n)
{
  size_t r = 1;
  while (r * r < n)
    r++;
  return r;
}

/* Finds a point (*xm, *ym) through which a shortest edit path of
 * A[a0..a1) to B[b0..b1) goes (both start and end differ, both are
 * non-empty): Myers' middle snake, searched from both ends at once.
 * Past max_cost rounds, the point furthest along a diagonal so far. */
static void S_midsnake(S_big *g, long a0, long a1, long b0, long b1,
                       long max_cost, long *xm, long *ym)
{
  const uint32_t *A = g->A, *B = g->B;
  long off = (long)g->nb + 1;
  long *fd = g->fd + off, *bd = g->bd + off;
  long dmin = a0 - b1, dmax = a1 - b0;
  long fmid = a0 - b0, bmid = a1 - b1;
  long fmin = fmid, fmax = fmid, bmin = bmid, bmax = bmid;
  int odd = (fmid - bmid) & 1;
  fd[fmid] = a0;
  bd[bmid] = a1;
  for (long c = 1;; c++) {
    /* one more round forward */
    if (fmin > dmin)
      fd[--fmin - 1] = -1;
    else
      ++fmin;
    if (fmax < dmax)
      fd[++fmax + 1] = -1;
    else
      --fmax;
    for (long d = fmax; d >= fmin; d -= 2) {
      long lo = fd[d - 1], hi = fd[d + 1];
      long x = lo >= hi ? lo + 1 : hi, y = x - d;
      long x0 = x;
      while (x < a1 && y < b1 && A[x] == B[y])
        x++, y++;
      g->work -= g->work > (size_t)(x - x0) ? (size_t)(x - x0) + 1
                                            : g->work;
      fd[d] = x;
      if (odd && bmin <= d && d <= bmax && bd[d] <= x) {
        *xm = x;
        *ym = y;
        return;
      }
    }
    /* and backward */
    if (bmin > dmin)
      bd[--bmin - 1] = LONG_MAX;
    else
      ++bmin;
    if (bmax < dmax)
      bd[++bmax + 1] = LONG_MAX;
    else
      --bmax;
    for (long d = bmax; d >= bmin; d -= 2) {
      long lo = bd[d - 1], hi = bd[d + 1];
      long x = lo < hi ? lo : hi - 1, y = x - d;
      long x0 = x;
      while (x > a0 && y > b0 && A[x - 1] == B[y - 1])
        x--, y--;
      g->work -= g->work > (size_t)(x0 - x) ? (size_t)(x0 - x) + 1
                                            : g->work;
      bd[d] = x;
      if (!odd && fmin <= d && d <= fmax && x <= fd[d]) {
        *xm = x;
        *ym = y;
        return;
      }
    }
    if (c >= max_cost || !g->work) {
      /* too costly: the forward or backward point that got furthest */
      long fbest = -1, fx = a0, bbest = LONG_MAX, bx = a1;
      for (long d = fmax; d >= fmin; d -= 2) {
        long x = fd[d] < a1 ? fd[d] : a1, y = x - d;
        if (y > b1)
          x = b1 + d, y = b1;
        if (x + y > fbest)
          fbest = x + y, fx = x;
      }
      for (long d = bmax; d >= bmin; d -= 2) {
        long x = bd[d] > a0 ? bd[d] : a0, y = x - d;
        if (y < b0)
          x = b0 + d, y = b0;
        if (x + y < bbest)
          bbest = x + y, bx = x;
      }
      if ((a1 + b1) - bbest < fbest - (a0 + b0)) {
        *xm = fx;
        *ym = fbest - fx;
      } else {
        *xm = bx;
        *ym = bbest - bx;
      }
      return;
    }
  }
}

/* A stretch of the search still to align. */
typedef struct S_box {
  long a0, a1, b0, b1;
} S_box;

/* Aligns the kept items, filling g->match; one box at a time off a
 * stack, so that no split, however lopsided, deepens the C stack. */
static void S_search(S_big *g)
{
  long max_cost = (long)S_isqrt(g->na + g->nb + 3);
  if (max_cost < S_COST_MIN)
    max_cost = S_COST_MIN;
  size_t n = 0, cap = 64;
  S_box *stack = csp_xmalloc(cap * sizeof *stack);
  stack[n++] = (S_box){0, (long)g->na, 0, (long)g->nb};
  size_t *pa = NULL, *pb = NULL; /* for the exact pieces */
  size_t pcap = 0;
  while (n) {
    S_box x = stack[--n];
    while (x.a0 < x.a1 && x.b0 < x.b1 && g->A[x.a0] == g->B[x.b0]) {
      g->match[x.a0++] = x.b0++;
    }
    while (x.a0 < x.a1 && x.b0 < x.b1 &&
           g->A[x.a1 - 1] == g->B[x.b1 - 1]) {
      g->match[--x.a1] = --x.b1;
    }
    size_t M = (size_t)(x.a1 - x.a0), N = (size_t)(x.b1 - x.b0);
    if (!M || !N || !g->work)
      continue; /* the rest is removed and added */
    if (M <= CSP_MAX_DIFF_CELLS / N && M * N <= g->work) {
      size_t need = M < N ? M : N, k = 0;
      if (need > pcap) {
        pcap = need;
        pa = csp_xrealloc(pa, pcap * sizeof *pa);
        pb = csp_xrealloc(pb, pcap * sizeof *pb);
      }
      S_dp(M, N, S_ideq, g, (size_t)x.a0, (size_t)x.b0, pa, pb, &k);
      for (size_t t = 0; t < k; t++)
        g->match[pa[t]] = (long)pb[t];
      g->work -= M * N;
      continue;
    }
    long xm, ym;
    S_midsnake(g, x.a0, x.a1, x.b0, x.b1, max_cost, &xm, &ym);
    if ((xm == x.a0 && ym == x.b0) || (xm == x.a1 && ym == x.b1))
      continue; /* no progress (the search gave up at once) */
    if (n + 2 > cap) {
      cap *= 2;
      stack = csp_xrealloc(stack, cap * sizeof *stack);
    }
    stack[n++] = (S_box){xm, x.a1, ym, x.b1}; /* popped second */
    stack[n++] = (S_box){x.a0, xm, x.b0, ym};
  }
  free(stack);
  free(pa);
  free(pb);
}

/* The LCS pairs of old[h..h+M) and new[h..h+N), appended at *k. */
static void S_large(const S_seqs *s, size_t h, size_t M, size_t N,
                    size_t *pa, size_t *pb, size_t *k)
{
  S_big g;
  memset(&g, 0, sizeof g);
  S_classes(s, h, M, N, &g);
  if (g.na && g.nb) {
    g.work = CSP_MAX_DIFF_WORK;
    g.fd = csp_xmalloc((g.na + g.nb + 3) * sizeof *g.fd);
    g.bd = csp_xmalloc((g.na + g.nb + 3) * sizeof *g.bd);
    g.match = csp_xmalloc(g.na * sizeof *g.match);
    for (size_t i = 0; i < g.na; i++)
      g.match[i] = -1;
    S_search(&g);
    for (size_t i = 0; i < g.na; i++) {
      if (g.match[i] < 0)
        continue;
      pa[*k] = g.ia[i];
      pb[*k] = g.ib[g.match[i]];
      (*k)++;
    }
    free(g.fd);
    free(g.bd);
    free(g.match);
  }
  free(g.A);
  free(g.B);
  free(g.ia);
  free(g.ib);
}

/* ---- the common subsequence -------------------------------------- */

/* The pairs (pa[k], pb[k]) of a common subsequence of two sequences of
 * m and n items, in order; returns their number.  pa and pb hold at
 * least min(m, n) entries.  The longest one when the middle fits the
 * exact way; otherwise the linear-space search's, unless cells is
 * given: then the middle is aligned exactly only while *cells lasts
 * (and takes from it), and is else taken as wholly different. */
static size_t S_lcs(size_t m, size_t n, const S_seqs *s, size_t *cells,
                    size_t *pa, size_t *pb)
{
  size_t k = 0, head = 0, tail = 0;
  while (head < m && head < n && S_eq(s, head, head)) {
    pa[k] = pb[k] = head;
    k++, head++;
  }
  while (tail < m - head && tail < n - head &&
         S_eq(s, m - 1 - tail, n - 1 - tail))
    tail++;
  size_t M = m - head - tail, N = n - head - tail;
  if (M && N && M <= CSP_MAX_DIFF_CELLS / N &&
      (!cells || M * N <= *cells)) {
    S_dp(M, N, S_eq, s, head, head, pa, pb, &k);
    if (cells)
      *cells -= M * N;
  } else if (M && N && !cells) {
    S_large(s, head, M, N, pa, pb, &k);
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
  d->ops = csp_xgrow(d->ops, d->n, &d->cap, sizeof *d->ops, 64);
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

/* ---- words and blocks as sequences ------------------------------- */

/* Words: a side is a csp_diff_block. */
static int S_words_same(const void *sx, size_t x, const void *sy, size_t y)
{
  const csp_diff_block *a = sx, *b = sy;
  return csp_diff_word_eq(&a->words[x], &b->words[y]);
}

static unsigned long S_words_hash(const void *side, size_t i)
{
  const csp_diff_word *w = &((const csp_diff_block *)side)->words[i];
  unsigned long h = 5381 + w->style;
  for (const char *c = w->text; *c; c++)
    h = h * 33 ^ (unsigned char)*c;
  for (const char *c = w->url; c && *c; c++)
    h = h * 33 ^ (unsigned char)*c;
  return h;
}

/* Blocks: a side is a csp_diff_doc. */
static int S_blocks_same(const void *sx, size_t x, const void *sy, size_t y)
{
  const csp_diff_block *a = &((const csp_diff_doc *)sx)->blocks[x];
  const csp_diff_block *b = &((const csp_diff_doc *)sy)->blocks[y];
  return a->hash == b->hash && strcmp(a->key, b->key) == 0;
}

static unsigned long S_blocks_hash(const void *side, size_t i)
{
  return ((const csp_diff_doc *)side)->blocks[i].hash;
}

/* What pairing the blocks of a gap works on. */
typedef struct {
  const csp_diff_doc *a, *b;
  size_t pair_cells; /* what the similarity of gap pairs may still take */
} S_dpair;

/* ---- edit scripts ------------------------------------------------ */

/* The edit script from LCS pairs: SAME for each pair, DEL and INS for
 * what lies between (gap is called for each stretch between pairs). */
typedef void (*S_gap_fn)(csp_diff *d, void *ctx, size_t a0, size_t a1,
                         size_t b0, size_t b1);

static void S_script(csp_diff *d, size_t m, size_t n, const S_seqs *s,
                     void *gap_ctx, S_gap_fn gap)
{
  size_t cap = m < n ? m : n;
  size_t *pa = csp_xmalloc((cap ? cap : 1) * sizeof *pa);
  size_t *pb = csp_xmalloc((cap ? cap : 1) * sizeof *pb);
  size_t k = S_lcs(m, n, s, NULL, pa, pb);
  size_t i = 0, j = 0;
  for (size_t t = 0; t <= k; t++) {
    size_t ai = t < k ? pa[t] : m, bj = t < k ? pb[t] : n;
    if (ai > i || bj > j)
      gap(d, gap_ctx, i, ai, j, bj);
    if (t < k)
      S_op(d, CSP_OP_SAME, (long)ai, (long)bj);
    i = ai + 1;
    j = bj + 1;
  }
  free(pa);
  free(pb);
}

static void S_gap_plain(csp_diff *d, void *ctx, size_t a0, size_t a1,
                        size_t b0, size_t b1)
{
  (void)ctx;
  for (size_t i = a0; i < a1; i++)
    S_op(d, CSP_OP_DEL, (long)i, -1);
  for (size_t j = b0; j < b1; j++)
    S_op(d, CSP_OP_INS, -1, (long)j);
}

/* How alike two blocks are, 0..1; 0 when they cannot pair.  Takes the
 * cells of its exact alignment from *cells. */
static double S_similarity(const csp_diff_block *x, const csp_diff_block *y,
                           size_t *cells)
{
  if (x->kind != CSP_BLOCK_TEXT || y->kind != CSP_BLOCK_TEXT ||
      strcmp(x->shape, y->shape) != 0 || !x->nwords || !y->nwords)
    return 0;
  size_t cap = x->nwords < y->nwords ? x->nwords : y->nwords;
  size_t *pa = csp_xmalloc(cap * sizeof *pa);
  size_t *pb = csp_xmalloc(cap * sizeof *pb);
  S_seqs s = {S_words_same, S_words_hash, {x, y}};
  size_t common = S_lcs(x->nwords, y->nwords, &s, cells, pa, pb);
  free(pa);
  free(pb);
  return 2.0 * (double)common / (double)(x->nwords + y->nwords);
}

/* Pairs the blocks of a gap as changed where they are alike enough,
 * keeping their order and making the total similarity largest. */
static void S_gap_blocks(csp_diff *d, void *ctx, size_t a0, size_t a1,
                         size_t b0, size_t b1)
{
  S_dpair *p = ctx;
  size_t M = a1 - a0, N = b1 - b0;
  if (!M || !N || M > CSP_MAX_DIFF_PAIRS / N) {
    S_gap_plain(d, ctx, a0, a1, b0, b1);
    return;
  }
  size_t w = N + 1;
  double *sim = csp_xcalloc(M * N, sizeof *sim);
  double *S = csp_xcalloc((M + 1) * w, sizeof *S);
  for (size_t i = 0; i < M; i++)
    for (size_t j = 0; j < N; j++) {
      double s = S_similarity(&p->a->blocks[a0 + i], &p->b->blocks[b0 + j],
                              &p->pair_cells);
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
  S_dpair p = {a, b, CSP_MAX_DIFF_PAIR_CELLS};
  S_seqs s = {S_blocks_same, S_blocks_hash, {a, b}};
  S_script(d, a->n, b->n, &s, &p, S_gap_blocks);
}

void csp_diff_words(const csp_diff_block *a, const csp_diff_block *b,
                    csp_diff *d)
{
  memset(d, 0, sizeof *d);
  S_seqs s = {S_words_same, S_words_hash, {a, b}};
  S_script(d, a->nwords, b->nwords, &s, NULL, S_gap_plain);
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

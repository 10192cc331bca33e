/* diff_redline.c: an edit script -> the redline (diff.h).
 *
 * Owns how a diff becomes one document that the renderers write: the
 * inline content of a changed block rewritten as its word diff, with
 * the white space around each change placed so that accepting every
 * change spells NEW and rejecting every one OLD; OLD's deleted blocks
 * moved into NEW's document inside copies of their lists and items;
 * the marks (custom inlines) and the blocks added or removed carrying
 * a csp_rev as cmark user data, the only user data it sets.  Which old
 * container stands for which new one is kept in a side table of its
 * own.  It also owns the escaping of the Markdown redline's text, so
 * that only its own marks read as marks. */
#include "diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- the side table: old container -> new container -------------- */

typedef struct S_map {
  const cmark_node **keys;
  cmark_node **vals;
  size_t size, n; /* size: a power of two */
} S_map;

static size_t S_slot(const S_map *m, const cmark_node *k)
{
  uintptr_t h = (uintptr_t)k;
  h ^= h >> 4;
  h *= (uintptr_t)2654435761u;
  size_t p = (size_t)(h ^ (h >> 13)) & (m->size - 1);
  while (m->keys[p] && m->keys[p] != k)
    p = (p + 1) & (m->size - 1);
  return p;
}

static cmark_node *S_map_get(const S_map *m, const cmark_node *k)
{
  return m->size ? m->vals[S_slot(m, k)] : NULL;
}

static void S_map_put(S_map *m, const cmark_node *k, cmark_node *v)
{
  if (2 * (m->n + 1) > m->size) {
    S_map old = *m;
    m->size = old.size ? old.size * 2 : 64;
    m->keys = csp_xcalloc(m->size, sizeof *m->keys);
    m->vals = csp_xcalloc(m->size, sizeof *m->vals);
    m->n = 0;
    for (size_t i = 0; i < old.size; i++)
      if (old.keys[i]) {
        size_t p = S_slot(m, old.keys[i]);
        m->keys[p] = old.keys[i];
        m->vals[p] = old.vals[i];
        m->n++;
      }
    free(old.keys);
    free(old.vals);
  }
  size_t p = S_slot(m, k);
  if (!m->keys[p])
    m->n++;
  m->keys[p] = k;
  m->vals[p] = v;
}

static void S_map_release(S_map *m)
{
  free(m->keys);
  free(m->vals);
  memset(m, 0, sizeof *m);
}

/* ---- inline content from words ----------------------------------- */

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
  if (e->text.len && (e->style != style || !csp_diff_same_url(e->url, url)))
    S_flush(e);
  e->style = style;
  e->url = url;
}

/* Puts one word, with a space before it when space is set; a space
 * between two words of one style is inside that style, else plain. */
static void S_put(S_emit *e, const csp_diff_word *w, int space)
{
  if (space) {
    if (e->text.len && e->style == w->style &&
        csp_diff_same_url(e->url, w->url))
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

static void S_clear(cmark_node *leaf)
{
  cmark_node *c;
  while ((c = cmark_node_first_child(leaf)) != NULL)
    cmark_node_free(c);
}

/* Writes a block's inlines afresh from its words: one level of each
 * style, for a block whose own nest too deeply. */
static void S_rebuild(const csp_diff_block *blk)
{
  S_clear(blk->node);
  S_emit e = {blk->node, {0}, 0, NULL};
  csp_buf_init(&e.text);
  for (size_t i = 0; i < blk->nwords; i++)
    S_put(&e, &blk->words[i], blk->words[i].space);
  S_flush(&e);
  csp_buf_release(&e.text);
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
 * and no deletion spells b exactly, and the other way round a; and so
 * that an old and a new text side by side are apart: "x[- old-]{+
 * new+}", or at the start of a block "[-old -]{+new +}y". */
static void S_change(const csp_diff_block *a, const csp_diff_block *b,
                     const csp_rev *ins, const csp_rev *del)
{
  csp_diff w;
  csp_diff_words(a, b, &w);
  cmark_node *leaf = b->node;
  S_clear(leaf);
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
    int next_space = next && a->words[next->a].space &&
                     b->words[next->b].space;
    if (nd && ni) {
      if (D[0]->space || I[0]->space) {
        /* each side's own space inside its mark */
        S_put_marked(&e, del, D, nd, D[0]->space, 0);
        S_put_marked(&e, ins, I, ni, I[0]->space, 0);
      } else if (next_space) {
        /* the next word's space, inside both marks */
        S_put_marked(&e, del, D, nd, 0, 1);
        S_put_marked(&e, ins, I, ni, 0, 1);
        eat_space = 1;
      } else {
        S_put_marked(&e, del, D, nd, 0, 0);
        S_put_marked(&e, ins, I, ni, 0, 0);
      }
      continue;
    }
    const csp_rev *rev = nd ? del : ins;
    const csp_diff_word **X = nd ? D : I;
    size_t nx = nd ? nd : ni;
    if (X[0]->space && next_space) {
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

/* ---- deleted blocks moved in ------------------------------------- */

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

/* Which old container stands for which new one; and for a new
 * container split in two (S_split), its later part, where everything
 * placed from then on belongs. */
typedef struct S_tables {
  S_map map;   /* old container -> new container */
  S_map later; /* new container -> its later part */
} S_tables;

static cmark_node *S_lookup(S_tables *t, const cmark_node *old)
{
  cmark_node *v = S_map_get(&t->map, old), *w;
  if (!v)
    return NULL;
  cmark_node *first = v;
  while ((w = S_map_get(&t->later, v)) != NULL)
    v = w;
  if (v != first)
    S_map_put(&t->map, old, v); /* the next lookup goes straight there */
  return v;
}

/* Splits the containers from prev up to top (an ancestor of prev):
 * what follows prev inside top moves to copies of its containers, the
 * copy of top put after top.  An ordered list's copy starts where its
 * first part stops. */
static void S_split(S_tables *t, cmark_node *prev, cmark_node *top)
{
  cmark_node *c = prev, *carry = NULL;
  while (c != top) {
    cmark_node *p = cmark_node_parent(c);
    cmark_node *rest = NULL;
    if (carry || cmark_node_next(c)) {
      rest = S_copy_container(p);
      if (carry)
        cmark_node_append_child(rest, carry);
      cmark_node *n;
      while ((n = cmark_node_next(c)) != NULL)
        cmark_node_append_child(rest, n);
      if (cmark_node_get_type(p) == CMARK_NODE_LIST &&
          cmark_node_get_list_type(p) == CMARK_ORDERED_LIST) {
        int items = 0;
        for (n = cmark_node_first_child(p); n; n = cmark_node_next(n))
          items++;
        cmark_node_set_list_start(rest,
                                  cmark_node_get_list_start(p) + items);
      }
      S_map_put(&t->later, p, rest);
    }
    carry = rest;
    c = p;
  }
  if (carry)
    cmark_node_insert_after(top, carry);
}

/* Moves the deleted leaf of old_doc into new_doc after prev (the block
 * placed before it), inside the containers that its own map to where
 * those hold prev; any other old container gets a copy, and maps to it
 * from then on.  Where prev's container goes on past prev, it is split
 * there, so that the leaf stands between what came before it and what
 * comes after. */
/* Nonzero when the leaf can go into v next to prev: v holds prev, or
 * (no block before it) v opens the document. */
static int S_can_hold(cmark_node *v, cmark_node *prev)
{
  if (prev) {
    for (cmark_node *p = prev; p; p = cmark_node_parent(p))
      if (p == v)
        return 1;
    return 0;
  }
  for (cmark_node *p = v; cmark_node_parent(p); p = cmark_node_parent(p))
    if (cmark_node_first_child(cmark_node_parent(p)) != p)
      return 0;
  return 1;
}

static void S_place(S_tables *t, cmark_node *leaf, cmark_node *prev)
{
  cmark_node **chain = NULL;
  size_t k = 0, cap = 0;
  cmark_node *c = cmark_node_parent(leaf), *target = NULL;
  /* the innermost container mapped to one that can hold the leaf where
   * it goes; the ones inside it are copied */
  for (; c && !(target = S_lookup(t, c), target && S_can_hold(target, prev));
       c = cmark_node_parent(c)) {
    chain = csp_xgrow(chain, k, &cap, sizeof *chain, 8);
    chain[k++] = c;
  }
  if (!c || !target) { /* cannot happen: the document is mapped */
    free(chain);
    return;
  }
  cmark_node *top = NULL, *inner = NULL;
  while (k-- > 0) {
    cmark_node *copy = S_copy_container(chain[k]);
    S_map_put(&t->map, chain[k], copy);
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
  if (after && after != prev)
    S_split(t, prev, after);
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
  S_tables t;
  memset(&t, 0, sizeof t);
  S_map_put(&t.map, old_doc, new_doc);
  for (size_t i = 0; i < d->n; i++) {
    const csp_diff_op *op = &d->ops[i];
    if (op->kind != CSP_OP_SAME && op->kind != CSP_OP_CHANGE)
      continue;
    cmark_node *po = cmark_node_parent(a->blocks[op->a].node);
    cmark_node *pn = cmark_node_parent(b->blocks[op->b].node);
    for (; po && pn && S_same_container(po, pn);
         po = cmark_node_parent(po), pn = cmark_node_parent(pn))
      if (!S_map_get(&t.map, po))
        S_map_put(&t.map, po, pn);
  }
  cmark_node *prev = NULL;
  for (size_t i = 0; i < d->n; i++) {
    const csp_diff_op *op = &d->ops[i];
    switch (op->kind) {
    case CSP_OP_SAME:
      prev = b->blocks[op->b].node;
      if (b->blocks[op->b].deep)
        S_rebuild(&b->blocks[op->b]);
      break;
    case CSP_OP_CHANGE:
      S_change(&a->blocks[op->a], &b->blocks[op->b], ins[i], del[i]);
      prev = b->blocks[op->b].node;
      break;
    case CSP_OP_INS:
      prev = b->blocks[op->b].node;
      if (b->blocks[op->b].deep)
        S_rebuild(&b->blocks[op->b]);
      cmark_node_set_user_data(prev, (void *)ins[i]);
      S_wrap(prev, ins[i]);
      break;
    case CSP_OP_DEL: {
      cmark_node *leaf = a->blocks[op->a].node;
      S_place(&t, leaf, prev);
      if (a->blocks[op->a].deep)
        S_rebuild(&a->blocks[op->a]);
      cmark_node_set_user_data(leaf, (void *)del[i]);
      S_wrap(leaf, del[i]);
      prev = leaf;
      break;
    }
    }
  }
  S_map_release(&t.map);
  S_map_release(&t.later);
}

/* ---- escaping the Markdown redline ------------------------------- */

static void S_escape_node(cmark_node *n, csp_buf *tmp, char *prev)
{
  const char *lit = cmark_node_get_literal(n);
  if (!lit)
    return;
  csp_buf_clear(tmp);
  csp_diff_escape_marks(tmp, lit, strlen(lit), prev);
  if (strcmp(tmp->data, lit) != 0)
    cmark_node_set_literal(n, tmp->data);
}

void csp_diff_redline_escape(cmark_node *doc)
{
  csp_buf tmp;
  csp_buf_init(&tmp);
  char prev = 0; /* within one block's text, across its inline nodes */
  cmark_iter *it = cmark_iter_new(doc);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE:
      S_escape_node(n, &tmp, &prev);
      break;
    case CMARK_NODE_CODE_BLOCK:
      prev = 0;
      S_escape_node(n, &tmp, &prev);
      prev = 0;
      break;
    case CMARK_NODE_EMPH:
    case CMARK_NODE_STRONG:
    case CMARK_NODE_LINK:
    case CMARK_NODE_IMAGE:
      break; /* their text runs on from what is around them */
    default:
      prev = 0; /* a mark, a break, a block: the run ends */
      break;
    }
  }
  cmark_iter_free(it);
  csp_buf_release(&tmp);
}

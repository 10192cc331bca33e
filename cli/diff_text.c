/* diff_text.c: an edit script -> the unified text diff (diff.h).
 *
 * Owns the text format of csecpol diff: hunks of blocks with their
 * context, a changed block as a "-" and a "+" line with its words
 * marked "[-...-]" and "{+...+}" (or in reverse video), the escaping
 * that keeps those marks from being forged by the text itself, and the
 * count lines of a run, split by source or not. */
#include "diff.h"

#include <stdlib.h>
#include <string.h>

#define S_RED "\033[31m"
#define S_GREEN "\033[32m"
#define S_CYAN "\033[36m"
#define S_BOLD "\033[1m"
#define S_REV "\033[7m"
#define S_UNREV "\033[27m"
#define S_RESET "\033[m"

/* Nonzero when a and b, in that order, make a change mark. */
static int S_mark(char a, char b)
{
  return (a == '[' && b == '-') || (a == '-' && b == ']') ||
         (a == '{' && b == '+') || (a == '+' && b == '}');
}

void csp_diff_escape_marks(csp_buf *out, const char *s, size_t n,
                           char *prev)
{
  /* *prev: the last character that is not a backslash; one backslash
   * more just before c is one more in the run between prev and c */
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c != '\\') {
      if (S_mark(*prev, c))
        csp_buf_putc(out, '\\');
      *prev = c;
    }
    csp_buf_putc(out, c);
  }
}

/* Writes the words of blk; those at which marked[i] is set are wrapped
 * in open/close, a run of them at once.  Text is escaped for the marks
 * when escape is set. */
static void S_words_text(csp_buf *out, const csp_diff_block *blk,
                         const unsigned char *marked, const char *open,
                         const char *close, int escape)
{
  int in = 0;
  char prev = 0;
  for (size_t i = 0; i < blk->nwords; i++) {
    const csp_diff_word *w = &blk->words[i];
    int m = marked && marked[i];
    if (in && !m) {
      csp_buf_puts(out, close);
      in = 0;
      prev = 0;
    }
    if (w->space) {
      csp_buf_putc(out, ' ');
      prev = ' ';
    }
    if (m && !in) {
      csp_buf_puts(out, open);
      in = 1;
      prev = 0;
    }
    const char *t = w->style & CSP_W_BREAK ? "\xE2\x86\xB5" : w->text;
    if (escape)
      csp_diff_escape_marks(out, t, strlen(t), &prev);
    else
      csp_buf_puts(out, t);
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
  S_words_text(&line, blk, marked, open, close, !color);
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
static void S_heading_text(csp_buf *out, const csp_diff_block *blk,
                           int color)
{
  csp_buf_puts(out, blk->prefix);
  S_words_text(out, blk, NULL, "", "", !color);
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
        S_heading_text(out, &b->blocks[k], o->color);
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

/* ---- a run ------------------------------------------------------- */

/* "2 changed, 1 added, 0 removed" */
static void S_counts(csp_buf *out, const csp_diff *d)
{
  csp_buf_printf(out, "%zu changed, %zu added, %zu removed", d->changed,
                 d->added, d->removed);
}

/* One step of a split diff, if it changes anything: the template's
 * (site 0: the old template to the new, on the old site file) or the
 * site file's (site 1: the old site file to the new, on the new
 * template), each side labelled "LABEL (template TMPL)". */
static void S_step(const csp_diff_run *r, int site, const csp_diff_labels *l,
                   const csp_diff_text_opts *o, csp_buf *out)
{
  const csp_diff *d = site ? &r->by_site : &r->by_template;
  if (!csp_diff_differs(d))
    return;
  if (site)
    csp_buf_printf(out, "\nchanges from the site file (%s -> %s), with "
                        "template %s:\n",
                   l->old_label, l->new_label, l->new_tmpl);
  else
    csp_buf_printf(out, "\nchanges from the template (%s -> %s), shown on "
                        "%s:\n",
                   l->old_tmpl, l->new_tmpl, l->old_label);
  csp_buf labels[2];
  csp_buf_init(&labels[0]);
  csp_buf_init(&labels[1]);
  csp_buf_printf(&labels[0], "%s (template %s)", l->old_label,
                 site ? l->new_tmpl : l->old_tmpl);
  csp_buf_printf(&labels[1], "%s (template %s)",
                 site ? l->new_label : l->old_label, l->new_tmpl);
  csp_diff_text_opts to = *o;
  to.old_label = labels[0].data;
  to.new_label = labels[1].data;
  csp_diff_text(&r->blocks[site], &r->blocks[site + 1], d, &to, out);
  csp_buf_release(&labels[0]);
  csp_buf_release(&labels[1]);
}

void csp_diff_run_text(const csp_diff_run *r, const csp_diff_labels *l,
                       int context, int color, csp_buf *out)
{
  if (!csp_diff_differs(&r->whole))
    return;
  csp_diff_text_opts to = {l->old_label, l->new_label, context, color};
  csp_buf_puts(out, "csecpol diff: ");
  S_counts(out, &r->whole);
  csp_buf_putc(out, '\n');
  if (!r->split) {
    csp_diff_text(&r->blocks[0], &r->blocks[2], &r->whole, &to, out);
    return;
  }
  csp_buf_puts(out, "  from the template:  ");
  S_counts(out, &r->by_template);
  csp_buf_puts(out, "\n  from the site file: ");
  S_counts(out, &r->by_site);
  csp_buf_putc(out, '\n');
  S_step(r, 0, l, &to, out);
  S_step(r, 1, l, &to, out);
}

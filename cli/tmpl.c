/* tmpl.c: the Mustache-style expander.  csp_tmpl_parse scans the
 * template once into a tree of tokens (text, variables, sections,
 * partials), applying the set-delimiter and standalone-line rules as it
 * goes; csp_tmpl_expand walks that tree over the site model with a
 * context stack, as many times as the caller likes. */
#include "tmpl.h"

#include <stdlib.h>
#include <string.h>

#define S_MAX_NEST 100   /* sections open at once in one template */
#define S_MAX_PARTIAL 64 /* partials expanded inside one another */

typedef enum {
  S_TEXT,     /* literal text */
  S_VAR,      /* {{x}}: escaped */
  S_RAW,      /* {{{x}}}, {{&x}}: as is */
  S_SECTION,  /* {{#x}}...{{/x}} */
  S_INVERTED, /* {{^x}}...{{/x}} */
  S_PARTIAL   /* {{>x}} */
} S_kind;

typedef struct S_tok S_tok;

typedef struct S_block {
  S_tok *v;
  size_t n, cap;
} S_block;

struct S_tok {
  S_kind kind;
  int bol;        /* starts a source line (partial indentation goes here) */
  int standalone; /* was alone on its line, which was removed */
  csp_loc loc;    /* the tag's opening delimiter; file is the tmpl's name */
  char *text;     /* S_TEXT: the text; otherwise the name as written */
  size_t len;
  size_t *nl;     /* S_TEXT: offsets in text where a source line starts */
  size_t nnl;
  char *partbuf;       /* the name with dots made NULs */
  const char **parts;  /* into partbuf; nparts 0 for "." */
  size_t nparts;
  char *indent;        /* standalone S_PARTIAL: the white space before it */
  S_block body;        /* S_SECTION, S_INVERTED */
};

typedef struct S_partial {
  char *name;
  csp_tmpl *t;
} S_partial;

struct csp_tmpl {
  char *name; /* owned; every token's loc.file points here */
  csp_diags *diags; /* where its parse, partials and expansion report */
  S_block root;
  S_partial *partials;
  size_t npartials, cappartials;
};

/* ---- tokens ---- */

static S_tok *S_push(S_block *b)
{
  if (b->n == b->cap) {
    b->cap = b->cap ? b->cap * 2 : 8;
    b->v = csp_xrealloc(b->v, b->cap * sizeof *b->v);
  }
  S_tok *t = &b->v[b->n++];
  memset(t, 0, sizeof *t);
  return t;
}

static void S_block_free(S_block *b);

static void S_tok_release(S_tok *t)
{
  free(t->text);
  free(t->nl);
  free(t->partbuf);
  free(t->parts);
  free(t->indent);
  S_block_free(&t->body);
}

static void S_block_free(S_block *b)
{
  for (size_t i = 0; i < b->n; i++)
    S_tok_release(&b->v[i]);
  free(b->v);
  b->v = NULL;
  b->n = b->cap = 0;
}

/* ---- the parser ---- */

typedef struct S_frame {
  S_block body;
  S_tok head; /* the section's opening tag (unused in frame 0) */
} S_frame;

typedef struct S_parser {
  csp_diags *diags; /* where it reports */
  const char *file; /* the template's name, for locations */
  const char *src;
  size_t len, pos;
  const char *otag, *ctag; /* current delimiters (into src, or static) */
  size_t olen, clen;
  size_t lc_pos; /* line:col bookkeeping: src[lc_pos] is at line:col */
  int line, col;
  S_frame *frames;
  size_t nframes, capframes;
} S_parser;

/* The 1-based line and column (in characters) of src[pos]. */
static csp_loc S_loc(S_parser *p, size_t pos)
{
  if (pos < p->lc_pos) {
    p->lc_pos = 0;
    p->line = p->col = 1;
  }
  for (; p->lc_pos < pos; p->lc_pos++) {
    unsigned char c = (unsigned char)p->src[p->lc_pos];
    if (c == '\n') {
      p->line++;
      p->col = 1;
    } else if ((c & 0xC0) != 0x80) {
      p->col++;
    }
  }
  return (csp_loc){p->file, p->line, p->col};
}

static size_t S_find(const char *s, size_t n, size_t from, const char *pat,
                     size_t plen)
{
  for (size_t i = from; i + plen <= n; i++)
    if (s[i] == pat[0] && memcmp(s + i, pat, plen) == 0)
      return i;
  return (size_t)-1;
}

static int S_space(int c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
         c == '\f';
}

static int S_bol(const S_parser *p, size_t pos)
{
  return pos == 0 || p->src[pos - 1] == '\n';
}

static S_block *S_cur(S_parser *p) { return &p->frames[p->nframes - 1].body; }

static void S_add_text(S_parser *p, size_t from, size_t to)
{
  if (from >= to)
    return;
  S_tok *t = S_push(S_cur(p));
  t->kind = S_TEXT;
  t->bol = S_bol(p, from);
  t->text = csp_xstrndup(p->src + from, to - from);
  t->len = to - from;
  size_t count = 0;
  for (size_t i = 0; i + 1 < t->len; i++)
    count += t->text[i] == '\n';
  if (!count)
    return;
  t->nl = csp_xmalloc(count * sizeof *t->nl);
  for (size_t i = 0; i + 1 < t->len; i++)
    if (t->text[i] == '\n')
      t->nl[t->nnl++] = i + 1;
}

/* Checks a tag's name and splits it at the dots into t.  Returns 0, or
 * -1 after reporting. */
static int S_name(S_parser *p, S_tok *t, const char *s, size_t n, int dots,
                  const csp_loc *loc)
{
  if (n == 0) {
    csp_diag(p->diags, CSP_R_TEMPLATE, loc,
             "empty tag; write a name between %.*s and %.*s", (int)p->olen,
             p->otag, (int)p->clen, p->ctag);
    return -1;
  }
  for (size_t i = 0; i < n; i++)
    if (S_space((unsigned char)s[i])) {
      csp_diag(p->diags, CSP_R_TEMPLATE, loc,
               "tag name '%.*s' holds white space; write one name, or "
               "close the tag with %.*s",
               (int)n, s, (int)p->clen, p->ctag);
      return -1;
    }
  t->text = csp_xstrndup(s, n);
  t->len = n;
  if (!dots)
    return 0;
  if (n == 1 && s[0] == '.')
    return 0; /* the implicit iterator: no parts */
  t->partbuf = csp_xstrndup(s, n);
  size_t count = 1;
  for (size_t i = 0; i < n; i++)
    count += s[i] == '.';
  t->parts = csp_xmalloc(count * sizeof *t->parts);
  char *part = t->partbuf;
  for (size_t i = 0; i <= n; i++) {
    if (i < n && t->partbuf[i] != '.')
      continue;
    t->partbuf[i] = '\0';
    if (!*part) {
      csp_diag(p->diags, CSP_R_TEMPLATE, loc,
               "name '%.*s' has an empty part; write names like a.b.c",
               (int)n, s);
      return -1;
    }
    t->parts[t->nparts++] = part;
    part = t->partbuf + i + 1;
  }
  return 0;
}

/* The first place from i in s[0..n) that is not white space (space:
 * 1) or that is (space: 0); n when there is none. */
static size_t S_skip(const char *s, size_t n, size_t i, int space)
{
  while (i < n && S_space((unsigned char)s[i]) == space)
    i++;
  return i;
}

/* {{=<% %>=}}: content is what lies between the two '='. */
static int S_set_delims(S_parser *p, const char *s, size_t n,
                        const csp_loc *loc)
{
  size_t a = S_skip(s, n, 0, 1);
  size_t alen = S_skip(s, n, a, 0) - a;
  size_t b = S_skip(s, n, a + alen, 1);
  size_t blen = S_skip(s, n, b, 0) - b;
  size_t i = S_skip(s, n, b + blen, 1);
  if (alen == 0 || blen == 0 || i != n) {
    csp_diag(p->diags, CSP_R_TEMPLATE, loc,
             "set-delimiter tag needs two delimiters separated by a space, "
             "like %.*s=<%% %%>=%.*s",
             (int)p->olen, p->otag, (int)p->clen, p->ctag);
    return -1;
  }
  p->otag = s + a;
  p->olen = alen;
  p->ctag = s + b;
  p->clen = blen;
  return 0;
}

static void S_parser_release(S_parser *p)
{
  for (size_t i = 0; i < p->nframes; i++) {
    S_block_free(&p->frames[i].body);
    if (i > 0)
      S_tok_release(&p->frames[i].head);
  }
  free(p->frames);
}

/* One tag as S_parse reads it. */
typedef struct S_tag {
  size_t at;      /* its opening delimiter in p->src */
  csp_loc loc;    /* ... as a location */
  int sigil;      /* one of "#^/!=>&{", or 0 */
  size_t cs, ce;  /* its content: src[cs..ce) */
  size_t end;     /* just after its closing delimiter */
  int standalone; /* alone on its line, which is removed */
  size_t ls;      /* where the text before it ends */
  size_t next;    /* where the text after it starts */
  const char *c;  /* the content, trimmed (but for ! and =) */
  size_t n;
  int bol_marker; /* at a line start that is not removed: a marker
                     goes after it, unless the tag carries the mark */
} S_tag;

/* Finds the closing delimiter of t: "}" + ctag, "=" + ctag, or ctag.
 * Returns 0, or -1 after reporting a tag that is not closed. */
static int S_tag_close(S_parser *p, S_tag *t)
{
  const char *src = p->src;
  size_t len = p->len;
  t->ce = (size_t)-1;
  if (t->sigil == '{' || t->sigil == '=') {
    for (size_t i = t->cs; i + 1 + p->clen <= len; i++)
      if (src[i] == (t->sigil == '{' ? '}' : '=') &&
          memcmp(src + i + 1, p->ctag, p->clen) == 0) {
        t->ce = i;
        break;
      }
    t->end = t->ce + 1 + p->clen;
  } else {
    t->ce = S_find(src, len, t->cs, p->ctag, p->clen);
    t->end = t->ce + p->clen;
  }
  if (t->ce == (size_t)-1) {
    csp_diag(p->diags, CSP_R_TEMPLATE, &t->loc,
             "tag is not closed; add %s%.*s after its name",
             t->sigil == '{' ? "}" : t->sigil == '=' ? "=" : "",
             (int)p->clen, p->ctag);
    return -1;
  }
  return 0;
}

/* The standalone-line rule: a section, comment, delimiter or partial
 * tag alone on its line (but for spaces and tabs) takes the line with
 * it.  Sets t->standalone, t->ls and t->next. */
static void S_standalone(const S_parser *p, S_tag *t)
{
  const char *src = p->src;
  size_t len = p->len;
  t->standalone = 0;
  t->ls = t->at;
  t->next = t->end;
  if (!t->sigil || !strchr("#^/!=>", t->sigil))
    return;
  size_t ls = t->at, le = t->end;
  while (ls > p->pos && (src[ls - 1] == ' ' || src[ls - 1] == '\t'))
    ls--;
  while (le < len && (src[le] == ' ' || src[le] == '\t'))
    le++;
  if (!S_bol(p, ls))
    return;
  if (le == len)
    t->next = le;
  else if (src[le] == '\n')
    t->next = le + 1;
  else if (src[le] == '\r' && le + 1 < len && src[le + 1] == '\n')
    t->next = le + 2;
  else
    return;
  t->standalone = 1;
  t->ls = ls;
}

/* Reads the tag whose opening delimiter is at t->at: its sigil, its
 * end, whether it stands alone and its content.  Returns 0, or -1
 * after reporting. */
static int S_tag_read(S_parser *p, S_tag *t)
{
  t->loc = S_loc(p, t->at);
  t->cs = t->at + p->olen;
  t->sigil = t->cs < p->len ? (unsigned char)p->src[t->cs] : 0;
  if (strchr("#^/!=>&{", t->sigil) && t->sigil)
    t->cs++;
  else
    t->sigil = 0;
  if (S_tag_close(p, t) < 0)
    return -1;
  S_standalone(p, t);
  t->c = p->src + t->cs;
  t->n = t->ce - t->cs;
  if (t->sigil != '!' && t->sigil != '=') {
    while (t->n && S_space((unsigned char)t->c[0]))
      t->c++, t->n--;
    while (t->n && S_space((unsigned char)t->c[t->n - 1]))
      t->n--;
  }
  t->bol_marker = !t->standalone && S_bol(p, t->at);
  return 0;
}

/* {{#x}} or {{^x}}: a frame for the section's body.  Returns 0, or -1
 * after reporting. */
static int S_open_section(S_parser *p, S_tag *t)
{
  if (p->nframes > S_MAX_NEST) {
    csp_diag(p->diags, CSP_R_TEMPLATE, &t->loc,
             "sections nest deeper than %d; flatten the template",
             S_MAX_NEST);
    return -1;
  }
  if (p->nframes == p->capframes) {
    p->capframes *= 2;
    p->frames = csp_xrealloc(p->frames, p->capframes * sizeof *p->frames);
  }
  S_frame *f = &p->frames[p->nframes++];
  memset(f, 0, sizeof *f);
  f->head.kind = t->sigil == '#' ? S_SECTION : S_INVERTED;
  f->head.loc = t->loc;
  f->head.bol = t->bol_marker;
  f->head.standalone = t->standalone;
  if (S_name(p, &f->head, t->c, t->n, 1, &t->loc) < 0)
    return -1;
  t->bol_marker = 0;
  return 0;
}

/* {{/x}}: closes the innermost section, which must be x, into a token
 * of its parent.  Returns 0, or -1 after reporting. */
static int S_close_section(S_parser *p, S_tag *t)
{
  S_tok probe = {0};
  if (S_name(p, &probe, t->c, t->n, 0, &t->loc) < 0) {
    S_tok_release(&probe);
    return -1;
  }
  if (p->nframes == 1) {
    csp_diag(p->diags, CSP_R_TEMPLATE, &t->loc,
             "'%s' closes no open section; remove it, or open the "
             "section before it",
             probe.text);
    S_tok_release(&probe);
    return -1;
  }
  S_frame *f = &p->frames[p->nframes - 1];
  if (strcmp(f->head.text, probe.text) != 0) {
    csp_diag(p->diags, CSP_R_TEMPLATE, &t->loc,
             "'%s' does not close section '%s' (opened at %d:%d); "
             "close '%s' first",
             probe.text, f->head.text, f->head.loc.line, f->head.loc.col,
             f->head.text);
    S_tok_release(&probe);
    return -1;
  }
  S_tok_release(&probe);
  if (t->bol_marker) { /* indentation before the close, in the body */
    S_tok *m = S_push(&f->body);
    m->kind = S_TEXT;
    m->bol = 1;
    t->bol_marker = 0;
  }
  p->nframes--;
  S_tok *head = S_push(S_cur(p));
  *head = f->head;
  head->body = f->body;
  return 0;
}

/* {{x}}, {{{x}}}, {{&x}} or {{>x}}: a token of the current body.
 * Returns 0, or -1 after reporting. */
static int S_add_tag(S_parser *p, S_tag *t)
{
  S_tok *tok = S_push(S_cur(p));
  tok->kind = t->sigil == '>' ? S_PARTIAL : t->sigil ? S_RAW : S_VAR;
  tok->loc = t->loc;
  tok->bol = t->bol_marker;
  tok->standalone = t->standalone;
  t->bol_marker = 0;
  if (S_name(p, tok, t->c, t->n, t->sigil != '>', &t->loc) < 0)
    return -1;
  if (t->standalone) /* S_PARTIAL: the indentation before the tag */
    tok->indent = csp_xstrndup(p->src + t->ls, t->at - t->ls);
  return 0;
}

/* Parses p->src into frame 0.  Returns 0, or -1 after reporting. */
static int S_parse(S_parser *p)
{
  while (p->pos < p->len) {
    S_tag t;
    t.at = S_find(p->src, p->len, p->pos, p->otag, p->olen);
    if (t.at == (size_t)-1) {
      S_add_text(p, p->pos, p->len);
      p->pos = p->len;
      break;
    }
    if (S_tag_read(p, &t) < 0)
      return -1;
    S_add_text(p, p->pos, t.ls);
    p->pos = t.next;
    int rc = 0;
    switch (t.sigil) {
    case '!':
      break;
    case '=':
      rc = S_set_delims(p, t.c, t.n, &t.loc);
      break;
    case '#':
    case '^':
      rc = S_open_section(p, &t);
      break;
    case '/':
      rc = S_close_section(p, &t);
      break;
    default:
      rc = S_add_tag(p, &t);
      break;
    }
    if (rc < 0)
      return -1;
    if (t.bol_marker) { /* a tag that prints nothing, at a line start */
      S_tok *m = S_push(S_cur(p));
      m->kind = S_TEXT;
      m->bol = 1;
    }
  }

  if (p->nframes > 1) {
    const S_tok *h = &p->frames[p->nframes - 1].head;
    csp_diag(p->diags, CSP_R_TEMPLATE, &h->loc,
             "section '%s' is not closed; add %.*s/%s%.*s after its end",
             h->text, (int)p->olen, p->otag, h->text, (int)p->clen,
             p->ctag);
    return -1;
  }
  return 0;
}

csp_tmpl *csp_tmpl_parse(csp_diags *dg, const char *name, const char *src,
                         size_t len)
{
  csp_tmpl *t = csp_xcalloc(1, sizeof *t);
  t->name = csp_xstrdup(name ? name : "template");
  t->diags = dg;
  S_parser p = {0};
  p.diags = dg;
  p.file = t->name;
  p.src = src;
  p.len = len;
  p.otag = "{{";
  p.ctag = "}}";
  p.olen = p.clen = 2;
  p.line = p.col = 1;
  p.capframes = 8;
  p.frames = csp_xcalloc(p.capframes, sizeof *p.frames);
  p.nframes = 1;
  if (S_parse(&p) < 0) {
    S_parser_release(&p);
    free(t->name);
    free(t);
    return NULL;
  }
  t->root = p.frames[0].body;
  free(p.frames);
  return t;
}

void csp_tmpl_free(csp_tmpl *t)
{
  if (!t)
    return;
  S_block_free(&t->root);
  for (size_t i = 0; i < t->npartials; i++) {
    free(t->partials[i].name);
    csp_tmpl_free(t->partials[i].t);
  }
  free(t->partials);
  free(t->name);
  free(t);
}

int csp_tmpl_add_partial(csp_tmpl *t, const char *name, const char *src,
                         size_t len)
{
  csp_tmpl *pt = csp_tmpl_parse(t->diags, name, src, len);
  if (!pt)
    return -1;
  for (size_t i = 0; i < t->npartials; i++)
    if (strcmp(t->partials[i].name, name) == 0) {
      csp_tmpl_free(t->partials[i].t);
      t->partials[i].t = pt;
      return 0;
    }
  if (t->npartials == t->cappartials) {
    t->cappartials = t->cappartials ? t->cappartials * 2 : 4;
    t->partials =
        csp_xrealloc(t->partials, t->cappartials * sizeof *t->partials);
  }
  t->partials[t->npartials].name = csp_xstrdup(name);
  t->partials[t->npartials++].t = pt;
  return 0;
}

/* ---- expansion ---- */

typedef struct S_exp {
  const csp_tmpl *top; /* where partials are looked up */
  csp_escape_fn esc;
  csp_buf *out;
  const csp_node **stack; /* the context stack; top is stack[n - 1] */
  size_t n, cap;
  const char *indent; /* a standalone partial's indentation, or "" */
  size_t ilen;
  int depth; /* partials */
  size_t start; /* out->len when the expansion began */
  size_t steps; /* tokens expanded so far */
  int over;     /* a limit was hit (and reported) */
} S_exp;

/* Counts one step of work at token t and checks both limits; reports
 * the first time one is passed.  Returns 0, or -1 once over. */
static int S_budget(S_exp *x, const S_tok *t)
{
  if (x->over)
    return -1;
  x->steps++;
  if (x->out->len - x->start > (size_t)CSP_MAX_OUTPUT) {
    csp_diag(x->top->diags, CSP_R_LIMIT, &t->loc,
             "the template expands to more than %d MiB; look for "
             "sections nested over long lists, or a partial that "
             "includes itself",
             CSP_MAX_OUTPUT / (1024 * 1024));
    x->over = 1;
  } else if (x->steps > (size_t)CSP_MAX_STEPS) {
    csp_diag(x->top->diags, CSP_R_LIMIT, &t->loc,
             "the template takes more than %d steps to expand; look for "
             "sections nested over long lists, or a partial that "
             "includes itself",
             CSP_MAX_STEPS);
    x->over = 1;
  }
  return x->over ? -1 : 0;
}

static void S_ctx_push(S_exp *x, const csp_node *v)
{
  if (x->n == x->cap) {
    x->cap = x->cap ? x->cap * 2 : 16;
    x->stack = csp_xrealloc(x->stack, x->cap * sizeof *x->stack);
  }
  x->stack[x->n++] = v;
}

/* Resolves a name the spec's way: the first part through the context
 * stack, top down, to the first map holding it as a key; the rest
 * within that value only.  Returns the value (borrowed) or NULL. */
static const csp_node *S_lookup(const S_exp *x, const S_tok *t)
{
  if (t->nparts == 0)
    return x->n ? x->stack[x->n - 1] : NULL;
  const csp_node *v = NULL;
  size_t i = x->n;
  while (i-- > 0) {
    const csp_entry *e = csp_node_entry(x->stack[i], t->parts[0]);
    if (e) {
      v = e->value;
      break;
    }
  }
  for (size_t k = 1; v && k < t->nparts; k++)
    v = csp_node_get(v, t->parts[k]);
  return v;
}

static int S_false_word(const csp_node *v)
{
  return v->plain && (strcmp(v->text, "false") == 0 ||
                      strcmp(v->text, "False") == 0 ||
                      strcmp(v->text, "FALSE") == 0);
}

static int S_truthy(const csp_node *v)
{
  if (!v || v->kind == CSP_NODE_NULL)
    return 0;
  if (v->kind == CSP_NODE_SEQ)
    return v->n > 0;
  if (v->kind == CSP_NODE_SCALAR && S_false_word(v))
    return 0;
  return 1;
}

static void S_put_indent(S_exp *x) { csp_buf_put(x->out, x->indent, x->ilen); }

static int S_expand(S_exp *x, const S_block *b);

static int S_expand_partial(S_exp *x, const S_tok *t)
{
  const csp_tmpl *pt = NULL;
  for (size_t i = 0; i < x->top->npartials; i++)
    if (strcmp(x->top->partials[i].name, t->text) == 0)
      pt = x->top->partials[i].t;
  if (!pt)
    return 0;
  if (x->depth >= S_MAX_PARTIAL) {
    csp_diag(x->top->diags, CSP_R_TEMPLATE, &t->loc,
             "partials nest deeper than %d; make sure partial '%s' does "
             "not include itself unconditionally",
             S_MAX_PARTIAL, t->text);
    return -1;
  }
  const char *saved = x->indent;
  size_t saved_len = x->ilen;
  csp_buf ind;
  csp_buf_init(&ind);
  if (t->standalone) {
    csp_buf_put(&ind, x->indent, x->ilen);
    csp_buf_puts(&ind, t->indent);
  }
  x->indent = ind.data;
  x->ilen = ind.len;
  x->depth++;
  int rc = S_expand(x, &pt->root);
  x->depth--;
  x->indent = saved;
  x->ilen = saved_len;
  csp_buf_release(&ind);
  return rc;
}

static int S_expand(S_exp *x, const S_block *b)
{
  for (size_t i = 0; i < b->n; i++) {
    const S_tok *t = &b->v[i];
    if (S_budget(x, t) < 0)
      return -1;
    if (t->bol && x->ilen && t->kind != S_TEXT)
      S_put_indent(x);
    switch (t->kind) {
    case S_TEXT: {
      if (!x->ilen) {
        csp_buf_put(x->out, t->text, t->len);
        break;
      }
      size_t from = 0;
      if (t->bol)
        S_put_indent(x);
      for (size_t k = 0; k < t->nnl; k++) {
        csp_buf_put(x->out, t->text + from, t->nl[k] - from);
        S_put_indent(x);
        from = t->nl[k];
        if (S_budget(x, t) < 0)
          return -1;
      }
      /* a line-start marker has no text at all (text is NULL) */
      if (from < t->len)
        csp_buf_put(x->out, t->text + from, t->len - from);
      break;
    }
    case S_VAR:
    case S_RAW: {
      const csp_node *v = S_lookup(x, t);
      if (!v || v->kind != CSP_NODE_SCALAR)
        break;
      if (t->kind == S_VAR)
        x->esc(x->out, v->text, v->len);
      else
        csp_buf_put(x->out, v->text, v->len);
      break;
    }
    case S_SECTION: {
      const csp_node *v = S_lookup(x, t);
      if (!S_truthy(v))
        break;
      /* the body once for each item of a list, else once for v */
      int list = v->kind == CSP_NODE_SEQ;
      for (size_t k = 0; k < (list ? v->n : 1); k++) {
        S_ctx_push(x, list ? v->items[k].value : v);
        int rc = S_expand(x, &t->body);
        x->n--;
        if (rc < 0)
          return -1;
      }
      break;
    }
    case S_INVERTED:
      if (!S_truthy(S_lookup(x, t)) && S_expand(x, &t->body) < 0)
        return -1;
      break;
    case S_PARTIAL:
      if (S_expand_partial(x, t) < 0)
        return -1;
      break;
    }
  }
  return 0;
}

int csp_tmpl_expand(const csp_tmpl *t, const csp_node *data,
                    csp_escape_fn esc, csp_buf *out)
{
  S_exp x = {0};
  x.top = t;
  x.esc = esc ? esc : csp_escape_html;
  x.out = out;
  x.indent = "";
  x.start = out->len;
  S_ctx_push(&x, data);
  int rc = S_expand(&x, &t->root);
  free(x.stack);
  return rc;
}

/* ---- references ---- */

typedef struct S_refs {
  csp_tmpl_ref_fn fn;
  void *ctx;
  const char **secs;
  size_t n, cap;
} S_refs;

static void S_walk_refs(S_refs *r, const S_block *b)
{
  for (size_t i = 0; i < b->n; i++) {
    const S_tok *t = &b->v[i];
    switch (t->kind) {
    case S_VAR:
    case S_RAW:
    case S_INVERTED:
      r->fn(t->text, t->kind == S_INVERTED ? CSP_REF_INVERTED : CSP_REF_VAR,
             r->secs, r->n, r->ctx);
      if (t->kind == S_INVERTED)
        S_walk_refs(r, &t->body);
      break;
    case S_SECTION:
      r->fn(t->text, CSP_REF_SECTION, r->secs, r->n, r->ctx);
      if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 8;
        r->secs = csp_xrealloc(r->secs, r->cap * sizeof *r->secs);
      }
      r->secs[r->n++] = t->text;
      S_walk_refs(r, &t->body);
      r->n--;
      break;
    case S_TEXT:
    case S_PARTIAL:
      break;
    }
  }
}

void csp_tmpl_foreach_ref(const csp_tmpl *t, csp_tmpl_ref_fn fn, void *ctx)
{
  S_refs r = {fn, ctx, NULL, 0, 0};
  S_walk_refs(&r, &t->root);
  free(r.secs);
}

/* ---- escaping ---- */

void csp_escape_html(csp_buf *out, const char *text, size_t len)
{
  size_t from = 0;
  for (size_t i = 0; i < len; i++) {
    const char *rep;
    switch (text[i]) {
    case '&':
      rep = "&amp;";
      break;
    case '"':
      rep = "&quot;";
      break;
    case '<':
      rep = "&lt;";
      break;
    case '>':
      rep = "&gt;";
      break;
    default:
      continue;
    }
    csp_buf_put(out, text + from, i - from);
    csp_buf_puts(out, rep);
    from = i + 1;
  }
  csp_buf_put(out, text + from, len - from);
}

static int S_punct(unsigned char c)
{
  return (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) ||
         (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e);
}

void csp_escape_md(csp_buf *out, const char *text, size_t len)
{
  int space = 0, any = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)text[i];
    if (S_space(c)) {
      space = any;
      continue;
    }
    if (space)
      csp_buf_putc(out, ' ');
    space = 0;
    any = 1;
    if (S_punct(c))
      csp_buf_putc(out, '\\');
    csp_buf_putc(out, c);
  }
}

/* docx_read.c: WordprocessingML -> cmark (see docx_read.h).
 *
 * The package is opened and each part parsed by docx_in.c.  The main
 * part is found through _rels/.rels, its styles, numbering and
 * hyperlink targets through its own relationships.  The body is walked
 * block by block; each paragraph's runs are collected as pieces of text
 * in one style (bold, italic, code, link), then made into a heading, a
 * paragraph, a list item or a code block.  Lists are rebuilt from
 * w:numPr: a paragraph numbered at level L with w:numId N continues the
 * open list of level L when it has the same N, else starts a list,
 * nested in the last item of the level above.  csecpol's renderer gives
 * each cmark list its own w:num, so its lists come back as they were.
 *
 * Tracked changes are read as accepted: the content of w:ins and
 * w:moveTo is kept, that of w:del and w:moveFrom dropped, a paragraph
 * whose mark was deleted runs on into the next one, a deleted table row
 * is left out, and property changes (w:rPrChange, w:pPrChange, ...)
 * leave the properties as they are now.  Each is counted. */
#include "docx_read.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "diag.h"
#include "docx_in.h"
#include "render.h"
#include "util.h"

#define W CSP_DOCX_IN_NS_W
#define R CSP_DOCX_IN_NS_R

/* WordprocessingML's list levels, and how far basedOn and
 * numStyleLink chains are followed (Word refuses loops; a damaged file
 * may have one). */
#define S_LEVELS 9
#define S_MAX_CHAIN 32

/* Run styles, as diff.h's word styles. */
enum { S_EMPH = 1, S_STRONG = 2, S_CODE = 4 };

/* ---- styles ---------------------------------------------------------- */

typedef struct S_style {
  char *id, *name, *based_on;
  size_t order; /* its place in styles.xml: the first of an id wins */
  int paragraph;  /* a paragraph style, else character (or other) */
  int heading;    /* -1 unknown here; 0 body text; 1..9 a level */
  int title;      /* the Title style */
  int bold, ital; /* -1 not set here; 0/1 */
  int code;       /* VerbatimChar: inline code */
  int num_id;     /* -1 not set here; else its w:numPr's w:numId */
  int ilvl;       /* ... and w:ilvl (-1 not set) */
} S_style;

/* ---- numbering --------------------------------------------------------- */

typedef struct S_lvl {
  int ordered; /* -1 unknown */
  int start;
  int paren;
} S_lvl;

typedef struct S_abstract {
  int id;
  size_t order;
  char *style_link; /* w:numStyleLink */
  S_lvl lvl[S_LEVELS];
} S_abstract;

typedef struct S_num {
  int id;
  size_t order;
  int abstract;
  S_lvl over[S_LEVELS]; /* w:lvlOverride: ordered -1 when not given;
                           start -1 when not given */
} S_num;

/* ---- relationships ------------------------------------------------------ */

typedef struct S_rel {
  char *id, *type, *target;
  int external;
} S_rel;

/* A piece of a paragraph's text in one style. */
typedef struct S_piece {
  char *text; /* NULL: a line break */
  size_t len, cap;
  unsigned style;
  const char *url; /* borrowed from the relationships, or NULL */
} S_piece;

/* One open list of the list stack. */
typedef struct S_open {
  cmark_node *list, *item;
  int num_id, ilvl;
} S_open;

typedef struct S_reader {
  csp_diags *dg; /* where it reports */
  const char *file;
  csp_docx_read_info *info;
  S_style *styles;
  size_t nstyles;
  S_abstract *abstracts;
  size_t nabstracts;
  S_num *nums;
  size_t nnums;
  S_rel *rels;
  size_t nrels;
  cmark_node *doc;
  S_open open[S_LEVELS];
  int depth;          /* lists open */
  cmark_node *quote;  /* the block quote being filled, or NULL */
  /* the paragraph being read */
  S_piece *pieces;
  size_t npieces, cappieces;
  int carry; /* the pieces run on from a paragraph whose mark was deleted */
  /* the last tracked change counted, to count a change split over
   * several runs once */
  const xmlNode *last_change;
} S_reader;

static char *S_attr(const xmlNode *n, const char *local)
{
  return csp_docx_in_attr(n, W, local);
}

static int S_is(const xmlNode *n, const char *local)
{
  return csp_docx_in_is(n, W, local);
}

/* The first child element named local, or NULL. */
static xmlNode *S_child(const xmlNode *n, const char *local)
{
  for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
    if (S_is(c, local))
      return c;
  return NULL;
}

/* A w:val as a number, or dflt. */
static int S_val_int(const xmlNode *n, int dflt)
{
  char *v = n ? S_attr(n, "val") : NULL;
  if (!v)
    return dflt;
  char *end;
  long x = strtol(v, &end, 10);
  int ok = end != v && *end == '\0' && x >= -1000000 && x <= 1000000;
  xmlFree(v);
  return ok ? (int)x : dflt;
}

/* An on/off property (w:b, w:i, w:vanish): -1 when absent. */
static int S_toggle(const xmlNode *rpr, const char *local)
{
  xmlNode *n = S_child(rpr, local);
  if (!n)
    return -1;
  char *v = S_attr(n, "val");
  int on = !v || !(strcmp(v, "0") == 0 || strcmp(v, "false") == 0 ||
                   strcmp(v, "off") == 0);
  if (v)
    xmlFree(v);
  return on;
}

static int S_ieq(const char *a, const char *b)
{
  for (; *a && *b; a++, b++) {
    char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
    char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
    if (x != y)
      return 0;
  }
  return *a == *b;
}

/* ---- counting tracked changes -------------------------------------- */

/* Counts a tracked change, unless it continues the one just counted:
 * the next element sibling of the same kind, author and date (Word and
 * LibreOffice write one w:ins a run). */
static void S_change(S_reader *rd, const xmlNode *n)
{
  const xmlNode *prev = rd->last_change;
  rd->last_change = n;
  if (prev && prev->parent == n->parent && prev->name == n->name) {
    const xmlNode *p = n->prev;
    while (p && p->type != XML_ELEMENT_NODE)
      p = p->prev;
    if (p == prev) {
      char *a1 = S_attr(prev, "author"), *a2 = S_attr(n, "author");
      char *d1 = S_attr(prev, "date"), *d2 = S_attr(n, "date");
      int same = (!a1 && !a2) || (a1 && a2 && strcmp(a1, a2) == 0);
      same = same && ((!d1 && !d2) || (d1 && d2 && strcmp(d1, d2) == 0));
      xmlFree(a1), xmlFree(a2), xmlFree(d1), xmlFree(d2);
      if (same)
        return;
    }
  }
  rd->info->changes++;
}

/* The property changes of a properties element (w:rPr, w:pPr with its
 * paragraph mark's w:rPr, w:tblPr, w:trPr, w:tcPr, w:sectPr): read as
 * accepted by leaving the properties as they now are. */
static void S_prop_changes(S_reader *rd, const xmlNode *pr)
{
  static const char *const kinds[] = {
      "rPrChange",     "pPrChange",  "sectPrChange", "tblPrChange",
      "tblPrExChange", "trPrChange", "tcPrChange",   "tblGridChange",
      "numberingChange", "cellIns",  "cellDel",      "cellMerge"};
  for (const xmlNode *c = pr ? pr->children : NULL; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE)
      continue;
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
      if (S_is(c, kinds[i]))
        rd->info->changes++;
    if (S_is(pr, "pPr") && S_is(c, "rPr"))
      S_prop_changes(rd, c);
  }
}

/* ---- styles.xml --------------------------------------------------------- */

/* Styles, w:abstractNum and w:num are sorted by id once loaded (then
 * by their place in the file), and found by binary search: the first of
 * an id, as Word takes it. */
static int S_style_cmp(const void *a, const void *b)
{
  const S_style *x = a, *y = b;
  int c = strcmp(x->id, y->id);
  return c ? c : x->order < y->order ? -1 : x->order > y->order;
}

/* The index of the first of n sorted items (size bytes each) that is
 * not before key: where the first of key's id is, if anywhere. */
static size_t S_lower(const void *items, size_t n, size_t size,
                      const void *key,
                      int (*before)(const void *item, const void *key))
{
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (before((const char *)items + mid * size, key))
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

static int S_style_before(const void *item, const void *key)
{
  return strcmp(((const S_style *)item)->id, key) < 0;
}

static S_style *S_style_find(S_reader *rd, const char *id)
{
  if (!id)
    return NULL;
  size_t i = S_lower(rd->styles, rd->nstyles, sizeof *rd->styles, id,
                     S_style_before);
  return i < rd->nstyles && strcmp(rd->styles[i].id, id) == 0
             ? &rd->styles[i]
             : NULL;
}

/* The heading level a style's name or id gives: "heading 3",
 * "Heading3" -> 3; 0 for none. */
static int S_heading_name(const char *s)
{
  if (!s)
    return 0;
  static const char h[] = "heading";
  size_t n = sizeof h - 1;
  if (strlen(s) < n + 1)
    return 0;
  for (size_t i = 0; i < n; i++)
    if ((s[i] | 0x20) != h[i])
      return 0;
  const char *p = s + n;
  if (*p == ' ')
    p++;
  if (p[0] >= '1' && p[0] <= '9' && p[1] == '\0')
    return p[0] - '0';
  return 0;
}

static void S_styles_load(S_reader *rd, xmlDoc *x)
{
  xmlNode *root = xmlDocGetRootElement(x);
  if (!S_is(root, "styles"))
    return;
  size_t cap = 0;
  for (xmlNode *s = root->children; s; s = s->next) {
    if (!S_is(s, "style"))
      continue;
    char *id = S_attr(s, "styleId");
    if (!id)
      continue;
    rd->styles = csp_xgrow(rd->styles, rd->nstyles, &cap, sizeof *rd->styles,
                           64);
    S_style *st = &rd->styles[rd->nstyles++];
    memset(st, 0, sizeof *st);
    st->order = rd->nstyles;
    st->id = csp_xstrdup(id);
    xmlFree(id);
    char *type = S_attr(s, "type");
    st->paragraph = !type || strcmp(type, "paragraph") == 0;
    xmlFree(type);
    xmlNode *name = S_child(s, "name");
    char *nm = name ? S_attr(name, "val") : NULL;
    st->name = nm ? csp_xstrdup(nm) : NULL;
    xmlFree(nm);
    xmlNode *based = S_child(s, "basedOn");
    char *b = based ? S_attr(based, "val") : NULL;
    st->based_on = b ? csp_xstrdup(b) : NULL;
    xmlFree(b);
    st->heading = -1;
    int level = S_heading_name(st->id);
    if (!level)
      level = S_heading_name(st->name);
    if (level)
      st->heading = level;
    if (strcmp(st->id, "Title") == 0 || (st->name && S_ieq(st->name, "Title")))
      st->heading = 1, st->title = 1;
    xmlNode *ppr = S_child(s, "pPr");
    xmlNode *ol = S_child(ppr, "outlineLvl");
    if (ol && st->heading < 0) {
      int v = S_val_int(ol, 9);
      st->heading = v >= 0 && v < 9 ? v + 1 : 0;
    }
    st->num_id = st->ilvl = -1;
    xmlNode *numpr = S_child(ppr, "numPr");
    if (numpr) {
      st->num_id = S_val_int(S_child(numpr, "numId"), -1);
      st->ilvl = S_val_int(S_child(numpr, "ilvl"), -1);
    }
    xmlNode *rpr = S_child(s, "rPr");
    st->bold = S_toggle(rpr, "b");
    st->ital = S_toggle(rpr, "i");
    st->code = strcmp(st->id, "VerbatimChar") == 0 ||
               (st->name && S_ieq(st->name, "Verbatim Char"));
  }
  if (rd->nstyles)
    qsort(rd->styles, rd->nstyles, sizeof *rd->styles, S_style_cmp);
}

/* The first style of id's basedOn chain, id's own first, for which has
 * holds; NULL when none does. */
static S_style *S_style_up(S_reader *rd, const char *id,
                           int (*has)(const S_style *))
{
  S_style *st = S_style_find(rd, id);
  for (int k = 0; st && k < S_MAX_CHAIN; k++) {
    if (has(st))
      return st;
    st = S_style_find(rd, st->based_on);
  }
  return NULL;
}

static int S_has_heading(const S_style *st)
{
  return st->heading >= 0;
}

static int S_has_num(const S_style *st)
{
  return st->num_id >= 0;
}

/* A paragraph style's heading level (0: none) through its basedOn
 * chain; *title is set when it is the Title style or based on it. */
static int S_style_heading(S_reader *rd, const char *id, int *title)
{
  S_style *st = S_style_up(rd, id, S_has_heading);
  if (!st)
    return 0;
  *title = st->title;
  return st->heading;
}

/* A style's w:numPr through its basedOn chain: the numId, or -1. */
static int S_style_num(S_reader *rd, const char *id, int *ilvl)
{
  S_style *st = S_style_up(rd, id, S_has_num);
  if (!st)
    return -1;
  *ilvl = st->ilvl;
  return st->num_id;
}

/* A character style's run style bits through its basedOn chain. */
static unsigned S_style_run(S_reader *rd, const char *id)
{
  int bold = -1, ital = -1, code = 0;
  S_style *st = S_style_find(rd, id);
  for (int k = 0; st && k < S_MAX_CHAIN; k++) {
    if (bold < 0)
      bold = st->bold;
    if (ital < 0)
      ital = st->ital;
    code |= st->code;
    st = S_style_find(rd, st->based_on);
  }
  return (bold > 0 ? S_STRONG : 0) | (ital > 0 ? S_EMPH : 0) |
         (code ? S_CODE : 0);
}

/* ---- numbering.xml ------------------------------------------------------ */

static void S_lvl_read(const xmlNode *lvl, S_lvl *out)
{
  xmlNode *fmt = S_child(lvl, "numFmt");
  if (fmt) {
    char *v = S_attr(fmt, "val");
    out->ordered = v && strcmp(v, "bullet") != 0 && strcmp(v, "none") != 0;
    xmlFree(v);
  }
  xmlNode *start = S_child(lvl, "start");
  if (start)
    out->start = S_val_int(start, 1);
  xmlNode *text = S_child(lvl, "lvlText");
  if (text) {
    char *v = S_attr(text, "val");
    out->paren = v && strchr(v, ')') != NULL;
    xmlFree(v);
  }
}

/* The attribute local as a number (read as atoi does), or dflt when
 * it is absent. */
static int S_attr_int(const xmlNode *n, const char *local, int dflt)
{
  char *v = S_attr(n, local);
  int x = v ? atoi(v) : dflt;
  xmlFree(v);
  return x;
}

static int S_abstract_cmp(const void *a, const void *b)
{
  const S_abstract *x = a, *y = b;
  return x->id != y->id ? (x->id < y->id ? -1 : 1)
                        : x->order < y->order ? -1 : x->order > y->order;
}

static int S_num_cmp(const void *a, const void *b)
{
  const S_num *x = a, *y = b;
  return x->id != y->id ? (x->id < y->id ? -1 : 1)
                        : x->order < y->order ? -1 : x->order > y->order;
}

static void S_numbering_load(S_reader *rd, xmlDoc *x)
{
  xmlNode *root = xmlDocGetRootElement(x);
  if (!S_is(root, "numbering"))
    return;
  size_t capa = 0, capn = 0;
  for (xmlNode *c = root->children; c; c = c->next) {
    if (S_is(c, "abstractNum")) {
      rd->abstracts = csp_xgrow(rd->abstracts, rd->nabstracts, &capa,
                                sizeof *rd->abstracts, 16);
      S_abstract *a = &rd->abstracts[rd->nabstracts++];
      memset(a, 0, sizeof *a);
      a->order = rd->nabstracts;
      a->id = S_attr_int(c, "abstractNumId", -1);
      for (int l = 0; l < S_LEVELS; l++)
        a->lvl[l] = (S_lvl){-1, 1, 0};
      xmlNode *link = S_child(c, "numStyleLink");
      char *lv = link ? S_attr(link, "val") : NULL;
      a->style_link = lv ? csp_xstrdup(lv) : NULL;
      xmlFree(lv);
      for (xmlNode *l = c->children; l; l = l->next) {
        int il = S_is(l, "lvl") ? S_attr_int(l, "ilvl", 0) : -1;
        if (il >= 0 && il < S_LEVELS)
          S_lvl_read(l, &a->lvl[il]);
      }
    } else if (S_is(c, "num")) {
      rd->nums = csp_xgrow(rd->nums, rd->nnums, &capn, sizeof *rd->nums, 16);
      S_num *n = &rd->nums[rd->nnums++];
      memset(n, 0, sizeof *n);
      n->order = rd->nnums;
      n->id = S_attr_int(c, "numId", -1);
      n->abstract = S_val_int(S_child(c, "abstractNumId"), -1);
      for (int l = 0; l < S_LEVELS; l++)
        n->over[l] = (S_lvl){-1, -1, -1};
      for (xmlNode *o = c->children; o; o = o->next) {
        int il = S_is(o, "lvlOverride") ? S_attr_int(o, "ilvl", 0) : -1;
        if (il < 0 || il >= S_LEVELS)
          continue;
        xmlNode *so = S_child(o, "startOverride");
        if (so)
          n->over[il].start = S_val_int(so, 1);
        xmlNode *lvl = S_child(o, "lvl");
        if (lvl)
          S_lvl_read(lvl, &n->over[il]);
      }
    }
  }
  if (rd->nabstracts)
    qsort(rd->abstracts, rd->nabstracts, sizeof *rd->abstracts,
          S_abstract_cmp);
  if (rd->nnums)
    qsort(rd->nums, rd->nnums, sizeof *rd->nums, S_num_cmp);
}

static int S_num_before(const void *item, const void *key)
{
  return ((const S_num *)item)->id < *(const int *)key;
}

static int S_abstract_before(const void *item, const void *key)
{
  return ((const S_abstract *)item)->id < *(const int *)key;
}

static S_num *S_num_find(S_reader *rd, int id)
{
  size_t i = S_lower(rd->nums, rd->nnums, sizeof *rd->nums, &id,
                     S_num_before);
  return i < rd->nnums && rd->nums[i].id == id ? &rd->nums[i] : NULL;
}

static S_abstract *S_abstract_find(S_reader *rd, int id)
{
  size_t i = S_lower(rd->abstracts, rd->nabstracts, sizeof *rd->abstracts,
                     &id, S_abstract_before);
  return i < rd->nabstracts && rd->abstracts[i].id == id ? &rd->abstracts[i]
                                                         : NULL;
}

/* What level ilvl of list numId looks like; bullets when unknown. */
static S_lvl S_num_level(S_reader *rd, int num_id, int ilvl)
{
  S_lvl out = {0, 1, 0};
  S_num *n = S_num_find(rd, num_id);
  for (int k = 0; n && k < S_MAX_CHAIN; k++) {
    S_abstract *a = S_abstract_find(rd, n->abstract);
    if (!a)
      break;
    if (a->style_link) {
      /* the numbering of a list style: the w:num its w:numPr names */
      int il;
      int linked = S_style_num(rd, a->style_link, &il);
      S_num *next = linked >= 0 ? S_num_find(rd, linked) : NULL;
      if (next && next != n) {
        n = next;
        continue;
      }
    }
    if (a->lvl[ilvl].ordered >= 0)
      out.ordered = a->lvl[ilvl].ordered;
    out.start = a->lvl[ilvl].start;
    out.paren = a->lvl[ilvl].paren;
    break;
  }
  n = S_num_find(rd, num_id);
  if (n) {
    if (n->over[ilvl].ordered >= 0)
      out.ordered = n->over[ilvl].ordered;
    if (n->over[ilvl].paren >= 0)
      out.paren = n->over[ilvl].paren;
    if (n->over[ilvl].start >= 0)
      out.start = n->over[ilvl].start;
  }
  return out;
}

/* ---- relationships ------------------------------------------------------- */

static void S_rels_load(S_reader *rd, xmlDoc *x)
{
  xmlNode *root = xmlDocGetRootElement(x);
  if (!csp_docx_in_is(root, CSP_DOCX_IN_NS_PKG_RELS, "Relationships"))
    return;
  size_t cap = 0;
  for (xmlNode *c = root->children; c; c = c->next) {
    if (!csp_docx_in_is(c, CSP_DOCX_IN_NS_PKG_RELS, "Relationship"))
      continue;
    char *id = csp_docx_in_attr(c, NULL, "Id");
    char *type = csp_docx_in_attr(c, NULL, "Type");
    char *target = csp_docx_in_attr(c, NULL, "Target");
    char *mode = csp_docx_in_attr(c, NULL, "TargetMode");
    if (id && type && target) {
      rd->rels = csp_xgrow(rd->rels, rd->nrels, &cap, sizeof *rd->rels, 16);
      S_rel *r = &rd->rels[rd->nrels++];
      r->id = csp_xstrdup(id);
      r->type = csp_xstrdup(type);
      r->target = csp_xstrdup(target);
      r->external = mode && strcmp(mode, "External") == 0;
    }
    xmlFree(id), xmlFree(type), xmlFree(target), xmlFree(mode);
  }
}

static int S_ends_with(const char *s, const char *suffix)
{
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The target of the first relationship whose type ends in /kind. */
static const S_rel *S_rel_of_type(const S_reader *rd, const char *kind)
{
  for (size_t i = 0; i < rd->nrels; i++)
    if (!rd->rels[i].external && S_ends_with(rd->rels[i].type, kind))
      return &rd->rels[i];
  return NULL;
}

/* A hyperlink's URL when it is one every renderer may link, else NULL. */
static const char *S_link_url(const S_reader *rd, const char *rid)
{
  for (size_t i = 0; rid && i < rd->nrels; i++)
    if (strcmp(rd->rels[i].id, rid) == 0)
      return rd->rels[i].external && S_ends_with(rd->rels[i].type,
                                                 "/hyperlink") &&
                     csp_url_is_safe(rd->rels[i].target)
                 ? rd->rels[i].target
                 : NULL;
  return NULL;
}

static void S_rels_free(S_reader *rd)
{
  for (size_t i = 0; i < rd->nrels; i++) {
    free(rd->rels[i].id);
    free(rd->rels[i].type);
    free(rd->rels[i].target);
  }
  free(rd->rels);
  rd->rels = NULL;
  rd->nrels = 0;
}

/* ---- a paragraph's runs -------------------------------------------------- */

static void S_piece_add(S_reader *rd, const char *text, size_t len,
                        unsigned style, const char *url)
{
  S_piece *last = rd->npieces ? &rd->pieces[rd->npieces - 1] : NULL;
  if (text && last && last->text && last->style == style &&
      last->url == url) {
    if (last->len + len + 1 > last->cap) {
      while (last->len + len + 1 > last->cap)
        last->cap *= 2;
      last->text = csp_xrealloc(last->text, last->cap);
    }
    memcpy(last->text + last->len, text, len);
    last->len += len;
    last->text[last->len] = '\0';
    return;
  }
  rd->pieces = csp_xgrow(rd->pieces, rd->npieces, &rd->cappieces,
                         sizeof *rd->pieces, 16);
  S_piece *p = &rd->pieces[rd->npieces++];
  p->len = text ? len : 0;
  p->cap = p->len + 16;
  p->text = text ? csp_xmalloc(p->cap) : NULL;
  if (text) {
    memcpy(p->text, text, len);
    p->text[len] = '\0';
  }
  p->style = text ? style : 0;
  p->url = text ? url : NULL;
}

static void S_pieces_clear(S_reader *rd)
{
  for (size_t i = 0; i < rd->npieces; i++)
    free(rd->pieces[i].text);
  rd->npieces = 0;
}

/* The text of a w:t: its text children, without bidirectional
 * controls, which are formatting, not words (csecpol's DOCX starts
 * each link with U+200E; value.h), and with a no-break space
 * or hyphen (U+00A0, U+2011: how csecpol keeps a phone number on one
 * line) read as the space or hyphen it stands for. */
static void S_t(S_reader *rd, const xmlNode *t, unsigned style,
                const char *url)
{
  for (const xmlNode *c = t->children; c; c = c->next) {
    if ((c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE) ||
        !c->content)
      continue;
    const char *s = (const char *)c->content;
    size_t n = strlen(s), from = 0;
    for (size_t i = 0; i < n;) {
      unsigned cp;
      size_t k = (unsigned char)s[i] < 0x80 ? 1 : csp_utf8_decode(s + i, n - i, &cp);
      if (k > 1 && (csp_char_bidi_control(cp) || cp == 0xA0 ||
                    cp == 0x2011)) {
        if (i > from)
          S_piece_add(rd, s + from, i - from, style, url);
        if (cp == 0xA0)
          S_piece_add(rd, " ", 1, style, url);
        else if (cp == 0x2011)
          S_piece_add(rd, "-", 1, style, url);
        from = i + k;
      }
      i += k ? k : 1;
    }
    if (n > from)
      S_piece_add(rd, s + from, n - from, style, url);
  }
}

static void S_run(S_reader *rd, const xmlNode *r, const char *url)
{
  xmlNode *rpr = S_child(r, "rPr");
  unsigned style = 0;
  if (rpr) {
    S_prop_changes(rd, rpr);
    xmlNode *rs = S_child(rpr, "rStyle");
    char *sid = rs ? S_attr(rs, "val") : NULL;
    style = S_style_run(rd, sid);
    xmlFree(sid);
    int b = S_toggle(rpr, "b"), i = S_toggle(rpr, "i");
    if (b >= 0)
      style = b ? style | S_STRONG : style & ~(unsigned)S_STRONG;
    if (i >= 0)
      style = i ? style | S_EMPH : style & ~(unsigned)S_EMPH;
    if (S_toggle(rpr, "vanish") > 0)
      return; /* hidden text */
  }
  for (const xmlNode *c = r->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || !c->ns)
      continue;
    if (S_is(c, "t"))
      S_t(rd, c, style, url);
    else if (S_is(c, "tab") || S_is(c, "ptab"))
      S_piece_add(rd, " ", 1, style, url);
    else if (S_is(c, "noBreakHyphen"))
      S_piece_add(rd, "-", 1, style, url);
    else if (S_is(c, "cr"))
      S_piece_add(rd, NULL, 0, 0, NULL);
    else if (S_is(c, "br")) {
      char *type = S_attr(c, "type");
      if (!type || strcmp(type, "textWrapping") == 0)
        S_piece_add(rd, NULL, 0, 0, NULL);
      xmlFree(type);
    } else if (S_is(c, "commentReference"))
      rd->info->comments++;
    /* w:delText (deleted text), w:instrText (a field's instruction),
     * w:softHyphen, drawings, footnote references: no text */
  }
}

/* The inline content of a paragraph or of an element inside one. */
static void S_inline(S_reader *rd, const xmlNode *parent, const char *url)
{
  for (const xmlNode *c = parent->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || !c->ns)
      continue;
    if (S_is(c, "r")) {
      S_run(rd, c, url);
    } else if (S_is(c, "hyperlink")) {
      char *rid = csp_docx_in_attr(c, R, "id");
      const char *u = S_link_url(rd, rid);
      xmlFree(rid);
      S_inline(rd, c, u ? u : url);
    } else if (S_is(c, "ins") || S_is(c, "moveTo")) {
      S_change(rd, c);
      S_inline(rd, c, url);
    } else if (S_is(c, "del") || S_is(c, "moveFrom")) {
      S_change(rd, c); /* read as accepted: gone */
    } else if (S_is(c, "sdt")) {
      xmlNode *content = S_child(c, "sdtContent");
      if (content)
        S_inline(rd, content, url);
    } else if (S_is(c, "smartTag") || S_is(c, "customXml") ||
               S_is(c, "fldSimple") || S_is(c, "dir") || S_is(c, "bdo")) {
      S_inline(rd, c, url);
    }
    /* w:pPr, bookmarks, comment ranges, proofing marks, math: no text */
  }
}

/* ---- blocks ---------------------------------------------------------------- */

/* A cmark inline node holding text, in style, appended to parent. */
static void S_text_node(cmark_node *parent, const char *text,
                        unsigned style)
{
  cmark_node *leaf;
  if (style & S_CODE) {
    leaf = cmark_node_new(CMARK_NODE_CODE);
    cmark_node_set_literal(leaf, text);
  } else {
    leaf = cmark_node_new(CMARK_NODE_TEXT);
    cmark_node_set_literal(leaf, text);
  }
  cmark_node *top = leaf;
  if (style & S_EMPH) {
    cmark_node *e = cmark_node_new(CMARK_NODE_EMPH);
    cmark_node_append_child(e, top);
    top = e;
  }
  if (style & S_STRONG) {
    cmark_node *s = cmark_node_new(CMARK_NODE_STRONG);
    cmark_node_append_child(s, top);
    top = s;
  }
  cmark_node_append_child(parent, top);
}

static int S_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Moves the pieces into block as inlines; links group their pieces.
 * White space at either end of a bold or italic piece is put outside
 * it, as Markdown needs ("**a** b", never "**a **b"). */
static void S_inlines_to(S_reader *rd, cmark_node *block)
{
  cmark_node *link = NULL;
  const char *link_url = NULL;
  for (size_t i = 0; i < rd->npieces; i++) {
    S_piece *p = &rd->pieces[i];
    if (!p->text) {
      link = NULL;
      cmark_node_append_child(block, cmark_node_new(CMARK_NODE_LINEBREAK));
      continue;
    }
    if (p->url && (!link || link_url != p->url)) {
      link = cmark_node_new(CMARK_NODE_LINK);
      cmark_node_set_url(link, p->url);
      cmark_node_append_child(block, link);
      link_url = p->url;
    } else if (!p->url) {
      link = NULL;
    }
    cmark_node *parent = link ? link : block;
    char *s = p->text, *e = s + p->len;
    if (p->style & (S_STRONG | S_EMPH)) {
      char *a = s, *b = e;
      while (a < b && S_space(*a))
        a++;
      while (b > a && S_space(b[-1]))
        b--;
      if (a > s) {
        char c = *a;
        *a = '\0';
        S_text_node(parent, s, 0);
        *a = c;
      }
      if (b > a) {
        char c = *b;
        *b = '\0';
        S_text_node(parent, a, p->style);
        *b = c;
      }
      if (e > b)
        S_text_node(parent, b, 0);
    } else {
      S_text_node(parent, s, p->style);
    }
  }
  S_pieces_clear(rd);
}

/* Nonzero when the pieces hold something other than white space. */
static int S_has_text(const S_reader *rd)
{
  for (size_t i = 0; i < rd->npieces; i++) {
    const char *s = rd->pieces[i].text;
    for (; s && *s; s++)
      if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
        return 1;
  }
  return 0;
}

static void S_lists_close(S_reader *rd)
{
  rd->depth = 0;
}

static void S_blocks_close(S_reader *rd)
{
  S_lists_close(rd);
  rd->quote = NULL;
}

/* Nonzero when a paragraph numbered b at level ilvl continues the list
 * of a paragraph numbered a: the same w:num, or two that share their
 * w:abstractNum when b does not restart the count (Word's rule). */
static int S_same_list(S_reader *rd, int a, int b, int ilvl)
{
  if (a == b)
    return 1;
  S_num *na = S_num_find(rd, a), *nb = S_num_find(rd, b);
  return na && nb && na->abstract == nb->abstract &&
         nb->over[ilvl].start < 0;
}

/* A new item of a list numbered num_id at level ilvl, placed by the
 * list stack; returns the item. */
static cmark_node *S_item(S_reader *rd, int num_id, int ilvl)
{
  while (rd->depth > 0 && rd->open[rd->depth - 1].ilvl > ilvl)
    rd->depth--;
  S_open *top = rd->depth ? &rd->open[rd->depth - 1] : NULL;
  if (top && top->ilvl == ilvl &&
      !S_same_list(rd, top->num_id, num_id, ilvl)) {
    rd->depth--; /* another list at this level: this one ends */
    top = rd->depth ? &rd->open[rd->depth - 1] : NULL;
  }
  if (!top || top->ilvl < ilvl) {
    S_lvl look = S_num_level(rd, num_id, ilvl);
    cmark_node *list = cmark_node_new(CMARK_NODE_LIST);
    cmark_node_set_list_type(list, look.ordered ? CMARK_ORDERED_LIST
                                                : CMARK_BULLET_LIST);
    if (look.ordered) {
      cmark_node_set_list_start(list, look.start >= 0 ? look.start : 1);
      cmark_node_set_list_delim(list, look.paren ? CMARK_PAREN_DELIM
                                                 : CMARK_PERIOD_DELIM);
    }
    cmark_node_set_list_tight(list, 1);
    cmark_node_append_child(top ? top->item : rd->doc, list);
    top = &rd->open[rd->depth++];
    top->list = list;
    top->item = NULL;
    top->num_id = num_id;
    top->ilvl = ilvl;
  }
  top->item = cmark_node_new(CMARK_NODE_ITEM);
  cmark_node_append_child(top->list, top->item);
  return top->item;
}

/* What a w:pPr says, with its style. */
typedef struct S_ppr {
  char *style; /* owned (xmlFree) */
  int num_id, ilvl;
  int outline; /* -1 not given */
  int border;  /* a bottom border */
  long ind;    /* w:ind's left (or start), -1 not given */
  int mark_deleted;
} S_ppr;

static void S_ppr_read(S_reader *rd, const xmlNode *p, S_ppr *pp)
{
  memset(pp, 0, sizeof *pp);
  pp->num_id = pp->ilvl = pp->outline = -1;
  pp->ind = -1;
  xmlNode *ppr = S_child(p, "pPr");
  if (!ppr)
    return;
  S_prop_changes(rd, ppr);
  xmlNode *ps = S_child(ppr, "pStyle");
  pp->style = ps ? S_attr(ps, "val") : NULL;
  xmlNode *numpr = S_child(ppr, "numPr");
  if (numpr) {
    pp->num_id = S_val_int(S_child(numpr, "numId"), -1);
    pp->ilvl = S_val_int(S_child(numpr, "ilvl"), -1);
  }
  xmlNode *ol = S_child(ppr, "outlineLvl");
  if (ol)
    pp->outline = S_val_int(ol, 9);
  xmlNode *bdr = S_child(ppr, "pBdr");
  pp->border = S_child(bdr, "bottom") != NULL;
  xmlNode *ind = S_child(ppr, "ind");
  if (ind) {
    char *v = S_attr(ind, "left");
    if (!v)
      v = S_attr(ind, "start");
    if (v) {
      pp->ind = atol(v);
      xmlFree(v);
    }
  }
  xmlNode *mark = S_child(ppr, "rPr");
  for (xmlNode *c = mark ? mark->children : NULL; c; c = c->next) {
    if (S_is(c, "ins") || S_is(c, "moveTo"))
      S_change(rd, c);
    else if (S_is(c, "del") || S_is(c, "moveFrom")) {
      S_change(rd, c);
      pp->mark_deleted = 1;
    }
  }
}

static int S_style_is(const char *style, const char *id)
{
  return style && strcmp(style, id) == 0;
}

/* The list a paragraph is in: its own w:numPr's, else its style's (-1
 * or 0: none); and its level there, 0 to S_LEVELS - 1, in *ilvl. */
static int S_para_num(S_reader *rd, const S_ppr *pp, int *ilvl)
{
  *ilvl = 0;
  int num_id = pp->num_id;
  if (num_id < 0)
    num_id = S_style_num(rd, pp->style, ilvl);
  if (pp->ilvl >= 0)
    *ilvl = pp->ilvl;
  if (*ilvl < 0)
    *ilvl = 0;
  if (*ilvl >= S_LEVELS)
    *ilvl = S_LEVELS - 1;
  return num_id;
}

/* A heading of level (1 to 9; Markdown's 6 at the most), unless it
 * holds no text. */
static void S_heading(S_reader *rd, int level, int text)
{
  S_blocks_close(rd);
  if (!text) {
    S_pieces_clear(rd);
    return;
  }
  cmark_node *h = cmark_node_new(CMARK_NODE_HEADING);
  cmark_node_set_heading_level(h, level > 6 ? 6 : level);
  S_inlines_to(rd, h);
  cmark_node_append_child(rd->doc, h);
}

/* A SourceCode paragraph: a code block of its text, a line break in
 * it a new line. */
static void S_code_block(S_reader *rd)
{
  S_blocks_close(rd);
  csp_buf b;
  csp_buf_init(&b);
  for (size_t i = 0; i < rd->npieces; i++) {
    if (rd->pieces[i].text)
      csp_buf_puts(&b, rd->pieces[i].text);
    else
      csp_buf_putc(&b, '\n');
  }
  csp_buf_putc(&b, '\n');
  cmark_node *code = cmark_node_new(CMARK_NODE_CODE_BLOCK);
  cmark_node_set_literal(code, b.data);
  cmark_node_append_child(rd->doc, code);
  csp_buf_release(&b);
  S_pieces_clear(rd);
}

/* Where a body paragraph goes: the item of its list (num_id, ilvl),
 * the open item a ListParagraph's indent lines up with, the block
 * quote of a Quote, else the document (what was open closed).  NULL,
 * its pieces cleared, for one that goes nowhere. */
static cmark_node *S_para_parent(S_reader *rd, const S_ppr *pp, int num_id,
                                 int ilvl, int text)
{
  if (num_id > 0) {
    rd->quote = NULL;
    return S_item(rd, num_id, ilvl);
  }
  if (rd->depth > 0 && text && S_style_is(pp->style, "ListParagraph")) {
    /* a paragraph of a list item after its first: to the item whose
     * text its indent lines up with */
    int d = rd->depth;
    if (pp->ind >= 0)
      while (d > 1 && (long)(rd->open[d - 1].ilvl + 1) * 720 > pp->ind)
        d--;
    rd->depth = d;
    cmark_node_set_list_tight(rd->open[d - 1].list, 0);
    return rd->open[d - 1].item;
  }
  if (S_style_is(pp->style, "Quote")) {
    S_lists_close(rd);
    if (!text) {
      S_pieces_clear(rd);
      return NULL;
    }
    if (!rd->quote) {
      rd->quote = cmark_node_new(CMARK_NODE_BLOCK_QUOTE);
      cmark_node_append_child(rd->doc, rd->quote);
    }
    return rd->quote;
  }
  if (!text && !pp->border) {
    S_pieces_clear(rd); /* an empty paragraph: nothing to compare */
    return NULL;
  }
  S_blocks_close(rd);
  return rd->doc;
}

/* The paragraph just read, its pieces collected, as a block. */
static void S_paragraph_end(S_reader *rd, const S_ppr *pp)
{
  int title = 0;
  int level = S_style_heading(rd, pp->style, &title);
  if (pp->outline >= 0)
    level = pp->outline < 9 ? pp->outline + 1 : 0;
  int ilvl;
  int num_id = S_para_num(rd, pp, &ilvl);
  int text = S_has_text(rd);

  if (S_style_is(pp->style, "DraftMark")) {
    S_pieces_clear(rd); /* csecpol's DRAFT mark, not the policy's text */
    return;
  }
  if (level > 0) {
    S_heading(rd, level, text);
    return;
  }
  if (S_style_is(pp->style, "SourceCode")) {
    S_code_block(rd);
    return;
  }
  cmark_node *parent = S_para_parent(rd, pp, num_id, ilvl, text);
  if (!parent)
    return;
  if (!text) {
    if (parent == rd->doc && pp->border)
      cmark_node_append_child(rd->doc,
                              cmark_node_new(CMARK_NODE_THEMATIC_BREAK));
    S_pieces_clear(rd); /* an empty item keeps its place */
    return;
  }
  cmark_node *para = cmark_node_new(CMARK_NODE_PARAGRAPH);
  S_inlines_to(rd, para);
  cmark_node_append_child(parent, para);
}

static void S_paragraph(S_reader *rd, const xmlNode *p)
{
  S_ppr pp;
  S_ppr_read(rd, p, &pp);
  if (!rd->carry)
    S_pieces_clear(rd);
  rd->carry = 0;
  S_inline(rd, p, NULL);
  if (pp.mark_deleted && p->next) {
    /* accepted, a deleted paragraph mark joins this paragraph to the
     * next, whose properties the whole takes */
    rd->carry = 1;
  } else {
    S_paragraph_end(rd, &pp);
  }
  xmlFree(pp.style);
}

static void S_blocks(S_reader *rd, const xmlNode *parent);

static void S_table(S_reader *rd, const xmlNode *tbl)
{
  S_prop_changes(rd, S_child(tbl, "tblPr"));
  S_prop_changes(rd, S_child(tbl, "tblGrid"));
  S_blocks_close(rd);
  for (const xmlNode *tr = tbl->children; tr; tr = tr->next) {
    if (!S_is(tr, "tr"))
      continue;
    xmlNode *trpr = S_child(tr, "trPr");
    S_prop_changes(rd, trpr);
    S_prop_changes(rd, S_child(tr, "tblPrEx"));
    if (S_child(trpr, "ins"))
      S_change(rd, S_child(trpr, "ins"));
    if (S_child(trpr, "del")) {
      S_change(rd, S_child(trpr, "del"));
      continue; /* a deleted row, accepted */
    }
    for (const xmlNode *tc = tr->children; tc; tc = tc->next) {
      if (S_is(tc, "tc")) {
        S_prop_changes(rd, S_child(tc, "tcPr"));
        S_blocks(rd, tc);
        S_blocks_close(rd);
      } else if (S_is(tc, "sdt") && S_child(tc, "sdtContent")) {
        for (const xmlNode *c = S_child(tc, "sdtContent")->children; c;
             c = c->next)
          if (S_is(c, "tc")) {
            S_blocks(rd, c);
            S_blocks_close(rd);
          }
      }
    }
  }
}

/* The block content of the body, a table cell, a content control. */
static void S_blocks(S_reader *rd, const xmlNode *parent)
{
  for (const xmlNode *c = parent->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || !c->ns)
      continue;
    if (S_is(c, "p")) {
      S_paragraph(rd, c);
    } else if (S_is(c, "tbl")) {
      S_table(rd, c);
    } else if (S_is(c, "sdt")) {
      xmlNode *content = S_child(c, "sdtContent");
      if (content)
        S_blocks(rd, content);
    } else if (S_is(c, "customXml")) {
      S_blocks(rd, c);
    } else if (S_is(c, "ins") || S_is(c, "moveTo")) {
      S_change(rd, c);
      S_blocks(rd, c);
    } else if (S_is(c, "del") || S_is(c, "moveFrom")) {
      S_change(rd, c);
    } else if (S_is(c, "sectPr")) {
      S_prop_changes(rd, c);
    }
  }
  if (rd->carry) {
    /* a deleted mark on the last paragraph: nothing to join */
    S_ppr none;
    memset(&none, 0, sizeof none);
    none.num_id = none.ilvl = none.outline = -1;
    none.ind = -1;
    rd->carry = 0;
    S_paragraph_end(rd, &none);
  }
}

/* ---- the package ------------------------------------------------------- */

static void S_fail(const S_reader *rd, const char *msg)
{
  csp_loc loc = {rd->file, 0, 0};
  csp_diag(rd->dg, CSP_R_DOCX_INPUT, &loc, "%s", msg);
}

/* The main part's name, from _rels/.rels; NULL after reporting. */
static char *S_main_part(S_reader *rd, csp_docx_in *in)
{
  int absent = 0;
  xmlDoc *x = csp_docx_in_xml(in, "_rels/.rels", 0, &absent);
  if (!x) {
    if (absent)
      S_fail(rd, "the package has no _rels/.rels, so it is not a "
                "WordprocessingML document; give a .docx (a Word "
                "document)");
    return NULL;
  }
  S_rels_load(rd, x);
  xmlFreeDoc(x);
  const S_rel *main = S_rel_of_type(rd, "/officeDocument");
  char *name = main ? csp_docx_in_resolve("", main->target) : NULL;
  S_rels_free(rd);
  if (!name)
    S_fail(rd, "the package names no main document in _rels/.rels, so it is "
              "not a WordprocessingML document; give a .docx (a Word "
              "document)");
  return name;
}

/* The relationships part of part: "word/document.xml" ->
 * "word/_rels/document.xml.rels". */
static char *S_rels_name(const char *part)
{
  csp_buf b;
  csp_buf_init(&b);
  const char *slash = strrchr(part, '/');
  size_t dir = slash ? (size_t)(slash - part + 1) : 0;
  csp_buf_put(&b, part, dir);
  csp_buf_printf(&b, "_rels/%s.rels", part + dir);
  char *r = csp_buf_detach(&b);
  csp_buf_release(&b);
  return r;
}

/* Reads and loads the part a relationship of type kind names, if any.
 * Returns -1 after reporting. */
static int S_related(S_reader *rd, csp_docx_in *in, const char *main,
                     const char *kind,
                     void (*load)(S_reader *, xmlDoc *))
{
  const S_rel *rel = S_rel_of_type(rd, kind);
  if (!rel)
    return 0;
  char *name = csp_docx_in_resolve(main, rel->target);
  if (!name)
    return 0;
  int absent = 0;
  xmlDoc *x = csp_docx_in_xml(in, name, 0, &absent);
  free(name);
  if (!x)
    return absent ? 0 : -1;
  load(rd, x);
  xmlFreeDoc(x);
  return 0;
}

static void S_reader_free(S_reader *rd)
{
  for (size_t i = 0; i < rd->nstyles; i++) {
    free(rd->styles[i].id);
    free(rd->styles[i].name);
    free(rd->styles[i].based_on);
  }
  free(rd->styles);
  for (size_t i = 0; i < rd->nabstracts; i++)
    free(rd->abstracts[i].style_link);
  free(rd->abstracts);
  free(rd->nums);
  S_rels_free(rd);
  S_pieces_clear(rd);
  free(rd->pieces);
}

/* ---- signer blocks ------------------------------------------------------ */

/* The label of a signer block's line (render.h) that paragraph p is, as
 * csecpol's DOCX writes one ("Signature:" in bold, a tab, the value), or
 * NULL. */
static const char *S_signer_label(cmark_node *p)
{
  static const char *const labels[] = {"Signature:", "Name:", "Title:",
                                       "Date:"};
  if (cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH)
    return NULL;
  cmark_node *b = cmark_node_first_child(p);
  cmark_node *t = b ? cmark_node_first_child(b) : NULL;
  if (!b || cmark_node_get_type(b) != CMARK_NODE_STRONG || !t ||
      cmark_node_next(t) || cmark_node_get_type(t) != CMARK_NODE_TEXT)
    return NULL;
  for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
    if (strcmp(cmark_node_get_literal(t), labels[i]) == 0)
      return labels[i];
  return NULL;
}

/* csecpol's DOCX writes a signer block as a paragraph a line, so that
 * each stays on the page with the next; its Markdown is one paragraph
 * of lines.  Each run of such paragraphs, from a "Signature:" line on,
 * is read back as that one paragraph, its labels plain text, so that a
 * policy reads the same in either form. */
static void S_join_signers(cmark_node *doc)
{
  cmark_node *p = cmark_node_first_child(doc);
  while (p) {
    const char *label = S_signer_label(p);
    if (!label || strcmp(label, "Signature:") != 0) {
      p = cmark_node_next(p);
      continue;
    }
    cmark_node *block = p;
    for (cmark_node *line = p; line && S_signer_label(line);) {
      cmark_node *next = cmark_node_next(line);
      if (line != block && strcmp(S_signer_label(line), "Signature:") == 0)
        break;
      if (line != block)
        cmark_node_append_child(block, cmark_node_new(CMARK_NODE_LINEBREAK));
      /* the bold label becomes text, the rest of the line follows it */
      cmark_node *strong = cmark_node_first_child(line);
      cmark_node_insert_before(strong, cmark_node_first_child(strong));
      cmark_node_free(strong);
      if (line != block) {
        cmark_node *kid;
        while ((kid = cmark_node_first_child(line)) != NULL)
          cmark_node_append_child(block, kid);
        cmark_node_free(line);
      }
      line = next;
      p = next;
    }
  }
}

cmark_node *csp_docx_read(csp_diags *dg, const char *file, const char *data,
                          size_t len, csp_docx_read_info *info)
{
  memset(info, 0, sizeof *info);
  S_reader rd;
  memset(&rd, 0, sizeof rd);
  rd.dg = dg;
  rd.file = file;
  rd.info = info;
  csp_docx_in in;
  if (csp_docx_in_open(&in, dg, file, CSP_R_DOCX_INPUT, data, len) < 0)
    return NULL;
  int errors = csp_diag_count(dg, CSP_ERROR);
  cmark_node *doc = NULL;
  xmlDoc *body_xml = NULL;
  char *main = S_main_part(&rd, &in);
  if (!main)
    goto done;
  body_xml = csp_docx_in_xml(&in, main, 1, NULL);
  if (!body_xml)
    goto done;
  xmlNode *root = xmlDocGetRootElement(body_xml);
  if (!S_is(root, "document")) {
    csp_loc loc = {file, 0, 0};
    if (root->ns && root->ns->href &&
        strstr((const char *)root->ns->href, "purl.oclc.org"))
      csp_diag(dg, CSP_R_DOCX_INPUT, &loc,
               "%s is Strict Open XML, which csecpol does not read; save it "
               "as a Word document (.docx), not Strict",
               main);
    else
      csp_diag(dg, CSP_R_DOCX_INPUT, &loc,
               "%s is <%s>, not a WordprocessingML document; give a .docx "
               "(a Word document)",
               main, (const char *)root->name);
    goto done;
  }
  xmlNode *body = S_child(root, "body");
  char *rels = S_rels_name(main);
  int absent = 0;
  xmlDoc *rx = csp_docx_in_xml(&in, rels, 0, &absent);
  free(rels);
  if (!rx && !absent)
    goto done;
  if (rx) {
    S_rels_load(&rd, rx);
    xmlFreeDoc(rx);
  }
  if (S_related(&rd, &in, main, "/styles", S_styles_load) < 0 ||
      S_related(&rd, &in, main, "/numbering", S_numbering_load) < 0)
    goto done;
  rd.doc = cmark_node_new(CMARK_NODE_DOCUMENT);
  if (body)
    S_blocks(&rd, body);
  S_join_signers(rd.doc);
  if (csp_diag_count(dg, CSP_ERROR) == errors) {
    doc = rd.doc;
    rd.doc = NULL;
  }
done:
  if (rd.doc)
    cmark_node_free(rd.doc);
  if (body_xml)
    xmlFreeDoc(body_xml);
  free(main);
  S_reader_free(&rd);
  csp_docx_in_close(&in);
  return doc;
}

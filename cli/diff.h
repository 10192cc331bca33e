/* diff.h: comparing two policies (csecpol diff), by stage.
 *
 * A policy is compared as a list of blocks: each heading, paragraph,
 * code block and rule of its cmark document, a list item's paragraph
 * being one block.  The stages, one module each:
 *
 *   diff_blocks.c   a document -> its blocks, each with its words
 *   diff_align.c    two lists of blocks (or of words) -> an edit script:
 *                   a longest common subsequence, exact where small and
 *                   in linear space where large, every step within the
 *                   named limits below; blocks left between two equal
 *                   ones are paired, when alike, as changed
 *   diff_text.c     an edit script -> the unified text diff
 *   diff_redline.c  an edit script -> the redline: NEW's document with
 *                   OLD's deleted blocks moved in and every change
 *                   wrapped in a tracked change (csp_rev, render.h)
 *   diff_source.c   a run of diff: OLD -> NEW, or split in two through a
 *                   third render (OLD's site data with NEW's template)
 *                   into what the template changed and what the site
 *                   file changed, and the marks each source gets
 *   diff_summary.c  the HTML redline's summary box and its style
 *
 * Everything is deterministic: the same inputs give the same ops. */
#ifndef CSP_DIFF_H
#define CSP_DIFF_H

#include <stddef.h>

#include <cmark.h>

#include "render.h"
#include "util.h"

/* Limits of the alignment.  None refuses an input: past one, diff
 * takes a cheaper way that still gives a correct edit script. */
/* A stretch of at most this many cells (old items times new ones) is
 * aligned exactly, by dynamic programming; a larger one by Myers'
 * O(ND) search in linear space, its pieces again exactly once small.
 * (fuzz.mk sets it small, so that fuzzing runs the search too.) */
#ifndef CSP_MAX_DIFF_CELLS
#define CSP_MAX_DIFF_CELLS (4 * 1024 * 1024)
#endif
/* Steps (diagonals and snake moves of the search, cells of the exact
 * pieces) the alignment of one pair of sequences may take; past it
 * what is left is shown as removed and added. */
#define CSP_MAX_DIFF_WORK (64 * 1024 * 1024)
/* Blocks left between two equal ones are paired by similarity when
 * there are at most this many candidate pairs; else none is paired. */
#define CSP_MAX_DIFF_PAIRS 40000
/* Cells the similarity of those pairs may take in one run; past it a
 * pair's similarity counts only the words common at its two ends. */
#define CSP_MAX_DIFF_PAIR_CELLS (64 * 1024 * 1024)
/* A block whose inline nodes nest deeper than this (emphasis in
 * emphasis ...) has its inlines written afresh, one level of each
 * style, in the redline: cmark's CommonMark writer takes time
 * quadratic in the depth. */
#define CSP_MAX_DIFF_NESTING 32

/* How a word is set. */
enum {
  CSP_W_EMPH = 1,
  CSP_W_STRONG = 2,
  CSP_W_CODE = 4,
  CSP_W_BREAK = 8 /* a hard line break, text "\n" */
};

/* A word: a run of text without white space, in one style.  Two words
 * are equal when text, style and link are. */
typedef struct csp_diff_word {
  char *text;     /* owned */
  char *url;      /* the link it is in (a safe URL; owned), or NULL */
  unsigned style; /* CSP_W_* */
  int space;      /* white space comes before it */
} csp_diff_word;

typedef enum {
  CSP_BLOCK_TEXT, /* a paragraph or heading: its words can change */
  CSP_BLOCK_CODE, /* a code block: one word, its whole text */
  CSP_BLOCK_RULE  /* a thematic break: no words */
} csp_block_kind;

typedef struct csp_diff_block {
  cmark_node *node;    /* the leaf block in its document (borrowed) */
  csp_block_kind kind;
  char *shape;         /* containers and leaf: "UIUIP", "H2", "QP" */
  char *prefix;        /* the text format's line start: "## ", "  - " */
  int heading;         /* heading level, or 0 */
  int deep;            /* inlines nest deeper than CSP_MAX_DIFF_NESTING */
  csp_diff_word *words;
  size_t nwords;
  char *key;           /* shape, words and the spaces between them:
                          equal keys, equal blocks */
  unsigned long hash;  /* of key */
} csp_diff_block;

/* The blocks of one document, in document order. */
typedef struct csp_diff_doc {
  csp_diff_block *blocks;
  size_t n, cap;
} csp_diff_doc;

/* ---- diff_blocks.c ---- */

/* Splits doc into blocks.  doc must outlive d (nodes are borrowed). */
void csp_diff_doc_init(csp_diff_doc *d, cmark_node *doc);
void csp_diff_doc_release(csp_diff_doc *d);

/* Nonzero when two words are equal (text, style and link). */
int csp_diff_word_eq(const csp_diff_word *x, const csp_diff_word *y);

/* Nonzero when two links (either may be NULL) are the same. */
int csp_diff_same_url(const char *a, const char *b);

/* ---- diff_align.c ---- */

typedef enum {
  CSP_OP_SAME,   /* old[a] equals new[b] */
  CSP_OP_CHANGE, /* old[a] became new[b] (blocks only) */
  CSP_OP_DEL,    /* old[a] is gone (b is -1) */
  CSP_OP_INS     /* new[b] is new (a is -1) */
} csp_op_kind;

typedef struct csp_diff_op {
  csp_op_kind kind;
  long a, b;
} csp_diff_op;

/* An edit script, old to new, in order; and its counts. */
typedef struct csp_diff {
  csp_diff_op *ops;
  size_t n, cap;
  size_t changed, added, removed;
} csp_diff;

/* Aligns the blocks of a (old) and b (new) into d (initialized here;
 * release it with csp_diff_release). */
void csp_diff_blocks(const csp_diff_doc *a, const csp_diff_doc *b,
                     csp_diff *d);

/* Aligns the words of two blocks into d (SAME, DEL and INS only). */
void csp_diff_words(const csp_diff_block *a, const csp_diff_block *b,
                    csp_diff *d);

void csp_diff_release(csp_diff *d);

/* Nonzero when d has any change. */
int csp_diff_differs(const csp_diff *d);

/* For each old block its new partner (SAME or CHANGE) or -1, and the
 * other way; a2b has a->n entries, b2a b->n (the caller allocates). */
void csp_diff_partners(const csp_diff *d, long *a2b, long *b2a);

/* ---- diff_text.c ---- */

/* The text format. */
typedef struct csp_diff_text_opts {
  const char *old_label; /* after "--- " */
  const char *new_label; /* after "+++ " */
  int context;           /* unchanged blocks around a change */
  int color;             /* ANSI colours instead of [- -] {+ +} */
} csp_diff_text_opts;

/* Appends a unified diff of the blocks to out: "---"/"+++" lines, then
 * hunks "@@ -a,n +b,m @@ heading" whose numbers count blocks, one line
 * a block; a changed block is a "-" and a "+" line with its changed
 * words marked.  Without colour, a mark that the text itself holds is
 * escaped (csp_diff_escape_marks).  Appends nothing when d has no
 * change. */
void csp_diff_text(const csp_diff_doc *a, const csp_diff_doc *b,
                   const csp_diff *d, const csp_diff_text_opts *o,
                   csp_buf *out);

/* Appends s[0..n) to out with every change mark it holds ("[-", "-]",
 * "{+", "+}") escaped: one more backslash between the mark's two
 * characters, so that "[-" reads "[\-" and "[\-" reads "[\\-".  *prev
 * is the character before s in the same run of text (0 at its start)
 * and is updated, so that a mark split across two calls is escaped
 * too.  Removing one backslash from each run of them between a mark's
 * two characters gives the text back. */
void csp_diff_escape_marks(csp_buf *out, const char *s, size_t n,
                           char *prev);

/* ---- diff_redline.c ---- */

/* Turns new_doc into the redline of d: each deleted block of a is
 * moved from old_doc into new_doc where it stood (its lists and items
 * copied as needed), and each change is wrapped in a tracked change:
 * ins[i] and del[i] are the marks for op i's inserted and deleted text
 * (borrowed; they must outlive new_doc's rendering).  An old and a new
 * text side by side stay apart by a space wherever one can stand in
 * both.  a and b must have been made from old_doc and new_doc; after
 * the call only new_doc may be rendered, and old_doc is still the
 * caller's to free.  The only user data the redline sets is a csp_rev,
 * on a mark or on a block that was added or removed. */
void csp_diff_redline(const csp_diff_doc *a, const csp_diff_doc *b,
                      const csp_diff *d, cmark_node *old_doc,
                      cmark_node *new_doc, const csp_rev *const *ins,
                      const csp_rev *const *del);

/* Escapes, in every text and code node of a redline, the change marks
 * that the text itself holds, as csp_diff_escape_marks does, so that
 * the Markdown redline's own marks are the only ones unescaped. */
void csp_diff_redline_escape(cmark_node *doc);

/* ---- diff_source.c ---- */

/* Where a change comes from, when a run is split. */
typedef enum {
  CSP_SRC_BOTH,
  CSP_SRC_TEMPLATE,
  CSP_SRC_SITE
} csp_diff_source;

/* One run of diff: the documents compared and their alignments. */
typedef struct csp_diff_run {
  cmark_node *docs[3];   /* old, old data with new template, new
                            (borrowed; docs[1] NULL unless split) */
  csp_diff_doc blocks[3];
  csp_diff whole;        /* old -> new */
  int split;             /* template and site changes told apart */
  csp_diff by_template;  /* old -> middle */
  csp_diff by_site;      /* middle -> new */
} csp_diff_run;

/* What the outputs name: the two inputs, and the two templates of a
 * split run (borrowed). */
typedef struct csp_diff_labels {
  const char *old_label, *new_label;
  const char *old_tmpl, *new_tmpl;
} csp_diff_labels;

/* Splits and aligns the documents (mid NULL: not split).  The
 * documents must outlive r. */
void csp_diff_run_init(csp_diff_run *r, cmark_node *old_doc,
                       cmark_node *mid_doc, cmark_node *new_doc);
void csp_diff_run_release(csp_diff_run *r);

/* The source of each op of r->whole (split runs): the template's when
 * old and middle differ there and middle and new do not, the site
 * file's the other way round, both's otherwise.  The caller frees. */
csp_diff_source *csp_diff_run_sources(const csp_diff_run *r);

/* Appends the text format of a run: "csecpol diff: N changed, ..."
 * and the diff, or for a split run the counts of each source and a
 * diff each.  Nothing when the documents are the same. */
void csp_diff_run_text(const csp_diff_run *r, const csp_diff_labels *l,
                       int context, int color, csp_buf *out);

/* The tracked changes of a run, one inserted and one deleted mark for
 * each source; the authors are "AUTHOR", "AUTHOR (template)" and
 * "AUTHOR (site file)". */
typedef struct csp_diff_marks {
  csp_buf authors[3];
  csp_rev revs[3][2];
} csp_diff_marks;

/* Makes the marks (date: YYYY-MM-DD or NULL; both borrowed) and turns
 * r->docs[2] into the redline with them; m must outlive its
 * rendering.  Release m with csp_diff_marks_release. */
void csp_diff_run_redline(csp_diff_run *r, const char *author,
                          const char *date, csp_diff_marks *m);
void csp_diff_marks_release(csp_diff_marks *m);

/* ---- diff_summary.c ---- */

/* Appends the HTML redline's stylesheet (after the built-in one). */
void csp_diff_html_css(csp_buf *out);

/* Appends the HTML redline's summary box: what was compared, the
 * counts, by source when split, and a legend. */
void csp_diff_html_summary(const csp_diff_run *r, const csp_diff_labels *l,
                           csp_buf *out);

#endif

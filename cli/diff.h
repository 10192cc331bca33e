/* diff.h: comparing two policies (csecpol diff).
 *
 * A policy is compared as a list of blocks: each heading, paragraph,
 * code block and rule of its cmark document, a list item's paragraph
 * being one block.  The blocks are aligned by a longest common
 * subsequence over their keys (containers, kind, words), so that an
 * inserted list item is one insertion and not a cascade; blocks left
 * between two equal ones are paired, when alike, as changed, and the
 * rest are deleted or inserted.  Inside a changed pair the words are
 * aligned the same way.  Everything is deterministic: the same inputs
 * give the same ops.
 *
 * From the ops come the unified text diff (csp_diff_text) and the
 * redline: NEW's document with OLD's deleted blocks moved in and every
 * change wrapped in a tracked change (csp_rev, render.h) that the
 * Markdown, HTML and DOCX renderers write (csp_diff_redline). */
#ifndef CSP_DIFF_H
#define CSP_DIFF_H

#include <stddef.h>

#include <cmark.h>

#include "render.h"
#include "util.h"

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
  csp_diff_word *words;
  size_t nwords;
  char *key;           /* shape and words: equal keys, equal blocks */
  unsigned long hash;  /* of key */
} csp_diff_block;

/* The blocks of one document, in document order. */
typedef struct csp_diff_doc {
  csp_diff_block *blocks;
  size_t n, cap;
} csp_diff_doc;

/* Splits doc into blocks.  doc must outlive d (nodes are borrowed). */
void csp_diff_doc_init(csp_diff_doc *d, cmark_node *doc);
void csp_diff_doc_release(csp_diff_doc *d);

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
 * words marked.  Appends nothing when d has no change. */
void csp_diff_text(const csp_diff_doc *a, const csp_diff_doc *b,
                   const csp_diff *d, const csp_diff_text_opts *o,
                   csp_buf *out);

/* Turns new_doc into the redline of d: each deleted block of a is
 * moved from old_doc into new_doc where it stood (its lists and items
 * copied as needed), and each change is wrapped in a tracked change:
 * ins[i] and del[i] are the marks for op i's inserted and deleted text
 * (borrowed; they must outlive new_doc's rendering).  a and b must have
 * been made from old_doc and new_doc; after the call only new_doc may
 * be rendered, and old_doc is still the caller's to free. */
void csp_diff_redline(const csp_diff_doc *a, const csp_diff_doc *b,
                      const csp_diff *d, cmark_node *old_doc,
                      cmark_node *new_doc, const csp_rev *const *ins,
                      const csp_rev *const *del);

#endif

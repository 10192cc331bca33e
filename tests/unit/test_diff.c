/* test_diff.c: block alignment, word diff, the text format and the
 * redline of the diff modules (diff_*.c).
 *
 * The redline is checked the way a reviewer uses it: taking every
 * insertion and no deletion ("accept") must give NEW's blocks and text
 * exactly, spaces included, and the other way round ("reject") OLD's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "diff.h"
#include "tap.h"
#include "util.h"

static cmark_node *parse(const char *md)
{
  return cmark_parse_document(md, strlen(md), CMARK_OPT_VALIDATE_UTF8);
}

/* The text under node, leaving out the marks of kind skip_del. */
static void text(cmark_node *node, int skip_del, csp_buf *out)
{
  for (cmark_node *n = cmark_node_first_child(node); n;
       n = cmark_node_next(n)) {
    const csp_rev *rev = cmark_node_get_user_data(n);
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE:
      csp_buf_puts(out, cmark_node_get_literal(n));
      break;
    case CMARK_NODE_SOFTBREAK:
      csp_buf_putc(out, ' ');
      break;
    case CMARK_NODE_CUSTOM_INLINE:
      if (!rev || rev->del != skip_del)
        text(n, skip_del, out);
      break;
    default:
      text(n, skip_del, out);
      break;
    }
  }
}

/* Each paragraph or heading that view keeps, one a line, as its
 * containers ("LIL" ...) and its text.  view: 0 all as is, 1 accept,
 * 2 reject. */
static char *blocks(cmark_node *doc, int view)
{
  csp_buf out;
  csp_buf_init(&out);
  cmark_iter *it = cmark_iter_new(doc);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    cmark_node_type t = cmark_node_get_type(n);
    if (ev != CMARK_EVENT_ENTER ||
        (t != CMARK_NODE_PARAGRAPH && t != CMARK_NODE_HEADING))
      continue;
    const csp_rev *rev = cmark_node_get_user_data(n);
    if (rev && view && rev->del == (view == 1))
      continue;
    char path[64];
    size_t k = 0;
    for (cmark_node *p = cmark_node_parent(n); p && k < sizeof path - 1;
         p = cmark_node_parent(p))
      path[k++] = cmark_node_get_type(p) == CMARK_NODE_LIST   ? 'L'
                  : cmark_node_get_type(p) == CMARK_NODE_ITEM ? 'I'
                                                              : 'D';
    path[k] = '\0';
    csp_buf_printf(&out, "%s%s:", path, t == CMARK_NODE_HEADING ? "H" : "P");
    text(n, view == 1 ? 1 : 0, &out);
    csp_buf_putc(&out, '\n');
  }
  cmark_iter_free(it);
  return csp_buf_detach(&out);
}

static const csp_rev ins_rev = {0, "t", NULL, NULL};
static const csp_rev del_rev = {1, "t", NULL, NULL};

/* Diffs old_md to new_md, builds the redline and checks both views. */
static void roundtrip(const char *old_md, const char *new_md,
                      const char *what)
{
  cmark_node *a = parse(old_md), *b = parse(new_md);
  char *want_old = blocks(a, 0), *want_new = blocks(b, 0);
  csp_diff_doc da, db;
  csp_diff_doc_init(&da, a);
  csp_diff_doc_init(&db, b);
  csp_diff d;
  csp_diff_blocks(&da, &db, &d);
  const csp_rev **ins = malloc((d.n + 1) * sizeof *ins);
  const csp_rev **del = malloc((d.n + 1) * sizeof *del);
  for (size_t i = 0; i < d.n; i++) {
    ins[i] = &ins_rev;
    del[i] = &del_rev;
  }
  csp_diff_redline(&da, &db, &d, a, b, ins, del);
  char *acc = blocks(b, 1), *rej = blocks(b, 2);
  OK_STR(acc, want_new, "%s: accepting every change gives NEW", what);
  OK_STR(rej, want_old, "%s: rejecting every change gives OLD", what);
  free(acc);
  free(rej);
  free(want_old);
  free(want_new);
  free(ins);
  free(del);
  csp_diff_release(&d);
  csp_diff_doc_release(&da);
  csp_diff_doc_release(&db);
  cmark_node_free(a);
  cmark_node_free(b);
}

static void counts(const char *old_md, const char *new_md, size_t changed,
                   size_t added, size_t removed, const char *what)
{
  cmark_node *a = parse(old_md), *b = parse(new_md);
  csp_diff_doc da, db;
  csp_diff_doc_init(&da, a);
  csp_diff_doc_init(&db, b);
  csp_diff d;
  csp_diff_blocks(&da, &db, &d);
  OK(d.changed == changed && d.added == added && d.removed == removed,
     "%s: %zu changed, %zu added, %zu removed (got %zu, %zu, %zu)", what,
     changed, added, removed, d.changed, d.added, d.removed);
  csp_diff_release(&d);
  csp_diff_doc_release(&da);
  csp_diff_doc_release(&db);
  cmark_node_free(a);
  cmark_node_free(b);
}

/* The text format of old_md -> new_md with no context. */
static char *unified(const char *old_md, const char *new_md)
{
  cmark_node *a = parse(old_md), *b = parse(new_md);
  csp_diff_doc da, db;
  csp_diff_doc_init(&da, a);
  csp_diff_doc_init(&db, b);
  csp_diff d;
  csp_diff_blocks(&da, &db, &d);
  csp_buf out;
  csp_buf_init(&out);
  csp_diff_text_opts o = {"old", "new", 0, 0};
  csp_diff_text(&da, &db, &d, &o, &out);
  csp_diff_release(&d);
  csp_diff_doc_release(&da);
  csp_diff_doc_release(&db);
  cmark_node_free(a);
  cmark_node_free(b);
  return csp_buf_detach(&out);
}

/* The escape of s for the marks, from the start of a run of text. */
static char *escaped(const char *s)
{
  csp_buf out;
  csp_buf_init(&out);
  char prev = 0;
  csp_diff_escape_marks(&out, s, strlen(s), &prev);
  return csp_buf_detach(&out);
}

/* The text of a new document's redline as a reader sees it: marks as
 * [- -] and {+ +}, everything else as its text. */
static void seen(cmark_node *node, csp_buf *out)
{
  for (cmark_node *n = cmark_node_first_child(node); n;
       n = cmark_node_next(n)) {
    const csp_rev *rev = cmark_node_get_user_data(n);
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE:
      csp_buf_puts(out, cmark_node_get_literal(n));
      break;
    case CMARK_NODE_CUSTOM_INLINE:
      csp_buf_puts(out, rev && rev->del ? "[-" : "{+");
      seen(n, out);
      csp_buf_puts(out, rev && rev->del ? "-]" : "+}");
      break;
    default:
      seen(n, out);
      break;
    }
  }
}

/* The redline of one paragraph changed, as seen. */
static char *redline_seen(const char *old_md, const char *new_md)
{
  cmark_node *a = parse(old_md), *b = parse(new_md);
  csp_diff_doc da, db;
  csp_diff_doc_init(&da, a);
  csp_diff_doc_init(&db, b);
  csp_diff d;
  csp_diff_blocks(&da, &db, &d);
  const csp_rev **ins = malloc((d.n + 1) * sizeof *ins);
  const csp_rev **del = malloc((d.n + 1) * sizeof *del);
  for (size_t i = 0; i < d.n; i++) {
    ins[i] = &ins_rev;
    del[i] = &del_rev;
  }
  csp_diff_redline(&da, &db, &d, a, b, ins, del);
  csp_buf out;
  csp_buf_init(&out);
  seen(cmark_node_first_child(b), &out);
  free(ins);
  free(del);
  csp_diff_release(&d);
  csp_diff_doc_release(&da);
  csp_diff_doc_release(&db);
  cmark_node_free(a);
  cmark_node_free(b);
  return csp_buf_detach(&out);
}

/* n headings "# wI", with every step-th replaced by "# xI". */
static char *headings(size_t n, size_t step)
{
  csp_buf out;
  csp_buf_init(&out);
  for (size_t i = 0; i < n; i++)
    csp_buf_printf(&out, "# %c%zu\n\n", step && i % step == step / 2 ? 'x' : 'w',
                   i);
  return csp_buf_detach(&out);
}

int main(void)
{
  static const char list[] = "# T\n\n- one\n- two\n- three\n- four\n";
  counts(list, list, 0, 0, 0, "the same document");
  counts(list, "# T\n\n- one\n- new\n- two\n- three\n- four\n", 0, 1, 0,
         "an item inserted is one insertion, not a cascade");
  counts(list, "# T\n\n- one\n- three\n- four\n", 0, 0, 1,
         "an item removed is one removal");
  counts("# T\n\n- one\n- call the director now\n- three\n",
         "# T\n\n- one\n- call the deputy director now\n- three\n", 1, 0, 0,
         "an item reworded is one change");
  counts(list, "# T\n\n- one\n- something else entirely\n- three\n- four\n",
         0, 1, 1, "an item rewritten is a removal and an insertion");
  counts("a b c\n", "a *b* c\n", 1, 0, 0, "emphasis is a change");
  counts("Call [x](tel:1) now.\n", "Call [x](tel:2) now.\n", 1, 0, 0,
         "a link target is a change");
  counts("Call [x](tel:1).\n", "Call [x](tel:1).\n", 0, 0, 0,
         "the same link is no change");
  counts("- a b\n", "> a b\n", 0, 1, 1, "a list item is not a quote");
  counts("Call [1](tel:1)(now).\n", "Call [1](tel:1) (now).\n", 1, 0, 0,
         "a space put between a link and the next word is a change");
  roundtrip("Call [1](tel:1)(now).\n", "Call [1](tel:1) (now).\n",
            "a space put between a link and the next word");

  char *u = unified("Call [555](tel:555) now.\n\nB\n",
                    "Call [556](tel:556) now.\n\nB\n");
  OK_STR(u,
         "--- old\n+++ new\n@@ -1,1 +1,1 @@\n-Call [-555-] now.\n"
         "+Call {+556+} now.\n",
         "text format: a changed word is marked on both lines");
  free(u);
  u = unified("# H\n\n- a\n- c\n", "# H\n\n- a\n- b\n- c\n");
  OK_STR(u, "--- old\n+++ new\n@@ -2,0 +3,1 @@ # H\n+- b\n",
         "text format: an insertion with no context, under its heading");
  free(u);

  roundtrip("a b c\n", "a c\n", "a word removed in the middle");
  roundtrip("a c\n", "a b c\n", "a word added in the middle");
  roundtrip("b c\n", "a b c\n", "a word added at the start");
  roundtrip("a b\n", "a b c\n", "a word added at the end");
  roundtrip("a b c\n", "a x y c\n", "words replaced");
  roundtrip("a **b** c\n", "a b c\n", "strong taken off");
  roundtrip("foo**bar** x\n", "foo baz x\n", "a word split from its style");
  roundtrip("Call [1-800](tel:1800) or [2](tel:2).\n",
            "Call [1-801](tel:1801) or [2](tel:2) now.\n", "links");
  roundtrip("# T\n\n- a\n  - x\n  - y\n- b\n", "# T\n\n- a\n  - x\n- b\n",
            "a nested item removed stays in its list");
  roundtrip("# T\n\n- a\n- b\n\nEnd.\n", "# T\n\nEnd.\n",
            "a whole list removed comes back as a list");
  roundtrip("# T\n\nStart.\n", "# T\n\n- a\n- b\n\nStart.\n",
            "a whole list added");
  roundtrip("# T\n\nOne.\n\nTwo.\n", "# U\n\nTwo.\n\nThree.\n",
            "paragraphs added, removed, a heading changed");
  roundtrip("- a\n\n  more\n- b\n", "- a\n- b\n",
            "a second paragraph of an item removed");
  roundtrip("# T\n\n- one\n- two\n\nnested\n\n- three\n",
            "# T\n\n- one\n- three\n- four\n",
            "a paragraph removed from between two lists that became one");
  roundtrip("1. one\n2. two\n\nnested\n\n3. three\n4. four\n",
            "1. one\n2. three\n3. four\n",
            "the same, ordered");
  roundtrip("- one\n- two\n- gone\n", "- one\n\nmiddle\n\n- two\n",
            "an item removed after its list was cut in two");
  /* the marks a text holds are escaped, reversibly */
  static const struct {
    const char *in, *out;
  } esc[] = {
      {"call {+ 1-800-FAKE +} now", "call {\\+ 1-800-FAKE +\\} now"},
      {"[-x-]", "[\\-x-\\]"},
      {"[-]", "[\\-\\]"},
      {"[\\-y-\\]", "[\\\\-y-\\\\]"},
      {"a - b [x] {y} +1 -2", "a - b [x] {y} +1 -2"},
      {"C:\\dir", "C:\\dir"},
  };
  for (size_t i = 0; i < sizeof esc / sizeof *esc; i++) {
    char *e = escaped(esc[i].in);
    OK_STR(e, esc[i].out, "escape of '%s'", esc[i].in);
    free(e);
  }
  u = unified("Call 1 now: {+ fake +}.\n", "Call 2 now: {+ fake +}.\n");
  OK_STR(u,
         "--- old\n+++ new\n@@ -1,1 +1,1 @@\n-Call [-1-] now: {\\+ fake +\\}.\n"
         "+Call {+2+} now: {\\+ fake +\\}.\n",
         "text format: a mark in unchanged text is escaped, real ones not");
  free(u);

  /* an old and a new text side by side stay apart */
  u = redline_seen("Call 1-888-373-7888 now.\n", "Call 1-888-373-7999 now.\n");
  OK_STR(u, "Call[- 1-888-373-7888-]{+ 1-888-373-7999+} now.",
         "old and new numbers apart after a space");
  free(u);
  u = redline_seen("1-888-373-7888 is the line.\n",
                   "1-888-373-7999 is the line.\n");
  OK_STR(u, "[-1-888-373-7888 -]{+1-888-373-7999 +}is the line.",
         "old and new numbers apart at the start of a block");
  free(u);
  roundtrip("1-888-373-7888 is the line.\n", "1-888-373-7999 is the line.\n",
            "a number changed at the start of a block");
  roundtrip("Call 1-888-373-7888.\n", "Call 1-888-373-7999.\n",
            "a number changed at the end of a block");
  roundtrip("x\n", "y\n", "a block of one word changed");

  /* inlines nested 100000 deep: read without recursion, and the
   * redline writes them one level deep */
  {
    csp_buf deep;
    csp_buf_init(&deep);
    for (int i = 0; i < 100000; i++)
      csp_buf_puts(&deep, "_a ");
    csp_buf_puts(&deep, "x");
    for (int i = 0; i < 100000; i++)
      csp_buf_puts(&deep, " a_");
    csp_buf_puts(&deep, "\n\nEnd.\n");
    cmark_node *doc = parse(deep.data);
    csp_diff_doc dd;
    csp_diff_doc_init(&dd, doc);
    OK(dd.n == 2 && dd.blocks[0].nwords == 200001 && dd.blocks[0].deep &&
           dd.blocks[0].words[0].style == CSP_W_EMPH && !dd.blocks[1].deep,
       "100000 nested emphases: one block of 200001 words, marked deep");
    csp_diff_doc_release(&dd);
    cmark_node_free(doc);
    u = redline_seen(deep.data, "End.\n");
    OK(strncmp(u, "[-a a a", 7) == 0, "the deep block removed, its words kept");
    free(u);
    roundtrip("Start.\n", deep.data, "a deeply nested block added");
    csp_buf_release(&deep);
  }

  /* a stretch too large for the exact way: aligned in linear space */
  {
    char *x = headings(30000, 0), *y = headings(30000, 1000);
    counts(x, y, 0, 30, 30, "30000 headings, 30 replaced: 30 out, 30 in");
    free(y);
    y = headings(29000, 0);
    counts(x, y, 0, 0, 1000, "30000 headings less the last 1000");
    free(y);
    y = headings(30000, 7);
    counts(x, y, 0, 4286, 4286, "30000 headings, every seventh replaced");
    roundtrip(x, y, "30000 headings, every seventh replaced");
    free(x);
    free(y);
  }
  return tap_done();
}

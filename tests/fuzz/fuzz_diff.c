/* fuzz_diff.c: libFuzzer harness for csecpol diff on Markdown input.
 *
 * Input: two Markdown documents, OLD and NEW, split at the first byte
 * 0x1E (an input without one is split in its middle).  Each is parsed
 * and sanitized as `csecpol diff` reads a Markdown policy; the two are
 * split into blocks, aligned, written as the text diff, turned into the
 * redline, and the redline rendered as Markdown and as an HTML page with
 * the summary box.  Built with CSP_MAX_DIFF_CELLS at 64 (fuzz.mk), so
 * that the linear-space alignment runs as often as the exact one.
 *
 * Properties, for any input:
 *  - a refusal comes with an error diagnostic;
 *  - the edit script covers each old block once and each new block once,
 *    in order, and a SAME pair has equal keys; identical documents give
 *    no change and no text;
 *  - the redline, all changes accepted, has NEW's blocks with their
 *    words (white space runs read as one space), and all rejected OLD's;
 *  - the escape of change marks hides every mark and is undone by
 *    taking one backslash from each run between a mark's characters;
 *  - the Markdown redline parses back with no raw HTML (but cmark's own
 *    "<!-- end list -->" between two lists); the HTML page
 *    holds no element a value could smuggle in. */
#define _DEFAULT_SOURCE /* strncasecmp */
#include <cmark.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "diff.h"
#include "fuzz.h"
#include "policy.h"
#include "render.h"

static int S_is_mark(char a, char b)
{
  return (a == '[' && b == '-') || (a == '-' && b == ']') ||
         (a == '{' && b == '+') || (a == '+' && b == '}');
}

/* The escape hides every mark, and undoing it gives s back. */
static void S_check_escape(const char *s, size_t n)
{
  csp_buf e, u;
  csp_buf_init(&e);
  csp_buf_init(&u);
  char prev = 0;
  csp_diff_escape_marks(&e, s, n, &prev);
  for (size_t i = 0; i + 1 < e.len; i++)
    FUZZ_ASSERT(!S_is_mark(e.data[i], e.data[i + 1]),
                "no mark is left unescaped");
  /* undo: between two characters of a mark, one backslash fewer */
  char last = 0;
  for (size_t i = 0; i < e.len;) {
    size_t j = i;
    while (j < e.len && e.data[j] == '\\')
      j++;
    if (j > i && j < e.len && S_is_mark(last, e.data[j]))
      i++; /* drop one */
    csp_buf_put(&u, e.data + i, j - i);
    if (j < e.len) {
      csp_buf_putc(&u, e.data[j]);
      last = e.data[j];
    }
    i = j + 1;
  }
  FUZZ_ASSERT(u.len == n && memcmp(u.data, s, n) == 0,
              "the escape is undone");
  csp_buf_release(&e);
  csp_buf_release(&u);
}

/* Appends text with its white space runs as one space. */
static void S_put_text(csp_buf *out, const char *s)
{
  for (; s && *s; s++) {
    int ws = *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r';
    if (!ws)
      csp_buf_putc(out, *s);
    else if (out->len && out->data[out->len - 1] != ' ')
      csp_buf_putc(out, ' ');
  }
}

/* The text of node's inlines, leaving out marks of kind skip_del (-1:
 * none), one walk, its white space runs as one space and none at the
 * start. */
static void S_inline_text(cmark_node *node, int skip_del, csp_buf *out)
{
  cmark_iter *it = cmark_iter_new(node);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    if (ev != CMARK_EVENT_ENTER || n == node)
      continue;
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE:
      S_put_text(out, cmark_node_get_literal(n));
      break;
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
      S_put_text(out, " ");
      break;
    case CMARK_NODE_CUSTOM_INLINE: {
      const csp_rev *rev = cmark_node_get_user_data(n);
      if (rev && rev->del == skip_del)
        cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
      break;
    }
    default:
      break;
    }
  }
  cmark_iter_free(it);
}

/* Each block that view keeps, one a line: its kind and its text.
 * view: 0 all as is, 1 accept, 2 reject. */
static char *S_blocks(cmark_node *doc, int view)
{
  csp_buf out;
  csp_buf_init(&out);
  cmark_iter *it = cmark_iter_new(doc);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    cmark_node_type t = cmark_node_get_type(n);
    if (ev != CMARK_EVENT_ENTER)
      continue;
    if (t != CMARK_NODE_PARAGRAPH && t != CMARK_NODE_HEADING &&
        t != CMARK_NODE_CODE_BLOCK && t != CMARK_NODE_THEMATIC_BREAK)
      continue;
    const csp_rev *rev = cmark_node_get_user_data(n);
    if (rev && view && rev->del == (view == 1)) {
      cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
      continue;
    }
    csp_buf_printf(&out, "%d:", (int)t);
    if (t == CMARK_NODE_CODE_BLOCK) {
      const char *lit = cmark_node_get_literal(n);
      size_t len = lit ? strlen(lit) : 0;
      while (len && lit[len - 1] == '\n')
        len--;
      csp_buf_put(&out, lit ? lit : "", len);
    } else if (t != CMARK_NODE_THEMATIC_BREAK) {
      csp_buf text;
      csp_buf_init(&text);
      S_inline_text(n, view == 1 ? 1 : view == 2 ? 0 : -1, &text);
      if (text.len && text.data[text.len - 1] == ' ')
        text.data[--text.len] = '\0';
      csp_buf_put(&out, text.data, text.len);
      csp_buf_release(&text);
    }
    csp_buf_putc(&out, '\n');
    cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
  }
  cmark_iter_free(it);
  return csp_buf_detach(&out);
}

static void S_check_script(const csp_diff_doc *a, const csp_diff_doc *b,
                           const csp_diff *d)
{
  long na = 0, nb = 0;
  size_t ch = 0, ad = 0, rm = 0;
  for (size_t i = 0; i < d->n; i++) {
    const csp_diff_op *op = &d->ops[i];
    if (op->kind != CSP_OP_INS) {
      FUZZ_ASSERT(op->a == na, "old blocks once each, in order");
      na++;
    }
    if (op->kind != CSP_OP_DEL) {
      FUZZ_ASSERT(op->b == nb, "new blocks once each, in order");
      nb++;
    }
    if (op->kind == CSP_OP_SAME)
      FUZZ_ASSERT(strcmp(a->blocks[op->a].key, b->blocks[op->b].key) == 0,
                  "a SAME pair has equal keys");
    ch += op->kind == CSP_OP_CHANGE;
    ad += op->kind == CSP_OP_INS;
    rm += op->kind == CSP_OP_DEL;
  }
  FUZZ_ASSERT((size_t)na == a->n && (size_t)nb == b->n,
              "every block is in the script");
  FUZZ_ASSERT(ch == d->changed && ad == d->added && rm == d->removed,
              "the counts are the script's");
}

static int S_has(const csp_buf *hay, const char *needle)
{
  size_t n = strlen(needle);
  for (size_t i = 0; i + n <= hay->len; i++)
    if (strncasecmp(hay->data + i, needle, n) == 0)
      return 1;
  return 0;
}

/* Parses and sanitizes one side as `diff` reads a Markdown policy;
 * NULL after reporting a refusal. */
static cmark_node *S_parse(csp_diags *dg, const char *s, size_t n,
                           const char *name)
{
  cmark_node *doc = cmark_parse_document(
      s, n, CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_SOURCEPOS);
  if (csp_policy_sanitize(dg, doc, name, "the Markdown policy", 0) < 0) {
    cmark_node_free(doc);
    return NULL;
  }
  return doc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  csp_diags *dg = csp_diags_new(); /* this input's run */
  const char *s = (const char *)data;
  const char *sep = memchr(s, 0x1e, size);
  size_t n0 = sep ? (size_t)(sep - s) : size / 2;
  const char *s1 = sep ? sep + 1 : s + n0;
  size_t n1 = size - (size_t)(s1 - s);
  S_check_escape(s, size);

  cmark_node *old_doc = S_parse(dg, s, n0, "old.md");
  cmark_node *new_doc = old_doc ? S_parse(dg, s1, n1, "new.md") : NULL;
  if (!old_doc || !new_doc) {
    FUZZ_ASSERT(csp_diag_count(dg, CSP_ERROR) > 0, "a refusal is reported");
    if (old_doc)
      cmark_node_free(old_doc);
    fuzz_diag_done(dg, size);
    return 0;
  }
  char *want_old = S_blocks(old_doc, 0), *want_new = S_blocks(new_doc, 0);

  csp_diff_run r;
  csp_diff_run_init(&r, old_doc, NULL, new_doc);
  S_check_script(&r.blocks[0], &r.blocks[2], &r.whole);
  csp_diff_labels labels = {"old.md", "new.md", NULL, NULL};
  csp_buf out;
  csp_buf_init(&out);
  csp_diff_run_text(&r, &labels, (int)(size % 4), (int)(size & 4), &out);
  FUZZ_ASSERT(csp_diff_differs(&r.whole) == (out.len > 0),
              "text is written when, and only when, they differ");
  if (n0 == n1 && memcmp(s, s1, n0) == 0)
    FUZZ_ASSERT(!csp_diff_differs(&r.whole), "the same text, no change");
  csp_buf_clear(&out);

  csp_diff_marks marks;
  csp_diff_run_redline(&r, "fuzz", NULL, &marks);
  char *acc = S_blocks(new_doc, 1), *rej = S_blocks(new_doc, 2);
  FUZZ_ASSERT(strcmp(acc, want_new) == 0, "accepting every change gives NEW");
  FUZZ_ASSERT(strcmp(rej, want_old) == 0, "rejecting every change gives OLD");
  free(acc);
  free(rej);

  csp_meta meta;
  memset(&meta, 0, sizeof meta);
  meta.title = "fuzz";
  csp_buf css, pre;
  csp_buf_init(&css);
  csp_buf_init(&pre);
  size_t len;
  const char *builtin = csp_builtin_css(&len);
  csp_buf_put(&css, builtin, len);
  csp_diff_html_css(&css);
  meta.css = css.data;
  csp_diff_html_summary(&r, &labels, &pre);
  meta.preamble = pre.data;
  int before = csp_diag_count(dg, CSP_ERROR);
  if (csp_render_html(new_doc, &meta, &out) == 0) {
    static const char *const bad[] = {"<script", "<img",   "<iframe",
                                      "<object", "<embed", "<form",
                                      "href=\"javascript:"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
      FUZZ_ASSERT(!S_has(&out, bad[i]), "no smuggled element in the HTML");
  } else {
    FUZZ_ASSERT(csp_diag_count(dg, CSP_ERROR) > before, "HTML error reported");
  }
  csp_buf_clear(&out);
  csp_diff_redline_escape(new_doc);
  FUZZ_ASSERT(csp_render_md(new_doc, &meta, &out) == 0, "Markdown renders");
  cmark_node *back = cmark_parse_document(out.data, out.len,
                                          CMARK_OPT_VALIDATE_UTF8);
  cmark_iter *it = cmark_iter_new(back);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    cmark_node_type t = cmark_node_get_type(n);
    /* but the comment cmark's writer puts between two lists */
    FUZZ_ASSERT(t != CMARK_NODE_HTML_INLINE &&
                    (t != CMARK_NODE_HTML_BLOCK ||
                     strcmp(cmark_node_get_literal(n),
                            "<!-- end list -->\n") == 0),
                "the Markdown redline holds no raw HTML");
  }
  cmark_iter_free(it);
  cmark_node_free(back);

  csp_buf_release(&out);
  csp_buf_release(&css);
  csp_buf_release(&pre);
  csp_diff_marks_release(&marks);
  csp_diff_run_release(&r);
  free(want_old);
  free(want_new);
  cmark_node_free(old_doc);
  cmark_node_free(new_doc);
  fuzz_diag_done(dg, size);
  return 0;
}

/* fuzz_tmpl.c: libFuzzer harness for the template expander.
 *
 * Input: a template.  It is parsed, registered as its own partial
 * "self" (so recursion is exercised), and expanded over a fixed site
 * tree with both escape functions.  Properties: a refused template or
 * expansion comes with an error diagnostic, and the output stays within
 * CSP_MAX_OUTPUT (no template can expand without bound).
 *
 * The same bytes, taken as a value, check the Markdown escape: cmark
 * must read csp_escape_md(value) back as one paragraph of text whose
 * content is the value with its white space folded (a value is text,
 * never markup). */
#include <cmark.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "site.h"
#include "tmpl.h"

/* Lists, nested maps, null, false, empty and markup-looking values. */
static const char S_data[] =
    "site:\n"
    "  name: \"Acme <b>&</b> *Youth*\"\n"
    "  state: NJ\n"
    "  open: false\n"
    "  quoted: \"false\"\n"
    "  none: ~\n"
    "list: [a, \"{{site.name}}\", c]\n"
    "empty: []\n"
    "people:\n"
    "  - {role: Director, phone: 1-877-NJ-ABUSE, tags: [x, y]}\n"
    "  - {role: \"[a](b)\", name: ~}\n"
    "deep: {a: {b: {c: {d: text}}}}\n"
    "'.': dot\n"
    "'': blank\n";

static void S_ref(const char *name, csp_ref_kind kind,
                  const char *const *sections, size_t nsections, void *ctx)
{
  (void)sections;
  FUZZ_ASSERT(kind == CSP_REF_VAR || kind == CSP_REF_SECTION ||
                  kind == CSP_REF_INVERTED,
              "a reference has a kind");
  size_t *count = ctx;
  FUZZ_ASSERT(name != NULL, "a reference has a name");
  *count += 1 + nsections;
}

static int S_is_space(unsigned char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
         c == '\f';
}

/* The escape property (see the top of the file). */
static void S_check_escape(const char *v, size_t len)
{
  /* cmark replaces NUL and invalid UTF-8, so the text would differ;
   * the loader refuses both, so no value holds them */
  if (memchr(v, '\0', len))
    return;
  int valid = 1;
  const unsigned char *s = (const unsigned char *)v;
  for (size_t i = 0; i < len && valid;) {
    unsigned c = s[i];
    size_t k = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3
             : (c >> 3) == 30 ? 4 : 0;
    if (k == 0 || i + k > len) {
      valid = 0;
      break;
    }
    unsigned cp = k == 1 ? c : k == 2 ? c & 0x1F : k == 3 ? c & 0x0F : c & 7;
    for (size_t j = 1; j < k; j++) {
      if ((s[i + j] & 0xC0) != 0x80)
        valid = 0;
      cp = (cp << 6) | (s[i + j] & 0x3F);
    }
    if ((k == 2 && cp < 0x80) || (k == 3 && cp < 0x800) ||
        (k == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      valid = 0;
    i += k;
  }
  if (!valid)
    return;

  csp_buf md, want, got;
  csp_buf_init(&md);
  csp_buf_init(&want);
  csp_buf_init(&got);
  csp_escape_md(&md, v, len);
  int space = 0;
  for (size_t i = 0; i < len; i++) {
    if (S_is_space((unsigned char)v[i])) {
      space = want.len > 0;
      continue;
    }
    if (space)
      csp_buf_putc(&want, ' ');
    space = 0;
    csp_buf_putc(&want, v[i]);
  }
  cmark_node *doc = cmark_parse_document(md.data, md.len,
                                         CMARK_OPT_VALIDATE_UTF8);
  cmark_node *para = cmark_node_first_child(doc);
  if (want.len == 0) {
    FUZZ_ASSERT(para == NULL, "an empty value makes no block");
  } else {
    FUZZ_ASSERT(para && cmark_node_get_type(para) == CMARK_NODE_PARAGRAPH &&
                    cmark_node_next(para) == NULL,
                "an escaped value is one paragraph");
    for (cmark_node *n = cmark_node_first_child(para); n;
         n = cmark_node_next(n)) {
      FUZZ_ASSERT(cmark_node_get_type(n) == CMARK_NODE_TEXT,
                  "an escaped value holds text only");
      csp_buf_puts(&got, cmark_node_get_literal(n));
    }
    FUZZ_ASSERT(got.len == want.len && memcmp(got.data, want.data,
                                              want.len) == 0,
                "an escaped value reads back as itself");
  }
  cmark_node_free(doc);
  csp_buf_release(&md);
  csp_buf_release(&want);
  csp_buf_release(&got);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  csp_diags *dg = csp_diags_new(); /* this input's run */
  const char *src = (const char *)data;
  csp_node *tree = csp_yaml_parse(dg, "data.yaml", S_data, sizeof S_data - 1);
  FUZZ_ASSERT(tree != NULL, "the fixed data parses");
  csp_tmpl *t = csp_tmpl_parse(dg, "fuzz.md", src, size);
  if (!t) {
    FUZZ_ASSERT(csp_diag_count(dg, CSP_ERROR) > 0, "a refusal is reported");
  } else {
    size_t refs = 0;
    csp_tmpl_foreach_ref(t, S_ref, &refs);
    if (csp_tmpl_add_partial(t, "self", src, size) == 0) {
      static const csp_escape_fn escs[] = {csp_escape_md, csp_escape_html,
                                           NULL};
      for (size_t i = 0; i < 3; i++) {
        csp_buf out;
        csp_buf_init(&out);
        int before = csp_diag_count(dg, CSP_ERROR);
        int rc = csp_tmpl_expand(t, tree, escs[i], &out);
        if (rc < 0)
          FUZZ_ASSERT(csp_diag_count(dg, CSP_ERROR) > before,
                      "a failed expansion is reported");
        FUZZ_ASSERT(out.len <= (size_t)CSP_MAX_OUTPUT + 2 * size +
                                   2 * CSP_MAX_VALUE,
                    "the output stays within CSP_MAX_OUTPUT");
        csp_buf_release(&out);
      }
    }
    csp_tmpl_free(t);
  }
  csp_node_free(tree);
  S_check_escape(src, size);
  fuzz_diag_done(dg, size);
  return 0;
}

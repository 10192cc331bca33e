/* test_mustache_spec.c: runs the Mustache specification's test files
 * (data, not code, as cmark runs spec.txt) through the expander in HTML
 * mode, one "ok" line per spec test.  The files are read with the
 * project's own YAML loader; a missing file is a failure, not a skip. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "site.h"
#include "tap.h"
#include "tmpl.h"

/* the test run's diagnostics: made in main, handed to what reports */
static csp_diags *dg;

#define SPEC_DIR "tests/data/mustache-spec/"

static const char *const S_files[] = {
    "interpolation.yml", "sections.yml",  "inverted.yml",
    "comments.yml",      "delimiters.yml", "partials.yml",
};

/* Nonzero when a plain scalar reads as a YAML float: it has a fraction
 * or an exponent (integers already print as written). */
static int S_yaml_float(const char *s)
{
  const char *p = s;
  int digits = 0, frac = 0;
  if (*p == '-' || *p == '+')
    p++;
  while (*p >= '0' && *p <= '9')
    p++, digits++;
  if (*p == '.') {
    frac = 1;
    p++;
    while (*p >= '0' && *p <= '9')
      p++, digits++;
  }
  if (!digits)
    return 0;
  if (*p == 'e' || *p == 'E') {
    frac = 1;
    p++;
    if (*p == '-' || *p == '+')
      p++;
    if (!(*p >= '0' && *p <= '9'))
      return 0;
    while (*p >= '0' && *p <= '9')
      p++;
  }
  return frac && *p == '\0';
}

/* The YAML typing the spec assumes: a float prints in its shortest
 * decimal form (1.210 -> 1.21).  Done over the whole tree, in place. */
static void S_normalise(csp_node *n)
{
  if (!n)
    return;
  if (n->kind == CSP_NODE_SCALAR && n->plain && S_yaml_float(n->text)) {
    double d = strtod(n->text, NULL);
    char buf[64];
    for (int prec = 1; prec <= 17; prec++) {
      snprintf(buf, sizeof buf, "%.*g", prec, d);
      if (strtod(buf, NULL) == d)
        break;
    }
    free(n->text);
    n->text = csp_xstrdup(buf);
    n->len = strlen(buf);
  }
  for (size_t i = 0; i < n->n; i++)
    S_normalise(n->items[i].value);
}

/* Prints pending diagnostics as TAP comments. */
static void S_show_diags(void)
{
  char *text = NULL;
  size_t size = 0;
  FILE *f = open_memstream(&text, &size);
  csp_diag_flush(dg, f, CSP_FORMAT_TEXT);
  fclose(f);
  for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
    printf("#   %s\n", line);
  free(text);
}

/* A test's text field: a scalar, or "" for a plain empty value. */
static const char *S_text(const csp_node *test, const char *key, size_t *len)
{
  const csp_node *v = csp_node_get(test, key);
  if (v && v->kind == CSP_NODE_SCALAR) {
    *len = v->len;
    return v->text;
  }
  *len = 0;
  return v && v->kind == CSP_NODE_NULL ? "" : NULL;
}

static void S_run_test(const char *file, const csp_node *test)
{
  const char *name = csp_node_text(test, "name");
  size_t tlen, elen;
  const char *tsrc = S_text(test, "template", &tlen);
  const char *want = S_text(test, "expected", &elen);
  const csp_node *data = csp_node_get(test, "data");
  const csp_node *partials = csp_node_get(test, "partials");
  if (!name || !tsrc || !want) {
    OK(0, "spec %s: a test without name, template or expected", file);
    return;
  }

  csp_tmpl *t = csp_tmpl_parse(dg, name, tsrc, tlen);
  int ok = t != NULL;
  for (size_t i = 0; ok && partials && i < partials->n; i++) {
    const csp_entry *e = &partials->items[i];
    size_t plen;
    const char *psrc = e->value && e->value->kind == CSP_NODE_SCALAR
                           ? e->value->text
                           : "";
    plen = e->value && e->value->kind == CSP_NODE_SCALAR ? e->value->len : 0;
    ok = csp_tmpl_add_partial(t, e->key, psrc, plen) == 0;
  }
  csp_buf out;
  csp_buf_init(&out);
  if (ok)
    ok = csp_tmpl_expand(t, data, csp_escape_html, &out) == 0;
  ok = ok && out.len == elen && memcmp(out.data, want, elen) == 0;
  if (!OK(ok, "spec %s: %s", file, name)) {
    printf("#   template: \"%s\"\n#   got:      \"%s\"\n#   want:     \"%s\"\n",
           tsrc, t ? out.data : "(parse error)", want);
    S_show_diags();
  }
  csp_buf_release(&out);
  csp_tmpl_free(t);
}

int main(void)
{
  dg = csp_diags_new();
  for (size_t f = 0; f < sizeof S_files / sizeof *S_files; f++) {
    const char *file = S_files[f];
    char path[256];
    snprintf(path, sizeof path, SPEC_DIR "%s", file);
    csp_buf src;
    csp_buf_init(&src);
    csp_node *doc = csp_read_file(path, 1 << 20, &src) == 0
                        ? csp_yaml_parse(dg, path, src.data, src.len)
                        : NULL;
    csp_buf_release(&src);
    const csp_node *tests = csp_node_get(doc, "tests");
    if (!OK(tests && tests->kind == CSP_NODE_SEQ && tests->n > 0,
            "spec %s: read from %s", file, path)) {
      printf("#   run from the repository root, next to ../shared\n");
      S_show_diags();
      csp_node_free(doc);
      continue;
    }
    S_normalise(doc);
    for (size_t i = 0; i < tests->n; i++)
      S_run_test(file, tests->items[i].value);
    csp_node_free(doc);
  }
  csp_diag_release(dg);
  csp_diags_free(dg);
  return tap_done();
}
